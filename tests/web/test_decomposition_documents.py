"""The office's decomposition documents, read back: the 分解表 (.xlsx) and its import, the 分解方案 (.docx).

The documents are built from the sample plan of conftest.py (tasks 1 and 2 led
by 区发展和改革局, task 1 with 区财政局, task 3 by 区教育和体育局) and read
back with openpyxl and python-docx; the tests check what is in them.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date, datetime

import docx
import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from docx.oxml.ns import qn
from docx.shared import Pt

from luoshi import cli
from luoshi.audit.models import Entry as AuditEntry
from luoshi.documents.decomposition_docx import HEADERS, build_plan_document
from luoshi.documents.decomposition_xlsx import SHEET, build_table
from luoshi.documents.table_import import import_table, read_table
from luoshi.orgs.models import Post
from luoshi.plans.importing import analyse_upload, create_plan
from luoshi.tracking import status, workflow
from luoshi.tracking.choices import AssignmentRole, Kind, State

pytestmark = pytest.mark.django_db

BASE_HEADERS = ["序号", "工作任务", "量化指标", "牵头单位", "责任单位", "责任领导", "责任人", "完成时限"]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def sheet_of(data: bytes):
    return openpyxl.load_workbook(io.BytesIO(data))[SHEET]


def headers(ws) -> list[str]:
    return [c.value for c in ws[2]]


def row_of(ws, task) -> int:
    """The sheet row of `task`, found by the hidden 任务编号 column."""
    id_column = headers(ws).index("任务编号") + 1
    return next(r for r in range(3, ws.max_row + 1) if ws.cell(r, id_column).value == task.pk)


def cell(ws, row: int, header: str):
    return ws.cell(row, headers(ws).index(header) + 1)


def edited(data: bytes, edits: dict) -> bytes:
    """The table with cells changed: {(task or row number, header): value}."""
    wb = openpyxl.load_workbook(io.BytesIO(data))
    ws = wb[SHEET]
    for (where, header), value in edits.items():
        row = where if isinstance(where, int) else row_of(ws, where)
        cell(ws, row, header).value = value
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def state_of(plan) -> list[tuple]:
    """Everything an import may change, to compare before and after."""
    return [(t.pk, t.deadline, t.state, sorted((a.department_id, a.role, a.leader_post_id, a.contact_post_id)
                                                for a in t.assignments.all()))
            for t in plan.tasks.order_by("pk").prefetch_related("assignments")]


@pytest.fixture
def leader_post(org):
    return Post.objects.get(org=org, title="分管副区长")


# --- the table ----------------------------------------------------------------------------------------------


def test_it_writes_the_task_table_with_a_row_per_task(plan, tasks):
    ws = sheet_of(build_table(plan))
    assert ws.cell(1, 1).value == "济南市市中区2023年《政府工作报告》重点工作任务分解表"
    assert headers(ws) == [*BASE_HEADERS, "任务编号"]  # no progress yet
    assert ws.cell(3, 1).value == "一、加快高质量发展，全力推进活力市中建设"
    assert "A3:H3" in {str(r) for r in ws.merged_cells.ranges}

    first = row_of(ws, tasks[0])
    assert cell(ws, first, "序号").value == 1
    assert cell(ws, first, "工作任务").value == "加快构建现代产业体系"
    assert "类金融机构12家" in cell(ws, first, "量化指标").value.split("\n")
    assert cell(ws, first, "牵头单位").value == "区发展和改革局"
    assert cell(ws, first, "责任单位").value == "区财政局"
    deadline = cell(ws, first, "完成时限")
    assert deadline.value == datetime(2023, 12, 31) and deadline.number_format == 'yyyy"年"m"月"d"日"'
    assert cell(ws, row_of(ws, tasks[2]), "牵头单位").value == "区教育和体育局"
    assert cell(ws, row_of(ws, tasks[5]), "牵头单位").value is None  # not assigned yet
    assert sum(1 for r in range(3, ws.max_row + 1) if isinstance(ws.cell(r, 9).value, int)) == len(tasks) + 9


def test_it_lays_the_table_out_for_excel_and_a4_landscape(plan, tasks):
    ws = sheet_of(build_table(plan))
    assert ws.freeze_panes == "A3"
    assert ws.column_dimensions["I"].hidden  # 任务编号
    assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == 9  # A4
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 0)
    assert ws.print_title_rows == "$2:$2"
    assert "&P" in ws.oddFooter.center.text
    widths = sum(ws.column_dimensions[c].width for c in "ABCDEFGH")
    assert 120 <= widths <= 150  # about the 270 mm across a landscape A4 page
    first = row_of(ws, tasks[0])
    assert ws.cell(1, 1).font.name == "宋体" and ws.cell(1, 1).font.bold
    assert ws.cell(2, 1).font.name == "黑体"
    body = cell(ws, first, "量化指标")
    assert body.font.name == "仿宋" and body.alignment.wrap_text
    assert ws.row_dimensions[first].height >= 3 * 15  # three targets, three lines
    catalogue = ws.parent["部门名录"]
    assert [c.value for c in catalogue["A"]][1:] == ["区发展和改革局", "区教育和体育局", "区财政局", "区卫生健康局"]
    assert any("D" in str(v.sqref) for v in ws.data_validations.dataValidation)


def test_it_adds_the_progress_columns_once_tracking_has_begun(monkeypatch, plan, tasks, people, departments):
    monkeypatch.setattr(status, "today", lambda: date(2023, 7, 26))
    update = workflow.submit_update(tasks[0], people["fagai"], departments["区发展和改革局"], date(2023, 6, 1),
                                    "引进类金融机构5家", 40)
    workflow.review_update(update, people["office"], accept=True)
    ws = sheet_of(build_table(plan))
    assert headers(ws) == [*BASE_HEADERS, "完成比例", "进度状态", "最新进展", "任务编号"]
    first = row_of(ws, tasks[0])
    assert cell(ws, first, "完成比例").value == 0.4 and cell(ws, first, "完成比例").number_format == "0%"
    assert cell(ws, first, "进度状态").value == "欠进度"
    assert cell(ws, first, "最新进展").value == "2023年6月：引进类金融机构5家"
    assert cell(ws, row_of(ws, tasks[1]), "最新进展").value is None
    assert headers(sheet_of(build_table(plan, progress=False))) == [*BASE_HEADERS, "任务编号"]


def test_it_puts_a_sub_task_right_after_its_task(plan, tasks):
    sub = type(tasks[0]).objects.create(plan=plan, parent=tasks[0], kind=Kind.SUBTASK, title="引进类金融机构",
                                        order=999, deadline=date(2023, 6, 30))
    ws = sheet_of(build_table(plan))
    row = row_of(ws, sub)
    assert row == row_of(ws, tasks[0]) + 1 and row_of(ws, tasks[1]) == row + 1
    assert cell(ws, row, "序号").value == "1.1" and cell(ws, row, "工作任务").value == "引进类金融机构"
    assert cell(ws, row_of(ws, tasks[1]), "序号").value == 2


# --- the import ---------------------------------------------------------------------------------------------


def test_it_imports_the_edited_table_through_the_workflow(plan, tasks, people, departments, leader_post):
    departments["区卫生健康局"].short_name = "区卫健局"
    departments["区卫生健康局"].save()
    data = edited(build_table(plan), {
        (tasks[5], "牵头单位"): "区卫健局",  # a short name
        (tasks[5], "责任单位"): "区发展和改革局、区教育和体育局",
        (tasks[5], "完成时限"): "2023年6月30日",
        (tasks[0], "完成时限"): datetime(2023, 9, 30),  # an Excel date
        (tasks[0], "责任领导"): "分管副区长（陈区长）",
        (tasks[2], "完成时限"): "2023-10-31",
    })
    result = import_table(data, plan, people["office"])
    assert result.ok and result.applied, result.errors
    assert [c.task for c in result.changes] == [tasks[0], tasks[2], tasks[5]]
    assert result.unchanged == len(tasks) - 3

    sixth = type(tasks[5]).objects.get(pk=tasks[5].pk)
    assert sixth.lead.department == departments["区卫生健康局"] and sixth.state == State.ASSIGNED
    assert {a.department.name for a in sixth.assignments.all() if a.role == AssignmentRole.COOPERATE} == {
        "区发展和改革局", "区教育和体育局"}
    assert sixth.deadline == date(2023, 6, 30)
    first = type(tasks[0]).objects.get(pk=tasks[0].pk)
    assert first.deadline == date(2023, 9, 30) and first.lead.leader_post == leader_post
    assert first.assignments.get(department=departments["区财政局"]).role == AssignmentRole.COOPERATE
    assert type(tasks[2]).objects.get(pk=tasks[2].pk).deadline == date(2023, 10, 31)
    entry = AuditEntry.objects.filter(task=sixth, action="assign").get()
    assert entry.actor == people["office"] and entry.summary == "分工：牵头 区卫健局"


def test_it_reports_bad_rows_with_their_numbers_and_applies_nothing(plan, tasks, people):
    data = build_table(plan)
    ws = sheet_of(data)
    rows = {name: row_of(ws, t) for name, t in (("good", tasks[5]), ("dept", tasks[6]), ("date", tasks[0]),
                                                  ("post", tasks[2]))}
    extra = ws.max_row + 1
    before, audit = state_of(plan), AuditEntry.objects.count()
    data = edited(data, {
        (tasks[5], "牵头单位"): "区财政局",  # good, but not applied: another row is bad
        (tasks[6], "牵头单位"): "区不存在局",
        (tasks[0], "完成时限"): "2023年13月1日",
        (tasks[2], "责任领导"): "副区长（无此人）",
        (extra, "任务编号"): 999999,
    })
    result = import_table(data, plan, people["office"])
    assert not result.ok and not result.applied
    messages = [str(e) for e in result.errors]
    assert f"第{rows['dept']}行：牵头单位“区不存在局”不在本单位的部门名录中" in messages
    assert any(m.startswith(f"第{rows['date']}行：完成时限“2023年13月1日”不是有效的日期") for m in messages)
    assert any(m.startswith(f"第{rows['post']}行：责任领导“副区长（无此人）”") for m in messages)
    assert f"第{extra}行：任务编号“999999”不是本计划的任务" in messages
    assert len(messages) == 4
    assert state_of(plan) == before and AuditEntry.objects.count() == audit


@pytest.mark.parametrize(("edit", "message"), [
    ({"牵头单位": None}, "请填写牵头单位（分工和时限随牵头单位一起确定）"),  # taking the lead away
    ({"工作任务": "新增的任务", "任务编号": None}, "没有任务编号：不能在表中新增任务，请在系统中新增后重新下载"),
    ({"任务编号": "abc"}, "任务编号“abc”不是本计划的任务"),
], ids=["no lead", "a new row", "a bad task number"])
def test_it_refuses_what_the_table_cannot_do(plan, tasks, edit, message):
    data = build_table(plan)
    row = row_of(sheet_of(data), tasks[0])
    result = read_table(edited(data, {(row, h): v for h, v in edit.items()}), plan)
    assert [str(e) for e in result.errors] == [f"第{row}行：{message}"]


def test_it_refuses_a_second_row_of_the_same_task_and_a_closed_task(plan, tasks, people):
    workflow.close(tasks[1], people["office"])
    data = build_table(plan)
    ws = sheet_of(data)
    first, closed, extra = row_of(ws, tasks[0]), row_of(ws, tasks[1]), ws.max_row + 1
    result = read_table(edited(data, {(extra, "任务编号"): tasks[0].pk, (closed, "完成时限"): "2023-06-30"}), plan)
    assert [str(e) for e in result.errors] == [
        f"第{closed}行：任务已办结，不能修改分工或时限",
        f"第{extra}行：与第{first}行是同一项任务（任务编号{tasks[0].pk}）",
    ]


def test_it_refuses_a_file_that_is_not_the_table(plan):
    from luoshi.documents.table_import import TableImportError

    with pytest.raises(TableImportError, match="不是有效的 Excel"):
        read_table(b"not a spreadsheet", plan)
    wb = openpyxl.Workbook()
    wb.active.append(["序号", "工作任务"])
    out = io.BytesIO()
    wb.save(out)
    with pytest.raises(TableImportError, match="没有“任务编号”列"):
        read_table(out.getvalue(), plan)


# --- the plan document --------------------------------------------------------------------------------------


def test_it_writes_the_plan_document_in_gongwen_layout(plan, tasks):
    data = build_plan_document(plan)
    document = docx.Document(io.BytesIO(data))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert [round(m.mm) for m in (section.top_margin, section.bottom_margin, section.left_margin,
                                  section.right_margin)] == [37, 35, 28, 26]

    title = document.paragraphs[0]
    assert title.text == "济南市市中区2023年《政府工作报告》重点工作任务分解方案"
    run = title.runs[0]
    assert run._r.rPr.rFonts.get(qn("w:eastAsia")) == "方正小标宋简体" and run.bold and run.font.size == Pt(22)
    body = document.paragraphs[1]
    assert body.text.startswith("为全面落实济南市市中区2023年《政府工作报告》")
    assert body.runs[0]._r.rPr.rFonts.get(qn("w:eastAsia")) == "仿宋_GB2312"
    assert body.runs[0].font.size == Pt(16)
    headings = [p.text for p in document.paragraphs]
    assert "一、主要预期目标" in headings and "二、重点工作任务" in headings
    assert "（一）加快高质量发展，全力推进活力市中建设" in headings

    with zipfile.ZipFile(io.BytesIO(data)) as z:
        fonts = z.read("word/fontTable.xml").decode()
        footers = [z.read(n).decode() for n in z.namelist() if re.fullmatch(r"word/footer\d+\.xml", n)]
    assert re.search(r'w:name="方正小标宋简体"><w:altName w:val="宋体"/>', fonts)
    assert re.search(r'w:name="仿宋_GB2312"><w:altName w:val="仿宋"/>', fonts)
    assert len(footers) == 2  # odd and even pages
    for footer in footers:
        assert "<w:instrText xml:space=\"preserve\"> PAGE </w:instrText>" in footer
        assert "— " in footer and " —" in footer


def test_it_puts_a_table_per_area_in_the_plan_document(plan, tasks):
    document = docx.Document(io.BytesIO(build_plan_document(plan)))
    areas = plan.tasks.filter(kind=Kind.AREA).count()
    assert len(document.tables) == areas
    table = document.tables[0]
    assert [c.text for c in table.rows[0].cells] == list(HEADERS)
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None  # repeated on every page
    first = [c.text for c in table.rows[1].cells]
    assert first[0] == "1" and first[1].startswith("加快构建现代产业体系。坚持巩固提升传统产业")
    assert "类金融机构12家" in first[2]
    assert first[3:] == ["区发展和改革局", "区财政局", "2023年12月31日"]
    lead_run = table.rows[1].cells[1].paragraphs[0].runs[0]
    assert lead_run.text == "加快构建现代产业体系" and lead_run.bold
    assert lead_run._r.rPr.rFonts.get(qn("w:eastAsia")) == "仿宋_GB2312"
    assert sum(len(t.rows) - 1 for t in document.tables) == len(tasks)


# --- the web pages ------------------------------------------------------------------------------------------


def test_it_lets_the_office_download_both_documents(client, plan, people):
    client.force_login(people["office"])
    reader = client.get(reverse("plan_reader", args=[plan.pk])).content.decode()
    for name in ("plan_table_xlsx", "plan_document_docx", "plan_table_import"):
        assert reverse(name, args=[plan.pk]) in reader
    table = client.get(reverse("plan_table_xlsx", args=[plan.pk]))
    assert table.status_code == 200 and table["Content-Type"] == XLSX
    assert "filename*=utf-8''2023" in table["Content-Disposition"]
    assert sheet_of(b"".join(table.streaming_content)).cell(2, 1).value == "序号"
    plan_doc = client.get(reverse("plan_document_docx", args=[plan.pk]))
    assert plan_doc.status_code == 200
    assert docx.Document(io.BytesIO(b"".join(plan_doc.streaming_content))).tables


@pytest.mark.parametrize("who", ["fagai", "leader"])
def test_it_keeps_the_documents_for_the_office(client, plan, people, who):
    client.force_login(people[who])
    assert reverse("plan_table_xlsx", args=[plan.pk]) not in client.get(
        reverse("plan_reader", args=[plan.pk])).content.decode()
    for name in ("plan_table_xlsx", "plan_document_docx", "plan_table_import"):
        assert client.get(reverse(name, args=[plan.pk])).status_code == 403


def test_it_previews_the_upload_then_applies_it(client, plan, tasks, people):
    client.force_login(people["office"])
    data = edited(build_table(plan), {(tasks[5], "牵头单位"): "区财政局", (tasks[5], "完成时限"): "2023-06-30"})
    url = reverse("plan_table_import", args=[plan.pk])
    page = client.post(url, {"file": SimpleUploadedFile("分解表.xlsx", data)})
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="table-preview"' in html and "区财政局" in html and "2023年6月30日" in html
    assert type(tasks[5]).objects.get(pk=tasks[5].pk).lead is None  # nothing yet
    hidden = re.search(r'name="data" value="([^"]+)"', html).group(1)
    done = client.post(url, {"confirm": "1", "data": hidden, "filename": "分解表.xlsx"})
    assert done.status_code == 302 and done["Location"] == reverse("plan_reader", args=[plan.pk])
    task = type(tasks[5]).objects.get(pk=tasks[5].pk)
    assert task.lead.department.name == "区财政局" and task.deadline == date(2023, 6, 30)


def test_it_shows_the_bad_rows_of_an_upload(client, plan, tasks, people):
    client.force_login(people["office"])
    data = build_table(plan)
    row = row_of(sheet_of(data), tasks[5])
    page = client.post(reverse("plan_table_import", args=[plan.pk]), {
        "file": SimpleUploadedFile("分解表.xlsx", edited(data, {(tasks[5], "牵头单位"): "区不存在局"}))})
    assert page.status_code == 400
    html = page.content.decode()
    assert f"第{row}行：牵头单位“区不存在局”不在本单位的部门名录中" in html and "confirm" not in html
    page = client.post(reverse("plan_table_import", args=[plan.pk]), {
        "file": SimpleUploadedFile("分解表.xlsx", b"plain text")})
    assert page.status_code == 400 and "不是有效的 Excel" in page.content.decode()


# --- the command line, and the deadlines of an import --------------------------------------------------------


def test_it_exports_both_documents_from_the_command_line(plan, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("LUOSHI_DATA_DIR", str(tmp_path / "data"))
    table, plan_doc = tmp_path / "out" / "table.xlsx", tmp_path / "out" / "plan.docx"
    assert cli.main(["export", "table", "--plan", plan.pk, "--out", table]) == 0
    assert sheet_of(table.read_bytes()).cell(2, 4).value == "牵头单位"
    assert cli.main(["export", "plan", "--plan", plan.pk, "--out", plan_doc]) == 0
    assert docx.Document(plan_doc).paragraphs[0].text.endswith("重点工作任务分解方案")
    capsys.readouterr()
    assert cli.main(["export", "table", "--plan", 999999, "--out", table]) == 1
    assert capsys.readouterr().err.strip() == "luoshi: no plan 999999 in the database"


def test_it_gives_each_imported_task_the_deadline_of_its_words(org, people):
    text = ("2023年政府工作报告\n一、2022年工作回顾\n地区生产总值增长5%。\n二、2023年重点工作\n"
            "（一）加快发展，建设强市。要抓好三件事。\n加快构建产业体系。推进重点项目上半年全部开工。\n"
            "办好民生实事。新建学校3所，9月底前交付使用。\n实施城市更新。改造老旧小区20个。\n")
    plan = create_plan(org, analyse_upload(text.encode(), "report.txt", 1 << 20), people["office"], year=2023)
    deadlines = list(plan.tasks.filter(kind=Kind.TASK).order_by("order").values_list("title", "deadline"))
    assert deadlines == [("加快构建产业体系", date(2023, 6, 30)), ("办好民生实事", date(2023, 9, 30)),
                         ("实施城市更新", date(2023, 12, 31))]
