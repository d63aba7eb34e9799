"""Query building shared by the pages, the dashboard and the API.

Every function starts from a queryset that already went through
`restrict(user, action)`, or builds one with it; none of them widens what a
user may see.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from types import SimpleNamespace

from django.db.models import F, Prefetch, Q, QuerySet
from django.utils import timezone

from luoshi.orgs.models import Department

from . import status
from .choices import ExtensionStatus, Kind, Schedule, State, UpdateStatus
from .models import (
    FIGURE_ORDER,
    Assignment,
    Chase,
    ExtensionRequest,
    Figure,
    ProgressUpdate,
    Task,
    membership_of,
    visible_figures,
)
from .schedule import Period, period_of, task_schedule

WORK_KINDS = (Kind.TASK, Kind.SUBTASK)


def visible_tasks(user, action: str = "view") -> QuerySet:
    """The tasks and sub-tasks (not areas) `user` may `action`."""
    return Task.objects.restrict(user, action).filter(kind__in=WORK_KINDS)


def with_list_relations(queryset: QuerySet) -> QuerySet:
    """What a row of a task list shows, in a fixed number of queries however many tasks there are."""
    return queryset.select_related("plan__org", "parent__parent").prefetch_related(
        Prefetch("assignments", queryset=Assignment.objects.select_related("department"))
    )


def area_of(task: Task) -> Task | None:
    """The area (领域) a task or sub-task belongs to (`parent__parent` should be selected with it)."""
    node = task.parent
    while node is not None and node.kind != Kind.AREA:
        node = node.parent
    return node


def _pk(value):
    return getattr(value, "pk", value)


def filter_tasks(queryset: QuerySet, *, plan=None, area=None, department=None, state: str = "",
                 schedule: str = "", deadline_before: date | None = None, text: str = "",
                 on: date | None = None) -> QuerySet:
    """Narrow `queryset` of tasks; each filter is skipped when empty. Models or primary keys are accepted."""
    if plan:
        queryset = queryset.filter(plan_id=_pk(plan))
    if area:
        queryset = queryset.filter(Q(parent_id=_pk(area)) | Q(parent__parent_id=_pk(area)))
    if department:
        queryset = queryset.filter(pk__in=Assignment.objects.filter(department_id=_pk(department)).values("task_id"))
    if state:
        queryset = queryset.filter(state=state)
    if deadline_before:
        queryset = queryset.filter(deadline__lte=deadline_before)
    if text and text.strip():
        words = text.split()
        for word in words:
            queryset = queryset.filter(Q(title__icontains=word) | Q(text__icontains=word))
    if schedule:
        queryset = with_schedule(queryset, [schedule], on)
    return queryset


def with_schedule(queryset: QuerySet, schedules, on: date | None = None) -> QuerySet:
    """The tasks of `queryset` whose derived schedule status is one of `schedules` on `on`.

    The status is derived in Python by schedule.task_schedule, the same code as every other page, from a
    light query of the fields it needs; the result is a queryset again, so it can be paginated.
    """
    on = on or status.today()
    wanted = {Schedule(s) for s in schedules}
    rows = queryset.values_list("pk", "state", "deadline", "percent", "plan__year", "plan__org__lag_margin")
    ids = [
        pk for pk, state, deadline, percent, year, margin in rows
        if task_schedule(SimpleNamespace(state=state, deadline=deadline, percent=percent,
                                         plan=SimpleNamespace(year=year)), on, margin) in wanted
    ]
    return queryset.filter(pk__in=ids)


def lagging(queryset: QuerySet, on: date | None = None) -> QuerySet:
    """Open tasks behind schedule (欠进度) or past their deadline (逾期)."""
    return with_schedule(status.open_tasks(queryset), [Schedule.BEHIND, Schedule.OVERDUE], on)


def areas_of(queryset: QuerySet) -> QuerySet:
    """The areas the tasks of `queryset` belong to, for a filter's choices."""
    parents = queryset.values("parent_id")
    grandparents = queryset.values("parent__parent_id")
    return Task.objects.filter(kind=Kind.AREA).filter(Q(pk__in=parents) | Q(pk__in=grandparents)).order_by(
        "plan", "order")


# --- one task --------------------------------------------------------------------


def task_for_detail(user, pk: int) -> Task:
    """The task `pk` if `user` may view it, with what its page shows; raises Task.DoesNotExist."""
    return (
        Task.objects.restrict(user, "view").select_related("plan__org", "parent__parent")
        .prefetch_related(Prefetch("assignments", queryset=Assignment.objects.select_related(
            "department", "leader_post", "contact_post", "signed_by").order_by("-role", "department__order")))  # lead first
        .get(pk=pk)
    )


