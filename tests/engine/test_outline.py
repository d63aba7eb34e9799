"""The outline of real reports and of small excerpts in their styles."""

import re
from pathlib import Path

import pytest

from luoshi.engine.model import PartKind
from luoshi.engine.outline import build_outline, classify_heading, locate, part_kind_at

DATA = Path(__file__).parent.parent / "data" / "outline"
P = PartKind


def read(name: str) -> str:
    return (DATA / name).read_text(encoding="utf-8")


def kinds(text: str) -> list[PartKind]:
    return [p.part_kind for p in build_outline(text)]


REPORTS = [
    (
        "seed-district",
        "seed-2023-shizhong.txt",
        [P.PREAMBLE, P.REVIEW, P.TARGETS, P.WORK, P.CONDUCT, P.CLOSING],
    ),
    # the scraped page ends with the licence notice of the site: an appendix
    ("national-2017", "national-2017.txt", [P.PREAMBLE, P.REVIEW, P.TARGETS, P.WORK, P.CLOSING, P.OTHER]),
    ("province-henan-2022", "henan-2022.txt", [P.PREAMBLE, P.REVIEW, P.TARGETS, P.WORK, P.CLOSING]),
    ("city-hangzhou-2019", "hangzhou-2019.txt", [P.PREAMBLE, P.REVIEW, P.WORK, P.CLOSING]),
]


@pytest.mark.parametrize(("name", "expected"), [r[1:] for r in REPORTS], ids=[r[0] for r in REPORTS])
def test_it_finds_and_classifies_the_parts_of_real_reports(name, expected):
    assert kinds(read(name)) == expected


@pytest.mark.parametrize("name", [r[1] for r in REPORTS], ids=[r[0] for r in REPORTS])
def test_it_gives_headings_that_stand_in_the_text_at_their_spans(name):
    text = read(name)
    for part in build_outline(text):
        for node in part.walk():
            assert 0 <= node.start < node.end <= len(text)
            if node.heading_start >= 0:
                assert node.start <= node.heading_start < node.heading_end <= node.end
                written = re.sub(r"[\s\u200b*\ue000-\uf8ff]", "", text[node.heading_start : node.heading_end])
                assert written.rstrip("。") == node.heading


def test_it_nests_sections_and_lead_paragraphs_in_the_seed():
    work = build_outline(read("seed-2023-shizhong.txt"))[3]
    sections = [c for c in work.children if c.kind == "section"]
    assert [s.label for s in sections][:2] == ["（一）", "（二）"]
    assert sections[0].heading == "加快高质量发展，全力推进活力市中建设"
    assert [c.heading for c in sections[0].children] == [
        "加快构建现代产业体系",
        "加快壮大市场主体",
        "加快扩大招商引资",
        "加快优化营商环境",
    ]


UNLABELLED_PARTS = """云浮市政府工作报告
各位代表：
现在，我代表市政府向大会作政府工作报告，请予审议。
2020年及“十三五”时期工作回顾
一、落实“六稳”“六保”成效显著
过去一年，我们完成了全年目标。
二、发展新动能不断增强
新增高新技术企业50家。
2021年工作安排
一、坚持绿色发展，打造粤北生态建设发展新高地
厚植绿色发展理念。
二、坚持创新驱动，激发产业发展新动力
强化创新在现代化建设全局中的核心地位。
各位代表，让我们团结一心，奋勇前进！
"""

PAREN_PARTS = """各位代表：
现在，我代表国务院，就当前的经济形势作报告。
（一）当前的经济形势
过去的一年，我们的经济工作取得了很大成绩，已经完成了调整任务。
（二）今后经济建设的方针
一、依靠政策和科学，加快农业的发展
要继续稳定和完善农业生产责任制。
二、把消费品工业的发展放到重要地位
要大力发展轻工业。
"""

