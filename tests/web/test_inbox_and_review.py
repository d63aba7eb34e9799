"""A department's inbox (未报送 impossible to miss) and the office's review queue with its bulk chases."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from luoshi.tracking import workflow
from luoshi.tracking.choices import ChaseKind, State
from luoshi.tracking.models import Chase, Task

pytestmark = pytest.mark.django_db


@pytest.fixture
def on(monkeypatch):
    def freeze(day: date):
        monkeypatch.setattr("luoshi.tracking.status.today", lambda: day)
    freeze(date(2023, 3, 15))
    return freeze


def inbox(client, people, who="fagai"):
    client.force_login(people[who])
    response = client.get(reverse("inbox"))
    assert response.status_code == 200
    return response


def report(people, departments, task, who="fagai", department="区发展和改革局", day=date(2023, 3, 1)):
    return workflow.submit_update(task, people[who], departments[department], day, "推进中", 30)


# --- the inbox -------------------------------------------------------------------------------------------


def test_it_shows_a_red_banner_with_the_count_once_the_due_day_has_passed(client, people, tasks, on):
    on(date(2023, 3, 26))  # due day is the 25th
    response = inbox(client, people)
    html = response.content.decode()
    banner = html.split('id="unreported-banner"')[1].split("</div>")[0]
    assert 'class="banner bad"' in html
    assert "未报送 2 项" in banner and "2023年3月25日" in banner
    assert html.index("unreported-banner") < html.index("<h1")  # at the top of the page


def test_it_warns_before_the_due_day_and_counts_what_is_still_to_report(client, people, departments, tasks, on):
    on(date(2023, 3, 10))
    report(people, departments, tasks[0])
    html = inbox(client, people).content.decode()
    assert 'class="banner warn"' in html and "<strong>1 项</strong>" in html


def test_it_says_when_everything_is_reported(client, people, departments, tasks, on):
    on(date(2023, 3, 26))
    report(people, departments, tasks[0])
    report(people, departments, tasks[1])
    response = inbox(client, people)
    assert response.context["box"].to_report == []
    assert 'class="banner good"' in response.content.decode()


def test_it_lists_only_the_departments_own_tasks_each_with_its_badge(client, people, tasks, on):
    response = inbox(client, people, "jiaoti")
    box = response.context["box"]
    assert [(t.pk, s) for t, s in box.tasks] == [(tasks[2].pk, "behind")]  # 0% with a fifth of the year gone
    assert [t.pk for t, _ in box.to_sign] == [tasks[2].pk]
    assert 'data-schedule="behind"' in response.content.decode()


def test_it_signs_from_the_inbox_and_goes_back_to_it(client, people, tasks, on):
    client.force_login(people["jiaoti"])
    response = client.post(reverse("task_sign", args=[tasks[2].pk]), {"next": reverse("inbox")})
    assert response["Location"] == reverse("inbox")
    assert inbox(client, people, "jiaoti").context["box"].to_sign == []
    assert Task.objects.get(pk=tasks[2].pk).state == State.SIGNED


def test_it_lists_unread_chases_first_and_opening_the_task_reads_them(client, people, tasks, on):
    workflow.chase([tasks[1]], people["office"], "第一次催办")
    workflow.chase([tasks[0]], people["office"], "第二次催办")
    client.force_login(people["fagai"])
    client.get(reverse("task_detail", args=[tasks[0].pk]))
    box = inbox(client, people).context["box"]
    assert [c.message for c in box.chases] == ["第一次催办", "第二次催办"]
    assert [c.read_at is None for c in box.chases] == [True, False]
    assert box.unread_chases == 1


def test_it_lists_pending_extension_requests(client, people, departments, tasks, on):
    workflow.request_extension(tasks[1], people["fagai"], departments["区发展和改革局"], date(2024, 6, 30), "资金未到位")
    html = inbox(client, people).content.decode()
    assert "资金未到位" in html.split('id="extensions"')[1]


# --- the review queue --------------------------------------------------------------------------------


def queue(client, people):
    client.force_login(people["office"])
    response = client.get(reverse("review_queue"))
    assert response.status_code == 200
    return response


def test_it_queues_updates_done_requests_and_extensions_for_review(client, people, departments, tasks, on):
    update = report(people, departments, tasks[0])
    final = workflow.submit_update(tasks[2], people["jiaoti"], departments["区教育和体育局"], date(2023, 3, 1),
                                   "已完成", 100, final=True)
    extension = workflow.request_extension(tasks[1], people["fagai"], departments["区发展和改革局"],
                                           date(2024, 6, 30), "资金未到位")
    q = queue(client, people).context["queue"]
    assert [u.pk for u in q.updates] == [update.pk]
    assert [u.pk for u in q.done_requests] == [final.pk]
    assert [e.pk for e in q.extensions] == [extension.pk]


def test_it_reviews_from_the_queue_and_goes_back_to_it(client, people, departments, tasks, on):
    update = report(people, departments, tasks[0])
    client.force_login(people["office"])
    response = client.post(reverse("update_review", args=[update.pk]),
                           {"verdict": "accept", "next": reverse("review_queue")})
    assert response["Location"] == reverse("review_queue")
    assert queue(client, people).context["queue"].updates == []


def test_it_chases_every_lagging_task_in_one_go(client, people, tasks, on):
    on(date(2023, 11, 30))  # 0% done with 11/12 of the year gone: behind
    Task.objects.filter(pk=tasks[1].pk).update(percent=95)
    workflow.close(tasks[2], people["office"])
    assert queue(client, people).context["queue"].lagging_count == 1
    client.post(reverse("chase_lagging"), {"message": "请加快进度"})
    chases = Chase.objects.all()
    assert [(c.task_id, c.department.name, c.kind) for c in chases] == [(tasks[0].pk, "区发展和改革局", ChaseKind.LAGGING)]


def test_it_chases_every_unreported_department_in_one_go(client, people, departments, tasks, on):
    on(date(2023, 3, 26))
    report(people, departments, tasks[0])
    assert queue(client, people).context["queue"].unreported_count == 3
    client.post(reverse("chase_unreported"), {"message": "请尽快报送"})
    chased = {(c.task_id, c.department.name) for c in Chase.objects.filter(kind=ChaseKind.UNREPORTED)}
    assert chased == {(tasks[0].pk, "区财政局"), (tasks[1].pk, "区发展和改革局"), (tasks[2].pk, "区教育和体育局")}
    assert "请尽快报送" in inbox(client, people, "jiaoti").content.decode()


def test_it_chases_nobody_as_unreported_before_the_due_day(client, people, tasks, on):
    on(date(2023, 3, 20))
    client.force_login(people["office"])
    response = client.post(reverse("chase_unreported"), {"message": "请尽快报送"}, follow=True)
    assert not Chase.objects.exists()
    assert "当前没有未报送的任务" in response.content.decode()


def test_it_needs_a_message_to_chase(client, people, tasks, on):
    on(date(2023, 11, 30))
    client.force_login(people["office"])
    client.post(reverse("chase_lagging"), {"message": ""})
    assert not Chase.objects.exists()
