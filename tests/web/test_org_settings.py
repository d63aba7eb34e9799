"""The office's settings pages: the organisation's rules, its departments (and a catalogue file), its posts.

Fixtures (conftest): tasks[0] and tasks[1] are led by 区发展和改革局 (fagai), tasks[2] by 区教育和体育局
(jiaoti); the leader 陈区长 holds the post 分管副区长, which oversees 区发展和改革局.
"""

from __future__ import annotations

import io
from datetime import date

import openpyxl
import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from luoshi.audit.models import Entry as AuditEntry
from luoshi.orgs import services
from luoshi.orgs.choices import Role
from luoshi.orgs.models import Department, Membership, Organisation, Post
from luoshi.tracking import workflow
from luoshi.tracking.models import Assignment

from .conftest import make_user

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "office", "fagai", "jiaoti", "leader"]


@pytest.fixture(autouse=True)
def in_march_2023(monkeypatch):
    monkeypatch.setattr("luoshi.tracking.status.today", lambda: date(2023, 3, 15))


@pytest.fixture
def leader_post(people):
    return people["leader"].membership.post


def login(client, people, who):
    if who != "anonymous":
        client.force_login(people[who])
    return client


def page(response) -> str:
    return response.content.decode()


def audit(action: str):
    return AuditEntry.objects.filter(action=action)


# --- who may come in ---------------------------------------------------------------------------------

# url name, the object its pk comes from (None: no argument)
PAGES = [
    ("org_settings", None),
    ("department_list", None),
    ("department_add", None),
    ("department_edit", "department"),
    ("catalogue_import", None),
    ("post_list", None),
    ("post_add", None),
    ("post_edit", "post"),
]


def _url(name, obj, departments, leader_post):
    args = {None: [], "department": [departments["区发展和改革局"].pk], "post": [leader_post.pk]}[obj]
    return reverse(name, args=args)


@pytest.mark.parametrize("who", ROLES)
@pytest.mark.parametrize(("name", "obj"), PAGES, ids=[p[0] for p in PAGES])
def test_it_opens_every_settings_page_to_the_office_only(client, people, departments, leader_post, tasks,
                                                         name, obj, who):
    url = _url(name, obj, departments, leader_post)
    response = login(client, people, who).get(url)
    if who == "anonymous":
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    elif who == "office":
        assert response.status_code == 200
        assert 'aria-current="page">设置<' in page(response)  # the menu marks where we are
    else:
        assert response.status_code == 403


# url name, the object its pk comes from, the form sent
POSTS = [
    ("org_settings", None, {"name": "别的名字", "cycle": "quarterly", "due_day": 20, "lag_margin": 5,
                            "colour_scheme": "byr"}),
    ("department_add", None, {"name": "区审计局", "kind": "department", "order": 9}),
    ("department_edit", "department", {"name": "改掉的名字", "kind": "department", "order": 0}),
    ("department_delete", "department", {}),
    ("catalogue_import", None, {"file": "名称\n区审计局\n"}),
    ("post_add", None, {"title": "区长"}),
    ("post_edit", "post", {"title": "改掉的职务"}),
]


@pytest.mark.parametrize("who", ["anonymous", "fagai", "jiaoti", "leader"])
@pytest.mark.parametrize(("name", "obj", "data"), POSTS, ids=[p[0] for p in POSTS])
def test_it_lets_no_one_but_the_office_change_anything(client, people, org, departments, leader_post, tasks,
                                                       name, obj, data, who):
    if "file" in data:
        data = {"file": SimpleUploadedFile("目录.csv", data["file"].encode())}
    before = (Department.objects.count(), Post.objects.count(), AuditEntry.objects.count())
    response = login(client, people, who).post(_url(name, obj, departments, leader_post), data)
    assert response.status_code == (302 if who == "anonymous" else 403)
    assert (Department.objects.count(), Post.objects.count(), AuditEntry.objects.count()) == before
    assert Organisation.objects.get(pk=org.pk).name == org.name
    assert Department.objects.filter(name="区发展和改革局").exists()
    assert Post.objects.get(pk=leader_post.pk).title == "分管副区长"


def test_it_shows_the_settings_menu_entry_to_the_office_only(client, people):
    assert "设置" in page(login(client, people, "office").get(reverse("task_list")))
    for who in ("fagai", "leader"):
        client.logout()
        response = login(client, people, who).get(reverse("task_list"))
        assert reverse("org_settings") not in page(response)


