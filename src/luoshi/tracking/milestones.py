"""Quarter milestones (季度节点) of tasks: made when a plan is imported, following the deadline, edited by the office.

A task (not an area) that spans more than one quarter gets a checkpoint at each quarter end before its deadline
and one on its deadline, each with the share of the task expected by then (engine.deadlines.quarter_milestones:
25/50/75/100 for a year-long task, 50/100 for one due at the end of June). A task due within the first quarter
gets none: its only checkpoint would be its deadline.

The checkpoints of the even pace are the same pace the schedule status (序时进度, schedule.py) measures, read at
the quarter ends, so the schedule is not computed from them; the task page shows, for each milestone that has
passed, whether the task's reported progress met it.

When a task's deadline changes (an office edit, a granted extension: `Task.save` calls `follow_deadline`) the
milestones nobody edited are made again for the new deadline; those the office changed or added stay as they are.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from luoshi.audit.models import Entry, record, snapshot
from luoshi.engine.deadlines import quarter_milestones
from luoshi.plans.models import Plan

from .choices import Kind, State, UpdateStatus
from .history import end_of, reported_percent
from .models import Milestone, Task
from .schedule import default_deadline
from .workflow import WorkflowError

NOTE_LENGTH = 200


def quarter_points(deadline: date | None, year: int):
    """The quarter checkpoints of a task due on `deadline` (the end of the plan year when it has none) of a plan of
    `year`; empty when the task spans no more than one quarter."""
    points = quarter_milestones(deadline or default_deadline(year), year)
    return points if len(points) > 1 else ()


def add_quarter_milestones(tasks: Iterable[Task]) -> int:
    """Give each of `tasks` spanning more than one quarter its quarter milestones, unless it has milestones already
    (so calling it again makes nothing). Areas get none. Returns how many milestones were made."""
    tasks = [t for t in tasks if t.kind != Kind.AREA]
    if not tasks:
        return 0
    years = dict(Plan.objects.filter(pk__in={t.plan_id for t in tasks}).values_list("pk", "year"))
    having = set(Milestone.objects.filter(task__in=[t.pk for t in tasks]).values_list("task_id", flat=True))
    made = [Milestone(task=t, date=p.date, expected=p.expected)
            for t in tasks if t.pk not in having
            for p in quarter_points(t.deadline, years[t.plan_id])]
    Milestone.objects.bulk_create(made, batch_size=500)
    return len(made)


def follow_deadline(task: Task) -> None:
    """Make the milestones nobody edited again for the task's deadline; edited ones stay, and no new one takes
    the day of an edited one. A task whose milestones are all the office's own keeps them as they are, and so does
    one whose milestones the office deleted."""
    if task.kind == Kind.AREA:
        return
    milestones = list(task.milestones.all())
    edited = [m for m in milestones if m.edited]
    made = [m for m in milestones if not m.edited]
    if not made and (edited or Entry.objects.filter(task=task, action="delete_milestone").exists()):
        return
    taken = {m.date for m in edited}
    Milestone.objects.filter(pk__in=[m.pk for m in made]).delete()
    Milestone.objects.bulk_create([Milestone(task=task, date=p.date, expected=p.expected)
                                   for p in quarter_points(task.deadline, task.plan.year) if p.date not in taken])


# The office's edits ----------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Row:
    """One line of the office's milestones form: an existing milestone (`pk`) or a new one (`pk` None)."""

    pk: int | None
    date: date | None
    expected: int | None
    note: str = ""
    delete: bool = False


def _require(condition: bool, message: str) -> None:
    if not condition:
        raise WorkflowError(message)


