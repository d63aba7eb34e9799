"""Every API endpoint against every kind of caller: what each may see (else 404) and do (else 403 or 401).

Callers: the office, the department that owns task A (区发展和改革局, "own"),
another department (区教育和体育局, "other"), the leader who oversees the
owner, an anonymous reader, a made-up token and an expired token. Logged-in
callers use their API tokens; the session is tested in test_api.py.
"""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from luoshi.api.models import ApiToken
from luoshi.plans.importing import analyse_upload
from luoshi.tracking import workflow
from luoshi.yearend import services as yearend

from .conftest import PASSWORD

REVIEW = Path(__file__).parent.parent / "data" / "yearend" / "shizhong-2024-review.txt"

pytestmark = pytest.mark.django_db

ROLES = ("office", "own", "other", "leader", "anonymous", "bad_token", "expired_token")
USERS = {"office": "office", "own": "fagai", "other": "jiaoti", "leader": "leader"}


@pytest.fixture
def world(people, departments, tasks):
    """Task A (发改 lead, 财政 co-operating) with an update, a pending extension and a chase; task B (发改 lead);
    the plan checked at year end against a review of the next year."""
    a, b = tasks[0], tasks[1]
    fagai = departments["区发展和改革局"]
    update = workflow.submit_update(a, people["fagai"], fagai, a.deadline.replace(month=3, day=1), "已启动", 20)
    extension = workflow.request_extension(a, people["fagai"], fagai, a.deadline + timedelta(days=60), "拆迁未完成")
    workflow.chase([a], people["office"], "请尽快报送")
    spare, _ = ApiToken.issue(people["office"], "备用")
    main_target = a.plan.targets.filter(is_main=True).first()
    review = yearend.import_review(a.plan, analyse_upload(REVIEW.read_bytes(), REVIEW.name, 10**7), people["office"])
    return {"a": a.pk, "b": b.pk, "update": update.pk, "extension": extension.pk, "spare_token": spare.pk,
            "fagai": fagai.pk, "target": main_target.pk, "review": review.pk,
            "check_a": review.checks.filter(task=a).order_by("order").first().pk}


@pytest.fixture
def clients(people):
    """A test client per role, sending the role's bearer token (or none, or a wrong or expired one)."""
    def bearer(token: str) -> Client:
        return Client(headers={"Authorization": f"Bearer {token}"})

    made = {role: bearer(ApiToken.issue(people[username], "测试")[1]) for role, username in USERS.items()}
    made["anonymous"] = Client()
    made["bad_token"] = bearer("ls_this-token-was-never-issued")
    expired, raw = ApiToken.issue(people["office"], "过期", timezone.now() - timedelta(minutes=1))
    made["expired_token"] = bearer(raw)
    return made


def call(client: Client, method: str, path: str, body: dict | None = None):
    if method == "get":
        return client.get(path)
    if method == "delete":
        return client.delete(path)
    return client.post(path, body or {}, content_type="application/json")


def expect(office, own, other, leader, anonymous, bad_token=401, expired_token=401) -> dict:
    return dict(zip(ROLES, (office, own, other, leader, anonymous, bad_token, expired_token), strict=True))


READ_PUBLIC = expect(200, 200, 200, 200, 200)        # lists: everyone gets their share (maybe empty)
READ_TASK_A = expect(200, 200, 404, 200, 404)        # task A is not published: other and anonymous do not see it
READ_SIGNED_IN = expect(200, 200, 200, 200, 401)
READ_TASK_A_SIGNED_IN = expect(200, 200, 404, 200, 401)
REPORT_A = expect(200, 200, 404, 403, 401)
MANAGE_A = expect(200, 403, 404, 403, 401)
OFFICE_ONLY = expect(200, 403, 403, 403, 401)

