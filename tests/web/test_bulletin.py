"""The 督查通报 (bulletin): its data, its .docx and .pdf read back, the web download and `luoshi bulletin`.

The fixture plan has three tasks assigned: 0 and 1 to 区发展和改革局 (0 with 区财政局 co-operating), 2 to
区教育和体育局. `november` makes it 2023年11月27日 (the due day, the 25th, has passed):

- the three tasks were assigned on 2023年1月16日;
- task 0 reported at 60% on 11月20日 and accepted: 欠进度 (序时进度 on the 25th is 90%);
- task 1 closed on 11月20日: 已完成;
- task 2 due 2023年6月30日, reported at 40% on 11月26日 (late) and chased on 11月10日: 逾期;
- 区财政局 never reports on task 0: 未报送.

Scores with the default rules: 区发展和改革局 (60 + 100) / 2 = 80; 区财政局 60 − 5 = 55 (a co-operating task
counts half, but alone it is the mean); 区教育和体育局 30 − 2 (late) − 1 (chased) = 27.
"""

from __future__ import annotations

import io
import re
from contextlib import contextmanager
from datetime import date, datetime
from unittest import mock
from zoneinfo import ZoneInfo

import docx
import pdfplumber
import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone
from docx.oxml.ns import qn
from PIL import Image

from luoshi import cli
from luoshi.audit.models import Entry
from luoshi.documents import bulletin, bulletin_docx, bulletin_pdf, charts_png, fonts, scoring
from luoshi.tracking import status, workflow
from luoshi.tracking.models import Chase, ProgressUpdate
from luoshi.tracking.schedule import Period

pytestmark = pytest.mark.django_db

TZ = ZoneInfo("Asia/Shanghai")
TODAY = date(2023, 11, 27)
NOVEMBER = date(2023, 11, 1)


@contextmanager
def clock(moment: datetime):
    """What is done inside happens at `moment` (the workflow and the models stamp with `timezone.now()`)."""
    with mock.patch.object(timezone, "now", lambda: moment):
        yield


def assigned_in_january():
    """The fixture plan's tasks were assigned when the test ran; date that to January 2023, as it would have been."""
    Entry.objects.filter(action="assign").update(at=datetime(2023, 1, 16, 9, tzinfo=TZ))


def report(task, user, department, percent: int, submitted: datetime):
    update = workflow.submit_update(task, user, department, NOVEMBER, f"{task.title}：已完成{percent}%", percent)
    workflow.review_update(update, User.objects.get(username="office"), accept=True)
    ProgressUpdate.objects.filter(pk=update.pk).update(submitted_at=submitted)
    return update


@pytest.fixture
def november(monkeypatch, people, departments, tasks):
    monkeypatch.setattr(status, "today", lambda: TODAY)
    assigned_in_january()
    report(tasks[0], people["fagai"], departments["区发展和改革局"], 60, datetime(2023, 11, 20, 10, tzinfo=TZ))
    with clock(datetime(2023, 11, 20, 15, tzinfo=TZ)):
        workflow.close(tasks[1], people["office"])
    tasks[2].deadline = date(2023, 6, 30)
    tasks[2].save()
    report(tasks[2], people["jiaoti"], departments["区教育和体育局"], 40, datetime(2023, 11, 26, 9, tzinfo=TZ))
    chases = workflow.chase([tasks[2]], people["office"], "请加快推进")
    Chase.objects.filter(pk__in=[c.pk for c in chases]).update(created_at=datetime(2023, 11, 10, 9, tzinfo=TZ))
    return tasks


@pytest.fixture
def made(november, plan, people):
    return bulletin.gather(people["office"], plan, bulletin.parse_period("2023-11", plan.org))


# The data ---------------------------------------------------------------------------------------------------

def test_it_reads_a_month_a_quarter_or_nothing_as_a_period(org):
    assert bulletin.parse_period("2023-11", org) == Period(date(2023, 11, 1), date(2023, 11, 30), date(2023, 11, 25))
    assert bulletin.parse_period("2023-Q4", org) == Period(date(2023, 10, 1), date(2023, 12, 31), date(2023, 12, 25))
    assert bulletin.parse_period("", org, today=TODAY).start == NOVEMBER
    org.cycle = "quarterly"
    assert bulletin.parse_period("2023-11", org).start == date(2023, 10, 1)
    for bad in ("2023-13", "November", "2023-Q5"):
        with pytest.raises(bulletin.BulletinError):
            bulletin.parse_period(bad, org)


