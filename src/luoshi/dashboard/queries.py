"""What the dashboard, the wall screen and the public page show, gathered in a few queries.

Every query starts from `restrict(user)`: a leader's counts, tables and lists
hold only the tasks restrict gives them. Tasks are read in one query with the
few fields needed, their lead department and their area annotated; schedule
states come from `tracking.status` (never recomputed here), and the groups are
tallied in Python from that one list. The latest figure of each main target
(recorded by the office, or of an accepted update) is a subquery, not a loop
over updates.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from django.contrib.auth.models import AnonymousUser
from django.db.models import Case, F, OuterRef, Subquery, When
from django.utils.translation import gettext_lazy as _

from luoshi.orgs.models import Department
from luoshi.plans.models import Plan, Target
from luoshi.plans.units import display_unit
from luoshi.tracking import status
from luoshi.tracking.choices import SCHEDULE_TONE, AssignmentRole, Kind, Schedule, State, UpdateStatus
from luoshi.tracking.models import FIGURE_ORDER, Assignment, ProgressUpdate, Task, counted_figures
from luoshi.tracking.schedule import Period, default_deadline, expected_fraction, plan_start

TRACKED_KINDS = (Kind.TASK, Kind.SUBTASK)
SCHEDULE_ORDER = (Schedule.DONE, Schedule.AHEAD, Schedule.ON_TRACK, Schedule.BEHIND, Schedule.OVERDUE)
# The labels of the choices, marked for translation (the choices themselves are plain Chinese).
SCHEDULE_LABELS = {
    Schedule.DONE: _("已完成"),
    Schedule.AHEAD: _("超进度"),
    Schedule.ON_TRACK: _("达进度"),
    Schedule.BEHIND: _("欠进度"),
    Schedule.OVERDUE: _("逾期"),
}
STATE_LABELS = {
    State.IMPORTED: _("待分解"),
    State.ASSIGNED: _("待签收"),
    State.SIGNED: _("已签收"),
    State.IN_PROGRESS: _("推进中"),
    State.SUBMITTED: _("待办结审核"),
    State.CLOSED: _("已办结"),
    State.RETURNED: _("已退回"),
}
NO_AREA = _("未分组")
NO_DEPARTMENT = _("未确定牵头单位")
PLAN_FIELDS_NOT_NEEDED = ("text", "outline", "metadata")


def visible_plans(user) -> list[Plan]:
    """The plans holding a task the user may see, newest first (without their full text)."""
    tasks = Task.objects.restrict(user).values("plan_id")
    return list(Plan.objects.filter(pk__in=tasks).select_related("org").defer(*PLAN_FIELDS_NOT_NEEDED)
                .order_by("-year", "-imported_at", "-pk"))


def with_area(queryset):
    """Annotate each task with its area (the parent for a task, the grandparent for a sub-task)."""
    is_area = When(parent__kind=Kind.AREA, then=F("parent_id"))
    return queryset.annotate(
        area_id=Case(is_area, default=F("parent__parent_id")),
        area_title=Case(When(parent__kind=Kind.AREA, then=F("parent__title")), default=F("parent__parent__title")),
        area_order=Case(When(parent__kind=Kind.AREA, then=F("parent__order")), default=F("parent__parent__order")),
    )


def lead_department_id():
    return Subquery(Assignment.objects.filter(task=OuterRef("pk"), role=AssignmentRole.LEAD)
                    .values("department_id")[:1])


@dataclass(slots=True)
class TaskRow:
    """What the dashboard needs of a task; `status.schedule_of` reads it as it reads a Task."""

    pk: int
    title: str
    state: str
    deadline: date | None
    percent: int
    order: int
    area_id: int | None
    area_title: str | None
    area_order: int | None
    lead_department_id: int | None
    plan: Plan
    lead_department: Department | None = None


TASK_ROW_FIELDS = ("pk", "title", "state", "deadline", "percent", "order", "area_id", "area_title", "area_order",
                   "lead_department_id")


def task_rows(user, plan: Plan) -> list[TaskRow]:
    """The user's tasks of the plan (areas left out), in one query, without building a model instance each."""
    qs = (Task.objects.restrict(user).filter(plan=plan, kind__in=TRACKED_KINDS)
          .annotate(lead_department_id=lead_department_id()))
    values = with_area(qs).order_by("order", "pk").values_list(*TASK_ROW_FIELDS)
    return [TaskRow(*v, plan=plan) for v in values]


@dataclass(frozen=True, slots=True)
class UnreportedRow:
    """An assignment with no update for the current period: the task, the department and its part (lead or not)."""

    task: TaskRow
    department: Department
    role: str


