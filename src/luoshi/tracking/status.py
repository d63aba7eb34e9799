"""Where tasks stand today: schedule status, the reporting period, what was not reported.

One module for every page, API endpoint and document, so a task is 欠进度 or
未报送 in the same way everywhere.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import date

from django.conf import settings
from django.db.models import Exists, F, OuterRef
from django.utils import timezone

from luoshi.orgs.models import Organisation

from .choices import Kind, Schedule, State
from .models import Assignment, ProgressUpdate, Task
from .schedule import Period, period_of, task_schedule


def today() -> date:
    """Today in the project's time zone, or settings.LUOSHI_TODAY when set (the demo runs on 2023-11-27)."""
    fixed = getattr(settings, "LUOSHI_TODAY", None)
    if fixed:
        return fixed if isinstance(fixed, date) else date.fromisoformat(fixed)
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
    if on <= current_period(org, on).due:
        return []
    return not_yet_reported(org, on, queryset)


def not_yet_reported(org: Organisation, on: date | None = None, queryset=None) -> list[Assignment]:
    """Assignments of open tasks with no progress update for the current period, whether or not it is due yet."""
    return list(not_yet_reported_assignments(org, on, queryset).select_related("task", "department"))


def not_yet_reported_assignments(org: Organisation, on: date | None = None, queryset=None):
    """The same as `not_yet_reported`, as a queryset (to count or slice in the database)."""
    on = on or today()
    period = current_period(org, on)
    tasks = open_tasks(queryset).filter(plan__org=org)
    # The department is compared as an expression so that SQLite finds the updates by (task, period), a row or
    # two, rather than by (department, period), every update the department made that period.
    reported = (ProgressUpdate.objects.annotate(reporter=F("department_id") + 0)
                .filter(task_id=OuterRef("task_id"), reporter=OuterRef("department_id"),
                        period__gte=period.start, period__lte=period.end))
    return Assignment.objects.filter(task__in=tasks).exclude(Exists(reported))