def test_it_counts_lists_and_ranks(made, tasks):
    assert made.as_of == date(2023, 11, 25)  # the due day
    counts = made.ov.overall.counts
    assert (counts["done"], counts["behind"], counts["overdue"], made.ov.overall.total) == (1, 1, 1, 3)
    assert [(t.pk, str(s)) for t, s in made.ov.lagging] == [(tasks[2].pk, "overdue"), (tasks[0].pk, "behind")]
    assert [(m.department.name, m.task) for m in made.unreported] == [("区财政局", tasks[0].title)]
    assert [(s.name, s.score, s.late, s.missing, s.chases) for s in made.ranking] == [
        ("区发展和改革局", 80.0, 0, 0, 0), ("区财政局", 55.0, 0, 1, 0), ("区教育和体育局", 27.0, 1, 0, 1)]
    assert [s.rank for s in made.ranking] == [1, 2, 3]


def test_nothing_is_unreported_before_the_due_day(monkeypatch, november, plan, people):
    monkeypatch.setattr(status, "today", lambda: date(2023, 11, 24))
    early = bulletin.gather(people["office"], plan, bulletin.parse_period("2023-11", plan.org))
    assert not early.unreported_due and early.unreported == [] and early.as_of == date(2023, 11, 24)
    assert "暂不通报未报送情况" in bulletin.text_of(bulletin.content(early, charts=False))


def test_a_quarter_counts_the_reports_missing_in_each_month_past_its_due_day(november, plan, people):
    quarter = bulletin.gather(people["office"], plan, bulletin.parse_period("2023-Q4", plan.org))
    assert quarter.period.start == date(2023, 10, 1) and not quarter.unreported_due
    by_name = {s.name: s for s in quarter.ranking}
    assert by_name["区财政局"].missing == 2  # October and November
    assert by_name["区发展和改革局"].missing == 2  # October: tasks 0 and 1 (open then; task 1 closed on 11月20日)
    assert by_name["区教育和体育局"].missing == 1  # October; November's came late: counted as late


def test_a_period_to_come_is_refused(november, plan, people):
    with pytest.raises(bulletin.BulletinError, match="尚未开始"):
        bulletin.gather(people["office"], plan, bulletin.parse_period("2023-12", plan.org))


def told(b) -> dict:
    """What a bulletin tells, to compare two of them."""
    def counts(c):
        return {str(k): v for k, v in c.items() if v}

    return {
        "counts": counts(b.ov.overall.counts), "mean": b.ov.overall.mean_percent,
        "expected": b.ov.overall.expected_percent, "not assigned": b.ov.not_assigned,
        "lagging": [(t.pk, str(s), t.percent, t.deadline) for t, s in b.ov.lagging],
        "by area": [(g.key, counts(g.counts)) for g in b.ov.by_area],
        "by department": [(g.key, counts(g.counts)) for g in b.ov.by_department],
        "unreported": [(m.department.name, m.task) for m in b.unreported],
        "ranking": [(s.name, s.score, s.late, s.missing, s.chases) for s in b.ranking],
        "targets": [(r.target.pk, r.value, r.period) for r in b.ov.main_targets],
    }


def reported(task, user, department, period: date, percent: int, day: date):
    """`department` reports `percent` for `period` on `day` at ten; the office accepts it at four."""
    with clock(datetime.combine(day, datetime.min.time().replace(hour=10), TZ)):
        update = workflow.submit_update(task, user, department, period, f"已完成{percent}%", percent)
    with clock(datetime.combine(day, datetime.min.time().replace(hour=16), TZ)):
        workflow.review_update(update, User.objects.get(username="office"), accept=True)


