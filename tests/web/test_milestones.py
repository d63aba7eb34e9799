"""Quarter milestones: made for tasks spanning more than a quarter, following the deadline unless the office edited
them, edited by the office only (audited, all or nothing), shown on the task page with whether each passed one was
met, and in the API.

Fixtures (conftest): tasks[0] and tasks[1] are led by 区发展和改革局 (fagai; tasks[0] with 区财政局 co-operating),
tasks[2] by 区教育和体育局 (jiaoti); the leader oversees 区发展和改革局. Every task of the sample is due 2023年12月31日.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from luoshi.api.models import ApiToken
from luoshi.audit.models import Entry
from luoshi.engine.deadlines import infer_deadline
from luoshi.tracking import milestones, workflow
from luoshi.tracking.choices import Kind
from luoshi.tracking.milestones import Row
from luoshi.tracking.models import Milestone, Task
from luoshi.tracking.workflow import WorkflowError

pytestmark = pytest.mark.django_db


def points(task) -> list[tuple[str, int, bool]]:
    return [(m.date.isoformat(), m.expected, m.edited) for m in Milestone.objects.filter(task=task)]


def auto(*pairs) -> list[tuple[str, int, bool]]:
    return [(d, e, False) for d, e in pairs]


YEAR_LONG = auto(("2023-03-31", 25), ("2023-06-30", 50), ("2023-09-30", 75), ("2023-12-31", 100))


@pytest.fixture
def made(tasks):
    milestones.add_quarter_milestones(tasks)
    return tasks


# --- made at import ----------------------------------------------------------------------------------------------

# Task texts of reports (2023) and the milestones their deadline gives.
REAL = [
    ("秦岭云计算大数据中心年底前投入使用。", YEAR_LONG),
    ("高新产业园区REITs项目6月底前成功上市。", auto(("2023-03-31", 50), ("2023-06-30", 100))),
    ("确保三季度末前完成老旧小区改造主体工程。", auto(("2023-03-31", 33), ("2023-06-30", 67), ("2023-09-30", 100))),
    ("9月15日前完成全部校舍安全排查。", auto(("2023-03-31", 33), ("2023-06-30", 67), ("2023-09-15", 100))),
    ("春节前完成农民工工资清欠。", []),  # due within the first quarter: no checkpoint before the deadline
    ("一季度完成非煤矿山整合。", []),
    ("2024年底前建成轨道交通3号线。", auto(
        ("2023-03-31", 13), ("2023-06-30", 25), ("2023-09-30", 38), ("2023-12-31", 50), ("2024-03-31", 63),
        ("2024-06-30", 75), ("2024-09-30", 88), ("2024-12-31", 100))),
]


@pytest.mark.parametrize(("text", "expected"), REAL, ids=[r[0][:12] for r in REAL])
def test_it_gives_a_task_spanning_quarters_its_quarter_milestones(tasks, text, expected):
    task = tasks[3]
    Milestone.objects.filter(task=task).delete()
    Task.objects.filter(pk=task.pk).update(deadline=infer_deadline(text, 2023).date)
    task.refresh_from_db()
    milestones.add_quarter_milestones([task])
    assert points(task) == expected


def test_it_makes_milestones_once_and_none_for_areas(plan, made):
    everything = list(plan.tasks.all())
    assert milestones.add_quarter_milestones(everything) == 0  # again: nothing new
    assert all(points(t) == YEAR_LONG for t in made)
    areas = [t for t in everything if t.kind == Kind.AREA]
    assert areas and not Milestone.objects.filter(task__in=areas).exists()


def test_a_task_without_a_deadline_is_due_at_the_end_of_the_plan_year(tasks):
    Milestone.objects.filter(task=tasks[4]).delete()
    Task.objects.filter(pk=tasks[4].pk).update(deadline=None)
    tasks[4].refresh_from_db()
    assert milestones.add_quarter_milestones([tasks[4]]) == 4
    assert points(tasks[4]) == YEAR_LONG


# --- following the deadline --------------------------------------------------------------------------------------

def test_milestones_nobody_edited_follow_a_granted_extension_and_edited_ones_stay(people, departments, made):
    task = made[0]
    june = Milestone.objects.get(task=task, date=date(2023, 6, 30))
    milestones.edit_milestones(task, people["office"], [Row(june.pk, date(2023, 6, 30), 40, "主体完工")])
    request = workflow.request_extension(task, people["fagai"], departments["区发展和改革局"], date(2024, 3, 31), "拆迁")
    workflow.decide_extension(request, people["office"], grant=True)
    assert points(task) == [("2023-03-31", 20, False), ("2023-06-30", 40, True), ("2023-09-30", 60, False),
                            ("2023-12-31", 80, False), ("2024-03-31", 100, False)]


def test_a_refused_extension_moves_nothing(people, departments, made):
    task = made[0]
    request = workflow.request_extension(task, people["fagai"], departments["区发展和改革局"], date(2024, 3, 31), "拆迁")
    workflow.decide_extension(request, people["office"], grant=False, comment="不同意")
    assert points(task) == YEAR_LONG


def test_milestones_follow_the_deadline_the_office_sets(people, departments, made):
    task = made[1]
    workflow.assign(task, people["office"], departments["区发展和改革局"], deadline=date(2023, 6, 30))
    assert points(task) == auto(("2023-03-31", 50), ("2023-06-30", 100))
    workflow.assign(task, people["office"], departments["区发展和改革局"], deadline=date(2023, 2, 28))
    assert points(task) == []  # due within the first quarter now
    workflow.assign(task, people["office"], departments["区发展和改革局"], deadline=date(2023, 12, 31))
    assert points(task) == YEAR_LONG


def test_saving_a_task_without_changing_its_deadline_leaves_its_milestones(people, made):
    task = Task.objects.get(pk=made[0].pk)
    before = list(Milestone.objects.filter(task=task).values_list("pk", flat=True))
    task.title = "新的标题"
    task.save()
    workflow.publish(task, people["office"])
    assert list(Milestone.objects.filter(task=task).values_list("pk", flat=True)) == before


def test_a_copy_of_the_task_read_again_does_not_move_them_again(people, departments, made):
    stale = Task.objects.get(pk=made[0].pk)
    workflow.assign(made[0], people["office"], departments["区发展和改革局"], deadline=date(2023, 9, 30))
    after = list(Milestone.objects.filter(task=stale).values_list("pk", flat=True))
    stale.refresh_from_db()
    stale.title = "新的标题"
    stale.save()
    assert list(Milestone.objects.filter(task=stale).values_list("pk", flat=True)) == after


def test_milestones_the_office_deleted_do_not_come_back_with_a_new_deadline(people, departments, made):
    task = made[1]
    rows = [Row(m.pk, m.date, m.expected, delete=True) for m in Milestone.objects.filter(task=task)]
    milestones.edit_milestones(task, people["office"], rows)
    workflow.assign(task, people["office"], departments["区发展和改革局"], deadline=date(2023, 9, 30))
    assert points(task) == []


def test_a_task_given_a_longer_deadline_gets_milestones_it_never_had(people, departments, tasks):
    task = tasks[1]
    workflow.assign(task, people["office"], departments["区发展和改革局"], deadline=date(2023, 3, 31))
    Milestone.objects.filter(task=task).delete()  # as imported with a deadline in the first quarter
    workflow.assign(task, people["office"], departments["区发展和改革局"], deadline=date(2023, 12, 31))
    assert points(task) == YEAR_LONG


# --- the office's edits ------------------------------------------------------------------------------------------

def test_the_office_changes_adds_and_deletes_each_change_audited(people, made):
    task = made[0]
    by_day = {m.date.isoformat(): m for m in Milestone.objects.filter(task=task)}
    changes = milestones.edit_milestones(task, people["office"], [
        Row(by_day["2023-03-31"].pk, date(2023, 4, 30), 20, "完成招标"),
        Row(by_day["2023-06-30"].pk, date(2023, 6, 30), 50),  # unchanged
        Row(by_day["2023-09-30"].pk, None, None, delete=True),
        Row(None, date(2023, 10, 31), 80, "设备安装"),
        Row(None, None, None, delete=True),  # a new line ticked to delete: ignored
    ])
    assert changes == 3
    assert points(task) == [("2023-04-30", 20, True), ("2023-06-30", 50, False), ("2023-10-31", 80, True),
                            ("2023-12-31", 100, False)]
    entries = list(Entry.objects.filter(task=task, action__endswith="_milestone").order_by("pk"))
    assert [(e.action, e.summary) for e in entries] == [
        ("change_milestone", "调整里程碑：2023年3月31日 应完成25% → 2023年4月30日 应完成20%（完成招标）"),
        ("delete_milestone", "删除里程碑：2023年9月30日 应完成75%"),
        ("add_milestone", "增加里程碑：2023年10月31日 应完成80%（设备安装）"),
    ]
    assert entries[0].before == {"date": "2023-03-31", "expected": 25, "note": ""}
    assert entries[0].after == {"date": "2023-04-30", "expected": 20, "note": "完成招标"}
    assert all(e.actor == people["office"] for e in entries)


BAD = [
    ("a later one expecting less", [Row(None, date(2023, 5, 31), 60)], "2023年6月30日的应完成比例不能低于前一节点"),
    ("two on one day", [Row(None, date(2023, 6, 30), 50)], "同一天只能有一个节点"),
    ("before the plan year", [Row(None, date(2022, 12, 31), 0)], "不能早于计划年度"),
    ("more than 100%", [Row(None, date(2023, 12, 1), 101)], "0到100之间"),
    ("no day", [Row(None, None, 30)], "请填写节点日期"),
    ("no share", [Row(None, date(2023, 5, 1), None)], "0到100之间"),
    ("a long note", [Row(None, date(2023, 5, 1), 30, "说" * 201)], "不能超过200字"),
]


@pytest.mark.parametrize(("case", "rows", "message"), BAD, ids=[b[0] for b in BAD])
def test_a_wrong_line_saves_nothing_and_says_why(people, made, case, rows, message):
    task = made[0]
    first = Milestone.objects.filter(task=task).first()
    change_first = Row(first.pk, first.date, 10, "改了")
    with pytest.raises(WorkflowError, match=message):
        milestones.edit_milestones(task, people["office"], [change_first, *rows])
    assert points(task) == YEAR_LONG
    assert not Entry.objects.filter(task=task, action__endswith="_milestone").exists()


def test_another_tasks_milestone_or_a_closed_task_is_refused(people, made):
    other = Milestone.objects.filter(task=made[1]).first()
    with pytest.raises(WorkflowError, match="不属于该任务"):
        milestones.edit_milestones(made[0], people["office"], [Row(other.pk, other.date, 10)])
    workflow.close(made[0], people["office"])
    with pytest.raises(WorkflowError, match="已办结"):
        milestones.edit_milestones(made[0], people["office"], [Row(None, date(2023, 5, 1), 30)])


def test_each_role_sees_the_milestones_of_the_tasks_it_may_see(people, made):
    mine = Milestone.objects.filter(task=made[0]).count()
    assert Milestone.objects.restrict(people["fagai"]).filter(task=made[0]).count() == mine
    assert Milestone.objects.restrict(people["jiaoti"]).filter(task=made[0]).count() == 0
    assert Milestone.objects.restrict(people["leader"]).filter(task=made[0]).count() == mine
    assert Milestone.objects.restrict(people["fagai"], "manage").count() == 0
    assert Milestone.objects.restrict(None).count() == 0  # nothing published


# --- the task page -----------------------------------------------------------------------------------------------

@pytest.fixture
def in_november(monkeypatch):
    monkeypatch.setattr("luoshi.tracking.status.today", lambda: date(2023, 11, 27))


def report(task, people, department, month: int, percent: int, accept: bool = True):
    update = workflow.submit_update(task, people["fagai"], department, date(2023, month, 1), "推进", percent)
    if accept:
        workflow.review_update(update, people["office"], accept=True)
    return update


def test_the_page_says_whether_each_passed_milestone_was_met(client, people, departments, made, in_november):
    task, fagai = made[0], departments["区发展和改革局"]
    report(task, people, fagai, 3, 30)  # March: 30% ≥ 25%
    report(task, people, fagai, 6, 45)  # June: 45% < 50%
    report(task, people, fagai, 9, 80)  # September: 80% ≥ 75%
    report(task, people, fagai, 10, 95, accept=False)  # waiting for review: does not count
    client.force_login(people["fagai"])
    page = client.get(reverse("task_detail", args=[task.pk]))
    rows = {c.milestone.date.isoformat(): (c.reported, c.met) for c in page.context["checkpoints"]}
    assert rows == {"2023-03-31": (30, True), "2023-06-30": (45, False), "2023-09-30": (80, True),
                    "2023-12-31": (None, None)}
    html = page.content.decode()
    assert 'id="milestones"' in html and html.count('data-met="yes"') == 2 and html.count('data-met="no"') == 1
    assert reverse("task_milestones", args=[task.pk]) not in html  # a department reads them only


def test_a_milestone_passed_with_nothing_reported_is_not_met_and_a_closed_task_met_them_all(
        client, people, made, in_november):
    client.force_login(people["office"])
    page = client.get(reverse("task_detail", args=[made[1].pk]))
    assert [(c.reported, c.met) for c in page.context["checkpoints"]][:3] == [(None, False)] * 3
    assert "未报送" in page.content.decode()
    assert reverse("task_milestones", args=[made[1].pk]) in page.content.decode()
    workflow.close(made[1], people["office"])
    Task.objects.filter(pk=made[1].pk).update(closed_at="2023-02-01T10:00:00+08:00")
    page = client.get(reverse("task_detail", args=[made[1].pk]))
    assert [c.met for c in page.context["checkpoints"]] == [True, True, True, None]


def test_the_office_edits_them_on_their_page(client, people, made):
    task = made[0]
    first, *_ = Milestone.objects.filter(task=task)
    client.force_login(people["office"])
    page = client.get(reverse("task_milestones", args=[task.pk]))
    assert page.status_code == 200 and page.context["formset"].total_form_count() == 6  # four and two blank
    data = {"m-TOTAL_FORMS": "2", "m-INITIAL_FORMS": "1",
            "m-0-pk": first.pk, "m-0-date": "2023-04-15", "m-0-expected": "25", "m-0-note": "开工",
            "m-1-date": "", "m-1-expected": "", "m-1-note": ""}
    response = client.post(reverse("task_milestones", args=[task.pk]), data)
    assert response.status_code == 302 and response["Location"].endswith("#milestones")
    assert points(task)[0] == ("2023-04-15", 25, True)
    assert Entry.objects.filter(task=task, action="change_milestone").count() == 1


def test_a_wrong_page_keeps_what_was_typed_and_saves_nothing(client, people, made):
    task = made[0]
    first, second, *_ = Milestone.objects.filter(task=task)
    client.force_login(people["office"])
    data = {"m-TOTAL_FORMS": "2", "m-INITIAL_FORMS": "2",
            "m-0-pk": first.pk, "m-0-date": "2023-03-31", "m-0-expected": "60",
            "m-1-pk": second.pk, "m-1-date": "2023-06-30", "m-1-expected": "50", "m-1-DELETE": ""}
    response = client.post(reverse("task_milestones", args=[task.pk]), data)
    assert response.status_code == 200
    assert "2023年6月30日的应完成比例不能低于前一节点" in response.content.decode()
    assert 'value="60"' in response.content.decode()
    assert points(task) == YEAR_LONG
    data["m-0-expected"] = "150"  # refused by the form itself, next to the field
    response = client.post(reverse("task_milestones", args=[task.pk]), data)
    assert response.status_code == 200 and response.context["formset"].forms[0].errors["expected"]
    assert points(task) == YEAR_LONG and not Entry.objects.filter(task=task, action__endswith="_milestone").exists()


# --- the API -----------------------------------------------------------------------------------------------------

def api(client, people, who):
    token = ApiToken.issue(people[who], "测试")[1]
    return lambda method, path, body=None: getattr(client, method)(
        path, body, content_type="application/json", headers={"Authorization": f"Bearer {token}"})


def test_the_api_shows_milestones_with_the_task_and_lets_the_office_set_them(client, people, made):
    task = made[0]
    office = api(client, people, "office")
    shown = office("get", f"/api/tasks/{task.pk}").json()["milestones"]
    assert [(m["date"], m["expected"], m["edited"]) for m in shown] == YEAR_LONG
    body = {"milestones": [{"id": shown[0]["id"], "date": "2023-03-31", "expected": 20, "note": "招标"},
                           {"date": "2023-08-31", "expected": 70},
                           *({"id": m["id"], "date": m["date"], "expected": m["expected"]} for m in shown[3:])]}
    answer = office("post", f"/api/tasks/{task.pk}/milestones", body)
    assert answer.status_code == 200, answer.content.decode()
    assert [(m["date"], m["expected"], m["edited"]) for m in answer.json()["milestones"]] == [
        ("2023-03-31", 20, True), ("2023-08-31", 70, True), ("2023-12-31", 100, False)]
    assert Entry.objects.filter(task=task, action="delete_milestone").count() == 2  # June and September, not listed
    wrong = office("post", f"/api/tasks/{task.pk}/milestones", {"milestones": [{"date": "2023-05-01", "expected": 5},
                                                                             {"date": "2023-05-01", "expected": 6}]})
    assert wrong.status_code == 400 and "同一天" in wrong.json()["detail"]


@pytest.mark.parametrize(("who", "status"), [("office", 200), ("fagai", 403), ("jiaoti", 404), ("leader", 403)])
def test_only_the_office_sets_milestones_through_the_api(client, people, made, who, status):
    answer = api(client, people, who)("post", f"/api/tasks/{made[0].pk}/milestones",
                                      {"milestones": [{"date": "2023-06-30", "expected": 50}]})
    assert answer.status_code == status
    assert client.post(f"/api/tasks/{made[0].pk}/milestones", {"milestones": []},
                       content_type="application/json").status_code == 401
