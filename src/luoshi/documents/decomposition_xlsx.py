"""重点工作任务分解表 as .xlsx: the table the office edits in Excel and imports back (table_import.py).

One sheet, 任务分解表: a title row, a header row (frozen, and repeated on every
printed page), then each area as a merged group row (一、…) followed by its
tasks: 序号, 工作任务, 量化指标, 牵头单位, 责任单位, 责任领导, 责任人, 完成时限,
and once tracking has begun 完成比例, 进度状态, 最新进展. The last column,
任务编号, is hidden: the import matches rows to tasks by it. Printed on A4
landscape, fitted to the page width; the title in 宋体, headers in 黑体, the
rest in 仿宋 (the faces every Chinese Windows and WPS has). A second sheet,
部门名录, lists the organisation's departments, and the 牵头单位 column offers
them as a list (typing another name only warns).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from luoshi.orgs.models import Department

from .decomposition_rows import TaskRow, document_title, has_progress, plan_areas
from .layout import BODY_FACE, HEI_FACE, SONG_FACE, cn_numeral

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SHEET = "任务分解表"
CATALOGUE_SHEET = "部门名录"
TITLE_ROW, HEADER_ROW = 1, 2
DATE_FORMAT = 'yyyy"年"m"月"d"日"'
ID_HEADER = "任务编号"

TITLE_FONT = Font(name=SONG_FACE.name, size=16, bold=True)
HEADER_FONT = Font(name=HEI_FACE.name, size=11)
AREA_FONT = Font(name=HEI_FACE.name, size=11)
BODY_FONT = Font(name=BODY_FACE.fallback, size=11)  # 仿宋: 仿宋_GB2312 is missing on many computers
AREA_FILL = PatternFill("solid", fgColor="EDEDED")
_THIN = Side(style="thin", color="000000")
BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)


@dataclass(frozen=True)
class Column:
    header: str
    width: float  # in Excel's units: about one Latin character, half a Chinese one
    centred: bool = False


COLUMNS = (
    Column("序号", 6, True),
    Column("工作任务", 40),
    Column("量化指标", 26),
    Column("牵头单位", 14, True),
    Column("责任单位", 18),
    Column("责任领导", 13, True),
    Column("责任人", 13, True),
    Column("完成时限", 15, True),
)
PROGRESS_COLUMNS = (Column("完成比例", 8, True), Column("进度状态", 9, True), Column("最新进展", 36))
ID_COLUMN = Column(ID_HEADER, 10, True)
LINE_HEIGHT = 15  # points, for 11 pt type


def _values(row: TaskRow, progress: bool) -> list:
    number = int(row.number) if row.number.isdigit() else row.number  # 3.1 (a sub-task) stays text
    values = [number, row.title, "\n".join(row.targets), row.lead, "、".join(row.cooperating), row.leader,
              row.contact, row.deadline]
    if progress:
        values += [row.percent / 100, row.schedule, row.latest]
    return [*values, row.id]


def _lines(text, width: float) -> int:
    """How many lines `text` takes in a column `width` wide (a Chinese character is two units)."""
    if text is None or text == "":
        return 1
    per_line = max(1.0, width - 1.5)
    total = 0
    for line in str(text).split("\n"):
        units = sum(2 if ord(c) > 0x2E7F else 1.1 for c in line)
        total += max(1, -(-int(units) // int(per_line)))
    return total


def _row_height(values: list, columns: tuple[Column, ...]) -> float:
    lines = max(_lines(v, c.width) for v, c in zip(values, columns, strict=True) if not isinstance(v, date))
    return min(409, max(20, lines * LINE_HEIGHT + 4))


def _style_cell(cell, column: Column, font: Font = BODY_FONT) -> None:
    cell.font = font
    cell.border = BORDER
    cell.alignment = Alignment(horizontal="center" if column.centred else "left", vertical="center", wrap_text=True)


def _page_setup(ws, last_column: str) -> None:
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # as many pages as it takes
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top, ws.page_margins.bottom = 0.6, 0.7
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"
    ws.print_area = f"A{TITLE_ROW}:{last_column}{ws.max_row}"


def _catalogue(wb: Workbook, plan) -> int:
    """The 部门名录 sheet: the names the import accepts. Returns the number of departments."""
    ws = wb.create_sheet(CATALOGUE_SHEET)
    for i, (header, width) in enumerate((("名称", 30), ("简称", 16), ("别名", 30)), 1):
        cell = ws.cell(1, i, header)
        _style_cell(cell, Column(header, width, True), HEADER_FONT)
        ws.column_dimensions[get_column_letter(i)].width = width
    departments = list(Department.objects.filter(org=plan.org).order_by("order", "name"))
    for r, d in enumerate(departments, 2):
        for i, value in enumerate((d.name, d.short_name, d.aliases), 1):
            _style_cell(ws.cell(r, i, value), Column("", 0))
    ws.freeze_panes = "A2"
    return len(departments)


def build_table(plan, tasks=None, progress: bool | None = None, on: date | None = None) -> bytes:
    """The plan's 重点工作任务分解表 as .xlsx bytes: `tasks` (default: all of the plan's), with the progress
    columns when `progress` is true, or (None) once tracking has begun."""
    areas = plan_areas(plan, tasks, on)
    if progress is None:
        progress = has_progress(areas)
    columns = (*COLUMNS, *(PROGRESS_COLUMNS if progress else ()), ID_COLUMN)
    visible = len(columns) - 1
    last = get_column_letter(visible)
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET

    ws.merge_cells(start_row=TITLE_ROW, start_column=1, end_row=TITLE_ROW, end_column=visible)
    title = ws.cell(TITLE_ROW, 1, document_title(plan, "分解表"))
    title.font, title.alignment = TITLE_FONT, Alignment(horizontal="center", vertical="center")
    ws.row_dimensions[TITLE_ROW].height = 36
    for i, column in enumerate(columns, 1):
        _style_cell(ws.cell(HEADER_ROW, i, column.header), Column(column.header, column.width, True), HEADER_FONT)
        ws.column_dimensions[get_column_letter(i)].width = column.width
    ws.row_dimensions[HEADER_ROW].height = 24
    ws.column_dimensions[get_column_letter(len(columns))].hidden = True

    r = HEADER_ROW
    for n, area in enumerate(areas, 1):
        r += 1
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=visible)
        cell = ws.cell(r, 1, f"{cn_numeral(n)}、{area.title}")
        _style_cell(cell, Column("", 0), AREA_FONT)
        cell.fill = AREA_FILL
        for i in range(2, visible + 1):
            ws.cell(r, i).border = BORDER
        if area.area is not None:
            ws.cell(r, len(columns), area.area.pk)
        ws.row_dimensions[r].height = 22
        for row in area.rows:
            r += 1
            values = _values(row, progress)
            for i, (value, column) in enumerate(zip(values, columns, strict=True), 1):
                cell = ws.cell(r, i, value)
                _style_cell(cell, column)
                if isinstance(value, date):
                    cell.number_format = DATE_FORMAT
                elif column.header == "完成比例":
                    cell.number_format = "0%"
            ws.row_dimensions[r].height = _row_height(values, columns)

    ws.freeze_panes = f"A{HEADER_ROW + 1}"
    ws.sheet_view.zoomScale = 100
    _page_setup(ws, last)
    count = _catalogue(wb, plan)
    if count and r > HEADER_ROW:
        lead = get_column_letter(COLUMNS.index(next(c for c in COLUMNS if c.header == "牵头单位")) + 1)
        rule = DataValidation(type="list", formula1=f"'{CATALOGUE_SHEET}'!$A$2:$A${count + 1}", allow_blank=True,
                              errorStyle="warning", showErrorMessage=True, errorTitle="牵头单位",
                              error="该单位不在部门名录中：导入时可用名称、简称或别名。")
        rule.add(f"{lead}{HEADER_ROW + 1}:{lead}{r}")
        ws.add_data_validation(rule)
    wb.active = 0
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
