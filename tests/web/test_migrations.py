"""Migrations that move data: figures recorded before Figure had its own period take their update's."""

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
