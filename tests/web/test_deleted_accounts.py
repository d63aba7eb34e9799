"""Pages still render when the people who acted have since been deleted (their foreign keys are NULL)."""

import pytest
from django.urls import reverse

from luoshi.tracking import workflow

pytestmark = pytest.mark.django_db


def test_it_shows_a_task_whose_reporter_and_reviewer_accounts_are_gone(client, people, departments, tasks):
    task = tasks[0]
    update = workflow.submit_update(task, people["fagai"], departments["区发展和改革局"],
                                    task.deadline.replace(month=5, day=1), "完成前期工作", 40)
    workflow.review_update(update, people["office"], accept=True)
    people["fagai"].delete()  # the reporter and the audit entries lose their user
    type(update).objects.filter(pk=update.pk).update(reviewed_by=None)
    client.force_login(people["office"])
    response = client.get(reverse("task_detail", args=[task.pk]))
    assert response.status_code == 200
    assert "完成前期工作" in response.content.decode()
