"""Year-end verification in the web app: the office imports the next year's report for a plan, every target is
checked against it and shown beside its task's tracked history; the office may override a verdict (audited);
departments read their own tasks' checks only; the table downloads as .xlsx.

Two pairs of reports:

- the sample plan (Jinan Shizhong district, 2023, tests/web/conftest.py) and
  tests/data/yearend/shizhong-2024-review.txt, a short review of 2023 written
  for these tests in the district's wording (no 2024 report of the district is
  at hand): it reports on main targets and on targets of the conftest's
  assigned tasks;
- the State Council's 2017 and 2018 reports (tests/data/verify/, real excerpts).
"""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from luoshi.api.models import ApiToken
from luoshi.audit.models import Entry
from luoshi.engine import analyse_text
from luoshi.engine.verification import verify
from luoshi.orgs.choices import Role
from luoshi.orgs.models import Organisation
from luoshi.plans.importing import analyse_upload, create_plan
from luoshi.plans.models import Target
from luoshi.tracking import status, workflow
from luoshi.tracking.workflow import WorkflowError
from luoshi.yearend import services
from luoshi.yearend.models import TargetCheck, YearEndReview
from luoshi.yearend.xlsx import HEADER

from .conftest import make_user, sample_bytes

pytestmark = pytest.mark.django_db

DATA = Path(__file__).resolve().parents[1] / "data"
REVIEW = DATA / "yearend" / "shizhong-2024-review.txt"
BAD_FILES = DATA / "web"