def updates_of(task: Task, user) -> QuerySet:
    """The task's updates `user` may see (the public: accepted ones only), with what the page shows of them."""
    visible = ProgressUpdate.objects.restrict(user).filter(task=task).values("pk")
    return (task.updates.filter(pk__in=visible).select_related("department", "submitted_by", "reviewed_by")
            .prefetch_related(Prefetch("figures", queryset=Figure.objects.select_related("target")), "attachments"))


def targets_with_latest(task: Task, user) -> list:
    """The task's targets, each with `latest` set to its latest figure `user` may see (not from an update sent
    back): reported with an update or recorded by the office, by period, then by when it was recorded."""
    targets = list(task.targets.all())
    figures = (visible_figures(user).filter(target__task=task).select_related("update")
               .order_by(*FIGURE_ORDER))
    latest: dict[int, Figure] = {}
    for f in figures:
        latest.setdefault(f.target_id, f)
    for t in targets:
        t.latest = latest.get(t.pk)
    return targets


def acting_department(user, task: Task) -> Department | None:
    """The department a user reports for: their own, or for the office (代报) the task's lead department."""
    m = membership_of(user)
    if m is not None and m.department_id:
        return m.department
    lead = task.lead
    return lead.department if lead else None


def mark_chases_read(task: Task, department: Department) -> int:
    return Chase.objects.filter(task=task, department=department, read_at__isnull=True).update(read_at=timezone.now())


def label_periods(updates) -> list:
    """The updates, each with `period_label` (2023年3月, 2023年第1季度) by its organisation's cycle."""
    updates = list(updates)
    for u in updates:
        org = u.task.plan.org
        u.period_label = period_of(u.period, org.cycle, org.due_day).label
    return updates


# --- a department's inbox -------------------------------------------------------------


@dataclass
class Inbox:
    """What a department has to do, section by section; each task comes with its schedule status."""

    period: Period
    past_due: bool  # the period's due day has passed: what is not reported is 未报送
    to_report: list = field(default_factory=list)
    to_sign: list = field(default_factory=list)
    returned: list = field(default_factory=list)
    chases: list = field(default_factory=list)
    unread_chases: int = 0
    extensions: list = field(default_factory=list)
    tasks: list = field(default_factory=list)


def inbox_for(user, department: Department, on: date | None = None) -> Inbox:
    on = on or status.today()
    org = department.org
    mine = visible_tasks(user, "report").filter(
        pk__in=Assignment.objects.filter(department=department).values("task_id"))
    tasks = list(with_list_relations(mine).exclude(state=State.IMPORTED).order_by("deadline", "plan", "order"))
    rows = status.with_schedules(tasks, on)
    not_reported = {a.task_id for a in status.not_yet_reported(org, on, mine) if a.department_id == department.pk}
    period = status.current_period(org, on)

    def my_assignment(task):
        return next((a for a in task.assignments.all() if a.department_id == department.pk), None)

    chases = list(
        Chase.objects.filter(department=department, task__in=mine).select_related("task", "created_by")
        .order_by(F("read_at").asc(nulls_first=True), "-created_at")[:30]
    )
    return Inbox(
        period=period,
        past_due=on > period.due,
        to_report=[(t, s) for t, s in rows if t.pk in not_reported],
        to_sign=[(t, s) for t, s in rows if t.state != State.CLOSED and (a := my_assignment(t)) and a.signed_at is None],
        returned=[(t, s) for t, s in rows if t.state == State.RETURNED],
        chases=chases,
        unread_chases=sum(1 for c in chases if c.read_at is None),
        extensions=list(ExtensionRequest.objects.filter(department=department, task__in=mine,
                                                        status=ExtensionStatus.PENDING).select_related("task")),
        tasks=[(t, s) for t, s in rows if t.state != State.CLOSED],
    )


# --- the office's review queue ----------------------------------------------------------


@dataclass
class ReviewQueue:
    updates: list
    done_requests: list
    extensions: list
    lagging_count: int
    unreported_count: int
    period: Period | None


def review_queue_for(user, on: date | None = None) -> ReviewQueue:
    on = on or status.today()
    pending = (ProgressUpdate.objects.restrict(user, "manage").filter(status=UpdateStatus.SUBMITTED)
               .select_related("task__plan__org", "department", "submitted_by")
               .prefetch_related(Prefetch("figures", queryset=Figure.objects.select_related("target")), "attachments")
               .order_by("submitted_at"))
    pending = label_periods(pending)
    manageable = visible_tasks(user, "manage")
    m = membership_of(user)
    org = m.org if m else None
    return ReviewQueue(
        updates=[u for u in pending if not u.is_final],
        done_requests=[u for u in pending if u.is_final],
        extensions=list(ExtensionRequest.objects.filter(task__in=manageable, status=ExtensionStatus.PENDING)
                        .select_related("task", "department", "created_by").order_by("created_at")),
        lagging_count=lagging(manageable, on).count(),
        unreported_count=len(status.unreported(org, on, manageable)) if org else 0,
        period=status.current_period(org, on) if org else None,
    )
