"""A Report as records (plain dicts) and as JSON Lines, JSON, CSV or Markdown.

Pure functions, no I/O: the command line and the web app both use them.
Statement records follow eval/METRICS.md field for field, task records
eval/TASKS.md, so the official scorers read them as they are.

>>> from luoshi.engine import Cmp, Measure, Role, Statement
>>> s = Statement(0, 4, "5%", "地区生产总值", Measure.CHANGE, 5.0, "%", Cmp.GE, Role.TARGET, hedge="力争")
>>> record = statement_record("x", s)
>>> record["measure"], record["value"], record["path"]
('change', 5.0, [])
>>> describe_value(s)
'增长 ≥ 5%'
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
from collections import Counter
from collections.abc import Iterable
from enum import Enum

from .engine.model import MainTarget, OutlineNode, PartKind, Report, Role, Statement, Task

WHATS = ("statements", "targets", "tasks", "outline", "all")

STATEMENT_FIELDS = (
    "doc", "start", "end", "num", "indicator", "measure", "value", "value_high",
    "unit", "cmp", "role", "hedge", "year", "quote", "path",
)
TARGET_STATEMENT_FIELDS = ("num", "measure", "value", "value_high", "unit", "cmp", "role", "hedge", "year")
TARGET_FIELDS = (
    "doc", "indicator", "text", "start", "end", *TARGET_STATEMENT_FIELDS, "statement_start", "statement_end",
)
TASK_CSV_FIELDS = (
    "doc", "area", "title", "start", "end", "title_start", "title_end", "part_kind",
    "livelihood", "statements", "numbers", "entities",
)
OUTLINE_FIELDS = (
    "doc", "depth", "kind", "label", "heading", "part_kind", "start", "end", "heading_start", "heading_end",
)
CSV_FIELDS = {
    "statements": STATEMENT_FIELDS,
    "targets": TARGET_FIELDS,
    "tasks": TASK_CSV_FIELDS,
    "outline": OUTLINE_FIELDS,
    "all": STATEMENT_FIELDS,  # a report does not fit one table: its statements do
}


# ---------------------------------------------------------------- records


def plain(value):
    """Dataclasses, enums and tuples as dicts, strings and lists, recursively.

    >>> plain((PartKind.WORK, {"a": (1, 2)}))
    ['work', {'a': [1, 2]}]
    """
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    return value


def statement_record(doc: str, s: Statement) -> dict:
    """One statement as eval/METRICS.md writes it, plus `year`, `quote` and `path`."""
    fields = plain(s)
    fields["doc"] = doc
    return {name: fields[name] for name in STATEMENT_FIELDS}


def main_target_record(doc: str, target: MainTarget) -> dict:
    """A main target with its statement's fields inlined (None when it has no number)."""
    s = target.statement
    record = {"doc": doc, "indicator": target.indicator, "text": target.text,
              "start": target.start, "end": target.end}
    for name in TARGET_STATEMENT_FIELDS:
        record[name] = plain(getattr(s, name)) if s else None
    record["statement_start"] = s.start if s else None
    record["statement_end"] = s.end if s else None
    return record


def task_record(doc: str, task: Task) -> dict:
    """One task as eval/TASKS.md writes it, plus its title span, statements and entities."""
    return {
        "doc": doc,
        "area": task.area,
        "title": task.title,
        "start": task.start,
        "end": task.end,
        "title_start": task.title_start,
        "title_end": task.title_end,
        "part_kind": task.part_kind.value,
        "livelihood": task.livelihood,
        "statements": [statement_record(doc, s) for s in task.statements],
        "entities": [plain(e) for e in task.entities],
    }


def outline_records(doc: str, outline: Iterable[OutlineNode], depth: int = 0) -> list[dict]:
    """The outline flattened in reading order; `depth` 0 is a part."""
    rows = []
    for node in outline:
        rows.append({
            "doc": doc, "depth": depth, "kind": node.kind, "label": node.label, "heading": node.heading,
            "part_kind": node.part_kind.value, "start": node.start, "end": node.end,
            "heading_start": node.heading_start, "heading_end": node.heading_end,
        })
        rows.extend(outline_records(doc, node.children, depth + 1))
    return rows


def report_record(report: Report) -> dict:
    """Everything found in one report (not its text), the outline as a tree."""
    doc = report.doc
    return {
        "doc": doc,
        "source": report.source,
        "format": report.format,
        "chars": len(report.text),
        "metadata": plain(report.metadata),
        "outline": plain(report.outline),
        "statements": [statement_record(doc, s) for s in report.statements],
        "main_targets": [main_target_record(doc, t) for t in report.main_targets],
        "tasks": [task_record(doc, t) for t in report.tasks],
    }


def records(report: Report, what: str) -> list[dict]:
    """The records of one kind (`what` in WHATS) found in a report."""
    doc = report.doc
    if what == "statements":
        return [statement_record(doc, s) for s in report.statements]
    if what == "targets":
        return [main_target_record(doc, t) for t in report.main_targets]
    if what == "tasks":
        return [task_record(doc, t) for t in report.tasks]
    if what == "outline":
        return outline_records(doc, report.outline)
    if what == "all":
        return [report_record(report)]
    raise ValueError(f"unknown kind of record: {what!r}")


