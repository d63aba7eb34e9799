"""重点工作任务分解方案 as .docx in 公文 layout (layout.py): the plan the office circulates to the departments.

The title, an opening paragraph, the main targets (主要预期目标), then the
key tasks: a heading and a table per area (序号, 工作任务, 量化指标, 牵头单位,
责任单位, 完成时限), and the requirements of the work (reporting cycle and
due day from the organisation's settings). A task's cell holds its whole text
from the report, its lead sentence in bold.
"""

from __future__ import annotations

from datetime import date

from luoshi.orgs.choices import Cycle

from . import layout
from .decomposition_rows import TaskRow, cn_day, document_title, main_targets, plan_areas

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
HEADERS = ("序号", "工作任务", "量化指标", "牵头单位", "责任单位", "完成时限")
WIDTHS_MM = (11, 63, 30, 19, 19, 14)  # 156 mm: the width of the text
CENTRED = (0, 3, 5)


def _task_cell(row: TaskRow) -> list:
    """The task's text as runs: its title (the lead sentence) in bold, the rest plain."""
    text = row.text
    if text.startswith(row.title):
        rest = text[len(row.title):]
        return [[(row.title, True), *([(rest, False)] if rest else [])]]
    return [[(row.title, True)], [(text, False)]] if text != row.title else [[(row.title, True)]]


def _cells(row: TaskRow) -> list:
    return [row.number, _task_cell(row), "\n".join(row.targets) or "—", row.lead or "—",
            "、".join(row.cooperating) or "—", cn_day(row.deadline) or "—"]


def _requirements(plan) -> list[tuple[str, str]]:
    org = plan.org
    every = "每季度末月" if org.cycle == Cycle.QUARTERLY else "每月"
    return [
        ("压实工作责任。", "牵头单位是任务落实的第一责任单位，主要负责同志亲自抓、负总责，细化工作措施，明确时间节点；"
         "责任单位按照分工密切配合，确保事事有人抓、事事有人管、事事有人监督。"),
        ("按时报送进展。", f"各牵头单位于{every}{org.due_day}日前报送任务进展情况、存在问题和下一步措施，"
         "量化指标同时报送完成数据。"),
        ("加强督查考核。", "督查室对任务推进情况实行清单化管理，对欠进度、逾期的任务及时督办，"
         "定期通报落实情况，结果纳入年度考核。"),
    ]


def build_plan_document(plan, tasks=None, on: date | None = None) -> bytes:
    """The plan's 重点工作任务分解方案 as .docx bytes, with `tasks` (default: all of the plan's)."""
    areas = plan_areas(plan, tasks, on)
    doc = layout.new_document()
    layout.add_title(doc, document_title(plan, "分解方案"))
    region = plan.org.region or plan.org.name
    layout.add_paragraph(doc, f"为全面落实{region}{plan.year}年《政府工作报告》确定的目标任务，按照“责任分解、"
                              "责任履行、责任追究”的要求，推动各项工作落地见效，现将重点工作任务分解如下。")
    number = 0
    targets = main_targets(plan)
    if targets:
        number += 1
        layout.add_heading(doc, f"{layout.cn_numeral(number)}、主要预期目标", 1)
        layout.add_paragraph(doc, "；".join(targets) + "。")
    number += 1
    layout.add_heading(doc, f"{layout.cn_numeral(number)}、重点工作任务", 1)
    for n, area in enumerate(areas, 1):
        layout.add_heading(doc, f"（{layout.cn_numeral(n)}）{area.title}", 2)
        layout.add_table(doc, HEADERS, [_cells(r) for r in area.rows], WIDTHS_MM, centred=CENTRED)
    if not areas:
        layout.add_paragraph(doc, "（暂无任务）")
    number += 1
    layout.add_heading(doc, f"{layout.cn_numeral(number)}、工作要求", 1)
    for i, (lead, body) in enumerate(_requirements(plan), 1):
        paragraph = layout.add_paragraph(doc)
        layout.set_font(paragraph.add_run(f"（{layout.cn_numeral(i)}）{lead}"), layout.KAI_FACE, layout.SIZE_3)
        layout.set_font(paragraph.add_run(body), layout.BODY_FACE, layout.SIZE_3)
    return layout.to_bytes(doc)
