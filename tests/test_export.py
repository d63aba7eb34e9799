"""Serialising a Report: records, JSON Lines, JSON, CSV and Markdown (luoshi.export).

The extraction modules may still be stubs, so the reports here are built by hand.
"""

import csv
import io
import json
from dataclasses import replace

import pytest

from luoshi import export
from luoshi.engine import (
    Cmp,
    Entity,
    Level,
    MainTarget,
    Measure,
    Metadata,
    OutlineNode,
    PartKind,
    Report,
    Role,
    Statement,
    Task,
)

SAMPLE_TEXT = (
    "2023年政府工作报告\n"
    "一、2022年工作回顾\n"
    "地区生产总值达到1300亿元，增长4.1%。\n"
    "二、2023年主要预期目标\n"
    "地区生产总值增长6%左右，新增市场主体1.5万家以上，居民收入增长和经济增长基本同步。\n"
    "三、2023年重点工作\n"
    "（一）加快高质量发展。\n"
    "加快构建现代产业体系。新建5G基站800处，建设济南|中央活力区。\n"
    "办好民生实事。建成中小学幼儿园8处。\n"
)


def span(text: str, needle: str) -> tuple[int, int]:
    start = text.index(needle)
    return start, start + len(needle)


def stmt(num, indicator, measure, value, unit, cmp=Cmp.EQ, role=Role.TARGET, **extra) -> Statement:
    start, end = span(SAMPLE_TEXT, num)
    return Statement(start, end, num, indicator, measure, value, unit, cmp, role, **extra)


def node(kind, label, heading, part_kind=PartKind.OTHER, children=(), end=None) -> OutlineNode:
    start = SAMPLE_TEXT.index(label + ("、" if kind == "part" else "") + heading)
    end = end or SAMPLE_TEXT.index("\n", start)
    return OutlineNode(kind, start, end, label, heading, part_kind=part_kind, children=tuple(children))


def make_report(doc: str = "sample-2023") -> Report:
    """A small report with one of everything, offsets true to SAMPLE_TEXT."""
    gdp = stmt("1300亿元", "地区生产总值", Measure.LEVEL, 1.3e11, "元", role=Role.RESULT, path=("一、2022年工作回顾",))
    growth = stmt("6%", "地区生产总值", Measure.CHANGE, 6.0, "%", Cmp.APPROX, hedge="力争")
    firms = stmt("1.5万家", "新增市场主体", Measure.LEVEL, 15000.0, "家", Cmp.GE)
    towers = stmt("800处", "新建5G基站", Measure.LEVEL, 800.0, "处", year=2023, quote="新建5G基站800处")
    schools = stmt("8处", "建成中小学幼儿园", Measure.LEVEL, 8.0, "处")
    title_start, title_end = span(SAMPLE_TEXT, "加快构建现代产业体系")
    entity_start, entity_end = span(SAMPLE_TEXT, "济南|中央活力区")
    industry = Task(
        "加快高质量发展", "加快构建现代产业体系", title_start, title_end + 30, title_start, title_end,
        statements=(towers,), entities=(Entity("济南|中央活力区", "place", entity_start, entity_end),),
    )
    ls, le = span(SAMPLE_TEXT, "办好民生实事")
    livelihood = Task("加快高质量发展", "办好民生实事", ls, le + 12, ls, le, livelihood=True, statements=(schools,))
    income_start, income_end = span(SAMPLE_TEXT, "居民收入增长和经济增长基本同步")
    targets = (
        MainTarget("地区生产总值", growth.start, growth.end + 2, "地区生产总值增长6%左右", growth),
        MainTarget("居民收入", income_start, income_end, "居民收入增长和经济增长基本同步"),
    )
    review = node("part", "一", "2022年工作回顾", PartKind.REVIEW)
    goals = node("part", "二", "2023年主要预期目标", PartKind.TARGETS)
    work = node("part", "三", "2023年重点工作", PartKind.WORK, [node("section", "（一）", "加快高质量发展。")])
    outline = (  # each part reaching to the next
        replace(review, end=goals.start), replace(goals, end=work.start), replace(work, end=len(SAMPLE_TEXT)),
    )
    metadata = Metadata(title="2023年政府工作报告", region="济南市市中区", level=Level.DISTRICT, plan_year=2023)
    return Report(
        doc=doc, text=SAMPLE_TEXT, source=f"{doc}.txt", metadata=metadata, outline=outline,
        statements=(gdp, growth, firms, towers, schools), main_targets=targets, tasks=(industry, livelihood),
    )


