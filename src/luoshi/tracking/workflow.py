"""The workflow every piece of supervised work goes through, and its audit trail.

Imported → assigned → signed (签收) → in progress → submitted as done →
closed (办结) by the office, or sent back with a reason. A department may ask
for a later deadline; the office grants or refuses it. Every function checks
that the move is allowed, writes what changed to the audit log, and raises
WorkflowError with a message for people when it is not (translated: gettext, in
the language of the request that made the move). The audit summaries are
records, kept in Chinese as written.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from luoshi.audit.models import record, snapshot
from luoshi.orgs.models import Department, Post
from luoshi.plans.models import Target
from luoshi.plans.units import display_unit

from .choices import AssignmentRole, ChaseKind, ExtensionStatus, State, UpdateStatus
from .models import Assignment, Attachment, Chase, ExtensionRequest, Figure, ProgressUpdate, Task


class WorkflowError(Exception):
    """A move the workflow does not allow, with a message for the user."""


_OPEN = (State.ASSIGNED, State.SIGNED, State.IN_PROGRESS, State.RETURNED, State.SUBMITTED)


def _require(condition: bool, message: str) -> None:
    if not condition:
        raise WorkflowError(message)


def _assignment(task: Task, department: Department) -> Assignment:
    try:
        return task.assignments.get(department=department)
    except Assignment.DoesNotExist:
        raise WorkflowError(_("%(department)s 不是“%(task)s”的责任单位") % {
            "department": department, "task": task.title}) from None


@transaction.atomic
def assign(task: Task, actor, lead: Department, cooperating: Iterable[Department] = (),
           leader_post: Post | None = None, contact_post: Post | None = None, deadline: date | None = None) -> Task:
    """Make `lead` the lead department and `cooperating` the co-operating ones (replacing earlier ones)."""
    _require(task.state != State.CLOSED, _("已办结的任务不能重新分工"))
    before = {"departments": [a.department_id for a in task.assignments.all()], **snapshot(task, ["state", "deadline"])}
    signed = {a.department_id: a for a in task.assignments.all()}
    task.assignments.exclude(department__in=[lead, *cooperating]).delete()
    for department, role in [(lead, AssignmentRole.LEAD), *((d, AssignmentRole.COOPERATE) for d in cooperating)]:
        a = signed.get(department.pk) or Assignment(task=task, department=department)
        a.role = role
        a.leader_post = leader_post if role == AssignmentRole.LEAD else a.leader_post
        a.contact_post = contact_post if role == AssignmentRole.LEAD else a.contact_post
        a.save()
    if deadline is not None:
        task.deadline = deadline
    if task.state == State.IMPORTED:
        task.state = State.ASSIGNED
    task.save()
    after = {"departments": [lead.pk, *(d.pk for d in cooperating)], **snapshot(task, ["state", "deadline"])}
    record(actor, "assign", task, f"分工：牵头 {lead}", before, after, task=task)
    return task


@transaction.atomic
def sign(task: Task, actor, department: Department) -> Assignment:
    """The department signs for the task (签收)."""
    a = _assignment(task, department)
    _require(a.signed_at is None, _("%(department)s 已签收该任务") % {"department": department})
    a.signed_at, a.signed_by = timezone.now(), actor
    a.save()
    if task.state == State.ASSIGNED and a.role == AssignmentRole.LEAD:
        task.state = State.SIGNED
        task.save()
    record(actor, "sign", task, f"{department} 签收", task=task)
    return a


@transaction.atomic
def submit_update(task: Task, actor, department: Department, period: date, progress: str, percent: int,
                  problems: str = "", next_steps: str = "", figures: dict | None = None,
                  attachments: Iterable = (), final: bool = False) -> ProgressUpdate:
    """A department reports progress for a period; `final` asks the office to close the task."""
    a = _assignment(task, department)
    _require(task.state in _OPEN, _("任务“%(task)s”当前状态为%(state)s，不能报送") % {
        "task": task.title, "state": task.get_state_display()})
    _require(0 <= percent <= 100, _("完成比例应在0到100之间"))
    _require(bool(progress.strip()), _("请填写进展情况"))
    if a.signed_at is None:
        a.signed_at, a.signed_by = timezone.now(), actor  # reporting implies signing
        a.save()
    update = ProgressUpdate.objects.create(
        task=task, department=department, period=period, progress=progress, problems=problems,
        next_steps=next_steps, percent=percent, is_final=final, submitted_by=actor,
    )
    targets = {t.pk: t for t in task.targets.all()}
    for target_id, value in (figures or {}).items():
        _require(int(target_id) in targets, _("指标不属于该任务"))
        _require(math.isfinite(float(value)), _("指标数值无效"))
        Figure.objects.create(update=update, target=targets[int(target_id)], value=float(value))
    for f in attachments:
        Attachment.objects.create(update=update, file=f, name=f.name, size=f.size)
    task.state = State.SUBMITTED if final else State.IN_PROGRESS
    task.return_reason = "" if final else task.return_reason
    task.save()
    record(actor, "report", update, f"{department} 报送{'办结申请' if final else '进展'}：{percent}%", task=task,
           after=snapshot(update, ["period", "percent", "is_final"]))
    return update


@transaction.atomic
def review_update(update: ProgressUpdate, actor, accept: bool, comment: str = "") -> ProgressUpdate:
    """The office accepts an update (its percent becomes the task's) or sends it back with a reason."""
    _require(update.status == UpdateStatus.SUBMITTED, _("该报送已审核"))
    _require(accept or bool(comment.strip()), _("退回时请写明理由"))
    task = update.task
    before = snapshot(task, ["state", "percent"])
    update.status = UpdateStatus.ACCEPTED if accept else UpdateStatus.RETURNED
    update.reviewed_by, update.reviewed_at, update.review_comment = actor, timezone.now(), comment
    update.save()
    if accept:
        if update.department_id == (task.lead.department_id if task.lead else None) or not task.lead:
            task.percent = update.percent
        if update.is_final:
            task.state, task.closed_at, task.percent = State.CLOSED, timezone.now(), 100
    else:
        task.state, task.return_reason = State.RETURNED, comment
    task.save()
    record(actor, "review", update, f"审核{'通过' if accept else '退回'}：{comment}"[:300], before,
           snapshot(task, ["state", "percent"]), task=task)
    if task.state == State.CLOSED:
        _close_pending(task, actor)
    return update


def _close_pending(task: Task, actor) -> None:
    """Close what was still waiting for the office on a task that is now closed: its updates not reviewed and
    its extension requests not decided leave the review queue as "closed with the task" (随任务办结), never as
    accepted, each with an audit entry saying so."""
    now = timezone.now()
    for update in task.updates.filter(status=UpdateStatus.SUBMITTED).select_related("department"):
        update.status, update.reviewed_by, update.reviewed_at = UpdateStatus.CLOSED, actor, now
        update.save(update_fields=["status", "reviewed_by", "reviewed_at"])
        record(actor, "close_with_task", update,
               f"随任务办结：{update.department} {update.period:%Y年%m月}的报送未经审核", {"status": UpdateStatus.SUBMITTED},
               {"status": UpdateStatus.CLOSED}, task=task)
    for req in task.extensions.filter(status=ExtensionStatus.PENDING).select_related("department"):
        req.status, req.decided_by, req.decided_at = ExtensionStatus.CLOSED, actor, now
        req.save(update_fields=["status", "decided_by", "decided_at"])
        record(actor, "close_with_task", req, f"随任务办结：{req.department} 的延期申请未经审批",
               {"status": ExtensionStatus.PENDING}, {"status": ExtensionStatus.CLOSED}, task=task)


@transaction.atomic
def close(task: Task, actor, comment: str = "") -> Task:
    """The office closes (办结/销号) the task."""
    _require(task.state != State.CLOSED, _("任务已办结"))
    before = snapshot(task, ["state", "percent"])
    task.state, task.closed_at, task.percent = State.CLOSED, timezone.now(), 100
    task.save()
    record(actor, "close", task, f"办结：{comment}" if comment else "办结", before,
           snapshot(task, ["state", "percent"]), task=task)
    _close_pending(task, actor)
    return task


@transaction.atomic
def send_back(task: Task, actor, reason: str) -> Task:
    """The office sends the task back to its departments with a reason."""
    _require(bool(reason.strip()), _("退回时请写明理由"))
    _require(task.state in _OPEN or task.state == State.CLOSED, _("任务尚未分工"))
    before = snapshot(task, ["state"])
    task.state, task.return_reason, task.closed_at = State.RETURNED, reason, None
    task.save()
    record(actor, "send_back", task, f"退回：{reason}", before, snapshot(task, ["state"]), task=task)
    return task


@transaction.atomic
def request_extension(task: Task, actor, department: Department, new_deadline: date, reason: str) -> ExtensionRequest:
    _assignment(task, department)
    _require(bool(reason.strip()), _("请写明延期理由"))
    _require(task.deadline is None or new_deadline > task.deadline, _("申请的时限应晚于原时限"))
    _require(not task.extensions.filter(status=ExtensionStatus.PENDING).exists(), _("已有待审批的延期申请"))
    req = ExtensionRequest.objects.create(task=task, department=department, old_deadline=task.deadline,
                                          new_deadline=new_deadline, reason=reason, created_by=actor)
    record(actor, "request_extension", req, f"{department} 申请延期至{new_deadline:%Y年%m月%d日}", task=task)
    return req


@transaction.atomic
def decide_extension(req: ExtensionRequest, actor, grant: bool, comment: str = "") -> ExtensionRequest:
    _require(req.status == ExtensionStatus.PENDING, _("该申请已审批"))
    req.status = ExtensionStatus.GRANTED if grant else ExtensionStatus.REFUSED
    req.decided_by, req.decided_at, req.decision_comment = actor, timezone.now(), comment
    req.save()
    task = req.task
    before = snapshot(task, ["deadline"])
    if grant:
        task.deadline = req.new_deadline
        task.save()
    record(actor, "decide_extension", req, f"延期{'同意' if grant else '不同意'}：{comment}"[:300], before,
           snapshot(task, ["deadline"]), task=task)
    return req


@transaction.atomic
def chase(tasks: Iterable[Task], actor, message: str, kind: str = ChaseKind.SINGLE,
          departments: Iterable[Department] | None = None) -> list[Chase]:
    """Chase (催办) the lead departments of `tasks` (or the given departments); each chase is on the task's record."""
    _require(bool(message.strip()), _("请填写催办内容"))
    made = []
    only = {d.pk for d in departments} if departments is not None else None
    for task in tasks:
        for a in task.assignments.all():
            if (only is None and a.role != AssignmentRole.LEAD) or (only is not None and a.department_id not in only):
                continue
            c = Chase.objects.create(task=task, department=a.department, kind=kind, message=message, created_by=actor)
            record(actor, "chase", c, f"催办 {a.department}：{message}"[:300], task=task)
            made.append(c)
    return made


@transaction.atomic
def record_figure(target: Target, actor, period: date, value: float, note: str = "") -> Figure:
    """The office records a figure for a target of its plans, with no progress update: typically a main target's
    figure from the statistics bureau (`note`: 统计局月报). `value` is in the target's base unit (元, not 亿元);
    `period` is the period the figure is for, kept as its month (its first day), like an update's period."""
    _require(period is not None, _("请填写数据期"))
    year = target.plan.year
    _require(period.year == year, _("数据期应在计划年度（%(year)d年）内") % {"year": year})
    _require(value is not None and math.isfinite(float(value)), _("请填写有效的数值"))
    note = (note or "").strip()
    _require(len(note) <= 300, _("来源或说明不能超过300字"))
    figure = Figure.objects.create(target=target, period=period.replace(day=1), value=float(value), note=note,
                                   recorded_by=actor if getattr(actor, "is_authenticated", False) else None)
    shown = display_unit(target).format(figure.value)
    record(actor, "record_figure", figure,
           f"录入指标数据：{target.indicator} {figure.period:%Y年%m月} {shown}" + (f"（{note}）" if note else ""),
           after=snapshot(figure, ["target", "period", "value", "note"]), task=target.task)
    return figure


def publish(task: Task, actor, published: bool = True) -> Task:
    task.published = published
    task.save(update_fields=["published", "updated_at"])
    record(actor, "publish" if published else "unpublish", task, "公开" if published else "取消公开", task=task)
    return task
