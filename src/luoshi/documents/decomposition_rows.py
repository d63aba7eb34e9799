"""What the decomposition documents (分解表 .xlsx, 分解方案 .docx) show of a plan: its areas and each task's row.

One query set for both documents, in a fixed number of queries however many
tasks there are. The caller passes the tasks it may show (already through
`restrict`); by default every task of the plan. Everything is written in
Chinese whatever the language of the request: these are 公文.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch
from django.utils import translation

from luoshi.tracking import status
from luoshi.tracking.choices import AssignmentRole, Kind, Schedule, State, UpdateStatus
from luoshi.tracking.models import Assignment, ProgressUpdate, Task
from luoshi.tracking.queries import area_of
from luoshi.tracking.schedule import period_of
from luoshi.tracking.templatetags.luoshi import target_value

LANGUAGE = "zh-hans"
NO_AREA = "其他工作"


@dataclass(frozen=True)
class TaskRow:
    """One task as the documents show it."""

    task: Task
    number: str  # 序号: 1, 2, … in plan order; 3.1 for the first sub-task of task 3
    title: str
    text: str
    targets: tuple[str, ...]  # 类金融机构12家, 引入市外投资增长15%以上
    lead: str  # the lead department's full name, or ""
    cooperating: tuple[str, ...]
    leader: str  # the lead's 责任领导 post: 分管副区长（陈区长）
    contact: str  # the lead's 责任人 post
    deadline: date | None
    percent: int
    schedule: str  # 已完成 / 超进度 / 达进度 / 欠进度 / 逾期
    latest: str  # the latest accepted progress report: 2023年10月：…

    @property
    def id(self) -> int:
        return self.task.pk


@dataclass(frozen=True)
class AreaRows:
    """An area (领域) of the plan and its tasks' rows."""

    area: Task | None
    title: str
    rows: tuple[TaskRow, ...]


def target_text(target) -> str:
    """A target as one line: the indicator and what it promises (新增市场主体1.5万家以上)."""
    if target.value is None:
        return target.text or target.indicator
    with translation.override(LANGUAGE):
        return f"{target.indicator}{target_value(target)}"


def cn_day(day: date | None) -> str:
    """2023-12-31 → 2023年12月31日 (always in Chinese)."""
    return f"{day.year}年{day.month}月{day.day}日" if day else ""


def document_title(plan, kind: str) -> str:
    """济南市市中区2023年《政府工作报告》重点工作任务分解方案 (kind: 分解表 or 分解方案)."""
    return f"{plan.org.region or plan.org.name}{plan.year}年《政府工作报告》重点工作任务{kind}"


def _work(plan, tasks) -> list[Task]:
    queryset = plan.tasks.all() if tasks is None else tasks.filter(plan=plan)
    accepted = ProgressUpdate.objects.filter(status=UpdateStatus.ACCEPTED).order_by("-period", "-submitted_at")
    return list(
        queryset.filter(kind__in=(Kind.TASK, Kind.SUBTASK))
        .select_related("plan__org", "parent__parent")
        .prefetch_related(
            Prefetch("assignments", queryset=Assignment.objects.select_related(
                "department", "leader_post", "contact_post")),
            "targets",
            Prefetch("updates", queryset=accepted, to_attr="accepted_updates"),
        )
        .order_by("order", "pk")
    )


def _latest(task: Task) -> str:
    if not task.accepted_updates:
        return ""
    update = task.accepted_updates[0]
    org = task.plan.org
    with translation.override(LANGUAGE):
        label = period_of(update.period, org.cycle, org.due_day).label
    return f"{label}：{update.progress.strip()}"


def _row(task: Task, number: str, on: date) -> TaskRow:
    assignments = list(task.assignments.all())
    lead = next((a for a in assignments if a.role == AssignmentRole.LEAD), None)
    with translation.override(LANGUAGE):
        schedule = str(Schedule(status.schedule_of(task, on)).label)
    return TaskRow(
        task=task, number=number, title=task.title, text=" ".join(task.text.split()) or task.title,
        targets=tuple(target_text(t) for t in task.targets.all()),
        lead=lead.department.name if lead else "",
        cooperating=tuple(a.department.name for a in assignments if a.role == AssignmentRole.COOPERATE),
        leader=str(lead.leader_post) if lead and lead.leader_post else "",
        contact=str(lead.contact_post) if lead and lead.contact_post else "",
        deadline=task.deadline, percent=task.percent, schedule=schedule, latest=_latest(task),
    )


def plan_areas(plan, tasks=None, on: date | None = None) -> list[AreaRows]:
    """The plan's areas in order, each with its tasks' rows (a sub-task right after its task)."""
    on = on or status.today()
    work = _work(plan, tasks)
    subtasks: dict[int, list[Task]] = {}
    for t in work:
        if t.kind == Kind.SUBTASK:
            subtasks.setdefault(t.parent_id, []).append(t)
    shown = {t.pk for t in work}
    top = [t for t in work if t.kind == Kind.TASK or t.parent_id not in shown]
    groups: dict[int | None, list[TaskRow]] = {}
    areas: dict[int | None, Task | None] = {}
    for n, task in enumerate(top, 1):
        area = area_of(task)
        key = area.pk if area else None
        areas.setdefault(key, area)
        group = groups.setdefault(key, [])
        group.append(_row(task, str(n), on))
        group.extend(_row(s, f"{n}.{k}", on) for k, s in enumerate(subtasks.get(task.pk, []), 1))
    ordered = sorted(groups, key=lambda k: (areas[k] is None, areas[k].order if areas[k] else 0, k or 0))
    return [AreaRows(areas[k], areas[k].title if areas[k] else NO_AREA, tuple(groups[k])) for k in ordered]


def all_rows(areas: Iterable[AreaRows]) -> list[TaskRow]:
    return [row for area in areas for row in area.rows]


def has_progress(areas: Iterable[AreaRows]) -> bool:
    """Has tracking begun: any task with progress reported, accepted, or done?"""
    started = (State.IN_PROGRESS, State.SUBMITTED, State.CLOSED)
    return any(r.percent or r.latest or r.task.state in started for r in all_rows(areas))


def main_targets(plan) -> list[str]:
    """The plan's main targets (主要预期目标), one line each."""
    return [target_text(t) for t in plan.targets.filter(is_main=True).order_by("start", "pk")]
