"""Importing a report: upload → preview → confirm creates the plan; a bad file says why and creates nothing."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from luoshi.plans.models import ImportDraft, Plan
from luoshi.tracking.models import Task

from .conftest import sample_bytes

pytestmark = pytest.mark.django_db

BAD_FILES = Path(__file__).resolve().parents[1] / "data" / "web"


def upload(client, name: str, data: bytes):
    return client.post(reverse("import_report"), {"file": SimpleUploadedFile(name, data)})


def sample_docx() -> bytes:
    document = docx.Document()
    for line in sample_bytes().decode("utf-8").splitlines():
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@pytest.fixture
def office(client, people):
    client.force_login(people["office"])
    return client


@pytest.mark.parametrize(("name", "data"), [
    ("seed-2023-shizhong.txt", sample_bytes),
    ("seed-2023-shizhong.docx", sample_docx),
], ids=["txt", "docx"])
def test_it_imports_a_report_through_preview_and_confirm(office, name, data):
    response = upload(office, name, data())
    draft = ImportDraft.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("import_preview", args=[draft.pk])
    assert not Plan.objects.exists()

    preview = office.get(response["Location"]).content.decode()
    for text in ["济南市市中区", "主要预期目标", "地区生产总值", "增长6%", "加快构建现代产业体系", "2023"]:
        assert text in preview, text

    response = office.post(reverse("import_preview", args=[draft.pk]), {"year": "2023"})
    plan = Plan.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("plan_reader", args=[plan.pk])
    assert plan.year == 2023 and plan.format == name.rsplit(".", 1)[1]
    assert Task.objects.filter(plan=plan, kind="task").count() > 20
    assert not ImportDraft.objects.exists()
    assert not Path(draft.file.path).exists()


def test_it_lets_the_office_choose_the_plan_year(office):
    upload(office, "report.txt", sample_bytes())
    draft = ImportDraft.objects.get()
    office.post(reverse("import_preview", args=[draft.pk]), {"year": "2024"})
    plan = Plan.objects.get()
    assert plan.year == 2024
    assert plan.tasks.filter(kind="task").first().deadline.year == 2024


def test_it_keeps_the_draft_when_the_year_is_invalid(office):
    upload(office, "report.txt", sample_bytes())
    draft = ImportDraft.objects.get()
    response = office.post(reverse("import_preview", args=[draft.pk]), {"year": "12"})
    assert response.status_code == 200
    assert not Plan.objects.exists() and ImportDraft.objects.exists()


def test_it_discards_a_draft_on_cancel(office):
    upload(office, "report.txt", sample_bytes())
    draft = ImportDraft.objects.get()
    office.post(reverse("import_cancel", args=[draft.pk]))
    assert not ImportDraft.objects.exists() and not Plan.objects.exists()
    assert not Path(draft.file.path).exists()


# name of the file uploaded, its bytes, words the message must contain
BAD = [
    ("empty.txt", lambda: b"", "空"),
    ("blank.txt", lambda: (BAD_FILES / "blank.txt").read_bytes(), "空"),
    ("junk.txt", lambda: (BAD_FILES / "junk.txt").read_bytes(), "无法识别文件中的文字"),
    ("old.doc", lambda: (BAD_FILES / "old.doc").read_bytes(), "另存为 .docx"),
    ("report.xlsx", lambda: b"PK\x03\x04 spreadsheet", "不支持该文件类型"),
    ("corrupt.docx", lambda: (BAD_FILES / "corrupt.docx").read_bytes(), "损坏"),
    ("old-renamed.docx", lambda: (BAD_FILES / "old.doc").read_bytes(), "旧版 Word"),
    ("scanned.pdf", lambda: (BAD_FILES / "scanned.pdf").read_bytes(), "扫描件"),
    ("no-extension", lambda: sample_bytes(), "不支持该文件类型"),
]


@pytest.mark.parametrize(("name", "data", "says"), BAD, ids=[b[0] for b in BAD])
def test_it_refuses_a_bad_file_with_one_clear_message_and_creates_nothing(office, name, data, says):
    response = upload(office, name, data())
    assert response.status_code == 200
    errors = response.context["form"].errors["file"]
    assert len(errors) == 1 and says in errors[0], errors
    assert says in response.content.decode()
    assert not Plan.objects.exists() and not ImportDraft.objects.exists()


def test_it_refuses_a_file_over_the_size_limit_before_reading_it(office, settings):
    settings.LUOSHI_MAX_UPLOAD_BYTES = 1000
    response = upload(office, "report.txt", sample_bytes())
    errors = response.context["form"].errors["file"]
    assert len(errors) == 1 and "文件过大" in errors[0] and "1000" in errors[0]
    assert not Plan.objects.exists() and not ImportDraft.objects.exists()


def test_it_asks_for_a_file_when_none_is_given(office):
    response = office.post(reverse("import_report"), {})
    assert "请选择要导入的报告文件" in response.content.decode()
    assert not ImportDraft.objects.exists()


@pytest.mark.parametrize("who", ["fagai", "leader"])
def test_it_lets_only_the_office_import(client, people, who):
    client.force_login(people[who])
    assert client.get(reverse("import_report")).status_code == 403
    assert upload(client, "report.txt", sample_bytes()).status_code == 403
    assert not ImportDraft.objects.exists()


def test_it_sends_an_anonymous_user_to_log_in(client, people):
    response = client.get(reverse("import_report"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_it_hides_another_organisations_draft(client, office, people):
    from luoshi.orgs.choices import Role
    from luoshi.orgs.models import Organisation

    from .conftest import make_user

    upload(office, "report.txt", sample_bytes())
    draft = ImportDraft.objects.get()
    other = Organisation.objects.create(name="济南市历下区人民政府")
    client.force_login(make_user("other", "他区督查", other, Role.OFFICE))
    assert client.get(reverse("import_preview", args=[draft.pk])).status_code == 404
    assert client.post(reverse("import_cancel", args=[draft.pk])).status_code == 404
    assert ImportDraft.objects.exists()


def test_it_lists_plans_for_members_of_the_organisation(client, people, plan):
    client.force_login(people["fagai"])
    html = client.get(reverse("plan_list")).content.decode()
    assert reverse("plan_reader", args=[plan.pk]) in html
    assert reverse("import_report") + '"' not in html.split("<main")[1]  # no import button for a department


ROLES = ["anonymous", "office", "fagai", "jiaoti", "leader"]
EVERYONE = {"office": 200, "fagai": 200, "jiaoti": 200, "leader": 200}
OFFICE = {"office": 200, "fagai": 403, "jiaoti": 403, "leader": 403}
# url name, method, whether it takes the plan's or the draft's pk, expected status by role
PLAN_PAGES = [
    ("plan_list", "get", None, EVERYONE),
    ("plan_reader", "get", "plan", EVERYONE),
    ("plan_source", "get", "plan", EVERYONE),
    ("import_report", "get", None, OFFICE),
    ("import_preview", "get", "draft", OFFICE),
    ("import_cancel", "post", "draft", {**OFFICE, "office": 302}),
]


@pytest.mark.parametrize("who", ROLES)
@pytest.mark.parametrize(("name", "method", "obj", "expected"), PLAN_PAGES, ids=[p[0] for p in PLAN_PAGES])
def test_it_serves_the_report_pages_only_to_the_roles_allowed(client, people, plan, name, method, obj, expected,
                                                              who):
    client.force_login(people["office"])
    upload(client, "report.txt", sample_bytes())
    client.logout()
    pk = {"plan": plan.pk, "draft": ImportDraft.objects.get().pk, None: None}[obj]
    url = reverse(name, args=[pk] if pk else [])
    if who != "anonymous":
        client.force_login(people[who])
    response = getattr(client, method)(url)
    if who == "anonymous":
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    else:
        assert response.status_code == expected[who]