ENDPOINTS = [
    # name, method, path, body, expected status by role
    ("me", "get", "/api/me", None, READ_SIGNED_IN),
    ("my tokens", "get", "/api/me/tokens", None, READ_SIGNED_IN),
    ("make a token (session only)", "post", "/api/me/tokens", {"name": "脚本"}, expect(403, 403, 403, 403, 401)),
    ("revoke the office's token", "delete", "/api/me/tokens/{spare_token}", None, expect(204, 404, 404, 404, 401)),
    ("plans", "get", "/api/plans", None, READ_PUBLIC),
    ("plan", "get", "/api/plans/{plan}", None, expect(200, 200, 200, 200, 404)),
    ("departments", "get", "/api/departments", None, READ_PUBLIC),
    ("tasks", "get", "/api/tasks", None, READ_PUBLIC),
    ("task", "get", "/api/tasks/{a}", None, READ_TASK_A),
    ("sign", "post", "/api/tasks/{b}/sign", {}, REPORT_A),
    ("assign", "post", "/api/tasks/{a}/assign", {"lead": "{fagai}"}, MANAGE_A),
    ("close", "post", "/api/tasks/{a}/close", {"comment": "已完成"}, MANAGE_A),
    ("set milestones", "post", "/api/tasks/{a}/milestones", {"milestones": [{"date": "2023-06-30", "expected": 50}]},
     MANAGE_A),
    ("send back", "post", "/api/tasks/{a}/send-back", {"reason": "材料不全"}, MANAGE_A),
    ("publish", "post", "/api/tasks/{a}/publish", {"published": True}, MANAGE_A),
    ("updates of a task", "get", "/api/tasks/{a}/updates", None, READ_TASK_A),
    ("report progress", "post", "/api/tasks/{a}/updates", {"progress": "完成招标", "percent": 40},
     expect(201, 201, 404, 403, 401)),
    ("updates", "get", "/api/updates", None, READ_PUBLIC),
    ("update", "get", "/api/updates/{update}", None, READ_TASK_A),
    ("review", "post", "/api/updates/{update}/review", {"accept": True}, MANAGE_A),
    ("figures of a main target", "get", "/api/targets/{target}/figures", None, expect(200, 200, 200, 200, 404)),
    ("record a figure", "post", "/api/targets/{target}/figures", {"period": "2023-06-15", "value": 6.1,
                                                                  "note": "统计局月报"},
     expect(201, 403, 403, 403, 401)),
    ("extensions of a task", "get", "/api/tasks/{a}/extensions", None, READ_TASK_A_SIGNED_IN),
    ("ask for more time", "post", "/api/tasks/{b}/extensions", {"new_deadline": "2024-06-30", "reason": "资金未到位"},
     expect(201, 201, 404, 403, 401)),
    ("extensions", "get", "/api/extensions", None, READ_SIGNED_IN),
    ("decide an extension", "post", "/api/extensions/{extension}/decide", {"grant": True}, MANAGE_A),
    ("chases", "get", "/api/chases", None, READ_SIGNED_IN),
    ("chase a task", "post", "/api/tasks/{a}/chase", {"message": "请于本周报送"}, expect(201, 403, 404, 403, 401)),
    ("chase all lagging", "post", "/api/chases/bulk", {"kind": "lagging", "message": "请加快进度"},
     expect(201, 403, 403, 403, 401)),
    ("未报送", "get", "/api/unreported", None, OFFICE_ONLY),
    ("year-end reviews", "get", "/api/yearend/reviews", None, READ_SIGNED_IN),
    ("year-end checks", "get", "/api/yearend/reviews/{review}/checks", None, READ_SIGNED_IN),
    ("override a verdict", "post", "/api/yearend/checks/{check_a}/override", {"verdict": "partly", "note": "进度滞后"},
     MANAGE_A),
    ("OpenAPI document", "get", "/api/openapi.json", None, expect(200, 200, 200, 200, 200, 200, 200)),
    ("docs page", "get", "/api/docs", None, expect(200, 200, 200, 200, 200, 200, 200)),
]


def fill(value, ids: dict):
    if isinstance(value, str):
        filled = value.format(**ids)
        return int(filled) if value.startswith("{") and filled.isdigit() else filled
    if isinstance(value, dict):
        return {k: fill(v, ids) for k, v in value.items()}
    return value


CASES = [
    pytest.param(method, path, body, role, expected[role], id=f"{name}-{role}")
    for name, method, path, body, expected in ENDPOINTS
    for role in ROLES
]


@pytest.mark.parametrize(("method", "path", "body", "role", "status"), CASES)
def test_it_answers_each_caller_of_each_endpoint(plan, world, clients, method, path, body, role, status):
    ids = {**world, "plan": plan.pk}
    response = call(clients[role], method, fill(path, ids), fill(body, ids))
    assert response.status_code == status, response.content.decode()
    if status >= 400:
        assert response.json()["detail"]


def shape(path: str) -> str:
    return re.sub(r"\{[^}]*\}", "{}", path)


def test_it_covers_every_endpoint_of_the_openapi_document(plan, clients):
    document = clients["office"].get("/api/openapi.json").json()
    documented = {(method, shape(path)) for path, ops in document["paths"].items() for method in ops}
    tested = {(method, shape(path)) for _, method, path, _, _ in ENDPOINTS}
    assert documented - tested == set(), "endpoints without a row in the permission table"


TASK_B_OF_OTHER = [
    # what a caller gets for task C (区教育和体育局's own task)
    ("office", 200), ("own", 404), ("other", 200), ("leader", 404), ("anonymous", 404),
]


@pytest.mark.parametrize(("role", "status"), TASK_B_OF_OTHER)
def test_it_shows_a_task_only_to_those_restrict_lets_see_it(plan, tasks, clients, role, status):
    assert clients[role].get(f"/api/tasks/{tasks[2].pk}").status_code == status


VISIBLE_TASKS = [
    ("office", "all"), ("own", {0, 1}), ("other", {2}), ("leader", {0, 1}), ("anonymous", set()),
]