@dataclass
class Tally:
    """Schedule states of a group of tasks (all, an area, a department) and their progress against time."""

    key: object
    label: str
    order: tuple = ()
    counts: Counter = field(default_factory=Counter)
    total: int = 0
    percent_sum: float = 0.0
    expected_sum: float = 0.0

    def add(self, task: TaskRow | Task, schedule: Schedule, expected: float) -> None:
        self.counts[schedule] += 1
        self.total += 1
        self.percent_sum += task.percent
        self.expected_sum += expected

    @property
    def done(self) -> int:
        return self.counts[Schedule.DONE]

    @property
    def share_done(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0

    @property
    def mean_percent(self) -> float:
        return round(self.percent_sum / self.total, 1) if self.total else 0.0

    @property
    def expected_percent(self) -> float:
        return round(100 * self.expected_sum / self.total, 1) if self.total else 0.0

    @property
    def states(self) -> list[tuple[Schedule, str, int, str]]:
        """(state, label, count, tone) in the fixed order, for tables and charts."""
        return [(s, SCHEDULE_LABELS[s], self.counts[s], SCHEDULE_TONE[s]) for s in SCHEDULE_ORDER]


CMP_SIGNS = {"ge": "≥", "le": "≤", "approx": "≈"}


@dataclass
class TargetRow:
    target: Target
    value: float | None  # the latest accepted figure
    period: date | None

    @property
    def goal_display(self) -> str:
        """The target value with its comparator, in the unit the target is shown in: ≥12%, 6–7%, ≈1300亿元."""
        t = self.target
        if t.value is None:
            return ""
        shown = display_unit(t)
        if t.cmp == "range" and t.value_high is not None:
            return f"{shown.number(t.value)}–{shown.number(t.value_high)}{shown.label}"
        return f"{CMP_SIGNS.get(t.cmp, '')}{shown.format(t.value)}"

    @property
    def value_display(self) -> str:
        """The latest figure in the target's unit: 650亿元."""
        return "" if self.value is None else display_unit(self.target).format(self.value)

    @property
    def reached(self) -> bool | None:
        """Whether the latest figure meets the target (lower is better for 以内/以下 targets)."""
        goal = self.target.value
        if self.value is None or goal is None:
            return None
        if self.target.cmp == "le":
            return self.value <= goal
        return self.value >= goal

    @property
    def ratio(self) -> float | None:
        """The latest figure as a percent of the target value."""
        goal = self.target.value
        if self.value is None or not goal:
            return None
        return round(100 * self.value / goal, 1)


@dataclass
class Overview:
    plan: Plan
    on: date
    overall: Tally
    by_area: list[Tally]
    by_department: list[Tally]
    lagging: list[tuple[TaskRow, Schedule]]  # 欠进度 and 逾期, overdue first
    not_assigned: int  # tasks still 待分解
    period: Period
    unreported: list[UnreportedRow]  # the first ones (see overview's unreported_limit)
    unreported_count: int
    main_targets: list[TargetRow]

    @property
    def unreported_due(self) -> bool:
        """Whether the due day of the current period has passed (before it nothing is 未报送)."""
        return self.on > self.period.due


def department_name(department: Department | None) -> str:
    if department is None:
        return str(NO_DEPARTMENT)
    return department.short_name or department.name


def overview(user, plan: Plan, on: date, unreported_limit: int | None = None) -> Overview:
    """Everything the dashboard shows for `plan` on the day `on`, as `user` may see it.

    The 未报送 list holds at most `unreported_limit` assignments (`unreported_count` counts them all).
    """
    rows = task_rows(user, plan)
    tracked = [t for t in rows if t.state != State.IMPORTED]
    period = status.current_period(plan.org, on)
    pairs = []
    if on > period.due:  # as status.unreported: nothing is 未报送 before the due day
        pairs = list(status.not_yet_reported_assignments(plan.org, on, Task.objects.restrict(user).filter(plan=plan))
                     .values_list("task_id", "department_id", "role"))
    department_ids = {t.lead_department_id for t in tracked} | {d for _, d, _ in pairs}
    departments = {d.pk: d for d in Department.objects.filter(pk__in=department_ids - {None})
                   .only("id", "name", "short_name", "order")}

    overall = Tally("all", str(_("全部")))
    areas: dict[object, Tally] = {}
    by_department: dict[object, Tally] = {}
    lagging = []
    start = plan_start(plan.year)
    expected_by_deadline: dict[date | None, float] = {}  # deadlines repeat: work each out once
    for task, schedule in status.with_schedules(tracked, on):
        expected = expected_by_deadline.get(task.deadline)
        if expected is None:
            expected = expected_by_deadline[task.deadline] = expected_fraction(
                start, task.deadline or default_deadline(plan.year), on)
        overall.add(task, schedule, expected)
        area = areas.get(task.area_id)
        if area is None:
            area = areas[task.area_id] = Tally(task.area_id, task.area_title or str(NO_AREA),
                                               (task.area_order is None, task.area_order or 0))
        area.add(task, schedule, expected)
        task.lead_department = dept = departments.get(task.lead_department_id)
        group = by_department.get(task.lead_department_id)
        if group is None:
            group = by_department[task.lead_department_id] = Tally(
                task.lead_department_id, department_name(dept),
                (dept is None, dept.order if dept else 0, dept.name if dept else ""))
        group.add(task, schedule, expected)
        if schedule in (Schedule.BEHIND, Schedule.OVERDUE):
            lagging.append((task, schedule))
    lagging.sort(key=lambda ts: (ts[1] != Schedule.OVERDUE, ts[0].deadline or date.max, ts[0].percent, ts[0].order))

    by_pk = {t.pk: t for t in tracked}
    unreported = [UnreportedRow(by_pk[t], departments[d], role) for t, d, role in pairs if t in by_pk]
    unreported.sort(key=lambda u: (u.department.order, u.department.name, u.task.order, u.role))
    return Overview(
        plan=plan, on=on, overall=overall,
        by_area=sorted(areas.values(), key=lambda t: t.order),
        by_department=sorted(by_department.values(), key=lambda t: t.order),
        lagging=lagging, not_assigned=len(rows) - len(tracked),
        period=period, unreported=unreported[:unreported_limit], unreported_count=len(unreported),
        main_targets=main_targets(user, plan),
    )


def main_targets(user, plan: Plan) -> list[TargetRow]:
    """The plan's main targets, each with its latest figure: one the office recorded, or one of an accepted update
    of a task the user may see; the latest period first, then the latest recorded (as everywhere: FIGURE_ORDER)."""
    figures = counted_figures(user).filter(target=OuterRef("pk")).order_by(*FIGURE_ORDER)
    targets = (Target.objects.filter(plan=plan, is_main=True)
               .annotate(latest_value=Subquery(figures.values("value")[:1]),
                         latest_period=Subquery(figures.values("period")[:1]))
               .order_by("start", "pk"))
    return [TargetRow(t, t.latest_value, t.latest_period) for t in targets]


# The public page --------------------------------------------------------------------------------------------

@dataclass
class PublicArea:
    title: str
    order: tuple
    tasks: list[tuple[Task, Schedule]] = field(default_factory=list)


@dataclass
class PublicPage:
    plan: Plan | None
    plans: list[Plan]  # every plan with something published, newest first
    areas: list[PublicArea]
    overall: Tally


def published_plans() -> list[Plan]:
    return visible_plans(AnonymousUser())


def public_page(on: date, plan: Plan | None, plans: list[Plan]) -> PublicPage:
    """What the office published of `plan`, as anyone sees it: the anonymous view of restrict, whoever asks."""
    overall = Tally("all", str(_("全部")))
    if plan is None:
        return PublicPage(None, plans, [], overall)
    anonymous = AnonymousUser()
    latest = (ProgressUpdate.objects.restrict(anonymous)
              .filter(task=OuterRef("pk"), status=UpdateStatus.ACCEPTED)
              .order_by("-period", "-submitted_at", "-pk"))
    lead_name = (Assignment.objects.filter(task=OuterRef("pk"), role=AssignmentRole.LEAD)
                 .values("department__name")[:1])
    qs = (Task.objects.restrict(anonymous).filter(plan=plan, kind__in=TRACKED_KINDS)
          .only("id", "plan_id", "parent_id", "title", "state", "deadline", "percent", "order")
          .annotate(latest_progress=Subquery(latest.values("progress")[:1]),
                    latest_period=Subquery(latest.values("period")[:1]),
                    lead_name=Subquery(lead_name)))
    tasks = list(with_area(qs).order_by("order", "pk"))
    start = plan_start(plan.year)
    areas: dict[object, PublicArea] = {}
    for task in tasks:
        task.plan = plan
    for task, schedule in status.with_schedules(tasks, on):
        task.state_label = STATE_LABELS.get(task.state, task.state)
        overall.add(task, schedule, expected_fraction(start, task.deadline or default_deadline(plan.year), on))
        area = areas.get(task.area_id)
        if area is None:
            area = areas[task.area_id] = PublicArea(task.area_title or str(NO_AREA),
                                                    (task.area_order is None, task.area_order or 0))
        area.tasks.append((task, schedule))
    return PublicPage(plan, plans, sorted(areas.values(), key=lambda a: a.order), overall)
