"""Choices of the tracking app. Labels, and for schedule states the colour class, are data."""

from django.db import models


class Kind(models.TextChoices):
    AREA = "area", "领域"
    TASK = "task", "任务"
    SUBTASK = "subtask", "子任务"


class Source(models.TextChoices):
    """Where a piece of supervised work comes from; all share one workflow."""

    REPORT = "report", "政府工作报告"
    LIVELIHOOD = "livelihood", "民生实事"
    PROJECT = "project", "重点项目"
    SUGGESTION = "suggestion", "人大代表建议"
    PROPOSAL = "proposal", "政协提案"
    INSTRUCTION = "instruction", "领导批示"


class State(models.TextChoices):
    IMPORTED = "imported", "待分解"
    ASSIGNED = "assigned", "待签收"
    SIGNED = "signed", "已签收"
    IN_PROGRESS = "in_progress", "推进中"
    SUBMITTED = "submitted", "待办结审核"
    CLOSED = "closed", "已办结"
    RETURNED = "returned", "已退回"


class AssignmentRole(models.TextChoices):
    LEAD = "lead", "牵头单位"
    COOPERATE = "cooperate", "责任单位"


class UpdateStatus(models.TextChoices):
    SUBMITTED = "submitted", "待审核"
    ACCEPTED = "accepted", "已通过"
    RETURNED = "returned", "已退回"


class ExtensionStatus(models.TextChoices):
    PENDING = "pending", "待审批"
    GRANTED = "granted", "已同意"
    REFUSED = "refused", "未同意"


class ChaseKind(models.TextChoices):
    SINGLE = "single", "单项催办"
    LAGGING = "lagging", "欠进度催办"
    UNREPORTED = "unreported", "未报送催办"


class Schedule(models.TextChoices):
    """Schedule status (序时进度), always derived, never typed in. Each has a tone: good, warn or bad."""

    DONE = "done", "已完成"
    AHEAD = "ahead", "超进度"
    ON_TRACK = "on_track", "达进度"
    BEHIND = "behind", "欠进度"
    OVERDUE = "overdue", "逾期"


SCHEDULE_TONE = {
    Schedule.DONE: "good",
    Schedule.AHEAD: "good",
    Schedule.ON_TRACK: "good",
    Schedule.BEHIND: "warn",
    Schedule.OVERDUE: "bad",
}
