"""The import preview suggests each task's departments from the organisation's catalogue; the office accepts or
changes them, and confirming assigns exactly what it chose (through the workflow), or nothing at all."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from luoshi.audit.models import Entry
from luoshi.orgs.catalogue import bundled_catalogue, load_catalogue
from luoshi.orgs.models import Department, Organisation
from luoshi.plans.importing import Choice, analyse_upload, create_plan
from luoshi.plans.models import ImportDraft, Plan
from luoshi.tracking import suggestions
from luoshi.tracking.choices import AssignmentRole, Kind, State
from luoshi.tracking.models import Assignment, Task

from .conftest import sample_bytes

pytestmark = pytest.mark.django_db

# tasks of the sample report (济南市市中区 2023) by number → the lead the district catalogue's duties suggest
SUGGESTED_LEADS = [
    (3, "加快扩大招商引资", "区投资促进局"),
    (13, "办好优质的普惠教育", "区教育和体育局"),
    (14, "提供更优的健康服务", "区卫生健康局"),
    (21, "大力加强城市管理", "区城市管理局"),
]


@pytest.fixture
def office(client, people, org):
    load_catalogue(org, bundled_catalogue())  # the district's 42 departments with their duties
    client.force_login(people["office"])
    return client


@pytest.fixture
def draft(office):
    office.post(reverse("import_report"), {"file": SimpleUploadedFile("seed-2023-shizhong.txt", sample_bytes())})
    return ImportDraft.objects.get()


def url(draft) -> str:
    return reverse("import_preview", args=[draft.pk])


def rows(page) -> dict[int, object]:
    return {r.row.number: r for _, area in page.context["rows_by_area"] for r in area}


def row_html(page, n: int) -> str:
    return re.search(rf'<tr id="task-{n}">.*?</tr>', page.content.decode(), re.S).group()


def selected_lead(html: str) -> str:
    found = re.search(r'<option value="(\d*)" selected>', html)
    return found.group(1) if found else ""


def dept(org, name: str) -> Department:
    return Department.objects.get(org=org, name=name)


# ---------------------------------------------------------------- the preview


@pytest.mark.parametrize(("n", "title", "lead"), SUGGESTED_LEADS, ids=[s[1] for s in SUGGESTED_LEADS])
def test_it_suggests_each_tasks_lead_with_its_reason_and_fills_the_select(office, draft, org, n, title, lead):
    page = office.get(url(draft))
    row = rows(page)[n]
    assert row.row.task.title == title
    assert row.row.lead.department.name == lead and row.row.lead.words  # the duty words that matched
    html = row_html(page, n)
    assert selected_lead(html) == str(dept(org, lead).pk)
    assert f"<b>{lead}</b> · 牵头" in html and "职责匹配：" in html
    assert f'data-suggested="{dept(org, lead).pk}"' in html


def test_it_ticks_the_suggested_cooperating_departments(office, draft, org):
    page = office.get(url(draft))
    row = rows(page)[15]  # 构建完善的保障体系: 人社 leads, 民政 and 医保 co-operate
    names = {s.department.name for s in row.row.cooperating}
    assert names >= {"区民政局", "区医疗保障局"}
    assert {d.name for d in Department.objects.filter(pk__in=row.cooperating)} == names
    html = row_html(page, 15)
    for name in names:
        assert re.search(rf'value="{dept(org, name).pk}" checked data-suggested>{name}</label>', html)


def test_it_shows_a_department_named_in_the_text_as_named(office, org, people):
    text = sample_bytes().decode().replace("新建、改扩建中小学幼儿园", "由区财政局牵头，新建、改扩建中小学幼儿园", 1)
    office.post(reverse("import_report"), {"file": SimpleUploadedFile("named.txt", text.encode())})
    page = office.get(url(ImportDraft.objects.get()))
    row = next(r for r in rows(page).values() if r.row.task.title == "办好优质的普惠教育")
    assert row.row.lead.department.name == "区财政局" and row.row.lead.named
    assert "文中点名" in row_html(page, row.row.number)


def test_it_builds_the_catalogue_once_per_preview_and_a_constant_number_of_queries(
        office, draft, monkeypatch, django_assert_max_num_queries):
    calls = []
    real = suggestions.catalogue_of
    monkeypatch.setattr(suggestions, "catalogue_of", lambda *a: calls.append(1) or real(*a))
    with django_assert_max_num_queries(10):  # 29 tasks: a query per task would be 29 more
        page = office.get(url(draft))
    assert len(calls) == 1
    assert page.context["preview"]["suggested_count"] == page.context["preview"]["task_count"] == 29


def test_it_offers_only_the_organisations_own_departments(office, draft, org):
    other = Organisation.objects.create(name="济南市历下区人民政府")
    stranger = Department.objects.create(org=other, name="历下区教育和体育局")
    html = office.get(url(draft)).content.decode()
    assert f'value="{stranger.pk}"' not in html and "历下区教育和体育局" not in html
    assert html.count('<select name="t1-lead"') == 1
    assert len(re.findall(r'name="t1-co"', html)) == Department.objects.filter(org=org).count()


def test_without_a_catalogue_it_imports_without_assigning(client, people, org):
    Department.objects.filter(org=org).delete()
    client.force_login(people["office"])
    client.post(reverse("import_report"), {"file": SimpleUploadedFile("r.txt", sample_bytes())})
    draft = ImportDraft.objects.get()
    page = client.get(url(draft))
    assert "本单位还没有部门目录" in page.content.decode() and "t1-lead" not in page.content.decode()
    client.post(url(draft), {"year": "2023"})
    assert Plan.objects.count() == 1 and not Assignment.objects.exists()


def test_it_lays_the_tasks_out_as_cards_on_a_phone(office, draft):
    html = office.get(url(draft)).content.decode()
    table = re.search(r'<table class="stack import-tasks">.*?</table>', html, re.S).group()
    for label in ("序号", "任务", "系统建议", "牵头单位", "配合单位"):
        assert f'data-label="{label}"' in table


# ---------------------------------------------------------------- confirming


def test_it_assigns_what_the_office_chose_and_nothing_else(office, draft, org, people):
    education, finance, health = dept(org, "区教育和体育局"), dept(org, "区财政局"), dept(org, "区卫生健康局")
    response = office.post(url(draft), {
        "year": "2023",
        "t13-lead": str(education.pk), "t13-co": [str(finance.pk)],  # 教育: the suggestion, with 财政 added
        "t14-lead": str(finance.pk),  # 健康服务: the office chose another lead than the suggested 卫健局
        "t3-lead": "", "t3-co": [],  # 招商引资: 不指定
    })
    plan = Plan.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("plan_reader", args=[plan.pk])
    tasks = {t.order: t for t in Task.objects.filter(plan=plan, kind=Kind.TASK)}
    assigned = {(a.task.order, a.department.name, a.role) for a in Assignment.objects.select_related("task", "department")}
    assert assigned == {(13, "区教育和体育局", AssignmentRole.LEAD), (13, "区财政局", AssignmentRole.COOPERATE),
                        (14, "区财政局", AssignmentRole.LEAD)}
    assert tasks[13].state == tasks[14].state == State.ASSIGNED
    assert {t.state for n, t in tasks.items() if n not in (13, 14)} == {State.IMPORTED}
    assert tasks[14].deadline == tasks[3].deadline  # the deadline read from the text stays
    # the audit log holds what a normal assignment writes (workflow.assign), by the office
    entries = Entry.objects.filter(action="assign").order_by("task__order")
    assert [(e.task.order, e.actor, e.summary) for e in entries] == [
        (13, people["office"], f"分工：牵头 {education}"), (14, people["office"], f"分工：牵头 {finance}")]
    assert entries[0].before["state"] == "imported" and entries[0].after == {
        "departments": [education.pk, finance.pk], "state": "assigned", "deadline": tasks[13].deadline.isoformat()}
    assert health.pk not in entries[1].after["departments"]


def test_it_assigns_every_suggestion_the_page_filled_in_when_the_office_accepts_them_all(office, draft, org):
    page = office.get(url(draft))
    data = {"year": "2023"}
    for n, r in rows(page).items():
        data[f"t{n}-lead"] = str(r.lead)
        data[f"t{n}-co"] = [str(pk) for pk in r.cooperating]
    office.post(url(draft), data)
    plan = Plan.objects.get()
    assert not plan.tasks.filter(kind=Kind.TASK, state=State.IMPORTED).exists()
    education = plan.tasks.get(kind=Kind.TASK, order=13)
    assert education.lead.department.name == "区教育和体育局"
    assert Entry.objects.filter(action="assign").count() == 29


def test_a_suggestion_is_never_saved_unless_the_office_submits_it(office, draft):
    office.post(url(draft), {"year": "2023"})  # no choices sent: the page's pre-filled ones were not submitted
    plan = Plan.objects.get()
    assert not Assignment.objects.exists() and not Entry.objects.filter(action="assign").exists()
    assert set(plan.tasks.filter(kind=Kind.TASK).values_list("state", flat=True)) == {State.IMPORTED}


def test_the_lead_ticked_as_cooperating_too_is_the_lead_only(office, draft, org):
    education = dept(org, "区教育和体育局")
    office.post(url(draft), {"year": "2023", "t13-lead": str(education.pk), "t13-co": [str(education.pk)]})
    assert list(Assignment.objects.values_list("department__name", "role")) == [("区教育和体育局", AssignmentRole.LEAD)]


def _stranger() -> Department:
    return Department.objects.create(org=Organisation.objects.create(name="济南市历下区人民政府"), name="历下区财政局")


# what is posted for task 13 (办好优质的普惠教育), and the words the one message must hold
BAD_CHOICES = [
    ("another organisation's lead", lambda org: {"t13-lead": str(_stranger().pk)}, "所选的牵头单位不是本单位的部门"),
    ("an id that is no department", lambda org: {"t13-lead": "999999"}, "所选的牵头单位不是本单位的部门"),
    ("a tampered id", lambda org: {"t13-lead": "1 OR 1=1"}, "所选的牵头单位不是本单位的部门"),
    ("another organisation's co-operating one", lambda org: {
        "t13-lead": str(dept(org, "区教育和体育局").pk), "t13-co": [str(_stranger().pk)]}, "所选的配合单位不是本单位的部门"),
    ("co-operating without a lead", lambda org: {"t13-co": [str(dept(org, "区财政局").pk)]}, "没有选牵头单位"),
]


@pytest.mark.parametrize(("case", "choice", "says"), BAD_CHOICES, ids=[b[0] for b in BAD_CHOICES])
def test_a_bad_choice_gives_one_clear_message_and_creates_nothing(office, draft, org, case, choice, says):
    fine = {"t14-lead": str(dept(org, "区卫生健康局").pk)}  # a good choice of another task is kept, not saved
    response = office.post(url(draft), {"year": "2023", **fine, **choice(org)})
    assert response.status_code == 200
    assert response.context["assignment_errors"] == [
        next(e for e in response.context["assignment_errors"] if "任务13“办好优质的普惠教育”" in e and says in e)]
    assert says in response.content.decode() and "未导入任何内容" in response.content.decode()
    assert not Plan.objects.exists() and not Task.objects.exists() and not Assignment.objects.exists()
    assert not Entry.objects.exists() and ImportDraft.objects.filter(pk=draft.pk).exists()
    assert selected_lead(row_html(response, 14)) == fine["t14-lead"]  # the page shows what was submitted


def test_the_year_and_the_choices_are_checked_together(office, draft, org):
    response = office.post(url(draft), {"year": "12", "t13-lead": "999999"})
    assert response.context["form"].errors["year"] and response.context["assignment_errors"]
    assert not Plan.objects.exists()


def test_create_plan_refuses_another_organisations_department_before_writing_anything(org, people, settings,
                                                                                       tmp_path):
    settings.MEDIA_ROOT = tmp_path
    analysed = analyse_upload(sample_bytes(), "r.txt", 10**8)
    with pytest.raises(ValueError, match="another organisation"):
        create_plan(org, analysed, people["office"], assignments={1: Choice(_stranger())})
    with pytest.raises(ValueError, match="no task 99"):
        create_plan(org, analysed, people["office"], assignments={99: Choice(dept(org, "区财政局"))})
    assert not Plan.objects.exists() and not list(tmp_path.rglob("*"))  # not even the report file
    create_plan(org, analysed, people["office"], assignments={1: Choice(dept(org, "区财政局"))})
    assert list(tmp_path.rglob("r*.txt"))