METRICS_FIELDS = ["doc", "start", "end", "num", "indicator", "measure", "value", "value_high",
                  "unit", "cmp", "role", "hedge"]
TASKS_FIELDS = ["doc", "area", "title", "start", "end"]


# ---------------------------------------------------------------- records


def test_it_writes_a_statement_field_for_field_as_metrics_md():
    report = make_report()
    record = export.statement_record(report.doc, report.statements[1])
    assert list(record)[: len(METRICS_FIELDS)] == METRICS_FIELDS
    assert record == {
        "doc": "sample-2023", "start": record["start"], "end": record["end"], "num": "6%",
        "indicator": "地区生产总值", "measure": "change", "value": 6.0, "value_high": None, "unit": "%",
        "cmp": "approx", "role": "target", "hedge": "力争", "year": None, "quote": "", "path": [],
    }
    assert "6%" in SAMPLE_TEXT[record["start"]:record["end"]]


def test_it_writes_enums_as_plain_strings():
    record = export.statement_record("x", make_report().statements[0])
    assert type(record["measure"]) is str and type(record["role"]) is str and type(record["cmp"]) is str
    assert record["path"] == ["一、2022年工作回顾"]


def test_it_inlines_the_statement_of_a_main_target():
    with_number, without = (export.main_target_record("x", t) for t in make_report().main_targets)
    assert list(with_number) == list(export.TARGET_FIELDS) == list(without)
    assert (with_number["indicator"], with_number["value"], with_number["cmp"]) == ("地区生产总值", 6.0, "approx")
    assert without["value"] is None and without["statement_start"] is None
    assert without["text"] == "居民收入增长和经济增长基本同步"


def test_it_writes_a_task_with_the_fields_of_tasks_md():
    record = export.task_record("x", make_report().tasks[0])
    assert list(record)[:5] == TASKS_FIELDS
    assert record["title"] == "加快构建现代产业体系" and record["part_kind"] == "work"
    assert record["statements"][0]["num"] == "800处"
    assert record["entities"] == [{"text": "济南|中央活力区", "kind": "place", "start": record["entities"][0]["start"],
                                   "end": record["entities"][0]["end"]}]


def test_it_flattens_the_outline_in_reading_order_with_depth():
    rows = export.outline_records("x", make_report().outline)
    assert [(r["depth"], r["kind"], r["label"]) for r in rows] == [
        (0, "part", "一"), (0, "part", "二"), (0, "part", "三"), (1, "section", "（一）"),
    ]
    assert rows[2]["part_kind"] == "work" and list(rows[0]) == list(export.OUTLINE_FIELDS)


def test_it_puts_everything_but_the_text_in_a_report_record():
    record = export.report_record(make_report())
    assert set(record) >= {"doc", "metadata", "outline", "statements", "main_targets", "tasks"}
    assert "text" not in record and record["chars"] == len(SAMPLE_TEXT)
    assert record["metadata"]["level"] == "district"
    assert record["outline"][2]["children"][0]["label"] == "（一）"
    assert json.loads(json.dumps(record)) == record


@pytest.mark.parametrize("what, count", [("statements", 5), ("targets", 2), ("tasks", 2), ("outline", 4), ("all", 1)])
def test_it_gives_the_records_of_each_kind(what, count):
    assert len(export.records(make_report(), what)) == count


def test_it_refuses_an_unknown_kind_of_record():
    with pytest.raises(ValueError, match="nonsense"):
        export.records(make_report(), "nonsense")


# ---------------------------------------------------------------- JSON and CSV


def test_it_writes_one_json_object_a_line_with_chinese_as_it_is():
    text = export.to_jsonl(export.records(make_report(), "statements"))
    lines = text.splitlines()
    assert len(lines) == 5 and text.endswith("\n")
    assert json.loads(lines[0])["indicator"] == "地区生产总值" and "地区生产总值" in lines[0]


def test_it_writes_pretty_json():
    text = export.to_json(export.records(make_report(), "tasks"))
    assert text.startswith("[\n  {") and json.loads(text)[1]["livelihood"] is True


def read_csv(text: str) -> list[dict]:
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:])))


@pytest.mark.parametrize("what", ["statements", "targets", "tasks", "outline", "all"])
def test_it_writes_a_csv_table_with_a_header_and_a_doc_column(what):
    report = make_report()
    text = export.to_csv(export.table_records(report, what), what)
    header = text[1:].splitlines()[0].split(",")
    assert header == list(export.CSV_FIELDS[what]) and header[0] == "doc"
    assert all(row["doc"] == "sample-2023" for row in read_csv(text))


