"""The REST API: the workflow end to end, filters, pagination, tokens, the session, errors and the docs."""

import re
from datetime import date, timedelta
from html.parser import HTMLParser
from io import StringIO
from urllib.parse import urlsplit

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from luoshi.api.models import ApiToken, hash_token
from luoshi.orgs.choices import Role
from luoshi.tracking import status, workflow
from luoshi.tracking.choices import Kind
from luoshi.tracking.models import Task

from .conftest import make_user
from .test_api_permissions import csrf_of, session

pytestmark = pytest.mark.django_db


class Api:
    """A client acting as one user through a bearer token, speaking JSON."""

    def __init__(self, user=None, raw_token: str | None = None):
        if user is not None and raw_token is None:
            raw_token = ApiToken.issue(user, "测试")[1]
        self.client = Client(headers={"Authorization": f"Bearer {raw_token}"}) if raw_token else Client()

    def get(self, path: str, expect: int = 200, **params):
        response = self.client.get(path, params)
        assert response.status_code == expect, response.content.decode()
        return response.json()

    def post(self, path: str, body: dict | None = None, expect: int = 200):
        response = self.client.post(path, body or {}, content_type="application/json")
        assert response.status_code == expect, response.content.decode()
        return response.json() if response.content else None


@pytest.fixture
def fixed_today(monkeypatch):
    """A day after the sample plan's year (2023): every open task is 逾期 unless given a later deadline."""
    day = date(2024, 1, 15)
    monkeypatch.setattr(status, "today", lambda: day)
    return day


@pytest.fixture
def api(people):
    return {name: Api(user) for name, user in people.items()} | {"anonymous": Api()}


def task_with_targets(tasks):
    return next(t for t in tasks[3:] if t.targets.exists())


# ---- the workflow through the API ------------------------------------------------------------------------

def test_it_runs_a_task_from_assignment_to_publication(api, tasks, departments):
    office, fagai = api["office"], api["fagai"]
    task = task_with_targets(tasks)
    target = task.targets.first()
    deadline = date(task.plan.year, 10, 31)
    lead, coop = departments["区发展和改革局"], departments["区财政局"]

    detail = office.post(f"/api/tasks/{task.pk}/assign",
                         {"lead": lead.pk, "cooperating": [coop.pk], "deadline": deadline.isoformat()})
    assert detail["state"] == "assigned" and detail["deadline"] == deadline.isoformat()
    assert [(a["department"]["name"], a["role"]) for a in detail["assignments"]] == [
        ("区发展和改革局", "lead"), ("区财政局", "cooperate")]
    assert detail["lead"]["name"] == "区发展和改革局"

    assert fagai.post(f"/api/tasks/{task.pk}/sign")["state"] == "signed"

    update = fagai.post(f"/api/tasks/{task.pk}/updates", {
        "period": f"{task.plan.year}-05-10", "progress": "完成立项", "problems": "资金缺口", "next_steps": "争取专项债",
        "percent": 40, "figures": {str(target.pk): 12.5}}, expect=201)
    assert update["period"] == f"{task.plan.year}-05-01"  # the first day of the period
    assert update["department"]["name"] == "区发展和改革局" and update["status"] == "submitted"
    assert update["figures"] == [{"target_id": target.pk, "indicator": target.indicator, "unit": target.unit,
                                  "value": 12.5}]
    assert office.get("/api/updates", status="submitted")["count"] == 1  # the review queue

    reviewed = office.post(f"/api/updates/{update['id']}/review", {"accept": True, "comment": "同意"})
    assert reviewed["status"] == "accepted" and reviewed["reviewed_by"] == "王督查"
    detail = fagai.get(f"/api/tasks/{task.pk}")
    assert detail["state"] == "in_progress" and detail["percent"] == 40
    latest = next(t for t in detail["targets"] if t["id"] == target.pk)["latest"]
    assert latest["value"] == 12.5 and latest["update_id"] == update["id"]

    new_deadline = (deadline + timedelta(days=30)).isoformat()
    ext = fagai.post(f"/api/tasks/{task.pk}/extensions", {"new_deadline": new_deadline, "reason": "设备到货延迟"},
                     expect=201)
    assert office.get("/api/extensions", status="pending")["count"] == 1
    decided = office.post(f"/api/extensions/{ext['id']}/decide", {"grant": True, "comment": "同意延期"})
    assert decided["status"] == "granted" and decided["old_deadline"] == deadline.isoformat()
    assert fagai.get(f"/api/tasks/{task.pk}")["deadline"] == new_deadline

    chased = office.post(f"/api/tasks/{task.pk}/chase", {"message": "请按时报送"}, expect=201)
    assert [c["department"]["name"] for c in chased] == ["区发展和改革局"]
    assert [c["message"] for c in fagai.get("/api/chases")["items"]] == ["请按时报送"]

    final = fagai.post(f"/api/tasks/{task.pk}/updates", {"progress": "已完工", "percent": 100, "final": True},
                       expect=201)
    assert fagai.get(f"/api/tasks/{task.pk}")["state"] == "submitted"
    office.post(f"/api/updates/{final['id']}/review", {"accept": False, "comment": "缺验收材料"})
    detail = fagai.get(f"/api/tasks/{task.pk}")
    assert detail["state"] == "returned" and detail["return_reason"] == "缺验收材料"

    again = fagai.post(f"/api/tasks/{task.pk}/updates", {"progress": "补充验收材料", "percent": 100, "final": True},
                       expect=201)
    office.post(f"/api/updates/{again['id']}/review", {"accept": True})
    detail = office.get(f"/api/tasks/{task.pk}")
    assert (detail["state"], detail["percent"], detail["schedule"]["status"]) == ("closed", 100, "done")

    api["anonymous"].get(f"/api/tasks/{task.pk}", expect=404)
    assert office.post(f"/api/tasks/{task.pk}/publish")["published"] is True
    public = api["anonymous"].get(f"/api/tasks/{task.pk}")
    assert public["state"] == "closed"
    assert [t["id"] for t in api["anonymous"].get("/api/tasks")["items"]] == [task.pk]
    public_updates = api["anonymous"].get(f"/api/tasks/{task.pk}/updates")["items"]
    assert [u["id"] for u in public_updates] == [again["id"], update["id"]]  # the one sent back is not public
    assert office.get(f"/api/tasks/{task.pk}/updates")["count"] == 3