@pytest.fixture(autouse=True)
def december(monkeypatch):
    monkeypatch.setattr(status, "today", lambda: date(2023, 12, 20))


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Each test its own folder of uploaded files, to see what it leaves there."""
    settings.MEDIA_ROOT = tmp_path / "media"


def html(response) -> str:
    return response.content.decode()


def upload(client, plan, name: str, data: bytes, **extra):
    return client.post(reverse("yearend_import", args=[plan.pk]), {"file": SimpleUploadedFile(name, data), **extra})


@pytest.fixture
def office(client, people):
    client.force_login(people["office"])
    return client


@pytest.fixture
def review(plan, people):
    """The sample plan checked against the 2024 review, imported by the office."""
    analysed = analyse_upload(REVIEW.read_bytes(), REVIEW.name, 10**7)
    return services.import_review(plan, analysed, people["office"])


def check_of(review, words: str) -> TargetCheck:
    """The check of the target whose number stands in `words` (words of the plan's text)."""
    at = review.plan.text.find(words)
    assert at >= 0, words
    found = [c for c in review.checks.all() if at <= c.target_start < at + len(words)]
    assert len(found) == 1, (words, [c.target_quote for c in found])
    return found[0]


def shown_checks(response) -> list[int]:
    return [row.check.pk for row in response.context["page"].rows]


# ---- the import --------------------------------------------------------------------------------------------

def test_it_imports_the_next_report_and_shows_every_target_with_its_verdict(office, plan, tasks):
    response = upload(office, plan, REVIEW.name, REVIEW.read_bytes())
    review = YearEndReview.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("yearend_review", args=[review.pk])
    assert (review.plan, review.year, review.format, review.source_name) == (plan, 2023, "txt", REVIEW.name)
    assert review.text == REVIEW.read_text(encoding="utf-8") and review.metadata["report_year"] == 2023
    assert review.source_file.read() == REVIEW.read_bytes()

    # the same checks as the engine gives for the two reports, in its order
    expected = verify(analyse_text(plan.text), analyse_text(review.text), year=2023).items
    checks = list(review.checks.order_by("order"))
    assert [(c.kind, c.target_start, c.verdict, c.result_start) for c in checks] == [
        (v.target.kind, v.target.start, v.verdict.value, (v.result or v.evidence).start if (v.result or v.evidence)
         else None) for v in expected]

    page = html(office.get(response["Location"]))
    assert "已导入“shizhong-2024-review.txt”" in page
    for c in checks:  # every check, each with its badge
        assert f'id="check-{c.pk}" data-verdict="{c.verdict}"' in page
    counts = {v: sum(c.verdict == v for c in checks) for v in ("met", "partly", "not_met", "not_reported")}
    for verdict, n in counts.items():
        assert f'data-verdict="{verdict}"><span class="count-value">{n}</span>' in page
    assert Entry.objects.get(action="yearend_import").actor.username == "office"


# words of the target → its verdict, and the clause of the next report quoted (None: nothing)
VERDICTS = [
    ("地区生产总值增长6%", "not_met", "地区生产总值增长5.1%"),
    ("一般公共预算收入增长12%以上", "met", "一般公共预算收入增长12.6%"),
    ("城镇居民人均可支配收入增长5.5%", "partly", "城镇居民人均可支配收入增长5.2%"),
    ("固定资产投资增长7%", "not_reported", None),
    ("新增市场主体1.5万家以上", "met", "新增市场主体1.6万家"),
    ("力争新引进落户招商项目200个以上", "met", "新引进落户招商项目215个"),
    ("新增城镇就业1.78万人", "met", "新增城镇就业1.9万人"),
]


@pytest.mark.parametrize(("target", "verdict", "result"), VERDICTS, ids=[v[0] for v in VERDICTS])
def test_it_judges_each_target_by_what_the_next_report_says(review, target, verdict, result):
    c = check_of(review, target)
    assert c.verdict == verdict and c.reason
    if result is None:
        assert c.result_start is None and c.result_quote == ""
    else:
        assert c.result_quote == result == review.text[c.result_quote_start:c.result_quote_start + len(result)]
        assert review.text[c.result_start:c.result_end] == c.result_num and c.result_num in result
    assert c.target_num in target and review.plan.text[c.target_start:c.target_end] == c.target_num


def test_it_quotes_the_clause_of_each_span(review):
    """The clause, cut at the report's punctuation (with the clause before when its own does not say what the
    number counts); the span always lies in it."""
    firms = check_of(review, "新增市场主体1.5万家")
    assert (firms.target_quote, firms.result_quote) == ("新增市场主体1.5万家以上", "新增市场主体1.6万家")
    assert str(firms.target_html()) == "新增市场主体<strong>1.5万家</strong>以上"
    for c in review.checks.all():
        assert c.target_quote_start <= c.target_start < c.target_end <= c.target_quote_start + len(c.target_quote)
        assert review.plan.text[c.target_quote_start:].startswith(c.target_quote)
        if c.result_start is not None:
            assert review.text[c.result_quote_start:].startswith(c.result_quote)
            assert c.result_quote_start <= c.result_start <= c.result_end <= c.result_quote_start + len(c.result_quote)


def test_it_links_each_check_to_the_plans_target_and_task(review, tasks):
    for c in review.checks.select_related("target", "task"):
        if c.kind == "main":
            assert c.task is None and c.target.is_main and (c.target.start, c.target.end) == (c.target_start,
                                                                                                c.target_end)
        else:
            assert c.task is not None and c.task.start <= c.target_start < c.task.end
            assert c.target is None or c.target.task == c.task
    firms = check_of(review, "新增市场主体1.5万家")
    assert firms.task == tasks[1] and firms.target == Target.objects.get(task=tasks[1], indicator="新增市场主体")


def test_it_checks_the_state_councils_2017_targets_against_the_2018_review(office, org, people):
    plan_file = DATA / "verify" / "national-2017-excerpt.txt"
    plan = create_plan(org, analyse_upload(plan_file.read_bytes(), plan_file.name, 10**7), people["office"])
    result = DATA / "verify" / "national-2018-excerpt.txt"
    response = upload(office, plan, result.name, result.read_bytes())
    review = YearEndReview.objects.get()
    assert response.status_code == 302 and review.year == 2017
    gdp = check_of(review, "国内生产总值增长6.5%左右")
    assert gdp.verdict == "met" and "6.9%" in gdp.result_quote and gdp.result_num == "6.9%"
    jobs = check_of(review, "城镇新增就业1100万人以上")
    assert jobs.verdict == "met" and "1351万人" in jobs.result_quote
    steel = check_of(review, "压减钢铁产能5000万吨左右")
    assert steel.kind == "task" and steel.task.title == "扎实有效去产能"
    page = html(office.get(reverse("yearend_review", args=[review.pk])))
    assert "国内生产总值增长<strong>6.9%</strong>" in page and "扎实有效去产能" in page


# ---- bad files: one clear message, nothing saved ---------------------------------------------------------

BAD = [
    ("empty.txt", lambda: b"", "空"),
    ("junk.txt", lambda: (BAD_FILES / "junk.txt").read_bytes(), "无法识别文件中的文字"),
    ("old.doc", lambda: (BAD_FILES / "old.doc").read_bytes(), "另存为 .docx"),
    ("scanned.pdf", lambda: (BAD_FILES / "scanned.pdf").read_bytes(), "扫描件"),
    ("corrupt.docx", lambda: (BAD_FILES / "corrupt.docx").read_bytes(), "损坏"),
]


def nothing_saved(settings) -> bool:
    stored = Path(settings.MEDIA_ROOT) / "yearend"
    return (not YearEndReview.objects.exists() and not TargetCheck.objects.exists()
            and not Entry.objects.filter(action__startswith="yearend").exists()
            and not (stored.exists() and any(stored.rglob("*.*"))))


@pytest.mark.parametrize(("name", "data", "says"), BAD, ids=[b[0] for b in BAD])
def test_it_refuses_a_bad_file_with_one_clear_message_and_saves_nothing(office, plan, settings, name, data, says):
    content = data()
    response = upload(office, plan, name, content)
    assert response.status_code == 400
    errors = response.context["form"].errors["file"]
    assert len(errors) == 1 and says in errors[0] and (name in errors[0] or not content), errors
    assert says in html(response) and "Traceback" not in html(response)
    assert nothing_saved(settings)


def test_it_refuses_a_file_over_the_size_limit(office, plan, settings):
    settings.LUOSHI_MAX_UPLOAD_BYTES = 1000
    errors = upload(office, plan, REVIEW.name, REVIEW.read_bytes()).context["form"].errors["file"]
    assert len(errors) == 1 and "文件过大" in errors[0]
    assert nothing_saved(settings)


def test_it_asks_for_the_file_when_none_is_given(office, plan, settings):
    response = office.post(reverse("yearend_import", args=[plan.pk]), {})
    assert response.status_code == 400 and "请选择要导入的报告文件" in html(response)
    assert nothing_saved(settings)


def test_it_refuses_a_report_of_the_wrong_year_unless_told_to_take_it(office, plan, settings):
    """The plan's own report (it reviews 2022) is not the next one."""
    response = upload(office, plan, "seed-2023-shizhong.txt", sample_bytes())
    errors = response.context["form"].errors["file"]
    assert len(errors) == 1 and "回顾的是2022年" in errors[0] and "请上传2024年" in errors[0]
    assert nothing_saved(settings)
    response = upload(office, plan, "seed-2023-shizhong.txt", sample_bytes(), any_year="on")
    assert response.status_code == 302 and YearEndReview.objects.get().year == 2023


def test_a_failure_while_saving_leaves_nothing_behind(plan, people, settings, monkeypatch):
    analysed = analyse_upload(REVIEW.read_bytes(), REVIEW.name, 10**7)

    save = YearEndReview.save

    def broken(self, *args, **kwargs):
        if kwargs.get("update_fields"):  # the last step: the checks and the file are written
            raise RuntimeError("disk full")
        return save(self, *args, **kwargs)

    monkeypatch.setattr(YearEndReview, "save", broken)
    with pytest.raises(RuntimeError):
        services.import_review(plan, analysed, people["office"])
    assert nothing_saved(settings)


# ---- beside each check: the task's tracked history -----------------------------------------------------

def test_it_shows_each_tasks_state_percent_figures_last_update_and_deadline(office, review, people, departments,
                                                                             tasks):
    firms_target = Target.objects.get(task=tasks[1], indicator="新增市场主体")
    fagai = departments["区发展和改革局"]
    workflow.sign(tasks[1], people["fagai"], fagai)
    update = workflow.submit_update(tasks[1], people["fagai"], fagai, date(2023, 11, 1), "新增市场主体1.2万家", 80,
                                    figures={firms_target.pk: 12000})
    workflow.review_update(update, people["office"], accept=True)
    gdp = Target.objects.get(plan=review.plan, is_main=True, indicator="地区生产总值")
    workflow.record_figure(gdp, people["office"], date(2023, 9, 1), 5.3, "区统计局")

    response = office.get(reverse("yearend_review", args=[review.pk]))
    rows = {row.check.pk: row for row in response.context["page"].rows}
    firms = rows[check_of(review, "新增市场主体1.5万家").pk]
    assert firms.task.state == "in_progress" and firms.task.percent == 80
    assert firms.lead.department == fagai and firms.figure_count == 1 and firms.latest_figure.value == 12000
    assert firms.last_update_period == date(2023, 11, 1) and firms.task.deadline == date(2023, 12, 31)
    assert rows[check_of(review, "地区生产总值增长6%").pk].latest_figure.value == 5.3

    page = html(response)
    row_html = page[page.index(f'id="check-{firms.check.pk}"'):]
    row_html = row_html[:row_html.index("</tr>")]
    for shown in ("区发展和改革局", "推进中", "80%", "1.2万家", "2023年11月", "2023年12月31日", "新增市场主体<strong>1.6万家</strong>",
                  reverse("task_detail", args=[tasks[1].pk])):
        assert shown in row_html, shown
    assert page.index("地区生产总值增长<strong>6%</strong>") < page.index("新增市场主体<strong>1.5万家</strong>")  # main first
    assert "5.3%" in page and "督查室录入" in page


def test_the_review_page_takes_a_fixed_number_of_queries(office, review, django_assert_max_num_queries):
    with django_assert_max_num_queries(20):
        response = office.get(reverse("yearend_review", args=[review.pk]))
    assert len(shown_checks(response)) == review.checks.count() > 50


def test_it_marks_the_checked_spans_in_both_reports(office, review):
    firms = check_of(review, "新增市场主体1.5万家")
    plan_page = html(office.get(reverse("yearend_text", args=[review.pk, "plan"]) + f"?check={firms.pk}"))
    assert '<span class="yr-focus"><span id="here"></span>新增市场主体<mark' in plan_page
    assert 'title="新增市场主体：完成">1.5万家</mark>' in plan_page
    result_page = html(office.get(reverse("yearend_text", args=[review.pk, "result"]) + f"?check={firms.pk}"))
    assert 'title="新增市场主体：完成">1.6万家</mark>' in result_page and "yr-focus" in result_page
    assert office.get(reverse("yearend_text", args=[review.pk, "other"])).status_code == 404


# ---- the office's verdict ------------------------------------------------------------------------------

def test_the_office_overrides_a_verdict_with_a_note_and_both_stay_on_record(office, review, people):
    c = check_of(review, "改扩建中小学幼儿园6处")
    engine = c.verdict
    chosen = "not_met" if engine != "not_met" else "partly"
    url = reverse("yearend_override", args=[review.pk, c.pk])
    assert office.get(url).status_code == 200

    response = office.post(url, {"verdict": chosen, "note": "  区教体局报告改扩建5处，未达到6处  "})
    assert response.status_code == 302 and response["Location"].endswith(f"#check-{c.pk}")
    c.refresh_from_db()
    assert (c.verdict, c.override, c.final) == (engine, chosen, chosen)
    assert c.override_note == "区教体局报告改扩建5处，未达到6处" and c.overridden_by == people["office"]
    entry = Entry.objects.get(action="yearend_override")
    assert entry.actor == people["office"] and entry.task == c.task and entry.object_id == c.pk
    assert "区教体局报告改扩建5处" in entry.summary and entry.after["override"] == chosen
    assert entry.before["override"] == ""

    page = html(office.get(reverse("yearend_review", args=[review.pk])))
    row = page[page.index(f'id="check-{c.pk}"'):]
    row = row[:row.index("</tr>")]
    assert f'data-verdict="{chosen}"' in row and "督查室修改" in row and "区教体局报告改扩建5处" in row
    assert "系统结论" in row and "王督查" in row
    assert "区教体局报告改扩建5处" in page[page.index("操作记录"):]  # the audit log on the page


def test_an_override_needs_a_note_and_can_be_taken_back(office, review):
    c = check_of(review, "地区生产总值增长6%")
    url = reverse("yearend_override", args=[review.pk, c.pk])
    response = office.post(url, {"verdict": "partly", "note": ""})
    assert response.status_code == 400 and "请说明修改结论的理由" in html(response)
    assert office.post(url, {"verdict": "bogus", "note": "x"}).status_code == 400
    c.refresh_from_db()
    assert c.override == "" and not Entry.objects.filter(action="yearend_override").exists()

    office.post(url, {"verdict": "partly", "note": "统计公报：增长5.6%"})
    office.post(url, {"verdict": c.verdict, "note": ""})  # the engine's verdict again, no note: taken back
    c.refresh_from_db()
    assert (c.override, c.override_note, c.overridden_by) == ("", "", None)
    summaries = [e.summary for e in Entry.objects.filter(action="yearend_override").order_by("pk")]
    assert len(summaries) == 2 and "未完成→部分完成" in summaries[0] and "恢复系统核验结论" in summaries[1]


def test_the_service_refuses_an_override_that_changes_nothing(review, people):
    c = check_of(review, "地区生产总值增长6%")
    with pytest.raises(WorkflowError, match="结论没有改变"):
        services.override(c, people["office"], c.verdict, "")


# ---- who sees and does what ----------------------------------------------------------------------------

def test_a_department_sees_only_its_own_tasks_checks(client, review, people, tasks):
    mine = {c.pk for c in review.checks.filter(task__in=tasks[:2])}
    assert mine
    client.force_login(people["fagai"])
    response = client.get(reverse("yearend_review", args=[review.pk]))
    assert response.status_code == 200 and set(shown_checks(response)) == mine
    page = html(response)
    assert "新增市场主体" in page and "地区生产总值增长" not in page and "新引进落户招商项目" not in page
    assert "修改结论" not in page and "删除这次核验" not in page

    client.force_login(people["jiaoti"])
    theirs = set(shown_checks(client.get(reverse("yearend_review", args=[review.pk]))))
    assert theirs == {c.pk for c in review.checks.filter(task=tasks[2])} and theirs


def test_a_leader_sees_the_main_targets_and_the_overseen_departments_tasks(client, review, people, tasks):
    client.force_login(people["leader"])
    shown = set(shown_checks(client.get(reverse("yearend_review", args=[review.pk]))))
    expected = {c.pk for c in review.checks.filter(kind="main")} | {c.pk for c in review.checks.filter(
        task__in=tasks[:2])}
    assert shown == expected


@pytest.mark.parametrize("who", ["fagai", "leader"])
def test_only_the_office_imports_overrides_and_deletes(client, review, people, who):
    c = review.checks.filter(task__isnull=False).first()
    client.force_login(people[who])
    assert upload(client, review.plan, REVIEW.name, REVIEW.read_bytes()).status_code == 403
    assert client.get(reverse("yearend_override", args=[review.pk, c.pk])).status_code == 403
    assert client.post(reverse("yearend_override", args=[review.pk, c.pk]),
                       {"verdict": "met", "note": "x"}).status_code == 403
    assert client.post(reverse("yearend_delete", args=[review.pk])).status_code == 403
    c.refresh_from_db()
    assert c.override == "" and YearEndReview.objects.count() == 1


def test_a_department_cannot_open_another_departments_check_in_the_texts(client, review, people, tasks):
    other = review.checks.filter(task=tasks[2]).first()
    client.force_login(people["fagai"])
    url = reverse("yearend_text", args=[review.pk, "plan"])
    assert client.get(url).status_code == 200
    assert client.get(f"{url}?check={other.pk}").status_code == 404


def test_another_organisation_sees_nothing_of_it(client, review):
    other = Organisation.objects.create(name="历下区人民政府")
    client.force_login(make_user("lixia", "张督查", other, Role.OFFICE))
    c = review.checks.first()
    for url in (reverse("yearend_review", args=[review.pk]), reverse("yearend_xlsx", args=[review.pk]),
                reverse("yearend_text", args=[review.pk, "result"]), reverse("yearend_source", args=[review.pk]),
                reverse("yearend_override", args=[review.pk, c.pk]),
                reverse("yearend_import", args=[review.plan.pk])):
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("yearend_delete", args=[review.pk])).status_code == 404
    assert review.plan.pk not in [p.pk for p in client.get(reverse("yearend_list")).context["plans"]]