def test_a_past_month_is_told_as_it_was_at_its_end(people, departments, plan, tasks):
    """Updates in October and November; October's bulletin made in November gives October's figures, the same as
    the one made in October, and November's gives November's."""
    office, fagai, jiaoti = people["office"], people["fagai"], people["jiaoti"]
    gdp = plan.targets.get(is_main=True, indicator="地区生产总值")
    assigned_in_january()
    october = date(2023, 10, 1)
    reported(tasks[0], fagai, departments["区发展和改革局"], october, 50, date(2023, 10, 20))
    reported(tasks[2], jiaoti, departments["区教育和体育局"], october, 80, date(2023, 10, 18))
    with clock(datetime(2023, 10, 16, 9, tzinfo=TZ)):
        workflow.record_figure(gdp, office, october, 5.8, "统计局月报")
    then = bulletin.gather(office, plan, bulletin.parse_period("2023-10", plan.org), today=date(2023, 10, 27))

    reported(tasks[0], fagai, departments["区发展和改革局"], NOVEMBER, 60, date(2023, 11, 20))
    reported(tasks[2], jiaoti, departments["区教育和体育局"], NOVEMBER, 90, date(2023, 11, 21))
    with clock(datetime(2023, 11, 10, 9, tzinfo=TZ)):
        request = workflow.request_extension(tasks[0], fagai, departments["区发展和改革局"], date(2024, 3, 31), "拆迁")
    with clock(datetime(2023, 11, 12, 9, tzinfo=TZ)):
        workflow.decide_extension(request, office, grant=True)
    with clock(datetime(2023, 11, 15, 9, tzinfo=TZ)):
        workflow.record_figure(gdp, office, NOVEMBER, 6.1, "统计局月报")
    with clock(datetime(2023, 11, 20, 15, tzinfo=TZ)):
        workflow.close(tasks[1], office)
    later = bulletin.gather(office, plan, bulletin.parse_period("2023-10", plan.org), today=TODAY)

    assert told(later) == told(then)
    assert later.state_day == date(2023, 10, 31) and later.as_of == date(2023, 10, 25)
    lagging = {t.pk: (str(s), t.percent, t.deadline) for t, s in later.ov.lagging}
    assert lagging == {tasks[0].pk: ("behind", 50, date(2023, 12, 31)),  # before the extension of November
                       tasks[1].pk: ("behind", 0, date(2023, 12, 31))}  # open in October, closed in November
    assert later.ov.overall.counts["on_track"] == 1  # task 2 at 80% (序时进度 on October 25: 81.6%)
    assert [(m.department.name, m.task) for m in later.unreported] == [
        ("区发展和改革局", tasks[1].title), ("区财政局", tasks[0].title)]
    assert [(r.value, r.period) for r in later.ov.main_targets if r.target == gdp] == [(5.8, october)]
    text = bulletin.text_of(bulletin.content(later, charts=False))
    assert "按本期末（2023年10月31日）判定" in text and "2023年10月重点工作任务" in text.replace("\n", "")
    document = docx.Document(io.BytesIO(bulletin_docx.render(later)))
    assert [(r[1], r[4]) for r in rows_of(table_with(document, "序号"))] == [(tasks[1].title, "0%"),
                                                                           (tasks[0].title, "50%")]

    now = bulletin.gather(office, plan, bulletin.parse_period("2023-11", plan.org), today=TODAY)
    assert now.ov.overall.counts["done"] == 1
    assert {t.pk: (t.percent, t.deadline) for t, _ in now.ov.lagging} == {tasks[0].pk: (60, date(2024, 3, 31))}
    assert [(r.value, r.period) for r in now.ov.main_targets if r.target == gdp] == [(6.1, NOVEMBER)]


def test_the_rules_are_a_toml_file_an_organisation_may_override(tmp_path, settings, november, plan, people):
    rules = tmp_path / "rules.toml"
    rules.write_text("[points]\noverdue = 100\n[deductions]\nchase = 0\nlate_report = 0\n", encoding="utf-8")
    settings.LUOSHI_SCORING_RULES = str(rules)
    made = bulletin.gather(people["office"], plan, bulletin.parse_period("2023-11", plan.org))
    assert made.ranking[0].name == "区教育和体育局" and made.ranking[0].score == 100
    assert made.rules.points["done"] == 100  # the keys the file does not name keep their defaults
    rules.write_text("[points]\nlate = 3\n", encoding="utf-8")
    with pytest.raises(scoring.RulesError, match="points.late"):
        scoring.load_rules(rules)


def test_equal_scores_share_a_rank():
    rules = scoring.load_rules()
    entries = [scoring.Entry(i, name, (i,)) for i, name in enumerate("甲乙丙")]
    for e, state in zip(entries, ("done", "ahead", "behind"), strict=True):
        e.add(state, True, rules)
    assert [(s.name, s.rank) for s in scoring.ranking(entries, {}, {}, {}, rules)] == [("甲", 1), ("乙", 1), ("丙", 3)]


