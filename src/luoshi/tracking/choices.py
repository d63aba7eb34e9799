"""Choices of the tracking app. Labels (translated lazily), and for schedule states the colour class, are data."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    AREA = "area", _("领域")
    TASK = "task", _("任务")
    SUBTASK = "subtask", _("子任务")


class Source(models.TextChoices):
    """Where a piece of supervised work comes from; all share one workflow."""

    REPORT = "report", _("政府工作报告")
    LIVELIHOOD = "livelihood", _("民生实事")
    PROJECT = "project", _("重点项目")
    SUGGESTION = "suggestion", _("人大代表建议")
    PROPOSAL = "proposal", _("政协提案")
    INSTRUCTION = "instruction", _("领导批示")


class State(models.TextChoices):
    IMPORTED = "imported", _("待分解")
    ASSIGNED = "assigned", _("待签收")
    SIGNED = "signed", _("已签收")
    IN_PROGRESS = "in_progress", _("推进中")
    SUBMITTED = "submitted", _("待办结审核")
    CLOSED = "closed", _("已办结")
    RETURNED = "returned", _("已退回")


class AssignmentRole(models.TextChoices):
    LEAD = "lead", _("牵头单位")
    COOPERATE = "cooperate", _("责任单位")


class UpdateStatus(models.TextChoices):
    SUBMITTED = "submitted", _("待审核")
    ACCEPTED = "accepted", _("已通过")
    RETURNED = "returned", _("已退回")
    CLOSED = "closed", _("随任务办结")  # still pending when the task was closed: closed with it, never reviewed


class ExtensionStatus(models.TextChoices):
    PENDING = "pending", _("待审批")
    GRANTED = "granted", _("已同意")
    REFUSED = "refused", _("未同意")
    CLOSED = "closed", _("随任务办结")  # still pending when the task was closed: closed with it, never decided


class ChaseKind(models.TextChoices):
    SINGLE = "single", _("单项催办")
    LAGGING = "lagging", _("欠进度催办")
    UNREPORTED = "unreported", _("未报送催办")


class Schedule(models.TextChoices):
    """Schedule status (序时进度), always derived, never typed in. Each has a tone: good, warn, bad or muted."""

    UNASSIGNED = "unassigned", _("待分解")  # imported, no department yet: no schedule to keep
    DONE = "done", _("已完成")
    AHEAD = "ahead", _("超进度")
    ON_TRACK = "on_track", _("达进度")
    BEHIND = "behind", _("欠进度")
    OVERDUE = "overdue", _("逾期")


SCHEDULE_TONE = {
    Schedule.UNASSIGNED: "muted",
    Schedule.DONE: "good",
    Schedule.AHEAD: "good",
    Schedule.ON_TRACK: "good",
    Schedule.BEHIND: "warn",
    Schedule.OVERDUE: "bad",
}
