"""Figures of targets: the office records main targets' figures (the 指标数据 page, the API), figures are typed
in the unit the target is shown in (亿元) and stored in base units, and the latest figure is the same everywhere."""

from __future__ import annotations

import math
from datetime import date

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from luoshi.api.models import ApiToken
from luoshi.audit.models import Entry
from luoshi.orgs.choices import Role
from luoshi.orgs.models import Organisation
from luoshi.plans.models import Target
from luoshi.plans.units import display_unit
from luoshi.tracking import status, workflow
from luoshi.tracking.models import Figure
from luoshi.tracking.workflow import WorkflowError

from .conftest import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def july(monkeypatch):
    monkeypatch.setattr(status, "today", lambda: date(2023, 7, 26))


@pytest.fixture
def gdp(plan):
    """The main target 地区生产总值增长6% (a change in %: no multiplier)."""
    return Target.objects.get(plan=plan, is_main=True, indicator="地区生产总值")


@pytest.fixture
def revenue(plan):
    """A main target in 元, shown in 亿元: 一般公共预算收入 1300亿元."""
    return Target.objects.create(plan=plan, is_main=True, indicator="财政总收入", measure="level", cmp="ge",
                                 value=1.3e11, unit="元", text="财政总收入1300亿元以上", start=99999)


@pytest.fixture
def invest(tasks):
    """A target of task 0 (区发展和改革局's) in 元, shown in 亿元: 完成投资150亿元."""
    return Target.objects.create(plan=tasks[0].plan, task=tasks[0], indicator="完成投资", measure="level", cmp="eq",
                                 value=1.5e10, unit="元", text="完成投资150亿元")


def html(response) -> str:
    return response.content.decode()


def accepted(task, people, department, period, figures, percent=50):
    update = workflow.submit_update(task, people["fagai"], department, period, "推进中", percent, figures=figures)
    workflow.review_update(update, people["office"], accept=True)
    return update


# ---- the helper: one scale for the target, its figures, the form and the API --------------------------------

def test_it_shows_a_target_and_its_figures_in_the_targets_scale(revenue, gdp):
    shown = display_unit(revenue)
    assert (shown.label, shown.multiplier) == ("亿元", 10**8)
    assert shown.to_base(650) == 6.5e10 and shown.to_base(1.15) == 115000000.0  # exact, no 114999999.99999999
    assert shown.format(6.5e10) == "650亿元" and shown.format(9e7) == "0.9亿元"
    assert display_unit(gdp).label == "%" and display_unit(gdp).to_base(6.1) == 6.1


# ---- the workflow ------------------------------------------------------------------------------------------

def test_it_records_a_main_targets_figure_with_who_when_and_its_source(people, gdp):
    figure = workflow.record_figure(gdp, people["office"], date(2023, 6, 15), 6.2, "  区统计局月报 ")
    figure.refresh_from_db()
    assert figure.update is None and figure.target == gdp
    assert (figure.period, figure.value, figure.note) == (date(2023, 6, 1), 6.2, "区统计局月报")
    assert figure.recorded_by == people["office"] and figure.recorded_at is not None
    entry = Entry.objects.get(action="record_figure")
    assert entry.object_id == figure.pk and entry.actor == people["office"] and entry.task is None
    assert "地区生产总值" in entry.summary and "6.2%" in entry.summary and "区统计局月报" in entry.summary
    assert entry.after == {"target": gdp.pk, "period": "2023-06-01", "value": 6.2, "note": "区统计局月报"}


@pytest.mark.parametrize(("period", "value", "message"), [
    (date(2022, 12, 1), 6.0, "数据期应在计划年度"),
    (date(2023, 6, 1), math.inf, "请填写有效的数值"),
    (date(2023, 6, 1), math.nan, "请填写有效的数值"),
])
def test_it_refuses_a_figure_out_of_the_plan_year_or_not_a_number(people, gdp, period, value, message):
    with pytest.raises(WorkflowError, match=message):
        workflow.record_figure(gdp, people["office"], period, value)
    assert not Figure.objects.exists()


