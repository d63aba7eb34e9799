"""Every change the workflow makes, with the values before and after."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Entry(models.Model):
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+",
                              verbose_name="操作人")
    at = models.DateTimeField("时间", auto_now_add=True)
    action = models.CharField("操作", max_length=50)
    model = models.CharField("对象类型", max_length=50)
    object_id = models.PositiveBigIntegerField("对象")
    task = models.ForeignKey("tracking.Task", on_delete=models.CASCADE, null=True, blank=True,
                             related_name="audit_entries")
    summary = models.CharField("摘要", max_length=300)
    before = models.JSONField("修改前", default=dict)
    after = models.JSONField("修改后", default=dict)

    class Meta:
        verbose_name = verbose_name_plural = "操作记录"
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["model", "object_id"])]


def record(actor, action: str, obj, summary: str, before: dict | None = None, after: dict | None = None, task=None):
    """Write one audit entry for `obj` (a model instance)."""
    user = actor if getattr(actor, "is_authenticated", False) else None
    return Entry.objects.create(
        actor=user,
        action=action,
        model=obj._meta.label_lower,
        object_id=obj.pk,
        task=task,
        summary=summary[:300],
        before=before or {},
        after=after or {},
    )


def snapshot(obj, fields) -> dict:
    """The values of `fields` of `obj`, as JSON-friendly values."""
    out = {}
    for name in fields:
        value = getattr(obj, name)
        if hasattr(value, "isoformat"):
            value = value.isoformat()
        elif hasattr(value, "pk"):
            value = value.pk
        out[name] = value
    return out