def test_it_asks_anyone_not_logged_in_to_log_in(client, review):
    response = client.get(reverse("yearend_review", args=[review.pk]))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_the_public_sees_no_check_even_of_a_published_task(review, people, tasks):
    workflow.publish(tasks[1], people["office"])
    nobody = User.objects.create_user("reader")
    assert not TargetCheck.objects.restrict(nobody).exists()
    assert TargetCheck.objects.restrict(people["fagai"], "manage").count() == 0


def test_the_menu_and_the_list_lead_to_the_review(client, review, people):
    for who in ("office", "leader", "fagai"):
        client.force_login(people[who])
        page = html(client.get(reverse("yearend_list")))
        assert f'href="{reverse("yearend_list")}"' in page and reverse("yearend_review", args=[review.pk]) in page
        assert ("导入下一年报告" in page) == (who == "office")


# ---- the .xlsx ------------------------------------------------------------------------------------------

def read_xlsx(response):
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return book["核验"], book["说明"]


def test_the_table_downloads_as_xlsx_with_the_offices_verdicts(office, review):
    c = check_of(review, "地区生产总值增长6%")
    services.override(c, review.imported_by, "partly", "统计公报：增长5.6%")
    sheet, about = read_xlsx(office.get(reverse("yearend_xlsx", args=[review.pk])))
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == HEADER and len(rows) == 1 + review.checks.count()
    by_quote = {r[HEADER.index("目标（原文）")]: dict(zip(HEADER, r, strict=True)) for r in rows[1:]}
    gdp = next(r for q, r in by_quote.items() if "地区生产总值增长6%" in q)
    assert (gdp["结论"], gdp["系统结论"], gdp["人工说明"], gdp["修改人"]) == ("部分完成", "未完成", "统计公报：增长5.6%", "王督查")
    assert gdp["类别"] == "主要预期目标" and "5.1%" in gdp["结果（原文）"]
    firms = next(r for q, r in by_quote.items() if "新增市场主体1.5万家" in q)
    assert (firms["结论"], firms["牵头单位"], firms["任务状态"], firms["完成比例"], firms["完成时限"]) == (
        "完成", "区发展和改革局", "待签收", "0%", "2023年12月31日")
    about = dict(about.iter_rows(values_only=True))
    assert "人工修改 1 项" in about["结论统计"] and "shizhong-2024-review.txt" in about["结果报告"]