def test_it_gives_a_figure_of_an_update_the_updates_period_and_reporter(people, departments, tasks, invest):
    update = workflow.submit_update(tasks[0], people["fagai"], departments["区发展和改革局"], date(2023, 5, 1),
                                    "推进", 40, figures={invest.pk: 2e9})
    figure = Figure.objects.get(update=update)
    assert (figure.period, figure.recorded_by, figure.value) == (date(2023, 5, 1), people["fagai"], 2e9)


# ---- the 指标数据 page ----------------------------------------------------------------------------------------

def test_it_lists_the_main_targets_each_with_a_form_and_links_it_from_the_dashboard(client, people, plan, gdp,
                                                                                     revenue):
    client.force_login(people["office"])
    dashboard = html(client.get(reverse("dashboard")))
    url = reverse("plan_figures", args=[plan.pk])
    assert f'href="{url}"' in dashboard
    response = client.get(url)
    page = html(response)
    assert response.status_code == 200
    assert [r["target"].pk for r in response.context["rows"]][:1] == [gdp.pk]
    assert len(response.context["rows"]) == Target.objects.filter(plan=plan, is_main=True).count()
    section = page.split(f'id="target-{revenue.pk}"')[1].split("</section>")[0]
    assert '<span class="unit" data-multiplier="100000000">亿元</span>' in section
    assert "1300亿元以上" in section and 'type="month"' in section and 'value="2023-06"' in section


def test_it_records_a_figure_typed_in_the_targets_unit_and_shows_it_everywhere(client, people, plan, revenue):
    client.force_login(people["office"])
    url = reverse("plan_figures", args=[plan.pk])
    response = client.post(url, {"target": revenue.pk, f"t{revenue.pk}-period": "2023-06",
                                 f"t{revenue.pk}-value": "650.5", f"t{revenue.pk}-note": "区统计局月报"})
    assert response.status_code == 302 and response["Location"].endswith(f"#target-{revenue.pk}")
    figure = Figure.objects.get(target=revenue)
    assert (figure.value, figure.period, figure.note, figure.update) == (6.505e10, date(2023, 6, 1), "区统计局月报", None)
    page = html(client.get(url))
    assert "650.5亿元" in page and "区统计局月报" in page and "王督查" in page
    rows = {r.target.pk: r for r in client.get(reverse("dashboard")).context["ov"].main_targets}
    assert (rows[revenue.pk].value, rows[revenue.pk].period) == (6.505e10, date(2023, 6, 1))
    assert rows[revenue.pk].value_display == "650.5亿元" and rows[revenue.pk].goal_display == "≥1300亿元"
    assert rows[revenue.pk].reached is False


def test_it_keeps_what_was_typed_and_says_why_when_a_figure_is_refused(client, people, plan, gdp):
    client.force_login(people["office"])
    url = reverse("plan_figures", args=[plan.pk])
    response = client.post(url, {"target": gdp.pk, f"t{gdp.pk}-period": "2022-12", f"t{gdp.pk}-value": "6.1"})
    assert response.status_code == 200 and not Figure.objects.exists()
    section = html(response).split(f'id="target-{gdp.pk}"')[1].split("</section>")[0]
    assert "数据期应在计划年度（2023年）内" in section and 'value="6.1"' in section
    response = client.post(url, {"target": gdp.pk, f"t{gdp.pk}-period": "六月", f"t{gdp.pk}-value": ""})
    assert response.status_code == 200 and not Figure.objects.exists()
    assert "请按“2023-07”的格式填写月份" in html(response)


@pytest.mark.parametrize(("who", "code"), [("fagai", 403), ("leader", 403), ("jiaoti", 403), (None, 302)])
def test_it_keeps_the_page_for_the_office(client, people, plan, gdp, who, code):
    if who:
        client.force_login(people[who])
    url = reverse("plan_figures", args=[plan.pk])
    assert client.get(url).status_code == code
    response = client.post(url, {"target": gdp.pk, f"t{gdp.pk}-period": "2023-06", f"t{gdp.pk}-value": "6"})
    assert response.status_code == code and not Figure.objects.exists()
    if who == "leader":
        assert "plan_figures" not in html(client.get(reverse("dashboard")))
        assert reverse("plan_figures", args=[plan.pk]) not in html(client.get(reverse("dashboard")))


