"""The public progress page: anyone may read it, and it holds what the office published and nothing else."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from luoshi.plans.importing import analyse_upload, create_plan
from luoshi.tracking import status, workflow
from luoshi.tracking.models import Task

from .conftest import sample_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def july(monkeypatch):
    monkeypatch.setattr(status, "today", lambda: date(2023, 7, 26))


def html(response) -> str:
    return response.content.decode()


def count(page: str, key: str) -> int:
    return int(re.search(rf'data-count="{key}">(\d+)', page).group(1))


@pytest.fixture
def published(people, departments, tasks):
    """Task 0 published with an accepted and a later pending update; task 2 published, overdue; task 1 not."""
    fagai = departments["区发展和改革局"]
    accepted = workflow.submit_update(tasks[0], people["fagai"], fagai, date(2023, 6, 1), "已签约项目12个", 55)
    workflow.review_update(accepted, people["office"], accept=True)
    workflow.submit_update(tasks[0], people["fagai"], fagai, date(2023, 7, 1), "尚未审核的内部进展", 70)
    workflow.submit_update(tasks[1], people["fagai"], fagai, date(2023, 7, 1), "未公开任务的进展", 30)
    tasks[2].deadline = date(2023, 6, 30)
    tasks[2].save()
    workflow.publish(tasks[0], people["office"])
    workflow.publish(tasks[2], people["office"])
    return [tasks[0], tasks[2]]


@pytest.mark.parametrize("who", [None, "office", "fagai", "jiaoti", "leader"])
def test_it_shows_everyone_exactly_the_published_tasks(client, people, tasks, published, who):
    if who:
        client.force_login(people[who])
    response = client.get(reverse("public"))
    assert response.status_code == 200
    page = html(response)
    shown = set(map(int, re.findall(r'data-task="(\d+)"', page)))
    assert shown == {t.pk for t in published}
    for task in tasks:
        if task not in published:
            assert task.title not in page
    assert "未公开任务的进展" not in page
    assert count(page, "total") == 2


def test_it_shows_nothing_unpublished_even_when_nothing_is_published(client, tasks):
    page = html(client.get(reverse("public")))
    assert "暂无公开的任务" in page
    assert not any(t.title in page for t in tasks)


def test_it_shows_percent_state_schedule_and_the_latest_accepted_progress(client, tasks, published):
    page = html(client.get(reverse("public")))
    card = page.split(f'data-task="{tasks[0].pk}"')[1].split("</li>")[0]
    assert "55%" in card and "推进中" in card and 'data-schedule="on_track"' in card
    assert "已签约项目12个" in card and "2023年6月" in card
    assert "尚未审核的内部进展" not in page  # submitted, not yet accepted by the office
    assert "区发展和改革局" in card
    overdue = page.split(f'data-task="{tasks[2].pk}"')[1].split("</li>")[0]
    assert 'data-schedule="overdue"' in overdue and "2023年6月30日" in overdue
    assert count(page, "overdue") == 1 and count(page, "on_track") == 1


def test_it_stops_showing_a_task_the_office_unpublishes(client, people, tasks, published):
    workflow.publish(tasks[0], people["office"], published=False)
    page = html(client.get(reverse("public")))
    assert tasks[0].title not in page and "已签约项目12个" not in page
    assert count(page, "total") == 1


def test_it_groups_tasks_by_area(client, people, tasks, published):
    workflow.publish(tasks[5], people["office"])
    page = html(client.get(reverse("public")))
    first, second = tasks[0].parent.title, tasks[5].parent.title
    assert first != second and page.index(first) < page.index(tasks[0].title) < page.index(second)


def test_it_shows_one_plan_at_a_time_newest_first(client, org, people, tasks, published):
    older = create_plan(org, analyse_upload(sample_bytes(), "2022.txt", 10**8), people["office"], year=2022)
    old_task = older.tasks.filter(kind="task").order_by("order").first()
    workflow.publish(old_task, people["office"])
    page = html(client.get(reverse("public")))
    assert set(map(int, re.findall(r'data-task="(\d+)"', page))) == {t.pk for t in published}
    assert f"?plan={older.pk}" in page
    page = html(client.get(reverse("public"), {"plan": older.pk}))
    assert set(map(int, re.findall(r'data-task="(\d+)"', page))) == {old_task.pk}


def test_it_gives_404_for_a_plan_with_nothing_published(client, org, people, tasks, published):
    unpublished = create_plan(org, analyse_upload(sample_bytes(), "2022.txt", 10**8), people["office"], year=2022)
    assert client.get(reverse("public"), {"plan": unpublished.pk}).status_code == 404
    assert client.get(reverse("public"), {"plan": "x"}).status_code == 404


def test_it_uses_the_organisation_colour_scheme_for_anonymous_visitors(client, org, published):
    org.colour_scheme = "byr"
    org.save()
    assert 'data-scheme="byr"' in html(client.get(reverse("public")))


def test_it_reads_in_a_fixed_number_of_queries(client, people, tasks, published, django_assert_max_num_queries):
    with django_assert_max_num_queries(4) as few:
        client.get(reverse("public"))
    for task in tasks[3:]:
        workflow.publish(task, people["office"])
    with django_assert_max_num_queries(4) as many:
        page = html(client.get(reverse("public")))
    assert count(page, "total") == len(tasks) - 1
    assert len(few.captured_queries) == len(many.captured_queries)


def test_it_counts_only_published_tasks_for_logged_in_office_users(client, people, tasks, published):
    client.force_login(people["office"])
    assert Task.objects.restrict(people["office"]).filter(kind="task").count() == len(tasks)
    assert count(html(client.get(reverse("public"))), "total") == 2


def test_it_is_the_page_a_logout_lands_on(client, people):
    client.force_login(people["office"])
    response = client.post(reverse("logout"))
    assert response["Location"] == reverse("public")
    assert client.get(response["Location"]).status_code == 200


# What the public reads of a published task's updates: only those the office accepted --------------------------

def test_it_gives_anonymous_api_callers_only_the_accepted_updates_of_a_published_task(client, people, tasks,
                                                                                       published):
    returned = workflow.submit_update(tasks[0], people["fagai"], tasks[0].lead.department, date(2023, 5, 1),
                                      "被退回的进展", 40)
    workflow.review_update(returned, people["office"], accept=False, comment="数据有误")
    items = client.get(f"/api/tasks/{tasks[0].pk}/updates").json()["items"]
    assert [u["progress"] for u in items] == ["已签约项目12个"]
    listed = client.get("/api/updates", {"task": tasks[0].pk}).json()
    assert listed["count"] == 1 and client.get("/api/updates", {"status": "submitted"}).json()["count"] == 0
    assert client.get(f"/api/updates/{returned.pk}").status_code == 404
    client.force_login(people["office"])
    assert client.get(f"/api/tasks/{tasks[0].pk}/updates").json()["count"] == 3


def test_it_shows_a_signed_in_user_of_no_organisation_only_accepted_updates(client, people, tasks, published):
    client.force_login(User.objects.create_user("visitor", password="x"))
    response = client.get(reverse("task_detail", args=[tasks[0].pk]))
    assert response.status_code == 200
    page = html(response)
    assert "已签约项目12个" in page and "尚未审核的内部进展" not in page
    assert [u.status for u in response.context["updates"]] == ["accepted"]
