"""The task pages and actions against every role: who sees what, who may do what, and the list's filters.

Fixtures (conftest): tasks[0] and tasks[1] are led by 区发展和改革局 (fagai; tasks[0] with 区财政局 as
co-operating), tasks[2] by 区教育和体育局 (jiaoti); the leader oversees 区发展和改革局.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from luoshi.tracking import workflow
from luoshi.tracking.choices import ExtensionStatus, State
from luoshi.tracking.models import Attachment, Chase, Task

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "office", "fagai", "jiaoti", "leader"]


@pytest.fixture(autouse=True)
def in_march_2023(monkeypatch):
    monkeypatch.setattr("luoshi.tracking.status.today", lambda: date(2023, 3, 15))


@pytest.fixture
def world(people, departments, tasks):
    """tasks[0] with an update holding an attachment, and a pending extension request."""
    fagai = departments["区发展和改革局"]
    update = workflow.submit_update(
        tasks[0], people["fagai"], fagai, date(2023, 3, 1), "项目开工", 30,
        attachments=[SimpleUploadedFile("照片.txt", "现场照片说明".encode())])
    extension = workflow.request_extension(tasks[0], people["fagai"], fagai, date(2024, 3, 31), "受天气影响")
    return {"task": tasks[0], "update": update, "attachment": update.attachments.get(), "extension": extension}


def login(client, people, who):
    if who != "anonymous":
        client.force_login(people[who])
    return client


# --- pages (GET) -----------------------------------------------------------------------------

# url name, the object its pk comes from (None: no argument), expected status by role
PAGES = [
    ("task_list", None, {"office": 200, "fagai": 200, "jiaoti": 200, "leader": 200}),
    ("task_detail", "task", {"office": 200, "fagai": 200, "jiaoti": 404, "leader": 200}),
    ("task_assign", "task", {"office": 200, "fagai": 403, "jiaoti": 404, "leader": 403}),
    ("task_report", "task", {"office": 200, "fagai": 200, "jiaoti": 404, "leader": 403}),
    ("task_milestones", "task", {"office": 200, "fagai": 403, "jiaoti": 404, "leader": 403}),
    ("attachment_download", "attachment", {"office": 200, "fagai": 200, "jiaoti": 404, "leader": 200}),
    ("inbox", None, {"office": 403, "fagai": 200, "jiaoti": 200, "leader": 403}),
    ("review_queue", None, {"office": 200, "fagai": 403, "jiaoti": 403, "leader": 403}),
]


def _url(name, obj_key, world):
    return reverse(name, args=[world[obj_key].pk]) if obj_key else reverse(name)


@pytest.mark.parametrize("who", ROLES)
@pytest.mark.parametrize(("name", "obj", "expected"), PAGES, ids=[p[0] for p in PAGES])
def test_it_serves_each_page_only_to_the_roles_allowed(client, people, world, name, obj, expected, who):
    url = _url(name, obj, world)
    response = login(client, people, who).get(url)
    if who == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    else:
        assert response.status_code == expected[who]


# --- actions (POST) ----------------------------------------------------------------------------


def _action_data(name, departments):
    return {
        "task_assign": {"lead": departments["区发展和改革局"].pk, "deadline": "2023-11-30"},
        "task_sign": {},
        "task_report": {"period": "2023-03-01", "progress": "推进中", "percent": "40"},
        "task_request_extension": {"new_deadline": "2024-06-30", "reason": "工期调整"},
        "task_close": {"comment": "已完成"},
        "task_send_back": {"reason": "材料不全"},
        "task_chase": {"message": "请加快推进"},
        "task_publish": {"published": "1"},
        "update_review": {"verdict": "accept", "comment": ""},
        "extension_decide": {"verdict": "grant", "comment": "同意"},
        "chase_lagging": {"message": "请加快推进"},
        "chase_unreported": {"message": "请报送"},
        "task_milestones": {"m-TOTAL_FORMS": "1", "m-INITIAL_FORMS": "0", "m-0-date": "2023-05-15",
                            "m-0-expected": "40", "m-0-note": "完成主体工程"},
    }[name]


MANAGE = {"office": 302, "fagai": 403, "jiaoti": 404, "leader": 403}
REPORT = {"office": 302, "fagai": 302, "jiaoti": 404, "leader": 403}
OFFICE_ONLY = {"office": 302, "fagai": 403, "jiaoti": 403, "leader": 403}
ACTIONS = [
    ("task_assign", "task", MANAGE),
    ("task_close", "task", MANAGE),
    ("task_send_back", "task", MANAGE),
    ("task_chase", "task", MANAGE),
    ("task_publish", "task", MANAGE),
    ("task_milestones", "task", MANAGE),
    ("update_review", "update", MANAGE),
    ("extension_decide", "extension", MANAGE),
    ("task_sign", "task", REPORT),
    ("task_report", "task", REPORT),
    ("task_request_extension", "task", REPORT),
    ("chase_lagging", None, OFFICE_ONLY),
    ("chase_unreported", None, OFFICE_ONLY),
]


@pytest.mark.parametrize("who", ROLES)
@pytest.mark.parametrize(("name", "obj", "expected"), ACTIONS, ids=[a[0] for a in ACTIONS])
def test_it_lets_each_action_be_done_only_by_the_roles_allowed(client, people, departments, world, name, obj,
                                                                expected, who):
    if name == "task_request_extension":  # only one pending request at a time
        world["extension"].status = ExtensionStatus.REFUSED
        world["extension"].save()
    response = login(client, people, who).post(_url(name, obj, world), _action_data(name, departments))
    if who == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
        return
    assert response.status_code == expected[who]
    if expected[who] == 302:
        assert not response["Location"].startswith(reverse("login"))
        messages = [str(m) for m in response.wsgi_request._messages]
        assert messages and not any("不能" in m for m in messages), messages


@pytest.mark.parametrize(("name", "obj"), [("task_detail", None), ("task_close", None), ("task_report", None),
                                           ("update_review", "update")])
def test_it_answers_404_to_a_department_guessing_another_departments_urls(client, people, world, tasks, name, obj):
    """jiaoti's own task is tasks[2]; everything of tasks[0] (fagai's) must look as if it does not exist."""
    client.force_login(people["jiaoti"])
    url = reverse(name, args=[world[obj].pk if obj else tasks[0].pk])
    response = client.post(url, {}) if name != "task_detail" else client.get(url)
    assert response.status_code == 404


def test_it_changes_nothing_when_an_action_is_refused(client, people, world):
    client.force_login(people["leader"])
    client.post(reverse("task_close", args=[world["task"].pk]), {"comment": ""})
    client.post(reverse("task_chase", args=[world["task"].pk]), {"message": "x"})
    world["task"].refresh_from_db()
    assert world["task"].state != State.CLOSED
    assert not Chase.objects.exists()


def test_it_serves_an_attachment_as_a_download_with_its_name(client, people, world):
    client.force_login(people["fagai"])
    response = client.get(reverse("attachment_download", args=[world["attachment"].pk]))
    assert b"".join(response.streaming_content).decode() == "现场照片说明"
    assert "attachment" in response["Content-Disposition"]


def test_it_refuses_an_attachment_larger_than_the_limit(client, people, tasks, settings):
    settings.LUOSHI_MAX_UPLOAD_BYTES = 10
    client.force_login(people["fagai"])
    response = client.post(reverse("task_report", args=[tasks[1].pk]), {
        "period": "2023-03-01", "progress": "推进中", "percent": "20",
        "attachments": SimpleUploadedFile("大文件.pdf", b"x" * 11)})
    assert response.status_code == 200
    assert "过大" in response.content.decode()
    assert not Attachment.objects.exists()


# --- the list: filters, rows, query count ------------------------------------------------------------


def listed(client, **params) -> list[str]:
    response = client.get(reverse("task_list"), params)
    assert response.status_code == 200
    return [task.title for task, _area, _schedule in response.context["rows"]]


def test_it_lists_only_the_tasks_a_department_may_view(client, people, tasks):
    client.force_login(people["jiaoti"])
    assert listed(client) == [tasks[2].title]


FILTERS = [
    ("none", lambda t, d: {}, [0, 1, 2]),
    ("lead department", lambda t, d: {"department": d["区教育和体育局"].pk}, [2]),
    ("co-operating department", lambda t, d: {"department": d["区财政局"].pk}, [0]),
    ("state", lambda t, d: {"state": "assigned"}, [0, 1, 2]),
    ("state with none", lambda t, d: {"state": "closed"}, []),
    ("deadline before", lambda t, d: {"deadline_before": "2023-01-31"}, [1]),
    ("text", lambda t, d: {"q": t[1].title}, [1]),
    ("schedule overdue", lambda t, d: {"schedule": "overdue"}, [1]),
    ("schedule on track", lambda t, d: {"schedule": "on_track"}, [0, 2]),
    ("bad value ignored", lambda t, d: {"state": "not-a-state"}, [0, 1, 2]),
]


@pytest.mark.parametrize(("params", "expected"), [f[1:] for f in FILTERS], ids=[f[0] for f in FILTERS])
def test_it_filters_the_list(client, people, departments, tasks, monkeypatch, params, expected):
    """On 2023-02-01 tasks[1] (deadline moved to 2023-01-31) is overdue; the others, due at year end, on track."""
    monkeypatch.setattr("luoshi.tracking.status.today", lambda: date(2023, 2, 1))
    Task.objects.filter(pk=tasks[1].pk).update(deadline=date(2023, 1, 31))
    assigned = {t.title for t in tasks[:3]}
    client.force_login(people["office"])
    titles = listed(client, **params(tasks, departments))
    assert [t for t in titles if t in assigned] == [tasks[i].title for i in expected]


def test_it_filters_the_list_by_area(client, people, tasks):
    area = tasks[5].parent
    client.force_login(people["office"])
    assert set(listed(client, area=area.pk)) == {t.title for t in tasks if t.parent_id == area.pk}
    assert tasks[0].title not in listed(client, area=area.pk) or tasks[0].parent_id == area.pk


def _more_tasks(plan, departments, office, n):
    parent = plan.tasks.filter(kind="area").first()
    for i in range(n):
        task = Task.objects.create(plan=plan, parent=parent, title=f"追加任务{i}", order=1000 + i,
                                   deadline=date(2023, 12, 31))
        workflow.assign(task, office, departments["区卫生健康局"], [departments["区财政局"]])


def test_it_lists_tasks_in_the_same_number_of_queries_however_many_there_are(
        client, people, departments, plan, django_assert_max_num_queries):
    client.force_login(people["office"])
    _more_tasks(plan, departments, people["office"], 3)
    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse("task_list")).status_code == 200
    _more_tasks(plan, departments, people["office"], 60)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("task_list"))
    assert len(response.context["rows"]) == 50


def test_it_paginates_the_list_by_fifty_keeping_the_filters(client, people, departments, plan):
    _more_tasks(plan, departments, people["office"], 55)
    client.force_login(people["office"])
    department = departments["区卫生健康局"].pk
    first = client.get(reverse("task_list"), {"department": department})
    second = client.get(reverse("task_list"), {"department": department, "page": 2})
    assert len(first.context["rows"]) == 50 and len(second.context["rows"]) == 5
    assert f"department={department}" in first.content.decode().split("下一页")[0].rsplit("href=", 1)[1]


def test_it_shows_each_row_with_its_lead_deadline_percent_and_badge(client, people, tasks):
    client.force_login(people["office"])
    html = client.get(reverse("task_list")).content.decode()
    assert "区发展和改革局" in html
    assert "2023年12月31日" in html
    assert 'data-schedule="' in html


# --- the detail page ------------------------------------------------------------------------------------


def test_it_shows_the_detail_with_its_history_and_source(client, people, world, tasks):
    workflow.chase([world["task"]], people["office"], "请加快")
    client.force_login(people["office"])
    html = client.get(reverse("task_detail", args=[world["task"].pk])).content.decode()
    for text in ["项目开工", "受天气影响", "请加快", "照片.txt", "区财政局", "责任单位", "牵头单位",
                 f"{reverse('plan_reader', args=[tasks[0].plan_id])}#task-{tasks[0].pk}",
                 reverse("attachment_download", args=[world["attachment"].pk])]:
        assert text in html, text


def test_it_shows_actions_by_role(client, people, world):
    url = reverse("task_detail", args=[world["task"].pk])
    client.force_login(people["office"])
    office = client.get(url).content.decode()
    client.force_login(people["fagai"])
    department = client.get(url).content.decode()
    client.force_login(people["leader"])
    leader = client.get(url).content.decode()
    assert reverse("task_close", args=[world["task"].pk]) in office
    assert reverse("task_close", args=[world["task"].pk]) not in department
    assert reverse("task_report", args=[world["task"].pk]) in department
    assert "action=" not in leader.split('class="detail-actions"')[1].split("</aside>")[0]


def test_it_marks_a_departments_chases_read_when_it_opens_the_task(client, people, world):
    workflow.chase([world["task"]], people["office"], "请加快")
    client.force_login(people["office"])
    client.get(reverse("task_detail", args=[world["task"].pk]))
    assert Chase.objects.get().read_at is None  # the office reading it is not the department reading it
    client.force_login(people["fagai"])
    client.get(reverse("task_detail", args=[world["task"].pk]))
    assert Chase.objects.get().read_at is not None


def test_it_shows_a_workflow_error_as_a_message(client, people, world):
    client.force_login(people["fagai"])
    client.post(reverse("task_request_extension", args=[world["task"].pk]),
                {"new_deadline": (world["task"].deadline + timedelta(days=30)).isoformat(), "reason": "再延"})
    response = client.get(reverse("task_detail", args=[world["task"].pk]))
    assert "已有待审批的延期申请" in response.content.decode()


def _history(task, people, department, n):
    target = task.targets.first()
    for i in range(n):
        workflow.submit_update(task, people["fagai"], department, date(2023, 3, 1), f"第{i}次", 10 + i,
                               figures={target.pk: i} if target else None,
                               attachments=[SimpleUploadedFile(f"附件{i}.txt", b"x")])
        workflow.chase([task], people["office"], f"催办{i}")


def test_it_shows_a_task_in_the_same_number_of_queries_however_long_its_history(
        client, people, departments, tasks, django_assert_max_num_queries):
    fagai = departments["区发展和改革局"]
    client.force_login(people["office"])
    _history(tasks[0], people, fagai, 1)
    with CaptureQueriesContext(connection) as short:
        assert client.get(reverse("task_detail", args=[tasks[0].pk])).status_code == 200
    _history(tasks[0], people, fagai, 6)
    with django_assert_max_num_queries(len(short.captured_queries)):
        response = client.get(reverse("task_detail", args=[tasks[0].pk]))
    assert len(response.context["updates"]) == 7
