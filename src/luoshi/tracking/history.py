"""What tasks looked like at the end of a past day, from the records that keep their history.

A bulletin of a past period, or a milestone that has passed, needs each task as it was then, not as it is now:

- its departments: those of its last 分工 made by then (the audit entry of `workflow.assign` keeps them, the lead
  first); a task whose first 分工 came later was still 待分解; one with no 分工 entry at all (made without the
  workflow) has its present departments;
- its deadline: the one before the first change made after then (the entries of `assign` and `decide_extension`
  keep it before and after), else the present one;
- closed or not: closed now, and closed before the end of that day;
- its percent: 100 when closed, else that of the latest accepted update of its lead department (of any department
  while it has no lead, as `workflow.review_update` does) for a period that began by then, however late it was
  sent or reviewed: an update is the truth about its period. Updates sent back, still waiting or closed unreviewed
  never count, as they never set the task's percent.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import QuerySet
from django.utils import timezone

from luoshi.audit.models import Entry

from .choices import AssignmentRole, State, UpdateStatus
from .models import Assignment, ProgressUpdate, Task


@dataclass(frozen=True)
class Past:
    """A task at the end of a day: `state` is 待分解 (imported), 已办结 (closed) or, open, its present state."""

    state: str
    percent: int
    deadline: date | None
    departments: tuple[tuple[int, str], ...]  # (department id, role), the lead first

    @property
    def lead_department_id(self) -> int | None:
        return next((d for d, role in self.departments if role == AssignmentRole.LEAD), None)

    @property
    def is_open(self) -> bool:
        return self.state not in (State.IMPORTED, State.CLOSED)


def end_of(day: date) -> datetime:
    """The first moment after `day`, in the project's time zone."""
    return timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _departments(ids: list[int]) -> tuple[tuple[int, str], ...]:
    return tuple((d, AssignmentRole.LEAD if i == 0 else AssignmentRole.COOPERATE) for i, d in enumerate(ids))


def reported_percent(updates, lead_department_id: int | None) -> int | None:
    """The percent of the last of `updates` ((department id, percent), oldest first) that sets the task's: the
    lead department's, or any while there is no lead; None when none does."""
    found = None
    for department_id, percent in updates:
        if lead_department_id is None or department_id == lead_department_id:
            found = percent
    return found


def tasks_at(tasks: QuerySet, day: date) -> dict[int, Past]:
    """Each task of `tasks` as it was at the end of `day`, by id (a few queries, whatever the number of tasks)."""
    moment = end_of(day)
    ids = tasks.values("pk")
    present = Task.objects.filter(pk__in=ids).values_list("pk", "state", "deadline", "closed_at")
    assigned: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for task_id, department_id, role in (Assignment.objects.filter(task__in=ids)
                                         .order_by("task_id", "-role", "pk")  # lead first
                                         .values_list("task_id", "department_id", "role")):
        assigned[task_id].append((department_id, role))
    shares: dict[int, list[int]] = {}  # the departments of the last 分工 by then; [] when all came later
    deadlines: dict[int, date | None] = {}  # the deadline before the first change after then
    entries = (Entry.objects.filter(task__in=ids, action__in=("assign", "decide_extension"))
               .order_by("at", "pk").values_list("task_id", "action", "at", "before", "after"))
    for task_id, action, at, before, after in entries:
        if action == "assign":
            if at < moment:
                shares[task_id] = list(after.get("departments") or [])
            else:
                shares.setdefault(task_id, [])
        if at >= moment and task_id not in deadlines and "deadline" in before \
                and before.get("deadline") != after.get("deadline"):
            deadlines[task_id] = _day(before["deadline"])
    updates: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for task_id, department_id, percent in (ProgressUpdate.objects
                                            .filter(task__in=ids, status=UpdateStatus.ACCEPTED, period__lte=day)
                                            .order_by("period", "submitted_at", "pk")
                                            .values_list("task_id", "department_id", "percent")):
        updates[task_id].append((department_id, percent))

    out = {}
    for pk, state, deadline, closed_at in present:
        departments = _departments(shares[pk]) if pk in shares else tuple(assigned[pk])
        if not departments or (pk not in shares and state == State.IMPORTED):
            past_state = State.IMPORTED
        elif state == State.CLOSED and closed_at is not None and closed_at < moment:
            past_state = State.CLOSED
        else:
            past_state = State.IN_PROGRESS if state in (State.CLOSED, State.IMPORTED) else state
        lead = next((d for d, role in departments if role == AssignmentRole.LEAD), None)
        percent = 100 if past_state == State.CLOSED else reported_percent(updates[pk], lead) or 0
        out[pk] = Past(past_state, percent, deadlines.get(pk, deadline), departments)
    return out