def test_it_lets_the_office_send_back_and_close_a_task(api, tasks):
    office = api["office"]
    sent = office.post(f"/api/tasks/{tasks[0].pk}/send-back", {"reason": "请重新梳理措施"})
    assert (sent["state"], sent["return_reason"]) == ("returned", "请重新梳理措施")
    closed = office.post(f"/api/tasks/{tasks[0].pk}/close", {"comment": "并入其他任务"})
    assert (closed["state"], closed["percent"]) == ("closed", 100) and closed["closed_at"]


def test_it_lets_a_co_operating_department_report_in_its_own_name(org, departments, tasks):
    caizheng = Api(make_user("caizheng", "孙财政", org, Role.DEPARTMENT, departments["区财政局"]))
    update = caizheng.post(f"/api/tasks/{tasks[0].pk}/updates", {"progress": "资金已拨付", "percent": 30}, expect=201)
    assert update["department"]["name"] == "区财政局"


def test_it_lets_the_office_report_for_the_lead_department(api, tasks):
    update = api["office"].post(f"/api/tasks/{tasks[2].pk}/updates", {"progress": "代报", "percent": 10}, expect=201)
    assert update["department"]["name"] == "区教育和体育局"


# ---- errors ----------------------------------------------------------------------------------------------

WORKFLOW_ERRORS = [
    # what, path, body, the message it gives
    ("signing twice", "/api/tasks/{t0}/sign", {}, "已签收"),
    ("a figure of another task", "/api/tasks/{t0}/updates", {"progress": "x", "percent": 5, "figures": {"{other}": 1}},
     "指标不属于该任务"),
    ("an empty report", "/api/tasks/{t0}/updates", {"progress": "  ", "percent": 5}, "请填写进展情况"),
    ("an earlier deadline", "/api/tasks/{t0}/extensions", {"new_deadline": "2023-01-31", "reason": "x"}, "晚于原时限"),
]


@pytest.mark.parametrize(("what", "path", "body", "message"), WORKFLOW_ERRORS, ids=[w[0] for w in WORKFLOW_ERRORS])
def test_it_answers_400_with_the_workflows_message(api, tasks, what, path, body, message):
    other = task_with_targets(tasks).targets.first().pk
    fagai = api["fagai"]
    fagai.post(f"/api/tasks/{tasks[0].pk}/sign")
    filled = {k: ({str(other): 1} if k == "figures" else v) for k, v in body.items()}
    answer = fagai.post(path.format(t0=tasks[0].pk), filled, expect=400)
    assert message in answer["detail"]


def test_it_answers_400_when_assigning_a_department_of_nobody(api, tasks):
    assert "不存在" in api["office"].post(f"/api/tasks/{tasks[0].pk}/assign", {"lead": 99999}, expect=400)["detail"]


