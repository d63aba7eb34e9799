"""Where tasks stand today: schedule status, the reporting period, what was not reported.

One module for every page, API endpoint and document, so a task is 欠进度 or
未报送 in the same way everywhere.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import date

from django.utils import timezone

from luoshi.orgs.models import Organisation

from .choices import Kind, Schedule, State
from .models import Assignment, ProgressUpdate, Task
from .schedule import Period, period_of, task_schedule


def today() -> date:
    return timezone.localdate()


def current_period(org: Organisation, on: date | None = None) -> Period:
    return period_of(on or today(), org.cycle, org.due_day)


def schedule_of(task: Task, on: date | None = None) -> Schedule:
    """The task's schedule status (`task.plan.org` should be selected with it)."""
    return task_schedule(task, on or today(), task.plan.org.lag_margin)


def with_schedules(tasks: Iterable[Task], on: date | None = None) -> list[tuple[Task, Schedule]]:
    on = on or today()
    return [(t, schedule_of(t, on)) for t in tasks]


def schedule_counts(tasks: Iterable[Task], on: date | None = None) -> Counter:
    """How many tasks are in each schedule status."""
    return Counter(s for _, s in with_schedules(tasks, on))


def open_tasks(queryset=None):
    """Tasks (not areas) that are assigned and not closed."""
    qs = Task.objects.all() if queryset is None else queryset
    return qs.filter(kind__in=[Kind.TASK, Kind.SUBTASK]).exclude(state__in=[State.IMPORTED, State.CLOSED])


def unreported(org: Organisation, on: date | None = None, queryset=None) -> list[Assignment]:
    """Assignments of open tasks with no progress update for the current period once its due day has passed (未报送).

    Before the due day nothing is overdue yet, and the list is empty.
    """
    on = on or today()
    period = current_period(org, on)
    if on <= period.due:
        return []
    tasks = open_tasks(queryset).filter(plan__org=org)
    reported = ProgressUpdate.objects.filter(period__gte=period.start, period__lte=period.end).values("task_id", "department_id")
    assignments = Assignment.objects.filter(task__in=tasks).select_related("task", "department")
    done = {(r["task_id"], r["department_id"]) for r in reported}
    return [a for a in assignments if (a.task_id, a.department_id) not in done]