def table_records(report: Report, what: str) -> list[dict]:
    """The records for a table of kind `what`: a whole report does not fit one, so `all` gives its statements."""
    return records(report, "statements" if what == "all" else what)


# ---------------------------------------------------------------- JSON and CSV


def to_jsonl(rows: Iterable[dict]) -> str:
    """One compact JSON object a line, UTF-8 characters as they are."""
    return "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)


def to_json(rows) -> str:
    """Pretty-printed JSON, UTF-8 characters as they are."""
    return json.dumps(rows, ensure_ascii=False, indent=2) + "\n"


def csv_row(row: dict) -> dict:
    """A record made flat for a table: lists joined, a task's statements counted.

    >>> csv_row({"path": ["一、回顾", "（一）产业"], "livelihood": True, "hedge": None})
    {'path': '一、回顾 > （一）产业', 'livelihood': 'true', 'hedge': ''}
    """
    flat = dict(row)
    if isinstance(flat.get("statements"), list):
        flat["numbers"] = "；".join(s["num"] for s in flat["statements"])
        flat["statements"] = len(flat["statements"])
    if isinstance(flat.get("entities"), list):
        flat["entities"] = "、".join(e["text"] for e in flat["entities"])
    for key, value in flat.items():
        if isinstance(value, list):
            flat[key] = " > ".join(str(v) for v in value)
        elif isinstance(value, bool):
            flat[key] = "true" if value else "false"
        elif value is None:
            flat[key] = ""
    return flat