def test_a_departments_xlsx_holds_only_its_tasks(client, review, people, tasks):
    client.force_login(people["jiaoti"])
    sheet, _ = read_xlsx(client.get(reverse("yearend_xlsx", args=[review.pk])))
    assert sheet.max_row - 1 == review.checks.filter(task=tasks[2]).count()
    assert {r[3] for r in sheet.iter_rows(min_row=2, values_only=True)} == {tasks[2].title}


# ---- deleting a wrong import ---------------------------------------------------------------------------

def test_the_office_deletes_a_review_and_the_audit_log_keeps_it(office, review, django_capture_on_commit_callbacks):
    path = Path(review.source_file.path)
    assert path.exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = office.post(reverse("yearend_delete", args=[review.pk]))
    assert response.status_code == 302 and response["Location"] == reverse("yearend_list")
    assert not YearEndReview.objects.exists() and not TargetCheck.objects.exists() and not path.exists()
    entry = Entry.objects.get(action="yearend_delete")
    assert entry.before["source_name"] == REVIEW.name and entry.before["checks"] > 50


# ---- the API --------------------------------------------------------------------------------------------

API = "/api"


def bearer(user) -> Client:
    return Client(headers={"Authorization": f"Bearer {ApiToken.issue(user, '测试')[1]}"})


