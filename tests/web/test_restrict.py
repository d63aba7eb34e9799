"""restrict(user, action): the one place that says who may see or do what."""

import pytest
from django.contrib.auth.models import AnonymousUser

from luoshi.tracking import workflow
from luoshi.tracking.models import ProgressUpdate, Task

pytestmark = pytest.mark.django_db


def visible(user, action="view"):
    return set(Task.objects.restrict(user, action).filter(kind="task").values_list("order", flat=True))


def test_it_shows_the_office_every_task(people, tasks):
    assert visible(people["office"]) == {t.order for t in tasks}


def test_it_shows_a_department_only_its_own_tasks(people, tasks):
    assert visible(people["fagai"]) == {tasks[0].order, tasks[1].order}
    assert visible(people["jiaoti"]) == {tasks[2].order}


def test_it_shows_a_leader_the_tasks_of_the_departments_they_oversee(people, tasks):
    assert visible(people["leader"]) == {tasks[0].order, tasks[1].order}


def test_it_shows_the_public_only_published_tasks(people, tasks):
    assert visible(AnonymousUser()) == set()
    workflow.publish(tasks[5], people["office"])
    assert visible(AnonymousUser()) == {tasks[5].order}


@pytest.mark.parametrize(("who", "action", "expected"), [
    ("office", "manage", True),
    ("office", "report", True),
    ("fagai", "report", True),
    ("fagai", "manage", False),
    ("jiaoti", "report", False),
    ("leader", "report", False),
    ("leader", "manage", False),
])
def test_it_allows_actions_by_role(people, tasks, who, action, expected):
    assert Task.objects.restrict(people[who], action).filter(pk=tasks[0].pk).exists() is expected


def test_it_restricts_progress_updates_through_their_task(people, tasks, departments):
    workflow.submit_update(tasks[2], people["jiaoti"], departments["区教育和体育局"], tasks[2].deadline.replace(month=3, day=1),
                           "开工建设", 30)
    assert ProgressUpdate.objects.restrict(people["jiaoti"]).count() == 1
    assert ProgressUpdate.objects.restrict(people["fagai"]).count() == 0
    assert ProgressUpdate.objects.restrict(people["office"]).count() == 1
