"""The year-end page as an .xlsx workbook: the checks the user may see, each beside its task's tracked history.

Sheet 核验 starts with the columns of `luoshi verify --format xlsx`
(verification_export.XLSX_HEADER) and adds the office's verdict and the
tracking columns; sheet 说明 names the reports, the counts and the tolerance.
An office document: in Chinese whatever the reader's language.
"""

from __future__ import annotations

import io

from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.functional import Promise

from luoshi.plans.units import display_unit
from luoshi.tracking.choices import State
from luoshi.verification_export import XLSX_HEADER, verdict_sheet

from .choices import TargetKind
from .models import YearEndReview
from .queries import Page, Row

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADER = (*XLSX_HEADER[:2], "领域", *XLSX_HEADER[2:8], "系统结论", XLSX_HEADER[8], "人工说明", "修改人",
          XLSX_HEADER[9], "牵头单位", "任务状态", "完成比例", "最新数据", "最近报送", "完成时限")
WIDTHS = (6, 10, 18, 24, 48, 12, 48, 12, 10, 10, 48, 30, 10, 18, 16, 10, 8, 20, 14, 14)
VERDICT_COLUMN = HEADER.index("结论") + 1


def _date(value) -> str:
    return date_format(value, "DATE_FORMAT") if value else ""


def _span(start, end) -> str:
    return f"{start}-{end}" if start is not None else ""


def _cells(number: int, area: str, row: Row) -> tuple:
    c, task = row.check, row.task
    latest = row.latest_figure
    figure = ""
    if latest is not None:
        figure = f"{display_unit(latest.target).format(latest.value)}（{date_format(latest.period, 'YEAR_MONTH_FORMAT')}）"
    person = c.overridden_by.get_full_name() or c.overridden_by.username if c.overridden_by else ""
    return tuple(str(v) if isinstance(v, Promise) else v for v in (
        number, TargetKind(c.kind).label, area, c.task_title or (task.title if task else ""), c.target_quote,
        _span(c.target_start, c.target_end), c.result_quote, _span(c.result_start, c.result_end),
        c.get_final_display(), c.get_verdict_display(), c.reason, c.override_note, person, c.basis,
        str(row.lead.department) if row.lead else "", State(task.state).label if task else "",
        f"{task.percent}%" if task else "", figure,
        _date(timezone.localtime(row.last_update_at)) if row.last_update_at else "", _date(task.deadline) if task else "",
    ))


def build(review: YearEndReview, page: Page) -> bytes:
    from openpyxl import Workbook

    with translation.override("zh-hans"):
        book = Workbook()
        pairs = ((group.title, row) for group in page.groups for row in group.rows)
        verdict_sheet(book, HEADER, ((_cells(n, title, row), row.check.final) for n, (title, row) in enumerate(pairs, 1)),
                      WIDTHS, VERDICT_COLUMN)

        about = book.create_sheet("说明")
        plan = review.plan
        counts = " · ".join(f"{v.label} {n}" for v, n, _tone in page.counts)
        for key, value in (
            ("核验", f"{review.year}年目标完成情况核验"),
            ("计划", f"{plan.year}年 {plan.title}（{plan.source_name}）"),
            ("结果报告", f"{review.title}（{review.source_name}）"),
            ("结论统计", f"{counts}（共 {page.total} 项，其中人工修改 {page.overridden} 项）"),
            ("判定规则", review.tolerance_text()),
            ("导入", f"{(review.imported_by.get_full_name() or review.imported_by.username) if review.imported_by else ''}"
                     f" {_date(review.imported_at)}"),
            *(("注意", note) for note in review.notes),
        ):
            about.append((key, value))
        about.column_dimensions["A"].width = 12
        about.column_dimensions["B"].width = 90
    stream = io.BytesIO()
    book.save(stream)
    return stream.getvalue()


def filename(review: YearEndReview) -> str:
    return f"{review.year}年目标完成情况核验.xlsx"