def test_the_api_gives_the_checks_each_caller_may_see(review, people, tasks):
    office = bearer(people["office"])
    reviews = office.get(f"{API}/yearend/reviews", {"plan": review.plan.pk}).json()
    assert [(r["id"], r["year"], r["source_name"], r["imported_by"]) for r in reviews] == [
        (review.pk, 2023, REVIEW.name, "王督查")]
    checks = office.get(f"{API}/yearend/reviews/{review.pk}/checks").json()
    assert [c["id"] for c in checks] == list(review.checks.order_by("order").values_list("pk", flat=True))
    firms = next(c for c in checks if c["id"] == check_of(review, "新增市场主体1.5万家").pk)
    assert (firms["kind"], firms["task_id"], firms["verdict"], firms["engine_verdict"], firms["override"]) == (
        "task", tasks[1].pk, "met", "met", None)
    assert firms["target"]["quote"] == "新增市场主体1.5万家以上" and firms["result"]["quote"] == "新增市场主体1.6万家"
    assert review.text[firms["result"]["start"]:firms["result"]["end"]] == "1.6万家"
    assert next(c for c in checks if c["target"]["quote"] == "固定资产投资增长7%")["result"] is None

    own = {c["id"] for c in bearer(people["fagai"]).get(f"{API}/yearend/reviews/{review.pk}/checks").json()}
    assert own == set(review.checks.filter(task__in=tasks[:2]).values_list("pk", flat=True))
    led = {c["id"] for c in bearer(people["leader"]).get(f"{API}/yearend/reviews/{review.pk}/checks").json()}
    assert led == own | set(review.checks.filter(kind="main").values_list("pk", flat=True))
    assert Client().get(f"{API}/yearend/reviews/{review.pk}/checks").status_code == 401
    stranger = make_user("lixia", "张督查", Organisation.objects.create(name="历下区人民政府"), Role.OFFICE)
    assert bearer(stranger).get(f"{API}/yearend/reviews/{review.pk}/checks").status_code == 404
    assert bearer(stranger).get(f"{API}/yearend/reviews").json() == []