@pytest.mark.parametrize(("role", "expected"), VISIBLE_TASKS)
def test_it_lists_only_the_tasks_restrict_lets_each_caller_see(plan, tasks, clients, role, expected):
    items = clients[role].get("/api/tasks?kind=task&page_size=100").json()
    ids = {item["id"] for item in items["items"]}
    if expected == "all":
        assert items["count"] == len(tasks)
    else:
        assert ids == {tasks[i].pk for i in expected}


@pytest.mark.parametrize("role", ["office", "own", "other", "leader", "anonymous"])
def test_it_shows_the_public_a_published_task_and_its_plan(plan, tasks, people, clients, role):
    workflow.publish(tasks[5], people["office"])
    assert clients[role].get(f"/api/tasks/{tasks[5].pk}").status_code == (404 if role in ("own", "other", "leader")
                                                                          else 200)
    assert clients["anonymous"].get(f"/api/plans/{plan.pk}").status_code == 200


UPDATES_SEEN = [("office", 1), ("own", 1), ("other", 0), ("leader", 1), ("anonymous", 0)]


@pytest.mark.parametrize(("role", "count"), UPDATES_SEEN)
def test_it_lists_only_the_updates_of_visible_tasks(plan, world, clients, role, count):
    assert clients[role].get("/api/updates").json()["count"] == count


CHASES_SEEN = [("office", 1), ("own", 1), ("other", 0), ("leader", 1)]


@pytest.mark.parametrize(("role", "count"), CHASES_SEEN)
def test_it_lists_a_department_only_the_chases_sent_to_it(plan, world, clients, role, count):
    assert clients[role].get("/api/chases").json()["count"] == count


def test_it_does_not_let_a_department_report_in_another_departments_name(plan, world, departments, clients):
    body = {"progress": "完成", "percent": 50, "department_id": departments["区财政局"].pk}
    response = clients["own"].post(f"/api/tasks/{world['a']}/updates", body, content_type="application/json")
    assert response.status_code == 403


# ---- credentials and the session -------------------------------------------------------------------------

BAD_CREDENTIALS = [
    ("made up", "Bearer ls_nothing", "令牌无效"),
    ("wrong scheme", "Token {raw}", "Bearer"),
    ("empty", "Bearer ", "Bearer"),
    ("expired", "Bearer {expired}", "令牌已过期"),
    ("user disabled", "Bearer {disabled}", "令牌无效"),
]


@pytest.mark.parametrize(("what", "header", "message"), BAD_CREDENTIALS, ids=[b[0] for b in BAD_CREDENTIALS])
def test_it_refuses_bad_credentials_even_on_public_reads(people, plan, what, header, message):
    raw = ApiToken.issue(people["office"], "ok")[1]
    expired = ApiToken.issue(people["office"], "old", timezone.now() - timedelta(seconds=1))[1]
    disabled_user = User.objects.create_user("gone", password=PASSWORD, is_active=False)
    disabled = ApiToken.issue(disabled_user, "x")[1]
    client = Client(headers={"Authorization": header.format(raw=raw, expired=expired, disabled=disabled)})
    response = client.get("/api/tasks")
    assert response.status_code == 401 and message in response.json()["detail"]


def session(username: str) -> Client:
    client = Client(enforce_csrf_checks=True)
    assert client.login(username=username, password=PASSWORD)
    return client


def csrf_of(client: Client) -> str:
    client.get("/api/docs")  # any page that renders a CSRF token sets the cookie
    return client.cookies["csrftoken"].value


def test_it_accepts_the_logged_in_session_with_csrf_for_writes(people, tasks):
    client = session("fagai")
    assert client.get("/api/me").json()["auth"] == "session"
    response = client.post(f"/api/tasks/{tasks[1].pk}/sign", {}, content_type="application/json")
    assert response.status_code == 403 and "CSRF" in response.json()["detail"]
    response = client.post(f"/api/tasks/{tasks[1].pk}/sign", {}, content_type="application/json",
                           headers={"X-CSRFToken": csrf_of(client)})
    assert response.status_code == 200 and response.json()["state"] == "signed"


def test_it_answers_401_to_an_anonymous_write_without_asking_for_csrf(tasks):
    client = Client(enforce_csrf_checks=True)
    assert client.post(f"/api/tasks/{tasks[0].pk}/sign", {}, content_type="application/json").status_code == 401


SESSION_CASES = [
    # username, status of GET task B, status of signing task B (with the CSRF token)
    ("office", 200, 200), ("fagai", 200, 200), ("jiaoti", 404, 404), ("leader", 200, 403),
]


@pytest.mark.parametrize(("username", "read", "write"), SESSION_CASES)
def test_it_applies_the_same_permissions_to_the_session(people, tasks, username, read, write):
    client = session(username)
    assert client.get(f"/api/tasks/{tasks[1].pk}").status_code == read
    response = client.post(f"/api/tasks/{tasks[1].pk}/sign", {}, content_type="application/json",
                           headers={"X-CSRFToken": csrf_of(client)})
    assert response.status_code == write
