"""The engine's results: frozen dataclasses, offsets into the text as read.

Every item keeps `start`/`end` (``text[start:end]``) in the text exactly as
the loader returned it, so a person can check it against the report.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Measure(StrEnum):
    LEVEL = "level"  # a level or a count of new things: 达到1300亿元, 新增2.4万人
    CHANGE = "change"  # a change against an earlier period: 增长5%, 下降3%


class Cmp(StrEnum):
    EQ = "eq"
    GE = "ge"  # 以上, 超过, 突破, 不低于, X多, X余, 逾
    LE = "le"  # 以内, 以下, 不超过, 低于
    APPROX = "approx"  # 左右, 约, 近
    RANGE = "range"  # X-Y, X至Y


class Role(StrEnum):
    RESULT = "result"  # achieved or estimated
    TARGET = "target"  # promised for the coming period


class Level(StrEnum):
    NATIONAL = "national"
    PROVINCE = "province"
    CITY = "city"
    COUNTY = "county"
    DISTRICT = "district"


class PartKind(StrEnum):
    """What a top-level part of a report is about."""

    PREAMBLE = "preamble"  # title, header lines, 各位代表
    REVIEW = "review"  # the past year (or years) reviewed
    PROBLEMS = "problems"  # 困难和问题, 不足
    FIVE_YEAR = "five_year"  # 今后五年 / 十四五 goals
    TARGETS = "targets"  # 总体要求和主要预期目标
    WORK = "work"  # 重点工作 of the plan year
    CONDUCT = "conduct"  # 政府自身建设
    CLOSING = "closing"  # 各位代表，…让我们…
    OTHER = "other"


@dataclass(frozen=True)
class Metadata:
    title: str | None = None
    region: str | None = None  # 济南市市中区, 广东省, 中华人民共和国 (national)
    level: Level | None = None
    report_year: int | None = None  # the year the report is about (reviewed)
    plan_year: int | None = None  # the year it plans for
    meeting: str | None = None  # 济南市市中区第十九届人民代表大会第二次会议
    date: str | None = None  # ISO date, 2023-01-05
    speaker: str | None = None  # 鞠正江
    post: str | None = None  # 区长


@dataclass(frozen=True)
class OutlineNode:
    """One node of the report's outline.

    kind: "part" (一、), "section" ((一)), "item" (1. / 一是 / 第一), "paragraph".
    `heading` is the heading or lead sentence without its label, `label` the
    label as written ("一", "（一）", "1", "一是"), or "" for a paragraph.
    """

    kind: str
    start: int
    end: int
    label: str = ""
    heading: str = ""
    heading_start: int = -1
    heading_end: int = -1
    part_kind: PartKind = PartKind.OTHER
    children: tuple[OutlineNode, ...] = ()

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass(frozen=True)
class Statement:
    """A quantified statement, field for field as eval/METRICS.md defines it."""

    start: int
    end: int
    num: str  # the number as written with multiplier and unit: 1.5万家
    indicator: str
    measure: Measure
    value: float
    unit: str
    cmp: Cmp
    role: Role
    value_high: float | None = None
    hedge: str | None = None
    year: int | None = None
    quote: str = ""  # the clause it stands in, for people
    path: tuple[str, ...] = ()  # its place in the outline: part, section, item headings


@dataclass(frozen=True)
class Entity:
    """A named project, place or organisation mentioned in a task."""

    text: str
    kind: str  # "project", "place", "organisation"
    start: int
    end: int


@dataclass(frozen=True)
class Task:
    """One unit of work the plan commits to (eval/TASKS.md)."""

    area: str
    title: str
    start: int
    end: int
    title_start: int
    title_end: int
    part_kind: PartKind = PartKind.WORK
    livelihood: bool = False  # one of the 民生实事
    statements: tuple[Statement, ...] = ()
    entities: tuple[Entity, ...] = ()


@dataclass(frozen=True)
class MainTarget:
    """One of the plan year's main targets (主要预期目标).

    `statement` is None when the report names the indicator without a number
    (居民收入增长和经济增长基本同步).
    """

    indicator: str
    start: int
    end: int
    text: str
    statement: Statement | None = None


@dataclass(frozen=True)
class Report:
    """Everything the engine found in one report."""

    doc: str  # document id: the file stem
    text: str  # the text as read
    source: str = ""  # the file path, or "" for a string
    format: str = "txt"
    metadata: Metadata = field(default_factory=Metadata)
    outline: tuple[OutlineNode, ...] = ()  # the parts
    statements: tuple[Statement, ...] = ()
    main_targets: tuple[MainTarget, ...] = ()
    tasks: tuple[Task, ...] = ()