def test_it_keeps_the_office_inside_its_own_organisation(client, people, departments):
    other = Organisation.objects.create(name="济南市历下区人民政府")
    theirs = Department.objects.create(org=other, name="历下区财政局")
    their_post = Post.objects.create(org=other, title="历下区区长")
    outsider = User.objects.create_user("lixia", first_name="外区用户")
    Membership.objects.create(user=outsider, org=other, role=Role.LEADER)
    client = login(client, people, "office")
    assert client.get(reverse("department_edit", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("department_delete", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("post_edit", args=[their_post.pk])).status_code == 404
    listing = page(client.get(reverse("department_list")))
    assert "区发展和改革局" in listing and "历下区财政局" not in listing
    assert "历下区区长" not in page(client.get(reverse("post_list")))
    # a user of another organisation cannot be made the holder of a post
    response = client.post(reverse("post_add"), {"title": "区长", "holder": outsider.pk})
    assert response.status_code == 200 and not Post.objects.filter(title="区长").exists()
    assert "外区用户" not in page(response)
    assert Department.objects.filter(pk=theirs.pk).exists()


# --- the organisation's settings -----------------------------------------------------------------------

GOOD = {"name": "济南市市中区人民政府", "region": "济南市市中区", "cycle": "quarterly", "due_day": 20,
        "lag_margin": 5, "colour_scheme": "rgy"}


def test_it_saves_the_settings_and_audits_before_and_after(client, people, org):
    response = login(client, people, "office").post(reverse("org_settings"), GOOD)
    assert response.status_code == 302 and response["Location"] == reverse("org_settings")
    org.refresh_from_db()
    assert (org.cycle, org.due_day, org.lag_margin) == ("quarterly", 20, 5)
    entry = audit("org_settings").get()
    assert entry.actor == people["office"] and entry.object_id == org.pk
    assert entry.before == {"cycle": "monthly", "due_day": 25, "lag_margin": 10}
    assert entry.after == {"cycle": "quarterly", "due_day": 20, "lag_margin": 5}
    shown = page(client.get(reverse("org_settings")))
    assert "设置已保存" in shown and "最近修改" in shown and "报送截止日=25" in shown and "报送截止日=20" in shown
    # saving the same values again changes nothing and writes nothing
    client.post(reverse("org_settings"), GOOD)
    assert audit("org_settings").count() == 1


@pytest.mark.parametrize(("field", "value", "message"), [
    ("due_day", 29, "报送截止日须在1日至28日之间"),
    ("due_day", 0, "报送截止日须在1日至28日之间"),
    ("lag_margin", 51, "进度容差须在0至50个百分点之间"),
    ("lag_margin", -1, "进度容差须在0至50个百分点之间"),
    ("cycle", "weekly", "选择一个有效的选项"),
    ("colour_scheme", "purple", "选择一个有效的选项"),
    ("name", "", "这个字段是必填项"),
])
def test_it_refuses_settings_out_of_range(client, people, org, field, value, message):
    response = login(client, people, "office").post(reverse("org_settings"), {**GOOD, field: value})
    assert response.status_code == 200
    assert message in page(response)
    org.refresh_from_db()
    assert (org.cycle, org.due_day, org.lag_margin, org.colour_scheme) == ("monthly", 25, 10, "rgy")
    assert not audit("org_settings").exists()


def test_it_refuses_the_name_of_another_organisation(client, people, org):
    Organisation.objects.create(name="济南市历下区人民政府")
    response = login(client, people, "office").post(reverse("org_settings"), {**GOOD, "name": "济南市历下区人民政府"})
    assert response.status_code == 200 and "已有同名的组织" in page(response)
    assert Organisation.objects.get(pk=org.pk).name == "济南市市中区人民政府"


def test_it_shows_the_colour_scheme_on_every_page_of_the_organisation(client, people, org, tasks):
    client = login(client, people, "office")
    settings_page = page(client.get(reverse("org_settings")))
    assert '<body data-scheme="rgy"' in settings_page
    assert 'data-schedule="behind"' in settings_page  # the preview shows the real badges
    client.post(reverse("org_settings"), {**GOOD, "colour_scheme": "byr"})
    assert '<body data-scheme="byr"' in page(client.get(reverse("org_settings")))
    assert '<body data-scheme="byr"' in page(client.get(reverse("task_list")))
    client.logout()
    assert '<body data-scheme="byr"' in page(login(client, people, "fagai").get(reverse("inbox")))


# --- departments -----------------------------------------------------------------------------------------

DEPARTMENT = {"name": "区审计局", "short_name": "审计局", "aliases": "区审计、审计", "kind": "department",
              "duties": "审计、经济责任", "contact": "孙审计", "phone": "0531-1234567", "order": 7}


def test_it_lists_the_catalogue_with_every_column(client, people, departments, tasks):
    fagai = departments["区发展和改革局"]
    fagai.short_name, fagai.aliases, fagai.contact, fagai.phone = "区发改局", "发改局", "钱联络", "0531-86000000"
    fagai.save()
    listing = page(login(client, people, "office").get(reverse("department_list")))
    for text in ("区发改局", "发改局", "钱联络", "0531-86000000", "部门", "导入部门目录"):
        assert text in listing
    assert f'{reverse("task_list")}?department={fagai.pk}">2<' in listing  # tasks[0] and tasks[1]


def test_it_adds_and_edits_a_department_with_its_audit(client, people, org):
    client = login(client, people, "office")
    response = client.post(reverse("department_add"), DEPARTMENT)
    assert response.status_code == 302 and response["Location"] == reverse("department_list")
    d = Department.objects.get(org=org, name="区审计局")
    assert (d.short_name, d.aliases, d.contact, d.phone, d.order) == ("审计局", "区审计、审计", "孙审计",
                                                                      "0531-1234567", 7)
    assert audit("department_create").get().after["name"] == "区审计局"
    client.post(reverse("department_edit", args=[d.pk]), {**DEPARTMENT, "phone": "0531-7654321"})
    d.refresh_from_db()
    assert d.phone == "0531-7654321"
    entry = audit("department_edit").get()
    assert entry.before == {"phone": "0531-1234567"} and entry.after == {"phone": "0531-7654321"}


def test_it_refuses_a_second_department_of_the_same_name(client, people, departments):
    response = login(client, people, "office").post(reverse("department_add"), {**DEPARTMENT, "name": "区财政局"})
    assert response.status_code == 200 and "已有名为“区财政局”的部门" in page(response)
    assert Department.objects.filter(name="区财政局").count() == 1


def test_it_refuses_to_delete_a_department_that_has_tasks(client, people, departments, tasks):
    fagai = departments["区发展和改革局"]
    client = login(client, people, "office")
    response = client.post(reverse("department_delete", args=[fagai.pk]), follow=True)
    shown = page(response)
    assert "该部门承担2项任务" in shown and "不能删除" in shown and "有1个用户账号" in shown
    assert Department.objects.filter(pk=fagai.pk).exists()
    assert Assignment.objects.filter(department=fagai).count() == 2
    assert not audit("department_delete").exists()
    # the edit page says so before anyone tries
    assert "不能删除" in page(client.get(reverse("department_edit", args=[fagai.pk])))


def test_it_refuses_to_delete_a_department_whose_users_would_go_with_it(client, people, departments):
    jiaoti = departments["区教育和体育局"]  # no tasks without the plan fixture; one user
    response = login(client, people, "office").post(reverse("department_delete", args=[jiaoti.pk]), follow=True)
    assert "有1个用户账号" in page(response)
    assert Membership.objects.filter(user=people["jiaoti"], department=jiaoti).exists()


def test_it_deletes_an_unused_department_with_its_audit(client, people, departments, tasks):
    health = departments["区卫生健康局"]
    client = login(client, people, "office")
    assert "可以删除" in page(client.get(reverse("department_edit", args=[health.pk])))
    response = client.post(reverse("department_delete", args=[health.pk]))
    assert response.status_code == 302 and not Department.objects.filter(pk=health.pk).exists()
    entry = audit("department_delete").get()
    assert entry.before["name"] == "区卫生健康局" and entry.after == {}


def test_it_deletes_only_by_post(client, people, departments):
    health = departments["区卫生健康局"]
    response = login(client, people, "office").get(reverse("department_delete", args=[health.pk]))
    assert response.status_code == 405 and Department.objects.filter(pk=health.pk).exists()


# --- a catalogue file ---------------------------------------------------------------------------------------


def xlsx(*rows) -> bytes:
    """A workbook as Excel or WPS saves it: the rows on the first sheet (None: an empty cell)."""
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    book.create_sheet("说明").append(["第二个工作表不读取"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def upload(client, text: str | bytes, name: str = "目录.csv"):
    data = text.encode("utf-8") if isinstance(text, str) else text
    return client.post(reverse("catalogue_import"), {"file": SimpleUploadedFile(name, data)})


def confirm(client, response):
    form = response.context["confirm"]
    return client.post(reverse("catalogue_import"), {
        "confirm": "1", "data": form["data"].value(), "filename": form["filename"].value()})


CATALOGUE = (
    "名称,简称,类型,职责,别名\n"
    "区发展和改革局,区发改局,部门,项目、投资,发改局\n"  # changed: short name, duties, aliases
    "区教育和体育局,,部门,,\n"  # order 2 → changed order (was 1)
    "区审计局,区审计局,部门,审计,\n"  # new
    "大观园街道办事处,大观园街道,街道,社区、网格,\n"  # new
)


def test_it_previews_a_catalogue_and_applies_it_only_when_confirmed(client, people, org, departments):
    client = login(client, people, "office")
    response = upload(client, CATALOGUE)
    assert response.status_code == 200
    preview = response.context["preview"]
    assert [e.name for e in preview.added] == ["区审计局", "大观园街道办事处"]
    assert [c.name for c in preview.changed] == ["区发展和改革局", "区教育和体育局"]
    assert preview.kept == ["区财政局", "区卫生健康局"]
    shown = page(response)
    assert "区审计局" in shown and "大观园街道" in shown and "街道" in shown and "确认导入" in shown
    assert "项目、投资" in shown and "保留不动" in shown
    assert not Department.objects.filter(name="区审计局").exists()  # nothing applied by the preview

    response = confirm(client, response)
    assert response.status_code == 302 and response["Location"] == reverse("department_list")
    assert Department.objects.filter(org=org).count() == 6
    fagai = Department.objects.get(org=org, name="区发展和改革局")
    assert (fagai.short_name, fagai.duties, fagai.aliases, fagai.order) == ("区发改局", "项目、投资", "发改局", 1)
    street = Department.objects.get(org=org, name="大观园街道办事处")
    assert (street.kind, street.short_name) == ("street", "大观园街道")
    assert audit("department_create").count() == 2 and audit("department_edit").count() == 2
    edit = audit("department_edit").get(object_id=fagai.pk)
    assert edit.before["short_name"] == "" and edit.after["short_name"] == "区发改局"
    assert "新增2个，修改2个" in page(client.get(reverse("department_list")))


def test_it_reads_a_catalogue_saved_as_gbk(client, people, org, departments):
    response = upload(login(client, people, "office"), "名称,类型\n区审计局,部门\n".encode("gbk"))
    assert [e.name for e in response.context["preview"].added] == ["区审计局"]
    confirm(client, response)
    assert Department.objects.filter(org=org, name="区审计局").exists()


BAD_FILES = [
    ("no 名称 column", "部门,职责\n区审计局,审计\n", "目录.csv", "缺少“名称”列（文件的列为：部门, 职责）"),
    ("an unknown kind on row 4", "名称,类型\n区审计局,部门\n区统计局,部门\n区金融中心,事业单位\n", "目录.csv",
     "第4行：类型“事业单位”无法识别"),
    ("an empty name on row 3", "名称,简称\n区审计局,审计局\n,统计局\n", "目录.csv", "第3行：名称为空"),
    ("a name twice", "名称\n区审计局\n区统计局\n区审计局\n", "目录.csv", "第4行：“区审计局”重复出现（第一次在第2行）"),
    ("a name too long", "名称\n区审计局\n" + "局" * 101 + "\n", "目录.csv", "第3行：名称超过100个字符"),
    ("bad encoding (UTF-16)", "名称\n区审计局\n".encode("utf-16"), "目录.csv", "无法识别文件编码"),
    ("an empty file", "", "目录.csv", "空文件"),
    ("a header only", "名称,简称\n", "目录.csv", "列名下没有任何部门"),
    ("a blank first line", "\n名称\n区审计局\n", "目录.csv", "文件是空的"),
    ("a Word file", b"whatever", "目录.docx", "请上传 Excel 表格（.xlsx）或 CSV 文件（.csv）"),
    ("not an xlsx (a CSV so named)", "名称\n区审计局\n", "目录.xlsx", "文件不是有效的 Excel 表格（.xlsx）"),
    ("a damaged xlsx", b"PK\x03\x04 not really", "目录.xlsx", "文件不是有效的 Excel 表格（.xlsx）"),
    ("an xlsx with no 名称 column", lambda: xlsx(["部门", "职责"], ["区审计局", "审计"]), "目录.xlsx",
     "缺少“名称”列（文件的列为：部门, 职责）"),
    ("an xlsx row without a name", lambda: xlsx(["名称", "简称"], ["区审计局", "审计局"], [None, None],
                                                [None, "统计局"]), "目录.xlsx", "第4行：名称为空"),
    ("an empty xlsx", lambda: xlsx(), "目录.xlsx", "文件是空的"),
    ("an xlsx named .csv", lambda: xlsx(["名称"], ["区审计局"]), "目录.csv", "扩展名不是 .xlsx"),
    ("an old Excel .xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 old", "目录.xls", "另存为 .xlsx 或 CSV"),
    ("a WPS .et sheet", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 old", "目录.et", "另存为 .xlsx 或 CSV"),
    ("a WPS .wps file", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 old", "目录.wps", "另存为 .xlsx 或 CSV"),
]


@pytest.mark.parametrize(("content", "name", "message"), [b[1:] for b in BAD_FILES], ids=[b[0] for b in BAD_FILES])
def test_it_reports_a_bad_catalogue_and_applies_nothing(client, people, org, departments, content, name, message):
    before = list(Department.objects.filter(org=org).values_list("name", "short_name", "order"))
    response = upload(login(client, people, "office"), content() if callable(content) else content, name)
    assert response.status_code == 400
    shown = page(response)
    assert message in shown, shown[shown.find('id="catalogue-error"'):][:300]
    assert "未导入任何内容" in shown and "确认导入" not in shown
    assert list(Department.objects.filter(org=org).values_list("name", "short_name", "order")) == before
    assert not AuditEntry.objects.filter(model="orgs.department").exists()


@pytest.mark.parametrize(("row", "kind", "short_name", "aliases"), [
    ("区财政局,区财政局、财政局,,预算", "department", "区财政局", ("财政局",)),
    ("大观园街道办事处,大观园街道,,社区", "street", "大观园街道", ()),
    ("党家镇人民政府,,,农业", "town", "", ()),
    ("区城投集团有限公司,区城投、城投集团,,融资", "enterprise", "区城投", ("城投集团",)),
    ("区残联,,其他,助残", "other", "", ()),
])
def test_it_reads_a_blank_kind_from_the_name_and_the_further_short_names_as_aliases(row, kind, short_name, aliases):
    [entry] = services.read_catalogue_file(f"名称,简称,类型,职责\n{row}\n".encode(), "目录.csv")
    assert (entry.kind, entry.short_name, entry.aliases) == (kind, short_name, aliases)


def test_it_previews_and_applies_an_xlsx_catalogue(client, people, org, departments, monkeypatch, tmp_path):
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    client = login(client, people, "office")
    data = xlsx(["序号", "名称", "简称", "职责", "类型", "联系电话"],
                [1, "区发展和改革局", "区发改局、发改局、区发改委", "项目、投资", None, 82079000],
                [2, "区审计局", "区审计局", "审计、经济责任", "部门", None],
                [None, None, None, None, None, None],
                [3, "大观园街道办事处", "大观园街道", None, "街道", None])
    response = upload(client, data, "部门目录.xlsx")
    assert response.status_code == 200
    preview = response.context["preview"]
    assert [e.name for e in preview.added] == ["区审计局", "大观园街道办事处"]
    assert [c.name for c in preview.changed] == ["区发展和改革局"]
    assert "审计、经济责任" in page(response) and "确认导入" in page(response)
    assert not Department.objects.filter(name="区审计局").exists()
    assert not list(tmp_path.iterdir())  # the temporary copy of the upload is gone

    response = confirm(client, response)
    assert response.status_code == 302
    fagai = Department.objects.get(org=org, name="区发展和改革局")
    assert (fagai.short_name, fagai.aliases, fagai.duties, fagai.phone) == ("区发改局", "发改局、区发改委", "项目、投资",
                                                                           "82079000")
    audit_ = Department.objects.get(org=org, name="区审计局")
    assert (audit_.short_name, audit_.duties, audit_.order) == ("区审计局", "审计、经济责任", 2)
    assert Department.objects.get(org=org, name="大观园街道办事处").kind == "street"
    assert audit("department_create").count() == 2 and audit("department_edit").count() == 1
    assert "部门目录.xlsx" in audit("department_create").first().summary


def test_it_checks_the_file_again_when_it_is_applied(client, people, org, departments):
    """A confirmation carrying a file that does not read (altered on the way) applies nothing."""
    import base64

    client = login(client, people, "office")
    bad = base64.b64encode("名称,类型\n区审计局,部门\n区统计局,科室\n".encode()).decode()
    response = client.post(reverse("catalogue_import"), {"confirm": "1", "data": bad, "filename": "目录.csv"})
    assert response.status_code == 400 and "第3行" in page(response)
    response = client.post(reverse("catalogue_import"), {"confirm": "1", "data": "不是base64", "filename": "目录.csv"},
                           follow=True)
    assert "没有收到预览过的文件" in page(response)
    assert Department.objects.filter(org=org).count() == 4


def test_it_applies_a_catalogue_in_one_transaction(client, people, org, departments, monkeypatch):
    """A failure half-way (here: writing the audit of the second department) leaves the catalogue as it was."""
    client = login(client, people, "office")
    response = upload(client, CATALOGUE)
    calls = []
    real = services.record

    def failing(*args, **kwargs):
        calls.append(args)
        if len(calls) == 2:
            raise RuntimeError("disk full")
        return real(*args, **kwargs)

    monkeypatch.setattr(services, "record", failing)
    client.raise_request_exception = True
    with pytest.raises(RuntimeError):
        confirm(client, response)
    assert not Department.objects.filter(name__in=["区审计局", "大观园街道办事处"]).exists()
    assert Department.objects.get(org=org, name="区发展和改革局").short_name == ""
    assert not AuditEntry.objects.filter(model="orgs.department").exists()


# --- posts: the successor inherits the tasks -----------------------------------------------------------------


@pytest.fixture
def on_post(people, departments, tasks, leader_post):
    """tasks[0] and tasks[1] name 分管副区长 as their responsible leader; tasks[2] names 区教体局局长 as contact."""
    office, fagai = people["office"], departments["区发展和改革局"]
    director = Post.objects.create(org=leader_post.org, title="区教育和体育局局长", department=departments["区教育和体育局"])
    workflow.assign(tasks[0], office, fagai, [departments["区财政局"]], leader_post=leader_post)
    workflow.assign(tasks[1], office, fagai, leader_post=leader_post)
    workflow.assign(tasks[2], office, departments["区教育和体育局"], contact_post=director)
    return {"leader": leader_post, "director": director}


def test_it_lists_posts_with_the_tasks_that_hang_on_them(client, people, on_post):
    client = login(client, people, "office")
    listing = page(client.get(reverse("post_list")))
    assert "分管副区长" in listing and "陈区长" in listing and "区发展和改革局" in listing
    assert f'data-post-tasks="{on_post["leader"].pk}">2<' in listing
    assert f'data-post-tasks="{on_post["director"].pk}">1<' in listing
    detail = client.get(reverse("post_edit", args=[on_post["leader"].pk]))
    assert detail.context["task_count"] == 2
    assert 'id="post-task-count">2<' in page(detail)


def test_it_hands_a_post_to_a_successor_who_inherits_its_tasks(client, people, org, departments, tasks, on_post):
    post = on_post["leader"]
    post.holder = people["leader"]
    post.save()
    on_post_before = sorted(Assignment.objects.filter(leader_post=post).values_list("pk", "task_id", "department_id"))
    successor = make_user("zhou", "周区长", org, Role.LEADER)  # a leader's account, not yet tied to a post
    client = login(client, people, "office")
    response = client.post(reverse("post_edit", args=[post.pk]), {
        "title": "分管副区长", "holder_name": "陈区长", "holder": successor.pk,
        "oversees": [departments["区发展和改革局"].pk]}, follow=True)
    assert response.status_code == 200
    shown = page(response)
    assert "周区长 的领导账号已关联职务“分管副区长”" in shown and "陈区长 的账号已不再关联职务" in shown

    post.refresh_from_db()
    assert (post.holder, post.holder_name) == (successor, "周区长")  # the old name does not stay on the post
    # nothing was re-assigned: the same assignments still name the same post
    assert sorted(Assignment.objects.filter(leader_post=post).values_list(
        "pk", "task_id", "department_id")) == on_post_before
    assert len(on_post_before) == 2
    assert response.context["task_count"] == 2

    # the successor's leader view follows the post: 区发展和改革局's tasks, nothing else
    successor.refresh_from_db()
    assert successor.membership.post == post
    client.force_login(successor)
    task_list = page(client.get(reverse("task_list")))
    for t in tasks[:2]:
        assert reverse("task_detail", args=[t.pk]) in task_list
    assert reverse("task_detail", args=[tasks[2].pk]) not in task_list
    assert client.get(reverse("task_detail", args=[tasks[0].pk])).status_code == 200
    # the predecessor no longer sees them
    client.force_login(people["leader"])
    assert Membership.objects.get(user=people["leader"]).post is None
    assert client.get(reverse("task_detail", args=[tasks[0].pk])).status_code == 404

    entry = audit("post_holder_change").get(object_id=post.pk)
    assert entry.before == {"holder": people["leader"].pk, "holder_name": "陈区长"}
    assert entry.after == {"holder": successor.pk, "holder_name": "周区长"}
    assert audit("membership_post").count() == 2


def test_it_hands_over_to_a_leader_already_tied_to_the_post(client, people, org, departments, tasks, on_post):
    """The fixture's leader account is tied to the post while the post names no holder's account."""
    post = on_post["leader"]
    login(client, people, "office").post(reverse("post_edit", args=[post.pk]), {
        "title": "分管副区长", "holder_name": "陈区长", "holder": people["leader"].pk,
        "oversees": [departments["区发展和改革局"].pk]})
    post.refresh_from_db()
    assert post.holder == people["leader"]
    assert Membership.objects.get(user=people["leader"]).post == post
    client.force_login(people["leader"])
    assert client.get(reverse("task_detail", args=[tasks[0].pk])).status_code == 200
    assert Assignment.objects.filter(leader_post=post).count() == 2


def test_it_does_not_take_a_post_away_from_its_holder(client, people, org, departments, on_post):
    """A successor whose account is tied to another post they hold keeps it, and the office is told."""
    other = Post.objects.create(org=org, title="分管教育的副区长")
    successor = make_user("zhou", "周区长", org, Role.LEADER, post=other)
    other.holder = successor
    other.save()
    response = login(client, people, "office").post(reverse("post_edit", args=[on_post["leader"].pk]), {
        "title": "分管副区长", "holder": successor.pk, "oversees": [departments["区发展和改革局"].pk]}, follow=True)
    assert "一个账号只能关联一个职务" in page(response)
    assert Membership.objects.get(user=successor).post == other
    assert Post.objects.get(pk=on_post["leader"].pk).holder == successor


def test_it_adds_a_post_and_edits_what_it_oversees(client, people, org, departments):
    client = login(client, people, "office")
    response = client.post(reverse("post_add"), {
        "title": "区长", "department": "", "holder_name": "吴区长",
        "oversees": [departments["区财政局"].pk, departments["区卫生健康局"].pk]})
    post = Post.objects.get(org=org, title="区长")
    assert response.status_code == 302 and response["Location"] == reverse("post_edit", args=[post.pk])
    assert set(post.oversees.values_list("name", flat=True)) == {"区财政局", "区卫生健康局"}
    assert sorted(audit("post_create").get().after["oversees"]) == sorted(
        [departments["区财政局"].pk, departments["区卫生健康局"].pk])
    client.post(reverse("post_edit", args=[post.pk]), {
        "title": "区长", "holder_name": "吴区长", "oversees": [departments["区财政局"].pk]})
    entry = audit("post_edit").get()
    assert entry.after == {"oversees": [departments["区财政局"].pk]}
    assert list(post.oversees.all()) == [departments["区财政局"]]
    response = client.post(reverse("post_add"), {"title": ""})
    assert response.status_code == 200 and "这个字段是必填项" in page(response)
