"""The demo data (luoshi.demo), the department catalogue it reads (luoshi.orgs.catalogue), and LUOSHI_TODAY."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from luoshi import demo
from luoshi.audit.models import Entry
from luoshi.dashboard import queries
from luoshi.orgs.catalogue import CatalogueError, bundled_catalogue, load_catalogue, read_catalogue
from luoshi.orgs.catalogue import Entry as CatalogueEntry
from luoshi.orgs.choices import DepartmentKind, Level, Role
from luoshi.orgs.models import Department, Membership, Organisation, Post
from luoshi.plans.models import Plan, Target
from luoshi.tracking import status
from luoshi.tracking.choices import (
    AssignmentRole,
    ChaseKind,
    ExtensionStatus,
    Kind,
    Schedule,
    State,
    UpdateStatus,
)
from luoshi.tracking.models import Assignment, Chase, ExtensionRequest, Figure, ProgressUpdate, Task
from luoshi.tracking.suggestions import Suggester, lead_and_cooperating

MODELS = [Organisation, Department, Post, Membership, User, Plan, Target, Task, Assignment, ProgressUpdate, Figure,
          Chase, ExtensionRequest, Entry]


@pytest.fixture
def built(db, settings):
    settings.LUOSHI_TODAY = demo.DEMO_TODAY.isoformat()
    return demo.build()


# ---------------------------------------------------------------- the demo


def test_the_demo_is_a_district_government_with_its_departments_posts_and_people(built):
    org = built.org
    assert built.created
    assert (org.name, org.region, org.level) == ("济南市市中区人民政府", "济南市市中区", Level.DISTRICT)
    departments = {d.name: d for d in org.departments.all()}
    assert len(departments) == len(bundled_catalogue()) >= 30
    for name in ("区发展和改革局", "区财政局", "区教育和体育局", "区卫生健康局", "区住房和城乡建设局", "区商务局",
                 "大观园街道办事处"):
        assert name in departments
    assert departments["区发展和改革局"].short_name == "区发改局" and "项目" in departments["区发展和改革局"].duties
    assert {d.kind for d in departments.values()} >= {DepartmentKind.DEPARTMENT, DepartmentKind.STREET}

    roles = {m.user.username: m for m in Membership.objects.filter(org=org).select_related("user", "department")}
    assert roles["office"].role == Role.OFFICE
    assert (roles["fagai"].role, roles["fagai"].department.name) == (Role.DEPARTMENT, "区发展和改革局")
    assert (roles["jiaoti"].role, roles["jiaoti"].department.name) == (Role.DEPARTMENT, "区教育和体育局")
    leader = roles["leader"]
    assert leader.role == Role.LEADER and "副区长" in leader.post.title and leader.post.holder == leader.user
    assert departments["区发展和改革局"] in leader.overseen_departments()
    assert User.objects.get(username="admin").is_superuser
    for username in ("office", "fagai", "jiaoti", "leader", "admin"):
        assert User.objects.get(username=username).check_password(demo.PASSWORD)

    posts = Post.objects.filter(org=org)
    assert posts.filter(title="区长").exists() and posts.filter(title__contains="副区长").count() >= 4
    assert posts.get(department=departments["区发展和改革局"]).title == "区发展和改革局局长"
    overseen = Department.objects.filter(org=org, overseen_by__isnull=False).distinct().count()
    assert overseen == len(departments)  # every department has a leader over it


def test_the_demo_plan_is_assigned_and_has_a_year_of_history(built):
    plan = built.plan
    assert plan.year == 2023 and plan.source_name == demo.SAMPLE
    tasks = list(Task.objects.filter(plan=plan, kind=Kind.TASK).select_related("plan__org"))
    assert len(tasks) >= 20
    for task in tasks:
        lead = task.assignments.get(role=AssignmentRole.LEAD)
        assert lead.leader_post is not None and lead.contact_post.department == lead.department
        assert task.state != State.IMPORTED and task.deadline is not None
    education = next(t for t in tasks if "教育" in t.title)
    assert education.lead.department.name == "区教育和体育局"
    assert {t.deadline for t in tasks} > {date(2023, 12, 31)}  # a few earlier deadlines

    updates = ProgressUpdate.objects.filter(task__plan=plan)
    assert updates.count() > 100 and not updates.filter(submitted_at__date__gt=demo.DEMO_TODAY).exists()
    assert updates.filter(status=UpdateStatus.RETURNED).count() == 2
    assert updates.filter(status=UpdateStatus.SUBMITTED).exists()  # the office's review queue is not empty
    assert Figure.objects.filter(update__task__plan=plan).exists()
    assert [t.title for t in tasks if t.state == State.CLOSED] == ["切实优化疫情防控"]
    assert sum(t.state == State.SUBMITTED for t in tasks) == 1  # asking to be closed
    assert len(tasks) // 4 <= sum(t.published for t in tasks) <= len(tasks) // 2
    chase = Chase.objects.get(task__plan=plan)
    assert chase.kind == ChaseKind.SINGLE and chase.department.name == "区发展和改革局"
    extension = ExtensionRequest.objects.get(task__plan=plan)
    assert extension.status == ExtensionStatus.GRANTED and extension.task.deadline == extension.new_deadline
    assert extension.old_deadline < extension.new_deadline

    # the workflow wrote the audit log, dated in the plan year
    entries = Entry.objects.filter(task__plan=plan)
    actions = set(entries.values_list("action", flat=True))
    assert actions >= {"assign", "sign", "report", "review", "chase", "publish", "request_extension", "decide_extension"}
    assert not entries.filter(at__date__gt=demo.DEMO_TODAY).exists()
    assert entries.filter(actor__username="fagai").exists()

    # on the demo's today: most on schedule, a few lagging, one overdue, one done, some not reported
    assert status.today() == demo.DEMO_TODAY
    counts = status.schedule_counts(tasks)
    assert counts[Schedule.DONE] == 1 and counts[Schedule.OVERDUE] == 1
    assert 3 <= counts[Schedule.BEHIND] <= 6 and counts[Schedule.ON_TRACK] > len(tasks) / 2
    assert status.unreported(built.org)


def test_building_it_again_duplicates_nothing(built):
    before = {model.__name__: model.objects.count() for model in MODELS}
    again = demo.build()
    assert not again.created and again.org == built.org and again.plan == built.plan
    assert {model.__name__: model.objects.count() for model in MODELS} == before
    assert again.counts == built.counts


def test_history_stops_at_the_given_today(db):
    built = demo.build(today=date(2023, 3, 10))
    assert not ProgressUpdate.objects.filter(submitted_at__date__gt=date(2023, 3, 10)).exists()
    assert built.counts["closed"] == 0 and not Chase.objects.exists()


# ---------------------------------------------------------------- suggesting departments


def test_the_demo_tasks_go_to_the_departments_the_engine_suggests(built):
    suggester = Suggester(built.org.departments.all(), built.org.name)
    tasks = Task.objects.filter(plan=built.plan, kind=Kind.TASK).prefetch_related("assignments__department")
    for task in tasks:
        lead, cooperating = lead_and_cooperating(suggester.suggest(task.text, title=task.title))
        assigned = {a.department.name: a.role for a in task.assignments.all()}
        assert assigned == {lead.name: AssignmentRole.LEAD, **{d.name: AssignmentRole.COOPERATE for d in cooperating}}


# tasks of the sample report → the department whose duties they name (what an office would choose too)
LEADS = {
    "办好优质的普惠教育": "区教育和体育局",
    "提供更优的健康服务": "区卫生健康局",
    "加快扩大招商引资": "区投资促进局",
    "大力加强城市管理": "区城市管理局",
    "强力实施乡村建设行动": "区农业农村局",
    "全面提升依法行政水平": "区司法局",
    "着力实施人才创新": "区人力资源和社会保障局",
}


def test_the_demo_leads_are_the_departments_whose_duties_the_task_names(built):
    tasks = Task.objects.filter(plan=built.plan, kind=Kind.TASK, title__in=LEADS)
    assert {t.title: t.lead.department.name for t in tasks} == LEADS
    # the fagai and jiaoti log-ins still see their own chase and extension
    assert Chase.objects.get(task__plan=built.plan).task.lead.department.name == "区发展和改革局"
    assert ExtensionRequest.objects.get(task__plan=built.plan).department.name == "区教育和体育局"


def test_the_demo_has_no_keyword_stand_in_left():
    assert not hasattr(demo, "suggest_departments")


# ---------------------------------------------------------------- the catalogue


@pytest.fixture
def small_org(db):
    return Organisation.objects.create(name="测试区人民政府")


CATALOGUE = """名称,简称,类型,职责
区发展和改革局,区发改局,部门,项目、投资、经济运行
区教育和体育局,区教体局,部门,教育、学校、幼儿园
区财政局,,部门,预算、资金
大观园街道办事处,大观园街道,街道,学校、社区、教育
"""


def test_the_bundled_catalogue_is_a_district_with_departments_and_streets():
    entries = bundled_catalogue()
    names = {e.name for e in entries}
    assert len(entries) >= 30 and len(names) == len(entries)
    assert {"区发展和改革局", "区教育和体育局", "区卫生健康局", "区财政局", "区住房和城乡建设局"} <= names
    assert {e.kind for e in entries} >= {"department", "street"}
    assert all(e.duties for e in entries)


def test_a_catalogue_without_a_name_column_is_refused_with_a_clear_message():
    with pytest.raises(CatalogueError, match=r"mine\.csv: no 名称 column \(its columns are 部门, 职责\)"):
        read_catalogue(io.StringIO("部门,职责\n区财政局,预算\n"), name="mine.csv")


@pytest.mark.parametrize(("text", "message"), [
    ("", "the file is empty"),
    ("名称,类型\n区财政局,委员会\n", r"line 2: unknown 类型 “委员会”"),
    ("名称\n区财政局\n\n区财政局\n", r"line 4: 区财政局 is listed twice \(first on line 2\)"),
    ("名称,简称\n,财政\n", "line 2: 名称 is empty"),
    ("名称,简称\n", "no departments"),
])
def test_a_bad_catalogue_is_refused_saying_where(text, message):
    with pytest.raises(CatalogueError, match=message):
        read_catalogue(io.StringIO(text))


def test_a_catalogue_saved_by_excel_in_gbk_is_read(tmp_path):
    path = tmp_path / "部门.csv"
    path.write_bytes("名称,简称,类型,职责,别名\r\n区财政局,,部门,预算；资金,财政局\r\n".encode("gb18030"))
    assert read_catalogue(path) == [CatalogueEntry("区财政局", "", "department", ("预算", "资金"), ("财政局",))]


def test_loading_a_catalogue_again_changes_only_what_changed(small_org):
    assert load_catalogue(small_org, read_catalogue(io.StringIO(CATALOGUE))) == (4, 0)
    assert load_catalogue(small_org, read_catalogue(io.StringIO(CATALOGUE))) == (0, 0)
    changed = CATALOGUE.replace("预算、资金", "预算、资金、债务")
    assert load_catalogue(small_org, read_catalogue(io.StringIO(changed))) == (0, 1)
    assert Department.objects.get(org=small_org, name="区财政局").duties == "预算、资金、债务"


# ---------------------------------------------------------------- LUOSHI_TODAY


def test_luoshi_today_sets_the_date_the_app_takes_as_today(settings):
    settings.LUOSHI_TODAY = "2023-11-27"
    assert status.today() == date(2023, 11, 27)
    settings.LUOSHI_TODAY = None
    assert status.today() == timezone.localdate()


def test_it_records_the_main_targets_figures_month_by_month_as_the_office(built):
    plan = built.plan
    main = [t for t in plan.targets.filter(is_main=True) if t.value is not None]
    office_figures = Figure.objects.filter(target__plan=plan, update__isnull=True)
    assert office_figures.count() == 10 * len(main) > 0  # January to October: November's is out mid-December
    assert set(office_figures.values_list("note", flat=True)) == {"区统计局月报"}
    assert not office_figures.filter(recorded_at__date__gt=demo.DEMO_TODAY).exists()
    assert Entry.objects.filter(action="record_figure").count() == office_figures.count()
    office = User.objects.get(username="office")
    rows = queries.main_targets(office, plan)
    assert all(r.period == date(2023, 10, 1) for r in rows if r.target.value is not None)
    assert status.today() == demo.DEMO_TODAY
