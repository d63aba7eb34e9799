"""From a report file to a plan: read it with the engine, preview, and create everything in one transaction."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from django.core.files.base import ContentFile
from django.db import transaction

from luoshi.engine import Report, analyse_text
from luoshi.engine import Task as FoundTask
from luoshi.engine.deadlines import infer_deadline
from luoshi.engine.loading import load_bytes
from luoshi.export import outline_records
from luoshi.orgs.models import Department, Organisation
from luoshi.tracking import workflow
from luoshi.tracking.choices import Kind, Source
from luoshi.tracking.milestones import add_quarter_milestones
from luoshi.tracking.models import Task
from luoshi.tracking.suggestions import Suggested, Suggester

from .models import Plan, Statement, Target


@dataclass(frozen=True)
class Analysed:
    """A report read from an upload, before anything is saved."""

    name: str
    data: bytes
    report: Report

    @property
    def plan_year(self) -> int:
        return self.report.metadata.plan_year or date.today().year


def analyse_upload(data: bytes, name: str, max_bytes: int) -> Analysed:
    """Read an uploaded report; raises LoadError (with a message for people) when it cannot be read."""
    loaded = load_bytes(data, name, max_bytes=max_bytes)
    stem = name.rsplit(".", 1)[0]
    return Analysed(name, data, analyse_text(loaded.text, doc=stem, source=name, format=loaded.format))


@dataclass(frozen=True)
class Choice:
    """The departments the office chose for a task in the preview: a lead, and co-operating ones."""

    lead: Department
    cooperating: tuple[Department, ...] = ()


@dataclass(frozen=True)
class PreviewTask:
    """A task as the preview shows it: its number in the plan (1, 2, …) and the departments the engine suggests."""

    number: int
    task: FoundTask
    suggestions: list[Suggested] = field(default_factory=list)

    @property
    def lead(self) -> Suggested | None:
        return next((s for s in self.suggestions if s.role == "lead"), None)

    @property
    def cooperating(self) -> list[Suggested]:
        """The suggested co-operating departments; none without a lead to work with (各街道牵头 is not offered)."""
        return [s for s in self.suggestions if s.role == "cooperating"] if self.lead else []

    @property
    def shown(self) -> list[Suggested]:
        return [self.lead, *self.cooperating] if self.lead else []

    @property
    def suggested_cooperating(self) -> frozenset[int]:
        return frozenset(s.department.pk for s in self.cooperating)


def preview(report: Report, suggester: Suggester | None = None) -> dict:
    """What the import page shows before the office confirms: targets and tasks per area with their numbers,
    and with `suggester` (the organisation's catalogue, built once) each task's suggested departments."""
    rows = [
        PreviewTask(n, t, suggester.suggest(report.text[t.start:t.end], title=t.title) if suggester else [])
        for n, t in enumerate(report.tasks, 1)
    ]
    areas: dict[str, list[PreviewTask]] = {}
    for row in rows:
        areas.setdefault(row.task.area or "（未分组）", []).append(row)
    return {
        "metadata": report.metadata,
        "main_targets": report.main_targets,
        "areas": areas,
        "task_count": len(report.tasks),
        "suggested_count": sum(1 for r in rows if r.lead),
        "statement_count": len(report.statements),
        "target_count": sum(1 for s in report.statements if s.role.value == "target"),
    }


def _target(plan: Plan, s, task: Task | None = None, is_main: bool = False, text: str = "") -> Target:
    return Target(
        plan=plan, task=task, is_main=is_main, indicator=s.indicator[:200], measure=s.measure.value, cmp=s.cmp.value,
        value=s.value, value_high=s.value_high, unit=s.unit, hedge=s.hedge or "", text=(text or s.quote)[:300],
        start=s.start, end=s.end,
    )


def _check(org: Organisation, report: Report, assignments: Mapping[int, Choice]) -> None:
    for number, choice in assignments.items():
        if not 1 <= number <= len(report.tasks):
            raise ValueError(f"no task {number} in the report (it has {len(report.tasks)})")
        for d in (choice.lead, *choice.cooperating):
            if d.org_id != org.pk:
                raise ValueError(f"task {number}: {d.name} is a department of another organisation")


@transaction.atomic
def create_plan(org: Organisation, analysed: Analysed, actor=None, year: int | None = None,
                assignments: Mapping[int, Choice] | None = None) -> Plan:
    """Create the plan, its statements, main targets, areas and tasks; all or nothing.

    `assignments` are the office's choices by task number (1 for the report's first task): each of those
    tasks is assigned as on the task page (workflow.assign: state, audit log); the others stay unassigned.
    """
    report = analysed.report
    assignments = assignments or {}
    _check(org, report, assignments)  # before anything is written, the source file included
    meta = report.metadata
    plan = Plan.objects.create(
        org=org, year=year or analysed.plan_year, title=(meta.title or analysed.name)[:200],
        source_name=analysed.name[:255], format=report.format, text=report.text,
        metadata={k: (v.value if hasattr(v, "value") else v) for k, v in vars(meta).items()},
        outline=outline_records(report.doc, report.outline), imported_by=actor,
    )
    plan.source_file.save(analysed.name, ContentFile(analysed.data), save=True)
    Statement.objects.bulk_create(
        Statement(plan=plan, start=s.start, end=s.end, indicator=s.indicator[:200], measure=s.measure.value,
                  value=s.value, value_high=s.value_high, unit=s.unit, cmp=s.cmp.value, role=s.role.value,
                  hedge=s.hedge or "")
        for s in report.statements
    )
    Target.objects.bulk_create(
        _target(plan, t.statement, is_main=True, text=t.text) if t.statement else
        Target(plan=plan, is_main=True, indicator=t.indicator[:200], text=t.text[:300], start=t.start, end=t.end)
        for t in report.main_targets
    )
    deadline = date(plan.year, 12, 31)
    areas: dict[str, Task] = {}
    targets = []
    for order, t in enumerate(report.tasks, 1):
        area = areas.get(t.area)
        if area is None:
            area = areas[t.area] = Task.objects.create(
                plan=plan, kind=Kind.AREA, title=(t.area or "其他")[:300], order=len(areas) + 1, deadline=deadline,
            )
        task = Task.objects.create(
            plan=plan, parent=area, kind=Kind.TASK, title=t.title[:300], text=report.text[t.start:t.end],
            start=t.start, end=t.end, order=order, deadline=infer_deadline(report.text[t.start:t.end], plan.year).date,
            source=Source.LIVELIHOOD if t.livelihood else Source.REPORT,
        )
        targets.extend(_target(plan, s, task) for s in t.statements if s.role.value == "target")
        choice = assignments.get(order)
        if choice is not None:
            workflow.assign(task, actor, choice.lead, [d for d in choice.cooperating if d != choice.lead])
    Target.objects.bulk_create(targets)
    add_quarter_milestones(plan.tasks.all())
    return plan