def to_csv(rows: Iterable[dict], what: str, header: bool = True, bom: bool = True) -> str:
    """A table of the records of kind `what`; the BOM lets Excel read the Chinese right."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_FIELDS[what], extrasaction="ignore", lineterminator="\n")
    if header:
        writer.writeheader()
    for row in rows:
        writer.writerow(csv_row(row))
    return ("\ufeff" if bom and header else "") + out.getvalue()


# ---------------------------------------------------------------- Markdown

PART_KIND_NAMES = {
    PartKind.PREAMBLE: "开头",
    PartKind.REVIEW: "工作回顾",
    PartKind.PROBLEMS: "困难和问题",
    PartKind.FIVE_YEAR: "五年目标",
    PartKind.TARGETS: "总体要求和主要目标",
    PartKind.WORK: "重点工作",
    PartKind.CONDUCT: "政府自身建设",
    PartKind.CLOSING: "结束语",
    PartKind.OTHER: "其他",
}
LEVEL_NAMES = {"national": "全国", "province": "省级", "city": "市级", "county": "县级", "district": "区级"}
ROLE_NAMES = {Role.RESULT: "结果", Role.TARGET: "目标"}
CMP_SIGNS = {"eq": "", "ge": "≥ ", "le": "≤ ", "approx": "约"}
NO_MULTIPLIER_UNITS = frozenset({"%", "‰", "百分点", "个百分点", "倍"})
MULTIPLIERS = ((1e12, "万亿"), (1e8, "亿"), (1e4, "万"), (1.0, ""))


def format_number(value: float, unit: str = "") -> str:
    """A number for people: no trailing zeros, 万/亿/万亿 for large amounts.

    >>> format_number(130000000000.0, "元"), format_number(15000.0, "家"), format_number(6.5, "%")
    ('1300亿', '1.5万', '6.5')
    >>> format_number(1370000000000.0, "元"), format_number(793.0, "处")
    ('1.37万亿', '793')
    """
    scale, word = 1.0, ""
    if unit not in NO_MULTIPLIER_UNITS:
        scale, word = next((s, w) for s, w in MULTIPLIERS if abs(value) >= s or s == 1.0)
    text = f"{value / scale:.4f}".rstrip("0").rstrip(".")
    return (text if text != "-0" else "0") + word


def describe_value(s: Statement) -> str:
    """The value with its unit, comparator and direction, in words.

    >>> from luoshi.engine import Cmp, Measure, Role, Statement
    >>> describe_value(Statement(0, 1, "", "", Measure.LEVEL, 30.0, "%", Cmp.APPROX, Role.TARGET))
    '约30%'
    >>> describe_value(Statement(0, 1, "", "", Measure.CHANGE, 6.0, "%", Cmp.RANGE, Role.TARGET, value_high=6.5))
    '增长 6%–6.5%'
    >>> describe_value(Statement(0, 1, "", "", Measure.CHANGE, -3.0, "%", Cmp.GE, Role.RESULT))
    '下降 ≥ 3%'
    """
    change = s.measure.value == "change"
    value = abs(s.value) if change else s.value
    amount = format_number(value, s.unit) + s.unit
    if s.cmp.value == "range" and s.value_high is not None:
        high = abs(s.value_high) if change else s.value_high
        low = amount if s.unit in NO_MULTIPLIER_UNITS else format_number(value, s.unit)  # 6%–6.5%, 1–2家
        amount = f"{low}–{format_number(high, s.unit)}{s.unit}"
    else:
        amount = CMP_SIGNS.get(s.cmp.value, "") + amount
    if not change:
        return amount
    up, down = ("提高", "降低") if "百分点" in s.unit else ("增长", "下降")
    return f"{down if s.value < 0 else up} {amount}"


def _cell(text: object) -> str:
    """Text safe inside a Markdown table cell."""
    return str(text if text is not None else "").replace("|", "\\|").replace("\n", " ").strip()


def _shorten(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _table(header: tuple[str, ...], rows: Iterable[tuple]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return lines


def _metadata_md(report: Report) -> list[str]:
    m = report.metadata
    speaker = " ".join(x for x in (m.post, m.speaker) if x)
    fields = (
        ("地区", m.region), ("层级", LEVEL_NAMES.get(m.level.value) if m.level else None), ("报告年度", m.report_year),
        ("计划年度", m.plan_year), ("会议", m.meeting), ("日期", m.date), ("报告人", speaker or None),
        ("文件", report.source or report.doc), ("字数", len(report.text)),
    )
    return _table(("项目", "内容"), ((k, v) for k, v in fields if v not in (None, "")))


def _outline_md(report: Report) -> list[str]:
    if not report.outline:
        return ["（未识别到结构）"]
    rows = []
    for part in report.outline:
        count = sum(1 for s in report.statements if part.start <= s.start < part.end)
        heading = f"{part.label}、{part.heading}" if part.label and part.label.isalnum() else part.label + part.heading
        kind = PART_KIND_NAMES[part.part_kind]
        rows.append((heading or f"（{kind}）", kind, part.end - part.start, count))
    return _table(("部分", "类型", "字数", "数字"), rows)


def _statements_md(statements: Iterable[Statement]) -> list[str]:
    rows = [(s.indicator, describe_value(s), ROLE_NAMES[s.role], s.hedge or "", _shorten(s.quote, 40))
            for s in statements]
    return _table(("指标", "数值", "类型", "语气", "原文"), rows) if rows else ["（未找到数字）"]


def _targets_md(targets: Iterable[MainTarget]) -> list[str]:
    rows = []
    for t in targets:
        s = t.statement
        rows.append((t.indicator, describe_value(s) if s else "—", (s.hedge or "") if s else "", _shorten(t.text, 40)))
    return _table(("指标", "目标", "语气", "原文"), rows) if rows else ["（未找到主要预期目标）"]


def _task_md(number: int, task: Task) -> list[str]:
    line = f"{number}. **{_shorten(task.title, 80)}**"
    numbers = "；".join(f"{s.indicator} {describe_value(s)}".strip() for s in task.statements)
    return [line + (f" — {numbers}" if numbers else "")]


def _tasks_md(tasks: tuple[Task, ...]) -> list[str]:
    lines: list[str] = []
    areas: dict[str, list[Task]] = {}
    for task in tasks:
        if not task.livelihood:
            areas.setdefault(task.area, []).append(task)
    for area, members in areas.items():
        lines += ["", f"### {area or '（未分领域）'}", ""]
        for n, task in enumerate(members, 1):
            lines += _task_md(n, task)
    livelihood = [t for t in tasks if t.livelihood]
    if livelihood:
        lines += ["", f"### 民生实事（{len(livelihood)}件）", ""]
        for n, task in enumerate(livelihood, 1):
            lines += _task_md(n, task)
    return lines[1:] if lines else ["（未找到任务）"]


def _roles_md(statements: tuple[Statement, ...]) -> list[str]:
    counts = Counter(s.role for s in statements)
    rows = [(ROLE_NAMES[role], counts.get(role, 0)) for role in Role]
    return _table(("类型", "条数"), [*rows, ("合计", len(statements))])


def report_markdown(report: Report, what: str = "all") -> str:
    """A readable summary of one report, or of one kind of its findings."""
    lines = [f"# {report.metadata.title or report.doc}", ""]
    sections = {
        "outline": ("结构", lambda: _outline_md(report)),
        "targets": ("主要预期目标", lambda: _targets_md(report.main_targets)),
        "tasks": (f"重点任务（{len(report.tasks)}项）", lambda: _tasks_md(report.tasks)),
        "statements": (f"数字（{len(report.statements)}条）", lambda: _statements_md(report.statements)),
    }
    if what == "all":
        lines += _metadata_md(report) + [""]
        chosen = [sections["outline"], sections["targets"], sections["tasks"],
                  (f"数字统计（{len(report.statements)}条）", lambda: _roles_md(report.statements))]
    else:
        chosen = [sections[what]]
    for title, render in chosen:
        lines += [f"## {title}", "", *render(), ""]
    return "\n".join(lines)


def to_markdown(reports: Iterable[Report], what: str = "all") -> str:
    """One section a report, each starting with its title as a level-1 heading."""
    return "\n".join(report_markdown(r, what) for r in reports)
