"""Figures of the office (no update): Figure.update may be empty, and every figure has its own period, who
recorded it, when and a note. Existing figures take their update's period, submitter and submission time.
Updates and extension requests still pending when their task is closed are closed with it (status "closed")."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def fill_from_updates(apps, schema_editor):
    Figure = apps.get_model("tracking", "Figure")
    ProgressUpdate = apps.get_model("tracking", "ProgressUpdate")
    update = ProgressUpdate.objects.filter(pk=OuterRef("update_id"))
    Figure.objects.filter(update__isnull=False).update(
        period=Subquery(update.values("period")[:1]),
        recorded_by=Subquery(update.values("submitted_by")[:1]),
        recorded_at=Subquery(update.values("submitted_at")[:1]),
    )


class Migration(migrations.Migration):

    dependencies = [
        ("tracking", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="figure",
            options={"verbose_name": "指标数据", "verbose_name_plural": "指标数据"},
        ),
        migrations.AlterField(
            model_name="figure",
            name="update",
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE,
                                    related_name="figures", to="tracking.progressupdate", verbose_name="进展报送"),
        ),
        migrations.AddField(
            model_name="figure",
            name="period",
            field=models.DateField(null=True, help_text="数据所属的期（月份的第一天）", verbose_name="数据期"),
        ),
        migrations.AddField(
            model_name="figure",
            name="note",
            field=models.CharField(blank=True, max_length=300, verbose_name="来源或说明"),
        ),
        migrations.AddField(
            model_name="figure",
            name="recorded_at",
            field=models.DateTimeField(blank=True, default=django.utils.timezone.now, verbose_name="录入时间"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="figure",
            name="recorded_by",
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL,
                                    related_name="+", to=settings.AUTH_USER_MODEL, verbose_name="录入人"),
        ),
        migrations.RunPython(fill_from_updates, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="figure",
            name="period",
            field=models.DateField(help_text="数据所属的期（月份的第一天）", verbose_name="数据期"),
        ),
        migrations.AddIndex(
            model_name="figure",
            index=models.Index(fields=["target", "period"], name="tracking_fi_target__8847f2_idx"),
        ),
        migrations.AlterField(
            model_name="progressupdate",
            name="status",
            field=models.CharField(choices=[("submitted", "待审核"), ("accepted", "已通过"), ("returned", "已退回"),
                                            ("closed", "随任务办结")],
                                   default="submitted", max_length=10, verbose_name="审核"),
        ),
        migrations.AlterField(
            model_name="extensionrequest",
            name="status",
            field=models.CharField(choices=[("pending", "待审批"), ("granted", "已同意"), ("refused", "未同意"),
                                            ("closed", "随任务办结")],
                                   default="pending", max_length=10, verbose_name="状态"),
        ),
    ]