def test_only_the_office_overrides_through_the_api(review, people, tasks):
    firms = check_of(review, "新增市场主体1.5万家")
    url = f"{API}/yearend/checks/{firms.pk}/override"
    body = {"verdict": "partly", "note": "市场监管局年报：净增1.46万家"}

    def post(who, data=body):
        return bearer(people[who]).post(url, data, content_type="application/json")

    assert post("fagai").status_code == 403  # sees it, may not change it
    assert post("leader").status_code == 403
    assert post("jiaoti").status_code == 404  # another department's task
    assert post("office", {"verdict": "partly", "note": ""}).status_code == 400
    answer = post("office")
    assert answer.status_code == 200, answer.content
    data = answer.json()
    assert (data["verdict"], data["engine_verdict"], data["override"], data["overridden_by"]) == (
        "partly", "met", "partly", "王督查")
    entry = Entry.objects.get(action="yearend_override")
    assert entry.actor == people["office"] and entry.task == tasks[1]


def test_the_admin_shows_reviews_and_checks_read_only(client, review):
    admin = User.objects.create_superuser("root", password="x")
    client.force_login(admin)
    c = review.checks.first()
    for url in (reverse("admin:yearend_yearendreview_changelist"),
                reverse("admin:yearend_yearendreview_change", args=[review.pk]),
                reverse("admin:yearend_targetcheck_changelist"),
                reverse("admin:yearend_targetcheck_change", args=[c.pk])):
        assert client.get(url).status_code == 200, url
    assert client.get(reverse("admin:yearend_targetcheck_add")).status_code == 403