def test_it_answers_404_to_the_office_of_another_organisation(client, plan, gdp):
    other = Organisation.objects.create(name="历下区人民政府")
    client.force_login(make_user("lixia", "历下督查", other, Role.OFFICE))
    url = reverse("plan_figures", args=[plan.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"target": gdp.pk, f"t{gdp.pk}-period": "2023-06",
                             f"t{gdp.pk}-value": "6"}).status_code == 404
    assert not Figure.objects.exists()


# ---- which figure is the latest: by period, then by when it was recorded, for both kinds ---------------------

def test_it_takes_the_latest_period_whoever_gave_the_figure(client, people, departments, tasks, gdp):
    fagai = departments["区发展和改革局"]
    accepted(tasks[0], people, fagai, date(2023, 5, 1), {})
    Figure.objects.create(update=tasks[0].updates.get(), target=gdp, value=5.5)  # May, from an accepted update
    workflow.record_figure(gdp, people["office"], date(2023, 6, 1), 6.1, "统计局月报")  # June, the office
    pending = workflow.submit_update(tasks[0], people["fagai"], fagai, date(2023, 7, 1), "推进", 60)
    Figure.objects.create(update=pending, target=gdp, value=9.9)  # July, not accepted: does not count
    client.force_login(people["office"])
    rows = {r.target.pk: r for r in client.get(reverse("dashboard")).context["ov"].main_targets}
    assert (rows[gdp.pk].value, rows[gdp.pk].period) == (6.1, date(2023, 6, 1))

    workflow.record_figure(gdp, people["office"], date(2023, 6, 20), 6.3, "统计局月报（修正）")  # same month, later
    rows = {r.target.pk: r for r in client.get(reverse("dashboard")).context["ov"].main_targets}
    assert rows[gdp.pk].value == 6.3
    page = client.get(reverse("plan_figures", args=[tasks[0].plan.pk]))
    row = next(r for r in page.context["rows"] if r["target"].pk == gdp.pk)
    assert [f.value for f in row["history"]] == [6.3, 6.1, 5.5]

    workflow.review_update(pending, people["office"], accept=True)  # now July counts
    rows = {r.target.pk: r for r in client.get(reverse("dashboard")).context["ov"].main_targets}
    assert (rows[gdp.pk].value, rows[gdp.pk].period) == (9.9, date(2023, 7, 1))


def test_it_shows_a_leader_the_offices_figures_of_the_plans_main_targets(client, people, gdp):
    workflow.record_figure(gdp, people["office"], date(2023, 6, 1), 6.1)
    client.force_login(people["leader"])
    rows = {r.target.pk: r for r in client.get(reverse("dashboard")).context["ov"].main_targets}
    assert rows[gdp.pk].value == 6.1


def test_it_shows_an_offices_figure_of_a_task_target_on_the_task_page(client, people, tasks, invest):
    workflow.record_figure(invest, people["office"], date(2023, 6, 1), 8e9, "区发改局台账")
    client.force_login(people["fagai"])
    response = client.get(reverse("task_detail", args=[tasks[0].pk]))
    latest = next(t for t in response.context["targets"] if t.pk == invest.pk).latest
    assert latest.value == 8e9
    section = html(response).split('id="targets"')[1].split("</section>")[0]
    assert "80亿元" in section and "督查室录入" in section and "区发改局台账" in section and "2023年6月" in section


# ---- typing figures in the target's unit on the progress form -----------------------------------------------

def test_it_takes_a_departments_figure_in_the_unit_shown_next_to_the_input(client, people, tasks, invest):
    client.force_login(people["fagai"])
    form_page = html(client.get(reverse("task_report", args=[tasks[0].pk])))
    assert '<span class="unit" data-multiplier="100000000">亿元</span>' in form_page
    assert "目标：150亿元" in form_page and "按亿元填写" in form_page
    response = client.post(reverse("task_report", args=[tasks[0].pk]), {
        "period": "2023-07-01", "progress": "完成投资72.5亿元", "percent": "48", f"figure_{invest.pk}": "72.5"})
    assert response.status_code == 302
    assert Figure.objects.get(target=invest).value == 7.25e9
    detail = html(client.get(reverse("task_detail", args=[tasks[0].pk])))
    assert "72.5亿元" in detail and "7250000000" not in detail