CHAPTER_PARTS = """各位代表：
第一部分 2022年工作回顾
一年来，经济增长了5%。
第二部分 2023年重点工作
一、加快产业升级
要推进项目建设。
二、全面加强政府自身建设
要依法行政。
"""

THEMATIC = """各位代表：
我代表国务院向大会作政府工作报告，请予审议。
一、伟大的历史性转变
过去一年，我们已经取得了很大的成绩，完成了计划，粮食增产了，工业发展了。
二、打好四个现代化的第一个战役
今年我们要加快发展，必须力争完成计划，要抓好农业，将继续调整。
"""

APPENDIX = """各位代表：
一、2022年工作回顾
经济增长了5%。
二、2023年工作安排
加快构建现代产业体系。推进项目。
各位代表，让我们奋勇前进！
---
**名词解释**
（1）三个务必：务必不忘初心。
"""

SNIPPETS = [
    ("unlabelled-part-headings", UNLABELLED_PARTS, [P.PREAMBLE, P.REVIEW, P.WORK, P.CLOSING]),
    ("paren-part-headings", PAREN_PARTS, [P.PREAMBLE, P.REVIEW, P.WORK]),
    ("chapter-part-headings", CHAPTER_PARTS, [P.PREAMBLE, P.REVIEW, P.WORK]),
    ("thematic-by-tense", THEMATIC, [P.PREAMBLE, P.REVIEW, P.WORK]),
    ("appendix-after-closing", APPENDIX, [P.PREAMBLE, P.REVIEW, P.WORK, P.CLOSING, P.OTHER]),
]


@pytest.mark.parametrize(("text", "expected"), [s[1:] for s in SNIPPETS], ids=[s[0] for s in SNIPPETS])
def test_it_finds_parts_of_every_style(text, expected):
    assert kinds(text) == expected


def test_it_nests_numbered_sections_under_unlabelled_parts():
    work = build_outline(UNLABELLED_PARTS)[2]
    assert work.heading == "2021年工作安排"
    assert [c.heading for c in work.children] == [
        "坚持绿色发展，打造粤北生态建设发展新高地",
        "坚持创新驱动，激发产业发展新动力",
    ]


@pytest.mark.parametrize(
    ("heading", "kind"),
    [
        ("2022年工作回顾", P.REVIEW),
        ("2023年总体要求和主要预期目标", P.TARGETS),
        ("2023年重点工作安排", P.WORK),
        ("2017年重点工作任务", P.WORK),
        ("“十四五”时期主要目标任务", P.FIVE_YEAR),
        ("“十二五”时期发展目标和今年主要工作", P.WORK),
        ("全面加强政府自身建设", P.CONDUCT),
        ("一九五七年经济战线上的胜利", None),
        ("伟大的历史性转变", None),
    ],
    ids=lambda x: str(x),
)
def test_it_classifies_headings_by_their_words(heading, kind):
    assert classify_heading(heading) == kind


def test_it_locates_an_offset_in_its_part_section_and_paragraph():
    text = read("seed-2023-shizhong.txt")
    outline = build_outline(text)
    offset = text.index("京东产业园")
    path = locate(outline, offset)
    assert [n.kind for n in path] == ["part", "section", "paragraph"]
    assert path[-1].heading == "加快构建现代产业体系"
    assert part_kind_at(outline, offset) == P.WORK
    assert part_kind_at(outline, text.index("预计地区生产总值")) == P.REVIEW
    assert part_kind_at(outline, len(text) + 10) == P.OTHER


def test_it_joins_lines_broken_by_zero_width_spaces():
    text = "各位代表：\n一、2017年重点工作\n（一）深化改革。\n要全面深化各领域改\n\u200b\n革，加快推进基础性改革。\n"
    section = build_outline(text)[1].children[0]
    assert len(section.children) == 1
    assert text[section.children[0].start : section.children[0].end].endswith("基础性改革。")


def test_it_returns_nothing_for_an_empty_text():
    assert build_outline("") == ()