def test_a_chart_is_a_png_at_print_width(made):
    png = charts_png.completion_chart(made.ov.by_area, "各领域任务完成情况")
    with Image.open(io.BytesIO(png)) as image:
        assert image.format == "PNG" and image.width == charts_png.WIDTH and image.height > 100
    with Image.open(io.BytesIO(charts_png.completion_chart([]))) as empty:
        assert empty.width == charts_png.WIDTH


# The .docx --------------------------------------------------------------------------------------------------

def table_with(document, header: str):
    return next(t for t in document.tables if t.rows[0].cells[0].text == header)


def rows_of(table) -> list[list[str]]:
    return [[c.text for c in row.cells] for row in table.rows[1:]]


def test_the_docx_says_it_all(made, tasks):
    document = docx.Document(io.BytesIO(bulletin_docx.render(made)))
    texts = [p.text for p in document.paragraphs]
    assert texts[0].replace("\n", "") == "关于2023年11月重点工作任务落实情况的通报"
    assert document.core_properties.title == "关于2023年11月重点工作任务落实情况的通报"
    body = "\n".join(texts)
    assert "报送截止日为2023年11月25日" in body and "序时进度" in body  # the period and the method

    counts = {r[0]: r[1] for r in rows_of(table_with(document, "状态"))}
    assert counts == {"已完成": "1", "超进度": "0", "达进度": "0", "欠进度": "1", "逾期": "1", "合计": "3"}
    by_department = {r[0]: r[1:] for r in rows_of(table_with(document, "牵头单位"))}
    assert by_department["区发展和改革局"][:6] == ["2", "1", "0", "0", "1", "0"]

    lagging = rows_of(table_with(document, "序号"))
    assert [(r[1], r[2], r[5]) for r in lagging] == [(tasks[2].title, "区教育和体育局", "逾期"),
                                                   (tasks[0].title, "区发展和改革局", "欠进度")]
    unreported = rows_of(table_with(document, "单位"))
    assert unreported == [["区财政局", "1", f"{tasks[0].title}（配合）"]]
    ranking = rows_of(table_with(document, "名次"))
    assert [(r[0], r[1], r[-1]) for r in ranking] == [("1", "区发展和改革局", "80"), ("2", "区财政局", "55"),
                                                     ("3", "区教育和体育局", "27")]


def test_the_docx_is_in_gongwen_layout_with_its_charts_inline(made):
    document = docx.Document(io.BytesIO(bulletin_docx.render(made)))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert [round(m.mm) for m in (section.top_margin, section.bottom_margin, section.left_margin,
                                  section.right_margin)] == [37, 35, 28, 26]
    assert len(document.inline_shapes) == 2  # completion by area, by department
    images = [p for p in document.part.package.iter_parts() if p.content_type == "image/png"]
    assert len(images) == 2 and all(p.blob.startswith(b"\x89PNG") for p in images)

    def east_asia(paragraph) -> str:
        return paragraph.runs[0]._r.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia"))

    assert east_asia(document.paragraphs[0]) == "方正小标宋简体"
    heading = next(p for p in document.paragraphs if p.text == "一、总体情况")
    assert east_asia(heading) == "黑体"
    assert east_asia(next(p for p in document.paragraphs if p.text.startswith("本期为"))) == "仿宋_GB2312"
    footer = document.sections[0].footer._element.xml
    assert "PAGE" in footer and "—" in footer
    font_table = next(p for p in document.part.package.iter_parts() if str(p.partname) == "/word/fontTable.xml")
    assert re.search(r'w:name="仿宋_GB2312">\s*<w:altName w:val="仿宋"', font_table.blob.decode())


# The .pdf ---------------------------------------------------------------------------------------------------

def pdf_text(data: bytes) -> str:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