def test_it_keeps_small_targets_in_their_own_unit(client, people, tasks):
    target = tasks[0].targets.filter(value__lt=10000).exclude(unit="").first()
    client.force_login(people["fagai"])
    response = client.post(reverse("task_report", args=[tasks[0].pk]), {
        "period": "2023-07-01", "progress": "推进", "percent": "30", f"figure_{target.pk}": "7"})
    assert response.status_code == 302 and Figure.objects.get(target=target).value == 7


# ---- the API: base units, documented, and what each caller sees ---------------------------------------------

class Api:
    def __init__(self, user=None):
        headers = {"Authorization": f"Bearer {ApiToken.issue(user, '测试')[1]}"} if user else {}
        self.client = Client(headers=headers)

    def get(self, path, expect=200):
        response = self.client.get(path)
        assert response.status_code == expect, response.content.decode()
        return response.json()

    def post(self, path, body, expect=201):
        response = self.client.post(path, body, content_type="application/json")
        assert response.status_code == expect, response.content.decode()
        return response.json()


def test_it_records_and_lists_figures_through_the_api_in_base_units(people, plan, revenue):
    office = Api(people["office"])
    made = office.post(f"/api/targets/{revenue.pk}/figures",
                       {"period": "2023-06-18", "value": 6.5e10, "note": "区统计局月报"})
    assert made["value"] == 6.5e10 and made["display"] == "650亿元" and made["period"] == "2023-06-01"
    assert (made["source"], made["update_id"], made["status"], made["recorded_by"]) == ("office", None, None, "王督查")
    listed = Api(people["leader"]).get(f"/api/targets/{revenue.pk}/figures")
    assert [f["id"] for f in listed["items"]] == [made["id"]]
    main = {t["id"]: t for t in office.get(f"/api/plans/{plan.pk}")["main_targets"]}
    assert main[revenue.pk]["display_unit"] == {"label": "亿元", "multiplier": 100000000}
    assert main[revenue.pk]["latest"]["id"] == made["id"]
    assert office.post(f"/api/targets/{revenue.pk}/figures", {"period": "2024-01-01", "value": 1},
                       expect=400)["detail"].startswith("数据期应在计划年度")
    document = office.get("/api/openapi.json")
    assert "基本单位" in document["info"]["description"]
    assert "基本单位" in document["components"]["schemas"]["FigureIn"]["properties"]["value"]["description"]


def test_it_shows_the_public_only_accepted_figures_of_a_published_plan(people, departments, tasks, plan, invest):
    fagai = departments["区发展和改革局"]
    office_figure = workflow.record_figure(invest, people["office"], date(2023, 5, 1), 1e9)
    pending = workflow.submit_update(tasks[0], people["fagai"], fagai, date(2023, 7, 1), "推进", 60,
                                     figures={invest.pk: 5e9})
    anonymous = Api()
    anonymous.get(f"/api/targets/{invest.pk}/figures", expect=404)  # nothing of the plan is published
    workflow.publish(tasks[0], people["office"])
    assert [f["id"] for f in anonymous.get(f"/api/targets/{invest.pk}/figures")["items"]] == [office_figure.pk]
    task = anonymous.get(f"/api/tasks/{tasks[0].pk}")
    assert next(t for t in task["targets"] if t["id"] == invest.pk)["latest"]["value"] == 1e9
    assert [f["value"] for f in Api(people["fagai"]).get(f"/api/targets/{invest.pk}/figures")["items"]] == [5e9, 1e9]
    workflow.review_update(pending, people["office"], accept=True)
    assert [f["value"] for f in anonymous.get(f"/api/targets/{invest.pk}/figures")["items"]] == [5e9, 1e9]


def test_it_lets_only_the_office_of_the_organisation_record_through_the_api(people, plan, gdp):
    body = {"period": "2023-06-01", "value": 6}
    for who in ("fagai", "leader"):
        Api(people[who]).post(f"/api/targets/{gdp.pk}/figures", body, expect=403)
    other = Organisation.objects.create(name="历下区人民政府")
    Api(make_user("lixia", "历下督查", other, Role.OFFICE)).post(f"/api/targets/{gdp.pk}/figures", body, expect=404)
    Api(User.objects.create_superuser("root", "", "x")).post(f"/api/targets/{gdp.pk}/figures", body)
    assert Figure.objects.count() == 1
