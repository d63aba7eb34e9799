"""The figures of a bulletin of a past period: each task as it was at the end of the period, not as it is now.

The tasks come from `tracking.history` (departments, deadline, closed or not and percent at the end of a day) and
are tallied the way the dashboard tallies the present (`dashboard.queries.overview`: counts by schedule state
overall, by area and by lead department, the lagging tasks); a report was missing (未报送) for a reporting period
when a task was open on its due day and a department of it then has sent no update for that period, to this day
(one sent late is counted as late, not as missing); a main target's latest figure is the latest of a period up to
the end of the bulletin's.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from django.db.models import OuterRef, QuerySet, Subquery

from luoshi.dashboard import queries
from luoshi.orgs.models import Department
from luoshi.plans.models import Plan, Target
from luoshi.tracking import status
from luoshi.tracking.choices import Kind, Schedule, State
from luoshi.tracking.history import Past, tasks_at
from luoshi.tracking.models import FIGURE_ORDER, ProgressUpdate, counted_figures
from luoshi.tracking.schedule import Period, default_deadline, expected_fraction, plan_start

WORK_KINDS = (Kind.TASK, Kind.SUBTASK)


def rows_at(rows: list[queries.TaskRow], tasks: QuerySet, day: date) -> tuple[list[queries.TaskRow], dict[int, Past]]:
    """The dashboard's rows of the tasks, with their state, percent, deadline and lead department at the end of
    `day`; and each task's past (by id) for its departments then."""
    past = tasks_at(tasks, day)
    then = [replace(r, state=p.state, percent=p.percent, deadline=p.deadline,
                    lead_department_id=p.lead_department_id) for r in rows if (p := past.get(r.pk))]
    return then, past


def overview(user, plan: Plan, rows: list[queries.TaskRow], on: date, day: date) -> queries.Overview:
    """`rows` tallied on `on` as `queries.overview` tallies the present, with the main targets' figures up to `day`.
    (The 未报送 of the overview stay empty: the bulletin counts them itself.)"""
    tracked = [t for t in rows if t.state != State.IMPORTED]
    ids = {t.lead_department_id for t in tracked} - {None}
    departments = {d.pk: d for d in Department.objects.filter(pk__in=ids).only("id", "name", "short_name", "order")}
    overall = queries.Tally("all", "全部")
    areas: dict[object, queries.Tally] = {}
    by_department: dict[object, queries.Tally] = {}
    lagging = []
    start = plan_start(plan.year)
    for task, schedule in status.with_schedules(tracked, on):
        expected = expected_fraction(start, task.deadline or default_deadline(plan.year), on)
        overall.add(task, schedule, expected)
        area = areas.get(task.area_id)
        if area is None:
            area = areas[task.area_id] = queries.Tally(task.area_id, task.area_title or str(queries.NO_AREA),
                                                       (task.area_order is None, task.area_order or 0))
        area.add(task, schedule, expected)
        task.lead_department = dept = departments.get(task.lead_department_id)
        group = by_department.get(task.lead_department_id)
        if group is None:
            group = by_department[task.lead_department_id] = queries.Tally(
                task.lead_department_id, queries.department_name(dept),
                (dept is None, dept.order if dept else 0, dept.name if dept else ""))
        group.add(task, schedule, expected)
        if schedule in (Schedule.BEHIND, Schedule.OVERDUE):
            lagging.append((task, schedule))
    lagging.sort(key=lambda ts: (ts[1] != Schedule.OVERDUE, ts[0].deadline or date.max, ts[0].percent, ts[0].order))
    return queries.Overview(
        plan=plan, on=on, overall=overall,
        by_area=sorted(areas.values(), key=lambda t: t.order),
        by_department=sorted(by_department.values(), key=lambda t: t.order),
        lagging=lagging, not_assigned=len(rows) - len(tracked),
        period=status.current_period(plan.org, on), unreported=[], unreported_count=0,
        main_targets=main_targets(user, plan, day),
    )


def main_targets(user, plan: Plan, day: date) -> list[queries.TargetRow]:
    """The plan's main targets, each with its latest figure of a period begun by `day` (as `queries.main_targets`:
    recorded by the office, or of an accepted update of a task `user` may see)."""
    figures = (counted_figures(user).filter(target=OuterRef("pk"), period__lte=day).order_by(*FIGURE_ORDER))
    targets = (Target.objects.filter(plan=plan, is_main=True)
               .annotate(latest_value=Subquery(figures.values("value")[:1]),
                         latest_period=Subquery(figures.values("period")[:1]))
               .order_by("start", "pk"))
    return [queries.TargetRow(t, t.latest_value, t.latest_period) for t in targets]


def missing(tasks: QuerySet, period: Period) -> list[tuple[int, int, str]]:
    """(task id, department id, role) of each report missing for the reporting period `period`, which has ended:
    the tasks open at the end of its due day, the departments they had then, no update of theirs for the period."""
    work = tasks.filter(kind__in=WORK_KINDS)
    reported = set(ProgressUpdate.objects.filter(task__in=work.values("pk"), period__gte=period.start,
                                                 period__lte=period.end).values_list("task_id", "department_id"))
    return [(task_id, department_id, role)
            for task_id, p in tasks_at(work, period.due).items() if p.is_open
            for department_id, role in p.departments if (task_id, department_id) not in reported]
