"""Suggested departments on the task page: shown to the office, filling only an empty assignment form."""

import pytest
from django.urls import reverse

from luoshi.orgs.models import Department
from luoshi.tracking.choices import State
from luoshi.tracking.suggestions import suggested_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def education_task(plan, org):
    Department.objects.filter(org=org, name="区教育和体育局").update(duties="教育、学校、幼儿园、中小学、学位、体育")
    return plan.tasks.filter(kind="task", state=State.IMPORTED, text__contains="幼儿园").first()


def test_it_suggests_the_department_whose_duties_the_task_names(education_task, org):
    suggested = suggested_for(education_task, org)
    assert suggested[0].role == "lead"
    assert suggested[0].department.name == "区教育和体育局"
    assert "幼儿园" in suggested[0].words


def test_it_fills_the_form_of_an_unassigned_task_for_the_office(client, people, education_task):
    client.force_login(people["office"])
    page = client.get(reverse("task_detail", args=[education_task.pk]))
    assert page.context["assign_form"].initial["lead"] == Department.objects.get(name="区教育和体育局").pk
    assert "系统建议" in page.content.decode()


def test_it_never_overrides_a_persons_choice(client, people, tasks, departments):
    task = tasks[0]  # assigned by hand to 区发展和改革局 in the fixtures
    client.force_login(people["office"])
    page = client.get(reverse("task_detail", args=[task.pk]))
    assert page.context["assign_form"].initial["lead"] == departments["区发展和改革局"].pk


def test_it_shows_no_suggestions_to_a_department(client, people, tasks):
    client.force_login(people["fagai"])
    page = client.get(reverse("task_detail", args=[tasks[0].pk]))
    assert "系统建议" not in page.content.decode()
