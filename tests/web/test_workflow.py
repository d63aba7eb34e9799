"""The whole workflow through the pages, as the office and a department do it, and the derived states at chosen dates."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from luoshi.api.models import ApiToken
from luoshi.orgs.models import Post
from luoshi.tracking import workflow
from luoshi.tracking.choices import ExtensionStatus, State, UpdateStatus
from luoshi.tracking.models import Attachment, Chase, ExtensionRequest, Figure, ProgressUpdate, Task

pytestmark = pytest.mark.django_db


@pytest.fixture
def on(monkeypatch):
    """Freeze the date the pages see: on(date(2023, 3, 15))."""
    def freeze(day: date):
        monkeypatch.setattr("luoshi.tracking.status.today", lambda: day)
    freeze(date(2023, 3, 15))
    return freeze


def as_user(client, people, who):
    client.force_login(people[who])
    return client


def post_ok(client, name, pk, data=None, **extra):
    response = client.post(reverse(name, args=[pk]), data or {}, **extra)
    assert response.status_code == 302, response.content.decode()[:2000]
    errors = [str(m) for m in response.wsgi_request._messages if m.level_tag == "error"]
    assert not errors, errors
    return response


@pytest.fixture
def task(tasks):
    """tasks[4] (着力实施科技创新): not assigned yet, with quantified targets."""
    task = tasks[4]
    assert task.state == State.IMPORTED and task.targets.exists()
    return task


def test_it_runs_a_task_from_assignment_to_closing(client, people, departments, org, task, on):
    fagai, caizheng = departments["区发展和改革局"], departments["区财政局"]
    post = Post.objects.create(org=org, title="区发展和改革局局长", department=fagai)

    as_user(client, people, "office")
    post_ok(client, "task_assign", task.pk, {"lead": fagai.pk, "cooperating": [caizheng.pk],
                                             "contact_post": post.pk, "deadline": "2023-11-30"})
    task.refresh_from_db()
    assert task.state == State.ASSIGNED and task.deadline == date(2023, 11, 30)
    assert task.lead.department == fagai and task.lead.contact_post == post

    as_user(client, people, "fagai")
    post_ok(client, "task_sign", task.pk)
    task.refresh_from_db()
    assert task.state == State.SIGNED

    target = task.targets.first()
    post_ok(client, "task_report", task.pk, {
        "period": "2023-03-01", "progress": "新认定高新技术企业20家", "problems": "申报材料不齐",
        "next_steps": "加强辅导", "percent": "40", f"figure_{target.pk}": "20",
        "attachments": [SimpleUploadedFile("认定名单.txt", "名单".encode())]})
    update = ProgressUpdate.objects.get(task=task)
    assert (update.percent, update.problems, update.status) == (40, "申报材料不齐", UpdateStatus.SUBMITTED)
    assert Figure.objects.get(update=update).value == 20
    assert Attachment.objects.get(update=update).name == "认定名单.txt"
    task.refresh_from_db()
    assert task.state == State.IN_PROGRESS

    as_user(client, people, "office")
    post_ok(client, "update_review", update.pk, {"verdict": "accept", "comment": "数据属实"})
    task.refresh_from_db()
    assert task.percent == 40
    detail = client.get(reverse("task_detail", args=[task.pk])).content.decode()
    assert "数据属实" in detail and "认定名单.txt" in detail

    as_user(client, people, "fagai")
    post_ok(client, "task_report", task.pk, {"period": "2023-03-01", "progress": "全部完成", "percent": "100",
                                             "final": "on"})
    task.refresh_from_db()
    assert task.state == State.SUBMITTED
    final = ProgressUpdate.objects.get(task=task, is_final=True)

    as_user(client, people, "office")
    queue = client.get(reverse("review_queue"))
    assert [u.pk for u in queue.context["queue"].done_requests] == [final.pk]
    post_ok(client, "update_review", final.pk, {"verdict": "accept", "next": reverse("review_queue")})
    task.refresh_from_db()
    assert task.state == State.CLOSED and task.percent == 100 and task.closed_at is not None
    assert set(task.audit_entries.values_list("action", flat=True)) >= {"assign", "sign", "report", "review"}


def test_it_lets_the_office_close_a_task_directly(client, people, tasks, on):
    as_user(client, people, "office")
    post_ok(client, "task_close", tasks[0].pk, {"comment": "已完成"})
    tasks[0].refresh_from_db()
    assert tasks[0].state == State.CLOSED


def test_it_sends_a_task_back_with_its_reason_to_the_department(client, people, tasks, on):
    as_user(client, people, "office")
    post_ok(client, "task_send_back", tasks[0].pk, {"reason": "佐证材料不足"})
    tasks[0].refresh_from_db()
    assert tasks[0].state == State.RETURNED and tasks[0].return_reason == "佐证材料不足"

    inbox = as_user(client, people, "fagai").get(reverse("inbox"))
    assert [t.pk for t, _ in inbox.context["box"].returned] == [tasks[0].pk]
    assert "佐证材料不足" in inbox.content.decode()

    post_ok(client, "task_report", tasks[0].pk, {"period": "2023-03-01", "progress": "补充材料", "percent": "50"})
    tasks[0].refresh_from_db()
    assert tasks[0].state == State.IN_PROGRESS


def test_it_refuses_to_send_back_without_a_reason(client, people, tasks, on):
    as_user(client, people, "office")
    response = client.post(reverse("task_send_back", args=[tasks[0].pk]), {"reason": "  "})
    assert "退回时请写明理由" in [str(m) for m in response.wsgi_request._messages]
    tasks[0].refresh_from_db()
    assert tasks[0].state == State.ASSIGNED


def test_it_sends_an_update_back_with_its_reason(client, people, departments, tasks, on):
    update = workflow.submit_update(tasks[0], people["fagai"], departments["区发展和改革局"], date(2023, 3, 1), "推进", 30)
    as_user(client, people, "office")
    response = client.post(reverse("update_review", args=[update.pk]), {"verdict": "return", "comment": ""})
    assert "退回时请写明理由" in [str(m) for m in response.wsgi_request._messages]
    client.get(response["Location"])  # the page shows the message and it is gone
    post_ok(client, "update_review", update.pk, {"verdict": "return", "comment": "请补充数据"})
    update.refresh_from_db()
    tasks[0].refresh_from_db()
    assert update.status == UpdateStatus.RETURNED and tasks[0].state == State.RETURNED


def test_it_keeps_both_deadlines_when_an_extension_is_granted(client, people, tasks, on):
    old = tasks[0].deadline
    as_user(client, people, "fagai")
    post_ok(client, "task_request_extension", tasks[0].pk, {"new_deadline": "2024-03-31", "reason": "征地未完成"})
    request = ExtensionRequest.objects.get()
    assert request.status == ExtensionStatus.PENDING

    as_user(client, people, "office")
    assert [e.pk for e in client.get(reverse("review_queue")).context["queue"].extensions] == [request.pk]
    post_ok(client, "extension_decide", request.pk, {"verdict": "grant", "comment": "同意"})
    request.refresh_from_db()
    tasks[0].refresh_from_db()
    assert request.status == ExtensionStatus.GRANTED
    assert (request.old_deadline, request.new_deadline) == (old, date(2024, 3, 31))
    assert tasks[0].deadline == date(2024, 3, 31)
    detail = client.get(reverse("task_detail", args=[tasks[0].pk])).content.decode()
    assert "2023年12月31日" in detail and "2024年3月31日" in detail


def test_it_keeps_the_deadline_when_an_extension_is_refused(client, people, tasks, on):
    as_user(client, people, "fagai")
    post_ok(client, "task_request_extension", tasks[0].pk, {"new_deadline": "2024-03-31", "reason": "征地未完成"})
    as_user(client, people, "office")
    post_ok(client, "extension_decide", ExtensionRequest.objects.get().pk, {"verdict": "refuse", "comment": "不同意"})
    tasks[0].refresh_from_db()
    assert tasks[0].deadline == date(2023, 12, 31)


def test_it_shows_a_chase_in_the_departments_inbox(client, people, tasks, on):
    as_user(client, people, "office")
    post_ok(client, "task_chase", tasks[0].pk, {"message": "请于本周内报送"})
    chase = Chase.objects.get()
    assert chase.department.name == "区发展和改革局"  # the lead, not the co-operating 区财政局

    inbox = as_user(client, people, "fagai").get(reverse("inbox"))
    assert inbox.context["box"].unread_chases == 1 and "请于本周内报送" in inbox.content.decode()
    assert "请于本周内报送" not in as_user(client, people, "jiaoti").get(reverse("inbox")).content.decode()


def test_it_publishes_and_unpublishes_a_task(client, people, tasks, on):
    as_user(client, people, "office")
    post_ok(client, "task_publish", tasks[0].pk, {"published": "1"})
    assert Task.objects.get(pk=tasks[0].pk).published
    post_ok(client, "task_publish", tasks[0].pk, {"published": "0"})
    assert not Task.objects.get(pk=tasks[0].pk).published


def test_it_lets_the_office_report_for_the_lead_department(client, people, tasks, on):
    as_user(client, people, "office")
    post_ok(client, "task_report", tasks[2].pk, {"period": "2023-03-01", "progress": "电话报送", "percent": "10"})
    assert ProgressUpdate.objects.get().department.name == "区教育和体育局"


def test_it_defaults_the_period_to_the_current_one(client, people, tasks, on):
    on(date(2023, 7, 20))
    form = as_user(client, people, "fagai").get(reverse("task_report", args=[tasks[0].pk])).context["form"]
    assert form["period"].value() == "2023-07-01"
    assert [label for _, label in form.fields["period"].choices][:2] == ["2023年7月", "2023年6月"]


# --- schedule status (序时进度), derived at chosen dates -------------------------------------------

# percent, deadline, state, today, expected schedule status
SCHEDULES = [
    (50, date(2023, 12, 31), State.IN_PROGRESS, date(2023, 6, 30), "on_track"),
    (20, date(2023, 12, 31), State.IN_PROGRESS, date(2023, 6, 30), "behind"),
    (80, date(2023, 12, 31), State.IN_PROGRESS, date(2023, 6, 30), "ahead"),
    (80, date(2023, 12, 31), State.IN_PROGRESS, date(2023, 11, 30), "behind"),  # 11/12 expected at end of Nov
    (90, date(2023, 6, 30), State.IN_PROGRESS, date(2023, 7, 1), "overdue"),
    (90, date(2023, 6, 30), State.IN_PROGRESS, date(2023, 6, 30), "on_track"),  # due today is not overdue
    (100, date(2023, 6, 30), State.CLOSED, date(2023, 7, 1), "done"),
]


@pytest.mark.parametrize(("percent", "deadline", "state", "today", "expected"), SCHEDULES)
def test_it_derives_the_schedule_status_at_a_chosen_date(client, people, tasks, on, percent, deadline, state,
                                                         today, expected):
    on(today)
    Task.objects.filter(pk=tasks[0].pk).update(percent=percent, deadline=deadline, state=state)
    as_user(client, people, "office")
    detail = client.get(reverse("task_detail", args=[tasks[0].pk]))
    assert detail.context["schedule"] == expected
    assert f'data-schedule="{expected}"' in detail.content.decode()
    listed = client.get(reverse("task_list"), {"schedule": expected}).context["rows"]
    assert tasks[0].pk in [t.pk for t, _, _ in listed]


# --- closing a task closes what was still waiting for the office ---------------------------------

def _pending(people, departments, task):
    fagai = departments["区发展和改革局"]
    update = workflow.submit_update(task, people["fagai"], fagai, date(2023, 3, 1), "三月进展", 30)
    extension = workflow.request_extension(task, people["fagai"], fagai, date(2024, 3, 31), "征地未完成")
    return update, extension


def test_it_closes_pending_updates_and_extension_requests_with_the_task(client, people, departments, tasks, on):
    update, extension = _pending(people, departments, tasks[0])
    as_user(client, people, "office")
    post_ok(client, "task_close", tasks[0].pk, {"comment": "已完成"})
    update.refresh_from_db()
    extension.refresh_from_db()
    assert update.status == UpdateStatus.CLOSED and update.reviewed_by == people["office"] and update.reviewed_at
    assert extension.status == ExtensionStatus.CLOSED and extension.decided_by == people["office"]
    queue = client.get(reverse("review_queue")).context["queue"]
    assert queue.updates == [] and queue.done_requests == [] and queue.extensions == []
    entries = {(e.model, e.object_id): e for e in tasks[0].audit_entries.filter(action="close_with_task")}
    on_update, on_extension = entries["tracking.progressupdate", update.pk], entries["tracking.extensionrequest",
                                                                                     extension.pk]
    assert on_update.before == {"status": "submitted"} and on_update.after == {"status": "closed"}
    assert "未经审核" in on_update.summary and "未经审批" in on_extension.summary
    detail = client.get(reverse("task_detail", args=[tasks[0].pk])).content.decode()
    assert "随任务办结" in detail
    assert update.pk not in [u.pk for u in client.get(reverse("task_detail", args=[tasks[0].pk]))
                             .context["pending_updates"]]


def test_it_closes_the_other_pending_updates_when_a_final_one_is_accepted(client, people, departments, tasks, on):
    fagai, caizheng = departments["区发展和改革局"], departments["区财政局"]
    other = workflow.submit_update(tasks[0], people["office"], caizheng, date(2023, 3, 1), "配合单位进展", 50)
    final = workflow.submit_update(tasks[0], people["fagai"], fagai, date(2023, 3, 1), "全部完成", 100, final=True)
    as_user(client, people, "office")
    post_ok(client, "update_review", final.pk, {"verdict": "accept", "next": reverse("review_queue")})
    final.refresh_from_db()
    other.refresh_from_db()
    assert final.status == UpdateStatus.ACCEPTED and other.status == UpdateStatus.CLOSED
    assert client.get(reverse("review_queue")).context["queue"].updates == []
    with pytest.raises(workflow.WorkflowError):
        workflow.review_update(other, people["office"], accept=True)  # nothing left to review


def test_it_leaves_pending_updates_alone_when_a_final_one_is_sent_back(people, departments, tasks, on):
    fagai = departments["区发展和改革局"]
    earlier = workflow.submit_update(tasks[0], people["fagai"], fagai, date(2023, 3, 1), "三月进展", 40)
    final = workflow.submit_update(tasks[0], people["fagai"], fagai, date(2023, 3, 1), "全部完成", 100, final=True)
    workflow.review_update(final, people["office"], accept=False, comment="缺验收材料")
    earlier.refresh_from_db()
    assert earlier.status == UpdateStatus.SUBMITTED


def test_it_closes_pending_updates_closed_through_the_api(people, departments, tasks, on):
    update, _ = _pending(people, departments, tasks[0])
    office = Client(headers={"Authorization": f"Bearer {ApiToken.issue(people['office'], 't')[1]}"})
    response = office.post(f"/api/tasks/{tasks[0].pk}/close", {"comment": ""}, content_type="application/json")
    assert response.status_code == 200
    closed = office.get(f"/api/updates/{update.pk}").json()
    assert closed["status"] == "closed" and closed["status_label"] == "随任务办结"
    assert office.get("/api/updates", {"status": "submitted"}).json()["count"] == 0


def test_it_gives_a_task_not_yet_assigned_no_schedule_to_keep(plan):
    from luoshi.tracking.choices import Schedule, State
    from luoshi.tracking.status import schedule_of

    imported = plan.tasks.filter(kind="task", state=State.IMPORTED).select_related("plan__org").first()
    assert schedule_of(imported, date(2023, 11, 27)) is Schedule.UNASSIGNED
