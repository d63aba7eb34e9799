"""Milestones of tasks (季度节点). Tasks already imported get the quarter milestones a plan imported from now on
gives its tasks (tracking.milestones.add_quarter_milestones, repeated here as it stands today)."""

from datetime import date

import django.db.models.deletion
from django.db import migrations, models

from luoshi.engine.deadlines import quarter_milestones


def add_quarter_milestones(apps, schema_editor):
    Task = apps.get_model("tracking", "Task")
    Milestone = apps.get_model("tracking", "Milestone")
    made = []
    for pk, deadline, year in Task.objects.exclude(kind="area").values_list("pk", "deadline", "plan__year"):
        points = quarter_milestones(deadline or date(year, 12, 31), year)
        if len(points) > 1:
            made += [Milestone(task_id=pk, date=p.date, expected=p.expected) for p in points]
    Milestone.objects.bulk_create(made, batch_size=500)


class Migration(migrations.Migration):

    dependencies = [
        ('tracking', '0002_figure_period_recorded_note'),
    ]

    operations = [
        migrations.CreateModel(
            name='Milestone',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('date', models.DateField(verbose_name='节点日期')),
                ('expected', models.PositiveSmallIntegerField(verbose_name='应完成比例')),
                ('note', models.CharField(blank=True, max_length=200, verbose_name='说明')),
                ('edited', models.BooleanField(default=False, verbose_name='已人工调整')),
                ('task', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='milestones', to='tracking.task', verbose_name='任务')),
            ],
            options={
                'verbose_name': '里程碑',
                'verbose_name_plural': '里程碑',
                'ordering': ['task', 'date', 'pk'],
                'indexes': [models.Index(fields=['task', 'date'], name='tracking_mi_task_id_90ce8c_idx')],
            },
        ),
        migrations.RunPython(add_quarter_milestones, migrations.RunPython.noop),
    ]