def _cn(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _describe(m: Milestone) -> str:
    return f"{_cn(m.date)} 应完成{m.expected}%" + (f"（{m.note}）" if m.note else "")


FIELDS = ("date", "expected", "note")


@transaction.atomic
def edit_milestones(task: Task, actor, rows: Iterable[Row]) -> int:
    """The office changes, adds and deletes the task's milestones at once; each change is audited and the changed
    and added ones are `edited` (they no longer follow the deadline). Nothing is saved when a row is wrong: dates
    are in or after the plan year, one milestone a day, and a later one never expects less. Returns the number of
    changes."""
    _require(task.kind != Kind.AREA, _("领域没有里程碑"))
    _require(task.state != State.CLOSED, _("已办结的任务不能调整里程碑"))
    existing = {m.pk: m for m in task.milestones.all()}
    rows = [r for r in rows if not (r.pk is None and r.delete)]
    for r in rows:
        _require(r.pk is None or r.pk in existing, _("里程碑不属于该任务"))
    mentioned = {r.pk for r in rows}
    kept = [r for r in rows if not r.delete]
    kept += [Row(m.pk, m.date, m.expected, m.note) for m in existing.values() if m.pk not in mentioned]
    year = task.plan.year
    for r in kept:
        _require(r.date is not None, _("请填写节点日期"))
        _require(r.expected is not None and 0 <= r.expected <= 100, _("应完成比例应在0到100之间"))
        _require(r.date >= date(year, 1, 1), _("节点日期不能早于计划年度（%(year)d年）") % {"year": year})
        _require(len((r.note or "").strip()) <= NOTE_LENGTH, _("说明不能超过%(n)d字") % {"n": NOTE_LENGTH})
    kept.sort(key=lambda r: r.date)
    for before, after in zip(kept, kept[1:], strict=False):
        _require(before.date != after.date, _("同一天只能有一个节点：%(date)s") % {"date": date_format(after.date)})
        _require(after.expected >= before.expected,
                 _("%(date)s的应完成比例不能低于前一节点") % {"date": date_format(after.date)})

    changes = 0
    for r in rows:
        note = (r.note or "").strip()
        if r.pk is None:
            m = Milestone.objects.create(task=task, date=r.date, expected=r.expected, note=note, edited=True)
            record(actor, "add_milestone", m, f"增加里程碑：{_describe(m)}", after=snapshot(m, FIELDS), task=task)
        elif r.delete:
            m = existing[r.pk]
            before = snapshot(m, FIELDS)
            m.delete()
            m.pk = r.pk  # the entry names the milestone that was
            record(actor, "delete_milestone", m, f"删除里程碑：{_describe(m)}", before, task=task)
        else:
            m = existing[r.pk]
            if (m.date, m.expected, m.note) == (r.date, r.expected, note):
                continue
            before, old = snapshot(m, FIELDS), _describe(m)
            m.date, m.expected, m.note, m.edited = r.date, r.expected, note, True
            m.save()
            record(actor, "change_milestone", m, f"调整里程碑：{old} → {_describe(m)}", before,
                   snapshot(m, FIELDS), task=task)
        changes += 1
    return changes


# The task page ---------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Checkpoint:
    """A milestone as the task page shows it: `reported` is the task's percent at the end of its day (for one that
    has passed; None when nothing was reported by then)."""

    milestone: Milestone
    passed: bool
    reported: int | None = None

    @property
    def met(self) -> bool | None:
        """Whether the task's reported progress met the milestone; None while it has not passed."""
        if not self.passed:
            return None
        return self.reported is not None and self.reported >= self.milestone.expected


def checkpoints(task: Task, on: date) -> list[Checkpoint]:
    """The task's milestones, each passed one (its day is over by `on`) with the task's percent then: 100 if it was
    closed by then, else that of its lead department's latest accepted update for a period begun by then."""
    milestones = list(task.milestones.all())
    if not any(m.date < on for m in milestones):
        return [Checkpoint(m, False) for m in milestones]
    lead = task.lead
    updates = list(task.updates.filter(status=UpdateStatus.ACCEPTED).order_by("period", "submitted_at", "pk")
                   .values_list("period", "department_id", "percent"))
    out = []
    for m in milestones:
        if m.date >= on:
            out.append(Checkpoint(m, False))
            continue
        closed = task.state == State.CLOSED and task.closed_at is not None and task.closed_at < end_of(m.date)
        reported = 100 if closed else reported_percent(
            [(d, p) for period, d, p in updates if period <= m.date], lead.department_id if lead else None)
        out.append(Checkpoint(m, True, reported))
    return out
