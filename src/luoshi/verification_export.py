"""A year-end verification (engine.verification.YearEnd) as records, Markdown and .xlsx.

Pure functions, no I/O: `luoshi verify` and the web app's year-end page both use them.
A record is one target: {"target": {...}, "result": {...} or None, "verdict", "reason", "basis"}; both
sides keep their span (`start`, `end`: the number, or the words of a worded target or result) and `quote`.
"""

from __future__ import annotations

import io

from .engine.verification import VERDICT_LABELS, Tolerance, Verification, YearEnd
from .export import STATEMENT_FIELDS, plain, to_json

KIND_LABELS = {"main": "主要目标", "task": "任务目标"}
_STATEMENT_KEYS = tuple(f for f in STATEMENT_FIELDS if f not in ("doc", "start", "end", "quote"))


def record(v: Verification, check: YearEnd) -> dict:
    """One target's verification as plain data (JSON-ready)."""
    t = v.target
    target = {"doc": check.plan_doc, "kind": t.kind, "task": t.task or None, "indicator": t.indicator,
              "canonical": t.key, "quote": t.quote, "start": t.start, "end": t.end}
    target.update(_statement_fields(t.statement))
    result = None
    if v.result is not None:
        result = {"doc": check.result_doc, "indicator": v.result.indicator, "quote": v.result.quote,
                  "start": v.result.start, "end": v.result.end, **_statement_fields(v.result)}
    elif v.evidence is not None:  # a result in words
        result = {"doc": check.result_doc, "indicator": None, "quote": v.evidence.quote,
                  "start": v.evidence.start, "end": v.evidence.end, **_statement_fields(None)}
    return {"year": check.year, "target": target, "result": result, "verdict": v.verdict.value,
            "reason": v.reason, "basis": v.basis or None}


def _statement_fields(s) -> dict:
    fields = plain(s) if s is not None else {}
    return {name: fields.get(name) for name in _STATEMENT_KEYS if name != "indicator"}


def records(check: YearEnd) -> list[dict]:
    return [record(v, check) for v in check.items]


def to_json_text(check: YearEnd) -> str:
    """A JSON array, one object per target."""
    return to_json(records(check))


def summary(check: YearEnd) -> str:
    """完成 3 · 部分完成 0 · 未完成 1 · 未报告 35（共 39 项）."""
    counts = check.counts()
    parts = " · ".join(f"{VERDICT_LABELS[v]} {n}" for v, n in counts.items())
    return f"{parts}（共 {len(check.items)} 项）"


def title(check: YearEnd) -> str:
    year = f"{check.year}年" if check.year else ""
    return f"{year}目标完成情况核验：{check.plan_doc} 的目标对照 {check.result_doc} 的回顾"


def to_markdown(check: YearEnd, tolerance: Tolerance | None = None) -> str:
    lines = [f"# {title(check)}", "", summary(check), ""]
    if tolerance is not None:
        lines += [tolerance_text(tolerance), ""]
    lines += [f"> {note}" for note in check.notes] + ([""] if check.notes else [])
    lines += ["| # | 类别 | 目标（原文） | 结果（原文） | 结论 | 说明 |", "|---|---|---|---|---|---|"]
    for number, v in enumerate(check.items, 1):
        t = v.target
        target = _marked(t.quote, t.statement.num if t.statement else "") + (
            f"（任务：{_short(t.task, 20)}）" if t.task else "")
        if v.result is not None:
            quote = _marked(v.result.quote, v.result.num)
        else:
            quote = _short(v.evidence.quote) if v.evidence is not None else "—"
        row = (str(number), KIND_LABELS[t.kind], target, quote, VERDICT_LABELS[v.verdict], v.reason)
        lines.append("| " + " | ".join(_cell(c) for c in row) + " |")
    return "\n".join(lines) + "\n"


def _marked(quote: str, num: str) -> str:
    """The clause with its number in bold: 改造农村危房260万户，改建农村公路**20万公里**。"""
    text = _short(quote)
    num = _short(num) if num else ""
    return text.replace(num, f"**{num}**", 1) if num and num in text else text


def tolerance_text(tol: Tolerance) -> str:
    return (f"容差：百分比指标 ±{_num(tol.points)} 个百分点，其他指标 ±{_num(tol.share * 100)}%；"
            f"超出容差不到 {_num(tol.partly)} 倍容差算部分完成。")


def _num(value: float) -> str:
    return f"{value:.4f}".rstrip("0").rstrip(".")


def _cell(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ").strip()


def _short(text: str, limit: int = 70) -> str:
    text = "".join(text.replace("\u200b", "").split()) if _mostly_chinese(text) else " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _mostly_chinese(text: str) -> bool:
    return sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff") * 2 >= len(text.strip() or "x")


XLSX_HEADER = ("序号", "类别", "任务", "目标（原文）", "目标位置", "结果（原文）", "结果位置", "结论", "说明", "配对依据")
_WIDTHS = (6, 10, 24, 48, 12, 48, 12, 10, 48, 18)


# The verdict cell's colour in a workbook, by verdict value.
VERDICT_FILLS = {"met": "E2EFDA", "partly": "FFF2CC", "not_met": "F8CBAD"}


def verdict_sheet(book, header: tuple, rows, widths: tuple, verdict_column: int) -> None:
    """Sheet 核验 of `book`: a bold header, then `rows` as (cells, verdict value) with the verdict cell (1-based
    `verdict_column`) coloured; text wrapped, the header frozen, a filter on every column."""
    from openpyxl.styles import Alignment, Font, PatternFill

    sheet = book.active
    sheet.title = "核验"
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
    for number, (cells, verdict) in enumerate(rows, 2):
        sheet.append(cells)
        if verdict in VERDICT_FILLS:
            sheet.cell(row=number, column=verdict_column).fill = PatternFill("solid", fgColor=VERDICT_FILLS[verdict])
    for column, width in enumerate(widths, 1):
        sheet.column_dimensions[chr(64 + column)].width = width
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions


def _xlsx_row(number: int, v: Verification) -> tuple:
    t = v.target
    span = v.result or v.evidence
    quote = span.quote if span is not None else ""
    return (number, KIND_LABELS[t.kind], t.task, _short(t.quote, 32767), f"{t.start}-{t.end}", _short(quote, 32767),
            f"{span.start}-{span.end}" if span is not None else "", VERDICT_LABELS[v.verdict], v.reason, v.basis)


def to_xlsx(check: YearEnd, tolerance: Tolerance | None = None) -> bytes:
    """The table as an .xlsx workbook: sheet 核验 (one row per target) and sheet 说明 (the reports, the counts)."""
    from openpyxl import Workbook

    book = Workbook()
    verdict_sheet(book, XLSX_HEADER, ((_xlsx_row(n, v), v.verdict) for n, v in enumerate(check.items, 1)),
                  _WIDTHS, XLSX_HEADER.index("结论") + 1)
    about = book.create_sheet("说明")
    about.append(("核验", title(check)))
    about.append(("计划报告", check.plan_doc))
    about.append(("结果报告", check.result_doc))
    about.append(("计划年份", check.year or ""))
    about.append(("结论统计", summary(check)))
    if tolerance is not None:
        about.append(("判定规则", tolerance_text(tolerance)))
    for note in check.notes:
        about.append(("注意", note))
    about.column_dimensions["A"].width = 12
    about.column_dimensions["B"].width = 90
    stream = io.BytesIO()
    book.save(stream)
    return stream.getvalue()
