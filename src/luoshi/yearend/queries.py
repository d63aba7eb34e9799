"""What the year-end page shows: each check the user may see beside its task's tracked history.

Grouped as the report is: the main targets first, then each area (领域) with
its tasks' targets in the order of the plan. Beside each check: the task's
state and schedule, its latest percent, its lead department and deadline, its
last progress update, and the figures of the target that count (those the
office recorded, and those of accepted updates: tracking.counted_figures).
A fixed number of queries, however many checks there are.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import OuterRef, Prefetch, QuerySet, Subquery
from django.utils.translation import gettext_lazy as _

from luoshi.tracking import status
from luoshi.tracking.choices import Schedule, UpdateStatus
from luoshi.tracking.models import FIGURE_ORDER, Assignment, Figure, ProgressUpdate, Task, counted_figures
from luoshi.tracking.queries import area_of

from .choices import VERDICT_TONE, TargetKind, Verdict
from .models import TargetCheck, YearEndReview

FIGURES_SHOWN = 3
MAIN_TARGETS = _("主要预期目标")
NO_AREA = _("其他任务目标")


@dataclass
class Row:
    check: TargetCheck
    task: Task | None
    schedule: Schedule | None = None
    figures: list[Figure] = field(default_factory=list)  # the latest first, at most FIGURES_SHOWN
    figure_count: int = 0
    last_update_at: datetime | None = None
    last_update_period: date | None = None

    @property
    def lead(self):
        return self.task.lead if self.task is not None else None

    @property
    def latest_figure(self) -> Figure | None:
        return self.figures[0] if self.figures else None


@dataclass
class Group:
    title: str
    rows: list[Row]


@dataclass
class Page:
    groups: list[Group]
    counts: list[tuple[Verdict, int, str]]  # verdict, how many, its tone: the verdicts that count (the office's first)
    total: int
    overridden: int

    @property
    def rows(self) -> list[Row]:
        return [row for group in self.groups for row in group.rows]


def visible_checks(user, review: YearEndReview, action: str = "view") -> QuerySet:
    return TargetCheck.objects.restrict(user, action).filter(review=review)


def _latest_update(user, column: str) -> Subquery:
    updates = (ProgressUpdate.objects.restrict(user).filter(task_id=OuterRef("task_id"))
               .exclude(status=UpdateStatus.RETURNED).order_by("-submitted_at", "-pk"))
    return Subquery(updates.values(column)[:1])


def checks_with_history(user, review: YearEndReview) -> list[TargetCheck]:
    """The checks `user` may see, with their task, area, lead and last update, in the plan's order."""
    queryset = (visible_checks(user, review)
                .select_related("target", "task__plan__org", "task__parent__parent", "overridden_by")
                .prefetch_related(Prefetch("task__assignments",
                                           queryset=Assignment.objects.select_related("department")))
                .annotate(last_update_at=_latest_update(user, "submitted_at"),
                          last_update_period=_latest_update(user, "period"))
                .order_by("order"))
    return list(queryset)


def figures_of(user, target_ids) -> dict[int, list[Figure]]:
    """The figures that count of these targets, by target, the latest first."""
    by_target: dict[int, list[Figure]] = {}
    figures = (counted_figures(user).filter(target_id__in=target_ids)
               .select_related("target", "update__department").order_by(*FIGURE_ORDER))
    for f in figures:
        by_target.setdefault(f.target_id, []).append(f)
    return by_target


def page(user, review: YearEndReview, on: date | None = None) -> Page:
    on = on or status.today()
    checks = checks_with_history(user, review)
    figures = figures_of(user, {c.target_id for c in checks if c.target_id is not None})
    main: list[Row] = []
    areas: dict[int | None, Group] = {}
    order: dict[int | None, tuple] = {}
    for c in checks:
        task = c.task
        found = figures.get(c.target_id, []) if c.target_id is not None else []
        row = Row(c, task, status.schedule_of(task, on) if task is not None else None, found[:FIGURES_SHOWN],
                  len(found), c.last_update_at, c.last_update_period)
        if c.kind == TargetKind.MAIN:
            main.append(row)
            continue
        area = area_of(task) if task is not None else None
        key = area.pk if area is not None else None
        if key not in areas:
            areas[key] = Group(area.title if area is not None else str(NO_AREA), [])
            order[key] = (area is None, area.order if area is not None else 0, c.order)
        areas[key].rows.append(row)
    groups = ([Group(str(MAIN_TARGETS), main)] if main else []) + [
        areas[k] for k in sorted(areas, key=lambda k: order[k])]
    tally = Counter(c.final for c in checks)
    return Page(groups, [(v, tally.get(v.value, 0), VERDICT_TONE[v]) for v in Verdict], len(checks),
                sum(1 for c in checks if c.override))
