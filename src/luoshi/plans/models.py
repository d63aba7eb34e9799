"""A plan made from a report, the statements found in it and the targets tracked."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext

from luoshi.orgs.models import Organisation


class Plan(models.Model):
    """One year's report of one organisation: the original file, its text and its outline."""

    org = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="plans", verbose_name="组织")
    year = models.PositiveSmallIntegerField("计划年度")
    title = models.CharField("标题", max_length=200)
    source_name = models.CharField("原文件名", max_length=255)
    source_file = models.FileField("原文件", upload_to="reports/%Y/", blank=True)
    format = models.CharField("格式", max_length=10)
    text = models.TextField("正文")
    metadata = models.JSONField("元数据", default=dict)
    outline = models.JSONField("结构", default=list)
    imported_at = models.DateTimeField("导入时间", auto_now_add=True)
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name="导入人")

    class Meta:
        verbose_name = verbose_name_plural = "计划"
        ordering = ["-year", "org"]

    def __str__(self) -> str:
        return gettext("%(year)s年 %(title)s") % {"year": self.year, "title": self.title}


class Statement(models.Model):
    """A quantified statement of the report (eval/METRICS.md), kept for the reader and for year-end checks."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="statements")
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    indicator = models.CharField(max_length=200)
    measure = models.CharField(max_length=10)
    value = models.FloatField()
    value_high = models.FloatField(null=True, blank=True)
    unit = models.CharField(max_length=20)
    cmp = models.CharField(max_length=10)
    role = models.CharField(max_length=10)
    hedge = models.CharField(max_length=10, blank=True)

    class Meta:
        ordering = ["plan", "start"]
        indexes = [models.Index(fields=["plan", "start"])]


class Target(models.Model):
    """An indicator target tracked over the year: a main target or a quantified target of a task."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="targets", verbose_name="计划")
    task = models.ForeignKey("tracking.Task", on_delete=models.CASCADE, null=True, blank=True,
                             related_name="targets", verbose_name="任务")
    is_main = models.BooleanField("主要预期目标", default=False)
    indicator = models.CharField("指标", max_length=200)
    measure = models.CharField("类型", max_length=10, default="level")  # level / change
    cmp = models.CharField("比较", max_length=10, default="eq")
    value = models.FloatField("目标值", null=True, blank=True)
    value_high = models.FloatField("目标上限", null=True, blank=True)
    unit = models.CharField("单位", max_length=20, blank=True)
    hedge = models.CharField("语气", max_length=10, blank=True)
    baseline = models.FloatField("基数", null=True, blank=True)
    text = models.CharField("原文", max_length=300, blank=True)
    start = models.PositiveIntegerField(null=True, blank=True)
    end = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "指标目标"
        ordering = ["plan", "start"]

    def __str__(self) -> str:
        return self.indicator


class ImportDraft(models.Model):
    """An uploaded report waiting for the office to confirm its preview."""

    org = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    file = models.FileField(upload_to="drafts/")
    name = models.CharField(max_length=255)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