def pdf_fonts(data: bytes) -> list[dict]:
    """Every font of every page, with its subtype and its embedded font file's key (None if not embedded)."""
    from pdfminer.pdftypes import resolve1

    found = {}
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            resources = resolve1(page.page_obj.resources)
            for name, ref in resolve1(resources.get("Font", {})).items():
                font = resolve1(ref)
                descendant = resolve1(resolve1(font["DescendantFonts"])[0]) if "DescendantFonts" in font else font
                descriptor = resolve1(descendant.get("FontDescriptor", {}))
                embedded = next((k for k in ("FontFile", "FontFile2", "FontFile3") if k in descriptor), None)
                found[str(font.get("BaseFont"))] = {"subtype": str(font.get("Subtype")), "file": embedded,
                                                    "page": page.page_number, "name": name}
            assert page.width == pytest.approx(595.28, abs=0.5) and page.height == pytest.approx(841.89, abs=0.5)
    return list(found.values())


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def pdf_tables(data: bytes) -> dict[str, list[list[str]]]:
    """The ruled tables of the PDF by the text of their first header cell, continued across pages, without the
    header rows; wrapped cells joined again."""
    tables: dict[str, list[list[str]]] = {}
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            for table in page.extract_tables():
                rows = [[flat(c or "") for c in row] for row in table]
                tables.setdefault(rows[0][0], []).extend(rows[1:])
    return tables


def test_the_pdf_says_it_all_in_extractable_text(made, tasks):
    data = bulletin_pdf.render(made)
    assert data.startswith(b"%PDF")
    text = pdf_text(data)
    assert "关于2023年11月" in text and "重点工作任务落实情况的通报" in text
    assert "报送截止日为2023年11月25日" in flat(text)
    tables = pdf_tables(data)
    assert {r[0]: r[1] for r in tables["状态"]} == {"已完成": "1", "超进度": "0", "达进度": "0", "欠进度": "1",
                                                   "逾期": "1", "合计": "3"}
    assert [(r[1], r[2], r[5]) for r in tables["序号"]] == [(tasks[2].title, "区教育和体育局", "逾期"),
                                                          (tasks[0].title, "区发展和改革局", "欠进度")]
    assert tables["单位"] == [["区财政局", "1", f"{tasks[0].title}（配合）"]]
    assert [(r[0], r[1], r[-1]) for r in tables["名次"]] == [("1", "区发展和改革局", "80"), ("2", "区财政局", "55"),
                                                           ("3", "区教育和体育局", "27")]
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        assert sum(len(page.images) for page in pdf.pages) == 2


def test_the_pdf_embeds_its_chinese_fonts(made):
    found = pdf_fonts(bulletin_pdf.render(made))
    assert len(found) >= 2  # body and title faces
    for font in found:
        assert font["subtype"] == "/'Type0'", font
        assert font["file"] == "FontFile2", font  # a TrueType subset, which every reader extracts


def test_a_face_of_a_font_collection_is_embedded_too(monkeypatch, made, tmp_path):
    """A .ttc face with CFF outlines (as Debian's fonts-noto-cjk ships them) is converted to a TrueType subset."""
    from fontTools.ttLib import TTCollection, TTFont

    collection = TTCollection()
    collection.fonts = [TTFont(fonts.package_font("title").path), TTFont(fonts.package_font("body").path)]
    collection.save(tmp_path / "cjk.ttc")
    monkeypatch.setenv("LUOSHI_FONT_BODY", f"{tmp_path / 'cjk.ttc'}#1")
    data = bulletin_pdf.render(made, charts=False)
    assert "区财政局" in pdf_text(data)
    assert all(f["file"] == "FontFile2" for f in pdf_fonts(data))


def test_the_official_faces_come_first_then_the_package(tmp_path, monkeypatch):
    fangsong, heiti = tmp_path / "simfang.ttf", tmp_path / "simhei.ttf"
    system = [fonts.SystemFont(("Noto Serif CJK SC",), "Regular", tmp_path / "noto.ttc", 2),
              fonts.SystemFont(("仿宋", "FangSong"), "Regular", fangsong, 0),
              fonts.SystemFont(("黑体", "SimHei"), "Regular", heiti, 0)]
    assert fonts.official_font("body", system) == fonts.FontSource(fangsong, 0, "仿宋", "system", False)
    assert fonts.official_font("title", system).heavy  # 黑体 needs no faux bold
    assert fonts.official_font("body", system[:1]) is None
    assert fonts.package_font("body").path.name == "NotoSerifSC-Regular.otf"
    assert fonts.any_chinese_font("body", system[:1]).index == 2
    monkeypatch.setenv("LUOSHI_FONT_TITLE", str(tmp_path / "none.ttf"))
    with pytest.raises(fonts.FontMissing, match="LUOSHI_FONT_TITLE"):
        fonts.find("title")