def test_it_answers_400_when_chasing_a_task_nobody_is_assigned_to(api, tasks):
    detail = api["office"].post(f"/api/tasks/{tasks[5].pk}/chase", {"message": "请报送"}, expect=400)["detail"]
    assert "没有可催办的责任单位" in detail


def test_it_answers_400_when_reviewing_twice(api, tasks, people, departments):
    update = workflow.submit_update(tasks[0], people["fagai"], departments["区发展和改革局"], date(2023, 3, 1), "x", 5)
    api["office"].post(f"/api/updates/{update.pk}/review", {"accept": True})
    assert api["office"].post(f"/api/updates/{update.pk}/review", {"accept": True}, expect=400)["detail"] == "该报送已审核"


VALIDATION_ERRORS = [
    ("/api/tasks/{t0}/updates", {"progress": "x", "percent": 150}),
    ("/api/tasks/{t0}/updates", {"percent": 10}),
    ("/api/tasks/{t0}/extensions", {"new_deadline": "明年", "reason": "x"}),
    ("/api/tasks/{t0}/send-back", {"reason": ""}),
]


@pytest.mark.parametrize(("path", "body"), VALIDATION_ERRORS)
def test_it_answers_422_to_an_invalid_body(api, tasks, path, body):
    api["office"].post(path.format(t0=tasks[0].pk), body, expect=422)


@pytest.mark.parametrize("query", ["state=done", "schedule=soon", "plan=x", "page=0"])
def test_it_answers_422_to_an_invalid_filter(api, plan, query):
    assert api["office"].client.get(f"/api/tasks?{query}").status_code == 422


# ---- lists: filters and pagination -----------------------------------------------------------------------

def test_it_pages_the_task_list_by_50(api, plan):
    area = plan.tasks.filter(kind=Kind.AREA).first()
    Task.objects.bulk_create(Task(plan=plan, parent=area, title=f"子任务{i}", kind=Kind.SUBTASK, order=1000 + i)
                             for i in range(40))
    total = plan.tasks.count()
    assert total > 60
    first = api["office"].get("/api/tasks")
    second = api["office"].get("/api/tasks", page=2)
    assert first["count"] == second["count"] == total
    assert len(first["items"]) == 50 and len(second["items"]) == min(50, total - 50)
    assert not {t["id"] for t in first["items"]} & {t["id"] for t in second["items"]}
    assert len(api["office"].get("/api/tasks", page_size=7)["items"]) == 7
    assert api["office"].get("/api/tasks", page=99)["items"] == []


@pytest.mark.parametrize("path", ["/api/plans", "/api/departments", "/api/updates", "/api/chases", "/api/extensions",
                                  "/api/unreported"])
def test_it_pages_every_list(api, plan, path):
    page = api["office"].get(path, page_size=2)
    assert set(page) == {"items", "count"} and len(page["items"]) <= 2


def _filters(plan, tasks, departments):
    area = tasks[0].parent
    in_area = {t.pk for t in plan.tasks.filter(parent=area)}
    return [
        ("plan", {"plan": plan.pk, "kind": "task"}, {t.pk for t in tasks}),
        ("area", {"area": area.pk}, in_area),
        ("department", {"department": departments["区发展和改革局"].pk}, {tasks[0].pk, tasks[1].pk}),
        ("co-operating department", {"department": departments["区财政局"].pk}, {tasks[0].pk}),
        ("state", {"state": "closed"}, {tasks[1].pk}),
        ("schedule done", {"schedule": "done"}, {tasks[1].pk}),
        ("schedule behind", {"schedule": "behind"}, {tasks[2].pk}),
        ("text", {"q": tasks[3].title[:8], "kind": "task"}, {t.pk for t in tasks if tasks[3].title[:8] in t.title + t.text}),
        ("kind", {"kind": "area"}, set(plan.tasks.filter(kind=Kind.AREA).values_list("pk", flat=True))),
    ]


@pytest.mark.parametrize("name", ["plan", "area", "department", "co-operating department", "state", "schedule done",
                                  "schedule behind", "text", "kind"])
def test_it_filters_tasks(api, plan, tasks, departments, people, fixed_today, name):
    workflow.close(tasks[1], people["office"])
    workflow.assign(tasks[2], people["office"], departments["区教育和体育局"],
                    deadline=fixed_today + timedelta(days=365))  # far off, 0% done: 欠进度 today
    params, expected = next((p, e) for n, p, e in _filters(plan, tasks, departments) if n == name)
    found = api["office"].get("/api/tasks", page_size=100, **params)
    assert {t["id"] for t in found["items"]} == expected


