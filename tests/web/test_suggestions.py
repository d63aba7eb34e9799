"""Suggested departments on the task page: shown to the office, filling only an empty assignment form."""

import io

import pytest
from django.urls import reverse

from luoshi.orgs.catalogue import load_catalogue, read_catalogue
from luoshi.orgs.models import Department, Organisation
from luoshi.tracking.choices import State
from luoshi.tracking.suggestions import Suggester, lead_and_cooperating, suggested_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def education_task(plan, org):
    Department.objects.filter(org=org, name="区教育和体育局").update(duties="教育、学校、幼儿园、中小学、学位、体育")
    return plan.tasks.filter(kind="task", state=State.IMPORTED, text__contains="幼儿园").first()


def test_it_suggests_the_department_whose_duties_the_task_names(education_task, org):
    suggested = suggested_for(education_task, org)
    assert suggested[0].role == "lead"
    assert suggested[0].department.name == "区教育和体育局"
    assert "幼儿园" in suggested[0].words


def test_it_fills_the_form_of_an_unassigned_task_for_the_office(client, people, education_task):
    client.force_login(people["office"])
    page = client.get(reverse("task_detail", args=[education_task.pk]))
    assert page.context["assign_form"].initial["lead"] == Department.objects.get(name="区教育和体育局").pk
    assert "系统建议" in page.content.decode()


def test_it_never_overrides_a_persons_choice(client, people, tasks, departments):
    task = tasks[0]  # assigned by hand to 区发展和改革局 in the fixtures
    client.force_login(people["office"])
    page = client.get(reverse("task_detail", args=[task.pk]))
    assert page.context["assign_form"].initial["lead"] == departments["区发展和改革局"].pk


def test_it_shows_no_suggestions_to_a_department(client, people, tasks):
    client.force_login(people["fagai"])
    page = client.get(reverse("task_detail", args=[tasks[0].pk]))
    assert "系统建议" not in page.content.decode()


# ---------------------------------------------------------------- the suggester over an organisation's rows


@pytest.fixture
def small_catalogue(db):
    org = Organisation.objects.create(name="测试区人民政府")
    load_catalogue(org, read_catalogue(io.StringIO(
        "名称,简称,类型,职责\n"
        "区发展和改革局,区发改局,部门,项目、投资、经济运行\n"
        "区教育和体育局,区教体局,部门,教育、学校、幼儿园\n"
        "区财政局,,部门,预算、资金\n"
        "大观园街道办事处,大观园街道,街道,学校、社区、教育\n")))
    return Suggester.of(org)


# title, text → the lead and the co-operating departments suggested
CASES = [
    ("named in the text, it leads", "做好项目投资", "做好项目投资。由区财政局统筹资金，做好项目投资和经济运行",
     ("区财政局", ["区发展和改革局"])),
    ("named by its short name", "办好教育", "办好教育。区教体局牵头新建学校", ("区教育和体育局", ["大观园街道办事处"])),
    ("duties choose; a street co-operates, it does not lead", "办好教育", "办好教育。新建学校3所、幼儿园5所，加强教育投资",
     ("区教育和体育局", ["大观园街道办事处"])),
    ("no duty word, no suggestion", "加强党的建设", "加强党的建设。坚持党的全面领导", (None, [])),
]


@pytest.mark.parametrize(("case", "title", "text", "expected"), CASES, ids=[c[0] for c in CASES])
def test_it_suggests_from_the_organisations_departments(small_catalogue, case, title, text, expected):
    lead, cooperating = lead_and_cooperating(small_catalogue.suggest(text, title=title))
    assert (lead and lead.name, [d.name for d in cooperating]) == expected
    assert lead is None or lead.org_id == small_catalogue.departments[0].org_id  # rows, not engine names


def test_each_suggestion_says_why(small_catalogue):
    named, = small_catalogue.suggest("办好教育。由区财政局牵头", title="办好教育")[:1]
    assert named.named and "区财政局" in named.reason
    scored = small_catalogue.suggest("办好教育。新建学校3所、幼儿园5所", title="办好教育")[0]
    assert not scored.named and set(scored.words) >= {"教育", "幼儿园"} and scored.reason.startswith("职责匹配")