def test_it_counts_a_tasks_statements_and_joins_its_numbers_in_csv():
    rows = read_csv(export.to_csv(export.records(make_report(), "tasks"), "tasks"))
    assert rows[0]["statements"] == "1" and rows[0]["numbers"] == "800处"
    assert rows[0]["entities"] == "济南|中央活力区" and rows[1]["livelihood"] == "true"


def test_it_writes_a_csv_row_without_a_header_or_bom_to_append():
    text = export.to_csv(export.records(make_report(), "statements"), "statements", header=False)
    assert not text.startswith("\ufeff") and len(text.splitlines()) == 5 and not text.startswith("doc,")


# ---------------------------------------------------------------- values in words


def value(measure, amount, unit, cmp=Cmp.EQ, high=None) -> Statement:
    return Statement(0, 1, "", "", measure, amount, unit, cmp, Role.TARGET, value_high=high)


@pytest.mark.parametrize(
    "statement, words",
    [
        (value(Measure.LEVEL, 12.0, "%", Cmp.GE), "≥ 12%"),
        (value(Measure.LEVEL, 30.0, "%", Cmp.APPROX), "约30%"),
        (value(Measure.LEVEL, 3.0, "%", Cmp.LE), "≤ 3%"),
        (value(Measure.CHANGE, 6.0, "%", Cmp.RANGE, 6.5), "增长 6%–6.5%"),
        (value(Measure.LEVEL, 1.0, "家", Cmp.RANGE, 2.0), "1–2家"),
        (value(Measure.LEVEL, 5e7, "元", Cmp.RANGE, 1e8), "5000万–1亿元"),
        (value(Measure.LEVEL, 1.3e11, "元"), "1300亿元"),
        (value(Measure.LEVEL, 1.37e12, "元", Cmp.GE), "≥ 1.37万亿元"),
        (value(Measure.LEVEL, 24000.0, "人"), "2.4万人"),
        (value(Measure.LEVEL, 793.0, "处"), "793处"),
        (value(Measure.CHANGE, -3.0, "%", Cmp.GE), "下降 ≥ 3%"),
        (value(Measure.CHANGE, 2.0, "百分点"), "提高 2百分点"),
        (value(Measure.CHANGE, 2.5, "倍"), "增长 2.5倍"),
        (value(Measure.LEVEL, 0.5, "%"), "0.5%"),
    ],
    ids=lambda x: x if isinstance(x, str) else None,
)
def test_it_describes_a_value_in_words(statement, words):
    assert export.describe_value(statement) == words


# ---------------------------------------------------------------- Markdown


def test_it_summarises_a_report_in_markdown():
    md = export.report_markdown(make_report())
    headings = [line for line in md.splitlines() if line.startswith("#")]
    assert headings == [
        "# 2023年政府工作报告", "## 结构", "## 主要预期目标", "## 重点任务（2项）",
        "### 加快高质量发展", "### 民生实事（1件）", "## 数字统计（5条）",
    ]
    assert "| 地区 | 济南市市中区 |" in md
    assert "| 一、2022年工作回顾 | 工作回顾 | 35 | 1 |" in md and "| 区级 |" in md
    assert "| 地区生产总值 | 增长 约6% | 力争 |" in md
    assert "| 居民收入 | — |" in md
    assert "1. **加快构建现代产业体系** — 新建5G基站 800处" in md
    assert "| 结果 | 1 |" in md and "| 目标 | 4 |" in md and "| 合计 | 5 |" in md


def test_it_escapes_pipes_inside_markdown_tables():
    report = replace(make_report(), main_targets=(MainTarget("A|B", 0, 1, "A|B"),))
    md = export.report_markdown(report)
    assert "| A\\|B | — |  | A\\|B |" in md


@pytest.mark.parametrize("what, heading", [
    ("statements", "## 数字（5条）"), ("targets", "## 主要预期目标"), ("tasks", "## 重点任务（2项）"), ("outline", "## 结构"),
])
def test_it_renders_one_kind_of_finding_in_markdown(what, heading):
    md = export.report_markdown(make_report(), what)
    assert [line for line in md.splitlines() if line.startswith("## ")] == [heading]


def test_it_says_so_when_a_report_has_nothing_found():
    md = export.report_markdown(Report(doc="empty", text="各位代表："))
    assert md.startswith("# empty\n") and "（未识别到结构）" in md and "（未找到任务）" in md


def test_it_gives_each_report_its_own_section():
    md = export.to_markdown([make_report("a-2023"), Report(doc="b-2023", text="")])
    assert [line for line in md.splitlines() if line.startswith("# ")] == ["# 2023年政府工作报告", "# b-2023"]