def test_it_lists_tasks_in_a_fixed_number_of_queries(api, plan, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        assert len(api["office"].get("/api/tasks")["items"]) == 38


def test_it_derives_the_schedule_status_of_each_task(api, tasks, people, fixed_today):
    workflow.close(tasks[1], people["office"])
    items = {t["id"]: t["schedule"] for t in api["fagai"].get("/api/tasks")["items"]}
    assert items[tasks[1].pk] == {"status": "done", "label": "已完成", "tone": "good"}
    assert items[tasks[0].pk] == {"status": "overdue", "label": "逾期", "tone": "bad"}


def test_it_shows_a_plan_with_its_metadata_main_targets_and_areas(api, plan):
    detail = api["office"].get(f"/api/plans/{plan.pk}")
    assert detail["year"] == plan.year and detail["metadata"] == plan.metadata
    assert len(detail["main_targets"]) == plan.targets.filter(is_main=True).count() > 0
    assert all(t["is_main"] for t in detail["main_targets"])
    assert [a["title"] for a in detail["areas"]] == list(plan.tasks.filter(kind=Kind.AREA).order_by("order")
                                                         .values_list("title", flat=True))
    assert [p["id"] for p in api["office"].get("/api/plans")["items"]] == [plan.pk]


def test_it_lists_the_departments_of_the_callers_organisation(api, plan, tasks, people):
    names = [d["name"] for d in api["fagai"].get("/api/departments")["items"]]
    assert names == ["区发展和改革局", "区教育和体育局", "区财政局", "区卫生健康局"]
    assert api["anonymous"].get("/api/departments")["count"] == 0
    workflow.publish(tasks[2], people["office"])
    assert [d["name"] for d in api["anonymous"].get("/api/departments")["items"]] == ["区教育和体育局"]


def test_it_lists_what_was_not_reported_after_the_due_day(api, plan, tasks, people, departments):
    on = date(2023, 5, 28)  # after the 25th: May is due
    assert api["office"].get("/api/unreported", on="2023-05-20")["count"] == 0  # before the due day
    before = api["office"].get("/api/unreported", on=on.isoformat())
    assert {(r["task_id"], r["department"]["name"]) for r in before["items"]} == {
        (tasks[0].pk, "区发展和改革局"), (tasks[0].pk, "区财政局"), (tasks[1].pk, "区发展和改革局"),
        (tasks[2].pk, "区教育和体育局")}
    assert before["items"][0]["period"] == "2023年5月"
    api["fagai"].post(f"/api/tasks/{tasks[0].pk}/updates", {"period": "2023-05-03", "progress": "x", "percent": 5},
                      expect=201)
    assert api["office"].get("/api/unreported", on=on.isoformat())["count"] == 3


def test_it_chases_every_unreported_department_at_once(api, tasks, monkeypatch):
    monkeypatch.setattr(status, "today", lambda: date(2023, 5, 28))
    made = api["office"].post("/api/chases/bulk", {"kind": "unreported", "message": "请报送5月进展"}, expect=201)
    assert sorted(c["department"]["name"] for c in made) == ["区发展和改革局", "区发展和改革局", "区教育和体育局",
                                                             "区财政局"]
    assert {c["kind"] for c in made} == {"unreported"}
    assert api["jiaoti"].get("/api/chases")["count"] == 1


def test_it_chases_every_lagging_task_at_once(api, tasks, fixed_today):
    made = api["office"].post("/api/chases/bulk", {"kind": "lagging", "message": "请加快进度"}, expect=201)
    assert sorted(c["task_id"] for c in made) == sorted([tasks[0].pk, tasks[1].pk, tasks[2].pk])  # overdue today


# ---- who am I, tokens, the session -----------------------------------------------------------------------

ME = [
    ("office", "office", None, []),
    ("fagai", "department", "区发展和改革局", []),
    ("leader", "leader", None, ["区发展和改革局"]),
]


@pytest.mark.parametrize(("who", "role", "department", "overseen"), ME)
def test_it_says_who_the_caller_is(api, who, role, department, overseen):
    me = api[who].get("/api/me")
    assert (me["username"], me["role"], me["auth"]) == (who, role, "token")
    assert (me["department"] or {}).get("name") == department
    assert [d["name"] for d in me["overseen_departments"]] == overseen


def test_it_stores_only_a_hash_of_the_token(people):
    token, raw = ApiToken.issue(people["office"], "同步脚本")
    assert raw.startswith("ls_") and len(raw) > 40
    assert token.key_hash == hash_token(raw) and raw not in {token.key_hash, token.prefix, token.name}
    assert ApiToken.find(raw) == token and ApiToken.find(raw + "x") is None


def test_it_records_when_a_token_was_last_used(people):
    token, raw = ApiToken.issue(people["office"], "同步脚本")
    assert token.last_used_at is None
    Api(raw_token=raw).get("/api/me")
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_it_prints_a_new_token_once_from_the_command(people):
    out, err = StringIO(), StringIO()
    call_command("create_api_token", "office", "月度同步", "--days", "30", stdout=out, stderr=err)
    raw = out.getvalue().strip()
    assert Api(raw_token=raw).get("/api/me")["username"] == "office"
    token = ApiToken.objects.get(name="月度同步")
    assert token.expires_at - timezone.now() > timedelta(days=29) and "只显示这一次" in err.getvalue()
    with pytest.raises(CommandError, match="不存在"):
        call_command("create_api_token", "nobody", "x", stdout=StringIO(), stderr=StringIO())


def test_it_makes_lists_and_revokes_tokens_for_the_session(people):
    client = session("office")
    headers = {"X-CSRFToken": csrf_of(client)}
    made = client.post("/api/me/tokens", {"name": "大屏", "expires_in_days": 7}, content_type="application/json",
                       headers=headers).json()
    assert made["token"].startswith("ls_") and made["expires_at"]
    assert Api(raw_token=made["token"]).get("/api/me")["username"] == "office"
    listed = client.get("/api/me/tokens").json()
    assert [t["name"] for t in listed] == ["大屏"] and "token" not in listed[0]
    assert client.delete(f"/api/me/tokens/{made['id']}", headers=headers).status_code == 204
    Api(raw_token=made["token"]).get("/api/me", expect=401)


# ---- the OpenAPI document and the docs page --------------------------------------------------------------

ENDPOINTS = [
    ("get", "/api/me"), ("get", "/api/plans"), ("get", "/api/plans/{plan_id}"), ("get", "/api/tasks"),
    ("get", "/api/tasks/{task_id}"), ("post", "/api/tasks/{task_id}/sign"), ("post", "/api/tasks/{task_id}/assign"),
    ("post", "/api/tasks/{task_id}/close"), ("post", "/api/tasks/{task_id}/send-back"),
    ("post", "/api/tasks/{task_id}/publish"), ("post", "/api/tasks/{task_id}/chase"),
    ("get", "/api/tasks/{task_id}/updates"), ("post", "/api/tasks/{task_id}/updates"),
    ("post", "/api/updates/{update_id}/review"), ("post", "/api/tasks/{task_id}/extensions"),
    ("post", "/api/extensions/{extension_id}/decide"), ("get", "/api/chases"), ("post", "/api/chases/bulk"),
    ("get", "/api/departments"), ("get", "/api/unreported"),
]


def test_it_serves_an_openapi_document_naming_every_endpoint(db):
    document = Client().get("/api/openapi.json").json()
    assert document["openapi"].startswith("3.") and document["info"]["title"] == "落实 luoshi"
    for method, path in ENDPOINTS:
        assert method in document["paths"].get(path, {}), f"{method.upper()} {path}"
    assert document["components"]["securitySchemes"]["BearerToken"] == {"type": "http", "scheme": "bearer"}
    tasks = document["paths"]["/api/tasks"]["get"]
    assert {} in tasks["security"]  # anonymous readers too
    assert {} not in document["paths"]["/api/tasks/{task_id}/sign"]["post"]["security"]
    assert {"plan", "area", "department", "state", "schedule", "q", "page", "page_size"} <= {
        p["name"] for p in tasks["parameters"]}


class Assets(HTMLParser):
    def __init__(self):
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script" and attrs.get("src"):
            self.urls.append(attrs["src"])
        if tag == "link" and attrs.get("href"):
            self.urls.append(attrs["href"])


def test_it_serves_the_docs_page_without_anything_from_another_host(db):
    client = Client()
    response = client.get("/api/docs", HTTP_HOST="localhost")
    assert response.status_code == 200
    page = response.content.decode()
    parser = Assets()
    parser.feed(page)
    assert len(parser.urls) >= 3
    for url in parser.urls:
        parts = urlsplit(url)
        assert not parts.scheme and not parts.netloc, f"{url} is loaded from another host"
        asset = client.get(url)
        assert asset.status_code == 200, url
        body = b"".join(asset.streaming_content) if asset.streaming else asset.content
        if url.endswith(".css"):
            assert not re.search(rb"url\(\s*['\"]?(https?:)?//", body), f"{url} loads something from another host"
            assert not re.search(rb"@import", body)
    assert "cdn" not in page.lower()
    assert '"validatorUrl": null' in page


def test_it_serves_only_the_swagger_ui_files(db):
    assert Client().get("/api/docs/assets/__init__.py").status_code == 404
