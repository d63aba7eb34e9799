"""A year-end review: the next year's report imported for a plan, and each target of the plan checked against it.

Who sees what (`TargetCheck.objects.restrict(user, action)`, the year-end
form of tracking's one `restrict`):

- a check of a task's target goes with its task: the office sees all of its
  organisation's, a department those of its own tasks, a leader those of the
  departments their post oversees (tracking.models._restrict, "view");
- a check with no task (a main target: 地区生产总值增长6%) is read by the office
  and the organisation's leaders, not by departments;
- "manage" (override a verdict, import, delete) is the office's;
- the public sees none: a year-end check is the office's working paper, not a
  published page.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.safestring import SafeString
from django.utils.translation import gettext

from luoshi.engine.verdicts import Tolerance
from luoshi.orgs.choices import Role
from luoshi.plans.models import Plan, Target
from luoshi.tracking.models import Task, _restrict, membership_of, sees_as_public
from luoshi.verification_export import tolerance_text

from .choices import VERDICT_TONE, TargetKind, Verdict
from .quotes import quoted


class YearEndReview(models.Model):
    """The next year's report (its file, text and metadata) imported to check one plan's targets."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="yearend_reviews", verbose_name="计划")
    year = models.PositiveSmallIntegerField("核验年度")  # the plan year checked
    title = models.CharField("标题", max_length=200)
    source_name = models.CharField("原文件名", max_length=255)
    source_file = models.FileField("原文件", upload_to="yearend/%Y/", blank=True)
    format = models.CharField("格式", max_length=10)
    text = models.TextField("正文")
    metadata = models.JSONField("元数据", default=dict)
    notes = models.JSONField("提示", default=list)  # the engine's notes: reports not consecutive, no year found
    tolerance = models.JSONField("容差", default=dict)  # the tolerance the verdicts were decided with
    imported_at = models.DateTimeField("导入时间", auto_now_add=True)
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name="导入人")

    class Meta:
        verbose_name = verbose_name_plural = "年终核验"
        ordering = ["-imported_at", "-pk"]

    def __str__(self) -> str:
        return gettext("%(year)s年目标核验：%(title)s") % {"year": self.year, "title": self.source_name}

    def tolerance_text(self) -> str:
        """How far off a result may be and still count (the engine's words, as `luoshi verify` prints them)."""
        if not self.tolerance:
            return ""
        return tolerance_text(Tolerance(**self.tolerance))


class TargetCheckQuerySet(models.QuerySet):
    def restrict(self, user, action: str = "view"):
        """The checks `user` may `action` (see the module's docstring)."""
        if sees_as_public(user):
            return self.none()
        with_task = _restrict(self.filter(task__isnull=False), user, action, "task")
        if user.is_superuser:
            return self
        m = membership_of(user)
        roles = (Role.OFFICE, Role.LEADER) if action == "view" else (Role.OFFICE,)
        if m.role not in roles:
            return with_task
        return with_task | self.filter(task__isnull=True, review__plan__org_id=m.org_id)


class TargetCheck(models.Model):
    """One target of the plan against the next report: both spans quoted, the engine's verdict and reason, and
    the office's own verdict with its note when it overrode the engine's (both stay on record)."""

    review = models.ForeignKey(YearEndReview, on_delete=models.CASCADE, related_name="checks",
                               verbose_name="年终核验")
    order = models.PositiveIntegerField("序号")
    kind = models.CharField("类别", max_length=10, choices=TargetKind.choices)
    target = models.ForeignKey(Target, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                               verbose_name="指标目标")
    task = models.ForeignKey(Task, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                             verbose_name="任务")
    task_title = models.CharField("任务（原文）", max_length=300, blank=True)
    indicator = models.CharField("指标", max_length=200)
    # The target in the plan's text (the number, or the words of a target in words) and its clause.
    target_start = models.PositiveIntegerField("目标起点")
    target_end = models.PositiveIntegerField("目标终点")
    target_num = models.CharField("目标数值（原文）", max_length=100, blank=True)
    target_quote = models.TextField("目标（原文）")  # its clause (quotes.clause_around)
    target_quote_start = models.PositiveIntegerField("目标原文起点")
    # What the next report says: a statement's number and clause, or the sentence of a result in words.
    result_start = models.PositiveIntegerField("结果起点", null=True, blank=True)
    result_end = models.PositiveIntegerField("结果终点", null=True, blank=True)
    result_num = models.CharField("结果数值（原文）", max_length=100, blank=True)
    result_quote = models.TextField("结果（原文）", blank=True)
    result_quote_start = models.PositiveIntegerField("结果原文起点", null=True, blank=True)
    verdict = models.CharField("系统结论", max_length=20, choices=Verdict.choices)
    reason = models.TextField("系统说明")
    basis = models.CharField("配对依据", max_length=100, blank=True)
    override = models.CharField("人工结论", max_length=20, choices=Verdict.choices, blank=True)
    override_note = models.TextField("人工说明", blank=True)
    overridden_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                      related_name="+", verbose_name="修改人")
    overridden_at = models.DateTimeField("修改时间", null=True, blank=True)

    objects = TargetCheckQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "目标核验"
        ordering = ["review", "order"]
        constraints = [models.UniqueConstraint(fields=["review", "order"], name="target_check_order_unique")]

    def __str__(self) -> str:
        return f"{self.indicator}：{self.get_final_display()}"

    @property
    def final(self) -> str:
        """The verdict that counts: the office's when it gave one, else the engine's."""
        return self.override or self.verdict

    def get_final_display(self) -> str:
        return Verdict(self.final).label

    def target_html(self) -> SafeString:
        """The target's clause with its number in bold."""
        return quoted(self.target_quote, self.target_quote_start, self.target_start, self.target_end,
                      bold=bool(self.target_num))

    def result_html(self) -> SafeString:
        """What the next report says: the result's clause with its number in bold, or a sentence in words."""
        return quoted(self.result_quote, self.result_quote_start, self.result_start, self.result_end,
                      bold=bool(self.result_num))

    @property
    def tone(self) -> str:
        return VERDICT_TONE[Verdict(self.final)]

    @property
    def engine_tone(self) -> str:
        return VERDICT_TONE[Verdict(self.verdict)]
