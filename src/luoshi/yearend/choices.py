"""Choices of the year-end verification, with their labels and colour tones as data.

The verdicts are the engine's (luoshi.engine.verdicts.Verdict), with the same
Chinese labels as `luoshi verify` and its .xlsx table.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from luoshi.engine.verdicts import Verdict as EngineVerdict


class Verdict(models.TextChoices):
    # "verdict": 完成 here is "met" (of a target), not "done" (of a task)
    MET = EngineVerdict.MET.value, pgettext_lazy("verdict", "完成")
    PARTLY = EngineVerdict.PARTLY.value, pgettext_lazy("verdict", "部分完成")
    NOT_MET = EngineVerdict.NOT_MET.value, pgettext_lazy("verdict", "未完成")
    NOT_REPORTED = EngineVerdict.NOT_REPORTED.value, pgettext_lazy("verdict", "未报告")


# The colour of each verdict's badge (good / warn / bad / muted: the organisation's scheme gives the colours).
VERDICT_TONE = {
    Verdict.MET: "good",
    Verdict.PARTLY: "warn",
    Verdict.NOT_MET: "bad",
    Verdict.NOT_REPORTED: "muted",
}


class TargetKind(models.TextChoices):
    MAIN = "main", _("主要预期目标")
    TASK = "task", _("任务目标")