def test_without_a_chinese_font_the_message_says_what_to_install(monkeypatch, made):
    monkeypatch.setattr(fonts, "package_font", lambda role: None)
    monkeypatch.setattr(fonts, "system_fonts", lambda: [])
    fonts._find.cache_clear()
    try:
        with pytest.raises(fonts.FontMissing, match="pip install pylopdf-fonts-zh-cn"):
            bulletin_pdf.render(made)
    finally:
        fonts._find.cache_clear()


# From the web -----------------------------------------------------------------------------------------------

def url(**query) -> str:
    return reverse("bulletin") + "?" + "&".join(f"{k}={v}" for k, v in query.items())


@pytest.mark.parametrize("fmt, magic, kind", [("docx", b"PK", "wordprocessingml"), ("pdf", b"%PDF", "application/pdf")],
                         ids=["docx", "pdf"])
def test_the_office_downloads_the_bulletin(client, november, plan, people, fmt, magic, kind):
    client.force_login(people["office"])
    response = client.get(url(plan=plan.pk, period="2023-11", format=fmt))
    assert response.status_code == 200
    assert kind in response["Content-Type"]
    assert "attachment" in response["Content-Disposition"] and f"2023-11.{fmt}" in response["Content-Disposition"]
    assert response.content.startswith(magic)


def test_a_leader_gets_the_tasks_the_leader_may_see(client, november, plan, people, tasks):
    client.force_login(people["leader"])
    response = client.get(url(format="docx"))  # the current period of the newest plan
    assert response.status_code == 200
    document = docx.Document(io.BytesIO(response.content))
    text = "\n".join(c.text for t in document.tables for row in t.rows for c in row.cells)
    assert tasks[0].title in text and tasks[2].title not in text


def test_departments_and_strangers_get_no_bulletin(client, november, plan, people):
    assert client.get(url(format="pdf"))["Location"].startswith(reverse("login"))
    client.force_login(people["fagai"])
    assert client.get(url(format="pdf")).status_code == 403


def test_a_bad_period_or_format_is_a_bad_request(client, november, plan, people):
    client.force_login(people["office"])
    assert client.get(url(period="2023-13", format="pdf")).status_code == 400
    assert client.get(url(period="2023-11", format="odt")).status_code == 400
    assert "尚未开始" in client.get(url(period="2024-01", format="docx")).content.decode()


def test_the_dashboard_has_the_bulletin_buttons(client, november, plan, people):
    client.force_login(people["office"])
    page = client.get(reverse("dashboard")).content.decode()
    form = re.search(r'<form[^>]*id="bulletin-form".*?</form>', page, re.S).group(0)
    assert reverse("bulletin") in form and 'value="2023-11"' in form
    assert 'value="docx"' in form and 'value="pdf"' in form


# From the command line --------------------------------------------------------------------------------------

def test_luoshi_bulletin_writes_the_file(monkeypatch, tmp_path, capsys, november, plan, tasks):
    monkeypatch.setenv("LUOSHI_DATA_DIR", str(tmp_path / "data"))
    out = tmp_path / "通报.pdf"
    assert cli.main(["bulletin", "--period", "2023-11", "--out", out, "--plan", plan.pk]) == 0
    assert "区财政局" in pdf_text(out.read_bytes())
    out = tmp_path / "通报.docx"
    assert cli.main(["bulletin", "--period", "2023-11", "--format", "docx", "--out", out]) == 0
    assert docx.Document(str(out)).paragraphs[0].text.startswith("关于2023年11月")
    capsys.readouterr()


@pytest.mark.parametrize("args, message", [
    (["--period", "2023-13"], "不能识别的报送期"),
    (["--plan", "999999"], "no plan 999999"),
])
def test_luoshi_bulletin_says_what_stops_it_in_one_line(monkeypatch, tmp_path, capsys, november, args, message):
    monkeypatch.setenv("LUOSHI_DATA_DIR", str(tmp_path / "data"))
    assert cli.main(["bulletin", "--out", tmp_path / "b.docx", *args]) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("luoshi: ") and message in err and len(err.splitlines()) == 1
    assert not (tmp_path / "b.docx").exists()
