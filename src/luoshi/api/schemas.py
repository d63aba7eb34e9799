"""What the API reads and writes. Outputs are built from model instances by `resolve_*` methods."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from ninja import Field, Schema

from luoshi.plans.units import display_unit
from luoshi.tracking.choices import SCHEDULE_TONE, AssignmentRole
from luoshi.tracking.status import schedule_of


def _name(user) -> str | None:
    if user is None:
        return None
    return user.get_full_name() or user.get_username()


class Error(Schema):
    detail: str


# ---- people and departments ------------------------------------------------------------------------------

class DepartmentRef(Schema):
    id: int
    name: str
    short_name: str


class DepartmentOut(DepartmentRef):
    kind: str
    kind_label: str
    contact: str
    phone: str

    @staticmethod
    def resolve_kind_label(obj) -> str:
        return obj.get_kind_display()


class OrgRef(Schema):
    id: int
    name: str


class MeOut(Schema):
    username: str
    full_name: str
    is_superuser: bool
    auth: Literal["token", "session"]
    role: str | None
    role_label: str | None
    org: OrgRef | None
    department: DepartmentRef | None
    post: str | None
    overseen_departments: list[DepartmentRef]


class TokenIn(Schema):
    name: str = Field(..., min_length=1, max_length=100)
    expires_in_days: int | None = Field(None, ge=1, le=3660, description="留空为长期有效")


class TokenOut(Schema):
    id: int
    name: str
    prefix: str
    created_at: datetime
    last_used_at: datetime | None
    expires_at: datetime | None


class TokenCreated(TokenOut):
    token: str = Field(..., description="令牌只在此时显示一次，请妥善保存")


# ---- plans and targets -----------------------------------------------------------------------------------

class UnitOut(Schema):
    label: str = Field(..., description="页面显示和录入所用的单位，如 亿元、万家、%")
    multiplier: int = Field(..., description="该单位相当于多少个基本单位：亿元为 100000000，万家为 10000，其余为 1")


class FigureOut(Schema):
    id: int
    target_id: int
    value: float = Field(..., description="数值，以指标的基本单位计（元、家、%），不是页面显示的单位")
    display: str = Field(..., description="按指标显示单位写出的数值，如 650亿元")
    period: date = Field(..., description="数据期（该月第一天）")
    note: str = Field(..., description="来源或说明，如 统计局月报")
    source: Literal["update", "office"] = Field(..., description="update：随进展报送；office：督查室录入")
    update_id: int | None
    task_id: int | None
    status: str | None = Field(None, description="所属进展报送的审核状态；督查室录入的为 null")
    recorded_by: str | None
    recorded_at: datetime
    submitted_at: datetime | None = Field(None, description="所属进展报送的报送时间；督查室录入的为 null")

    @staticmethod
    def resolve_display(obj) -> str:
        return display_unit(obj.target).format(obj.value)

    @staticmethod
    def resolve_source(obj) -> str:
        return "office" if obj.update_id is None else "update"

    @staticmethod
    def resolve_task_id(obj) -> int | None:
        return obj.update.task_id if obj.update_id else None

    @staticmethod
    def resolve_status(obj) -> str | None:
        return obj.update.status if obj.update_id else None

    @staticmethod
    def resolve_recorded_by(obj) -> str | None:
        return _name(obj.recorded_by)

    @staticmethod
    def resolve_submitted_at(obj) -> datetime | None:
        return obj.update.submitted_at if obj.update_id else None


class FigureIn(Schema):
    period: date = Field(..., description="数据期：计划年度内任一天，按其所在月份记录")
    value: float = Field(..., description="数值，以指标的基本单位计：1300亿元写 130000000000（见指标的 display_unit）")
    note: str = Field("", max_length=300, description="来源或说明，如 统计局月报")


class TargetOut(Schema):
    id: int
    task_id: int | None
    is_main: bool
    indicator: str
    measure: str
    cmp: str
    value: float | None = Field(None, description="目标值，以基本单位计")
    value_high: float | None
    unit: str = Field(..., description="基本单位")
    display_unit: UnitOut = Field(..., description="页面显示和录入所用的单位")
    hedge: str
    baseline: float | None
    text: str
    latest: FigureOut | None = Field(None, description="最新的数值（按数据期，再按录入时间）")

    @staticmethod
    def resolve_display_unit(obj) -> dict:
        shown = display_unit(obj)
        return {"label": shown.label, "multiplier": shown.multiplier}

    @staticmethod
    def resolve_latest(obj) -> Any:
        return getattr(obj, "latest", None)


class TaskRef(Schema):
    id: int
    kind: str
    title: str


class PlanOut(Schema):
    id: int
    org: OrgRef
    year: int
    title: str
    source_name: str
    format: str
    imported_at: datetime


class PlanDetail(PlanOut):
    metadata: dict
    main_targets: list[TargetOut]
    areas: list[TaskRef]

    @staticmethod
    def resolve_main_targets(obj) -> Any:
        return obj.api_main_targets

    @staticmethod
    def resolve_areas(obj) -> Any:
        return obj.api_areas


# ---- tasks -----------------------------------------------------------------------------------------------

class ScheduleOut(Schema):
    status: str = Field(..., description="done / ahead / on_track / behind / overdue")
    label: str
    tone: str = Field(..., description="good / warn / bad：颜色由组织的颜色方案决定")


class TaskOut(Schema):
    id: int
    plan_id: int
    parent_id: int | None
    kind: str
    source: str
    title: str
    state: str
    state_label: str
    deadline: date | None
    percent: int
    published: bool
    lead: DepartmentRef | None
    schedule: ScheduleOut
    updated_at: datetime

    @staticmethod
    def resolve_state_label(obj) -> str:
        return obj.get_state_display()

    @staticmethod
    def resolve_lead(obj) -> Any:
        lead = obj.lead
        return lead.department if lead else None

    @staticmethod
    def resolve_schedule(obj) -> dict:
        s = schedule_of(obj)
        return {"status": s.value, "label": str(s.label), "tone": SCHEDULE_TONE[s]}


class AssignmentOut(Schema):
    department: DepartmentRef
    role: str
    role_label: str
    leader_post: str | None
    contact_post: str | None
    signed_at: datetime | None

    @staticmethod
    def resolve_role_label(obj) -> str:
        return obj.get_role_display()

    @staticmethod
    def resolve_leader_post(obj) -> str | None:
        return str(obj.leader_post) if obj.leader_post else None

    @staticmethod
    def resolve_contact_post(obj) -> str | None:
        return str(obj.contact_post) if obj.contact_post else None


class MilestoneOut(Schema):
    id: int
    date: date
    expected: int = Field(..., description="该日应完成的比例（%）")
    note: str
    edited: bool = Field(..., description="督查室调整或新增的节点（不随完成时限变动）")


class MilestoneIn(Schema):
    id: int | None = Field(None, description="已有节点的 id；新增的节点不填")
    date: date
    expected: int = Field(..., description="该日应完成的比例（%），0–100")
    note: str = ""


class MilestonesIn(Schema):
    milestones: list[MilestoneIn] = Field(
        ..., description="任务的全部节点：带 id 的修改，不带 id 的新增，未列出的已有节点删除")


class TaskDetail(TaskOut):
    text: str
    start: int | None
    end: int | None
    closed_at: datetime | None
    return_reason: str
    assignments: list[AssignmentOut]
    targets: list[TargetOut]
    children: list[TaskRef]
    milestones: list[MilestoneOut]

    @staticmethod
    def resolve_assignments(obj) -> Any:
        """The lead first, then the co-operating departments in catalogue order."""
        return sorted(obj.assignments.all(), key=lambda a: (a.role != AssignmentRole.LEAD, a.department.order,
                                                            a.department_id))

    @staticmethod
    def resolve_targets(obj) -> Any:
        return obj.api_targets

    @staticmethod
    def resolve_children(obj) -> Any:
        return obj.api_children

    @staticmethod
    def resolve_milestones(obj) -> Any:
        return obj.milestones.all()


class AssignIn(Schema):
    lead: int = Field(..., description="牵头单位（部门 id）")
    cooperating: list[int] = Field(default_factory=list, description="责任单位（部门 id）")
    leader_post: int | None = Field(None, description="责任领导（职务 id）")
    contact_post: int | None = Field(None, description="责任人（职务 id）")
    deadline: date | None = None


class SignIn(Schema):
    department_id: int | None = Field(None, description="督查室代签时指定部门；部门用户不填")


class CloseIn(Schema):
    comment: str = ""


class SendBackIn(Schema):
    reason: str = Field(..., min_length=1)


class PublishIn(Schema):
    published: bool = True


# ---- progress, extensions, chases ------------------------------------------------------------------------

class FigureLine(Schema):
    target_id: int
    indicator: str
    unit: str
    value: float

    @staticmethod
    def resolve_indicator(obj) -> str:
        return obj.target.indicator

    @staticmethod
    def resolve_unit(obj) -> str:
        return obj.target.unit


class AttachmentOut(Schema):
    id: int
    name: str
    size: int


class UpdateOut(Schema):
    id: int
    task_id: int
    department: DepartmentRef
    period: date
    progress: str
    problems: str
    next_steps: str
    percent: int
    is_final: bool
    status: str
    status_label: str
    submitted_by: str | None
    submitted_at: datetime
    reviewed_by: str | None
    reviewed_at: datetime | None
    review_comment: str
    figures: list[FigureLine]
    attachments: list[AttachmentOut]

    @staticmethod
    def resolve_status_label(obj) -> str:
        return obj.get_status_display()

    @staticmethod
    def resolve_submitted_by(obj) -> str | None:
        return _name(obj.submitted_by)

    @staticmethod
    def resolve_reviewed_by(obj) -> str | None:
        return _name(obj.reviewed_by)

    @staticmethod
    def resolve_figures(obj) -> Any:
        return list(obj.figures.all())

    @staticmethod
    def resolve_attachments(obj) -> Any:
        return list(obj.attachments.all())


class UpdateIn(Schema):
    period: date | None = Field(None, description="报送期内任一天；留空为当前报送期")
    progress: str = Field(..., min_length=1, description="进展情况")
    problems: str = Field("", description="存在问题")
    next_steps: str = Field("", description="下一步措施")
    percent: int = Field(..., ge=0, le=100, description="完成比例")
    figures: dict[int, float] = Field(default_factory=dict,
                                      description="指标 id → 数值，以指标的基本单位计（1300亿元写 130000000000）")
    final: bool = Field(False, description="申请办结")
    department_id: int | None = Field(None, description="督查室代报时指定部门（默认牵头单位）；部门用户不填")


class ReviewIn(Schema):
    accept: bool
    comment: str = ""


class ExtensionIn(Schema):
    new_deadline: date
    reason: str = Field(..., min_length=1)
    department_id: int | None = Field(None, description="督查室代为申请时指定部门；部门用户不填")


class ExtensionOut(Schema):
    id: int
    task_id: int
    task_title: str
    department: DepartmentRef
    old_deadline: date | None
    new_deadline: date
    reason: str
    status: str
    status_label: str
    created_at: datetime
    decided_at: datetime | None
    decision_comment: str

    @staticmethod
    def resolve_task_title(obj) -> str:
        return obj.task.title

    @staticmethod
    def resolve_status_label(obj) -> str:
        return obj.get_status_display()


class DecideIn(Schema):
    grant: bool
    comment: str = ""


class ChaseIn(Schema):
    message: str = Field(..., min_length=1)
    department_ids: list[int] | None = Field(None, description="留空则催办牵头单位")


class BulkChaseIn(Schema):
    kind: Literal["lagging", "unreported"] = Field(..., description="lagging：欠进度和逾期的任务；unreported：未报送")
    message: str = Field(..., min_length=1)
    plan: int | None = None


class ChaseOut(Schema):
    id: int
    task_id: int
    task_title: str
    department: DepartmentRef
    kind: str
    kind_label: str
    message: str
    created_by: str | None
    created_at: datetime
    read_at: datetime | None

    @staticmethod
    def resolve_task_title(obj) -> str:
        return obj.task.title

    @staticmethod
    def resolve_kind_label(obj) -> str:
        return obj.get_kind_display()

    @staticmethod
    def resolve_created_by(obj) -> str | None:
        return _name(obj.created_by)


class UnreportedOut(Schema):
    task_id: int
    task_title: str
    department: DepartmentRef
    role: str
    deadline: date | None
    period: str

    @staticmethod
    def resolve_task_title(obj) -> str:
        return obj.task.title

    @staticmethod
    def resolve_deadline(obj) -> date | None:
        return obj.task.deadline

    @staticmethod
    def resolve_period(obj) -> str:
        return obj.api_period
