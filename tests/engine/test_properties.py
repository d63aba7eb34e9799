"""Properties of extract_statements (and the offsets under it) on any text at all.

Texts are built from a mix of pieces of the bundled sample report, digits,
full-width digits, Chinese numerals, units and multipliers, comparator
words, punctuation, odd spaces, zero-width characters, line breaks (LF,
CRLF, blank lines, zero-width lines) and random unicode. Whatever the text:

- extract_statements does not raise;
- every span lies inside the text as given (0 <= start < end <= len),
  starts with a digit or a Chinese numeral and is the statement's `num`;
- statements come in the order of the text and do not overlap.
"""

from __future__ import annotations

from datetime import timedelta
from importlib.resources import files

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from luoshi.engine.lexicon import lexicon
from luoshi.engine.normalize import normalize
from luoshi.engine.statements import extract_statements

SAMPLE = files("luoshi").joinpath("samples/seed-2023-shizhong.txt").read_text(encoding="utf-8")
CHINESE_NUMERALS = "零〇一二两三四五六七八九十百千万亿" + "兩萬億"  # and their traditional forms

# The same budget for every property: enough to explore, few enough to stay fast.
FAST = settings(
    max_examples=150,
    deadline=timedelta(seconds=2),  # a pathological regex would blow this, not ordinary work
    database=None,  # write nothing into the checkout
    derandomize=True,  # the same examples on every run: a failure is a regression, never a fluke
    suppress_health_check=[HealthCheck.too_slow],
)

_lex = lexicon()
WORDS = sorted(
    set(_lex.units) | set(_lex.multipliers) | set(_lex.cmp_before) | set(_lex.cmp_after)
    | set(_lex.change_up) | set(_lex.change_down) | set(_lex.new_things) | set(_lex.hedges)
    | {"百分之", "千分之", "一半", "五成", "两成", "第", "年", "月", "日", "号", "强", "届", "条", "个百分点", "套（间）",
       "以上", "以下", "至", "到", "由", "从", "分别", "其中", "今年", "去年", "预计", "力争", "5G", "“", "”", "《", "》"}
)
FRAGMENTS = [
    "地区生产总值增长5%", "新增市场主体1.5万家以上", "由2.5万元提高到3万元", "增长6%-6.5%", "下降3%以上",
    "突破千亿元", "4000多个", "40余个", "1,300亿元", "１２．６％", "１２． ６％", "1\u2009300亿元",
    "74.4\n\u200b\n万亿元", "220 亿元", "百分之八至九", "经济增长速度8 ％", "６．５％－７％", "3.29", "“21234”",
    "1+11+17+N", "惠企纾困25条", "世界500强", "全省第3", "年产10万吨项目", "6岁以下", "100户以上的村",
    "（一）", "一、", "1．", "一是", "——", "2023年1月5日", "十四五", "三大战略", "八个方面", "經濟增長", "億元", "萬人",
]
SENTENCES = [s for s in SAMPLE.replace("；", "。").split("。") if s.strip()]

pieces = st.one_of(
    st.sampled_from(SENTENCES),
    st.sampled_from(FRAGMENTS),
    st.sampled_from(WORDS),
    st.integers(0, len(SAMPLE)).flatmap(lambda i: st.integers(i, min(len(SAMPLE), i + 80)).map(lambda j: SAMPLE[i:j])),
    st.text("0123456789.,%-~", min_size=1, max_size=8),
    st.text("０１２３４５６７８９．％－～＋", min_size=1, max_size=6),
    st.text(CHINESE_NUMERALS + "点多余", min_size=1, max_size=6),
    st.text("，。；：、（）()“”《》！？!?:;—-~+×·∶/", min_size=1, max_size=3),
    st.text(" \t\u00a0\u2009\u202f\u3000\u200b\u200c\u200d\u2060\ufeff", min_size=1, max_size=3),
    st.sampled_from(["\n", "\r\n", "\n\n", "\r", "\n\u200b\n", "\n\u3000\u3000", " \n", "\u2028"]),
    st.text(max_size=6),  # any unicode at all
)
texts = st.lists(pieces, max_size=25).map("".join)


def starts_with_a_numeral(span: str) -> bool:
    return bool(span) and (span[0].isdecimal() or span[0] in CHINESE_NUMERALS)


@FAST
@given(text=texts)
def test_it_never_raises_and_keeps_spans_inside_the_text(text):
    for s in extract_statements(text):
        assert 0 <= s.start < s.end <= len(text)


@FAST
@given(text=texts)
def test_it_starts_every_span_with_its_number(text):
    for s in extract_statements(text):
        span = text[s.start : s.end]
        assert span == s.num
        assert starts_with_a_numeral(span), span
        assert any(c.isdecimal() or c in CHINESE_NUMERALS for c in span)


@FAST
@given(text=texts)
def test_it_gives_statements_in_order_without_overlap(text):
    statements = extract_statements(text)
    for a, b in zip(statements, statements[1:], strict=False):
        assert a.start < b.start
        assert a.end <= b.start, (a.num, b.num)


@FAST
@given(text=texts)
def test_it_maps_every_normalised_offset_into_the_text_in_order(text):
    n = normalize(text)
    offsets = [n.offset(i) for i in range(len(n.text) + 1)]
    assert offsets == sorted(offsets)
    assert all(0 <= o <= len(text) for o in offsets)
    assert offsets[-1] == len(text)
    for i in range(len(n.text)):
        start, end = n.span(i, i + 1)
        assert 0 <= start < end <= len(text)


# Texts that once broke (or still break) the extractor; the random texts above rarely hit them.
ODD_TEXTS = [
    "", "\n", "亿", "百分之", "增长百分之", "1-", "1至", "-1%", "1..2%", "１２．", "0-0%", "增长0-0万", "1e5元",
    "½元", "百分之百", "9" * 400 + "亿元", "1" + "\u200b" * 2000 + "%", "1万" * 2000, "十" * 500 + "个",
    "增长6%-6.5%-7%", "由由2.5万元提高到到3万元", "“" * 50 + "21234", "《" + "1" * 100,
    "1-0万元", "投资5000-0亿元",  # a range ending in 0 with a multiplier once divided by zero
    "一" * 400 + "元",  # a Chinese numeral too long for a float once overflowed
]


@pytest.mark.parametrize("text", ODD_TEXTS, ids=lambda t: repr(t[:24]))
def test_it_keeps_its_promises_on_odd_text(text):
    statements = extract_statements(text)
    for s in statements:
        assert 0 <= s.start < s.end <= len(text)
        assert starts_with_a_numeral(text[s.start : s.end])
    for a, b in zip(statements, statements[1:], strict=False):
        assert a.end <= b.start
