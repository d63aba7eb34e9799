"""Migrations that move data: figures recorded before Figure had its own period take their update's; tasks
imported before milestones get their quarter milestones."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [("tracking", "0001_initial")]
AFTER = [("tracking", "0002_figure_period_recorded_note")]


@pytest.mark.django_db(transaction=True)
def test_it_fills_the_period_reporter_and_time_of_existing_figures_from_their_update():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state([*BEFORE, ("plans", "0002_initial")]).apps
    user = old.get_model("auth", "User").objects.create(username="fagai")
    org = old.get_model("orgs", "Organisation").objects.create(name="市中区")
    department = old.get_model("orgs", "Department").objects.create(org=org, name="区发展和改革局")
    plan = old.get_model("plans", "Plan").objects.create(org=org, year=2023, title="报告", source_name="a.txt",
                                                         format="txt", text="")
    task = old.get_model("tracking", "Task").objects.create(plan=plan, title="任务")
    target = old.get_model("plans", "Target").objects.create(plan=plan, task=task, indicator="新增企业", value=10)
    update = old.get_model("tracking", "ProgressUpdate").objects.create(
        task=task, department=department, period=date(2023, 5, 1), progress="推进", percent=40, submitted_by=user)
    old.get_model("tracking", "Figure").objects.create(update=update, target=target, value=4)

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)
    new = executor.loader.project_state([*AFTER, ("plans", "0002_initial")]).apps
    figure = new.get_model("tracking", "Figure").objects.get()
    update = new.get_model("tracking", "ProgressUpdate").objects.get()
    assert figure.period == date(2023, 5, 1)
    assert figure.recorded_by_id == user.pk and figure.recorded_at == update.submitted_at
    assert figure.note == "" and figure.recorded_at <= timezone.now()

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())  # leave the database as the other tests expect it


@pytest.mark.django_db(transaction=True)
def test_tasks_imported_before_milestones_get_their_quarter_milestones():
    before, after = [("tracking", "0002_figure_period_recorded_note")], [("tracking", "0003_milestone")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state([*before, ("plans", "0002_initial")]).apps
    org = old.get_model("orgs", "Organisation").objects.create(name="市中区")
    plan = old.get_model("plans", "Plan").objects.create(org=org, year=2023, title="报告", source_name="a.txt",
                                                         format="txt", text="")
    Task = old.get_model("tracking", "Task")
    area = Task.objects.create(plan=plan, kind="area", title="领域")
    year_long = Task.objects.create(plan=plan, parent=area, title="全年任务", deadline=date(2023, 12, 31))
    half = Task.objects.create(plan=plan, parent=area, title="上半年任务", deadline=date(2023, 6, 30))
    undated = Task.objects.create(plan=plan, parent=area, title="无时限任务")
    short = Task.objects.create(plan=plan, parent=area, title="春节前任务", deadline=date(2023, 1, 20))

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(after)
    new = executor.loader.project_state([*after, ("plans", "0002_initial")]).apps
    Milestone = new.get_model("tracking", "Milestone")

    def points(task):
        return [(m.date.isoformat(), m.expected, m.edited) for m in Milestone.objects.filter(task_id=task.pk)]

    year = [("2023-03-31", 25, False), ("2023-06-30", 50, False), ("2023-09-30", 75, False),
            ("2023-12-31", 100, False)]
    assert points(year_long) == year and points(undated) == year
    assert points(half) == [("2023-03-31", 50, False), ("2023-06-30", 100, False)]
    assert points(short) == [] and points(area) == []

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())  # leave the database as the other tests expect it
