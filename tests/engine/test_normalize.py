"""normalize: the copy the rules match against, and the map back to the text as read.

Each table is one rule of the normaliser; its groups are named by where the
text comes from (real reports, with the doc in a comment, or made up to show
the rule). Bugs are strict xfails with the reason.
"""

from __future__ import annotations

import pytest

from luoshi.engine.normalize import normalize

ZW = "\u200b"  # zero-width space


def xfail(*values, reason: str):
    """A case that fails today: a bug, with its reason."""
    return pytest.param(*values, marks=pytest.mark.xfail(strict=True, reason=reason), id=repr(values[0]))


def cases(*groups):
    """The cases of `groups` in order, each with its original text (repr) as id."""
    return [c if hasattr(c, "marks") else pytest.param(*c, id=repr(c[0])) for g in groups for c in g]


# --- Full-width digits and signs: (original, normalised) -----------------------------------------

FULL_WIDTH_NATIONAL = [
    ("经济增长速度的调控目标定为８％", "经济增长速度的调控目标定为8%"),  # national-1997
    ("国内生产总值增长8％左右", "国内生产总值增长8%左右"),  # national-2010
    ("国内生产总值增长6.5%－7%", "国内生产总值增长6.5%-7%"),  # national-2016: full-width dash
    ("人口已经达到１２亿", "人口已经达到12亿"),  # national-1995
    ("增长１．４倍", "增长1.4倍"),  # national-1995
]

FULL_WIDTH_MADE_UP = [
    ("增长１２．６％", "增长12.6%"),
    ("６．５％－７％", "6.5%-7%"),
    ("增长７～８％", "增长7~8%"),
    ("下降﹣3％", "下降-3%"),
    ("上升﹪", "上升%"),
    ("ＧＤＰ增长５％", "GDP增长5%"),
    ("１＋１１＋１７＋Ｎ", "1+11+17+N"),
    ("，；：（）", "，；：（）"),  # Chinese punctuation stays as it is
]


@pytest.mark.parametrize(("original", "normalised"), cases(FULL_WIDTH_NATIONAL, FULL_WIDTH_MADE_UP))
def test_it_makes_full_width_digits_and_signs_ascii(original, normalised):
    assert normalize(original).text == normalised


# --- Spaces inside numbers are dropped; spaces between ASCII words stay ----------------------------

SPACES_NATIONAL = [
    ("经济增长速度8 ％", "经济增长速度8%"),  # national-1998
]

SPACES_CITY = [
    ("预计全市生产总值实现220 亿元", "预计全市生产总值实现220亿元"),  # 七台河市-2016
    ("提高7.0 个百分点", "提高7.0个百分点"),  # 七台河市-2016
    ("新建1 万平方米企业孵化器", "新建1万平方米企业孵化器"),  # 七台河市-2016
    ("市长\u00a0\u00a0肖菊华", "市长肖菊华"),  # 荆门市-2016: no-break spaces
]

SPACES_SEED_2023 = [
    ("政 府 工 作 报 告", "政府工作报告"),
    ("区长  鞠正江", "区长鞠正江"),
]

SPACES_MADE_UP = [
    ("1\u2009300亿元", "1300亿元"),  # thin space
    ("1\u202f300亿元", "1300亿元"),  # narrow no-break space
    ("12\u00a0万人", "12万人"),  # no-break space
    ("增长\u30005%", "增长5%"),  # ideographic space
    ("增长１２． ６％", "增长12.6%"),
    ("增长12 .6%", "增长12.6%"),
    ("增长5\u200b%", "增长5%"),  # zero-width space inside a number
    ("GDP per capita", "GDP per capita"),  # between ASCII letters a space stays
]


@pytest.mark.parametrize(
    ("original", "normalised"), cases(SPACES_NATIONAL, SPACES_CITY, SPACES_SEED_2023, SPACES_MADE_UP)
)
def test_it_drops_spaces_inside_numbers(original, normalised):
    assert normalize(original).text == normalised


# --- Lines of nothing but zero-width characters between a number and its unit ---------------------

ZERO_WIDTH_LINES_NATIONAL = [
    # national-2017: web pages put a zero-width line inside the number
    (f"国内生产总值达到74.4\n{ZW}\n万亿元，增长6.7%", "国内生产总值达到74.4万亿元，增长6.7%"),
    (f"光缆线路550\n{ZW}\n多万公里。", "光缆线路550多万公里。"),
    (f"全年\n{ZW}\n降低企业税负5700多亿元", "全年降低企业税负5700多亿元"),
    (f"220项\n{ZW}\n职业资格许可认定事项。", "220项职业资格许可认定事项。"),
]

ZERO_WIDTH_LINES_MADE_UP = [
    (f"达到1300\n{ZW}\n亿元", "达到1300亿元"),
    (f"达到1300\n{ZW}{ZW} \n亿元", "达到1300亿元"),
    (f"达到1300\n{ZW}亿元", "达到1300亿元"),
    ("达到1300\n\ufeff\n亿元", "达到1300亿元"),  # a byte-order mark alone on a line
    (f"增长5%。\n{ZW}\n\n地区生产总值", f"增长5%。\n{ZW}\n\n地区生产总值"),  # a real blank line after it: kept
    (f"达到1300{ZW}\n亿元", "达到1300亿元"),
    (f"达到{ZW}\n{ZW}\n1300亿元", "达到1300亿元"),
]


@pytest.mark.parametrize(("original", "normalised"), cases(ZERO_WIDTH_LINES_NATIONAL, ZERO_WIDTH_LINES_MADE_UP))
def test_it_joins_a_number_split_by_zero_width_lines(original, normalised):
    assert normalize(original).text == normalised


# --- Soft line breaks are joined; paragraph breaks and sentence ends stay --------------------------

LINE_BREAKS_NATIONAL = [
    ("新增\n第四代移动通信\n用户3.4亿", "新增第四代移动通信用户3.4亿"),  # national-2017
    ("国内生产总值达到74.4\n万亿元", "国内生产总值达到74.4万亿元"),
]

LINE_BREAKS_SEED_2023 = [
    ("各位代表：\n现在，我代表区人民政府向大会报告工作", "各位代表：\n现在，我代表区人民政府向大会报告工作"),
    xfail("会议上\n区长  鞠正江\n各位代表：", "会议上\n区长鞠正江\n各位代表：",
          reason="header lines with no label and no end mark (区长  鞠正江) are joined to the greeting: "
                 "会议上区长鞠正江各位代表："),
]

LINE_BREAKS_MADE_UP = [
    ("地区生产总值\n增长5%。", "地区生产总值增长5%。"),
    ("收入\n１２．６％", "收入12.6%"),
    ("达到1300 \n亿元", "达到1300亿元"),  # spaces before the break
    ("达到1300\n\u3000\u3000亿元", "达到1300亿元"),  # indentation after it
    ("增长5%。\n一般公共预算收入", "增长5%。\n一般公共预算收入"),  # the line ends a sentence
    ("增长5%；\n一般公共预算收入", "增长5%；\n一般公共预算收入"),
    ("主要预期目标是：\n地区生产总值增长5%", "主要预期目标是：\n地区生产总值增长5%"),
    ("“双11”\n龙头企业", "“双11”龙头企业"),
    ("段落一。\n\n段落二", "段落一。\n\n段落二"),  # a paragraph break
    ("生产总值\n\n增长", "生产总值\n\n增长"),  # a blank line is a paragraph break, end mark or not
    ("1300\n\n亿元", "1300\n\n亿元"),
    ("地区生产总值达到1300\r\n亿元。", "地区生产总值达到1300亿元。"),
    ("增长5%。\r\n一般公共预算收入", "增长5%。\r\n一般公共预算收入"),
]


@pytest.mark.parametrize(
    ("original", "normalised"), cases(LINE_BREAKS_NATIONAL, LINE_BREAKS_SEED_2023, LINE_BREAKS_MADE_UP)
)
def test_it_joins_soft_line_breaks_only(original, normalised):
    assert normalize(original).text == normalised


# --- Headings are never joined to the line after them ----------------------------------------------

HEADINGS_SEED_2023 = [
    "一、2022年工作回顾\n刚刚过去的2022年",
    "（一）着力打基础、谋长远，活力品质强区建设稳健开局\n坚持把中央活力区",
    "二、2023年总体要求和主要预期目标\n各位代表",
]

HEADINGS_NATIONAL = [
    "——经济发展再上新台阶\n国内生产总值从八十三万亿元增加到一百二十一万亿元",  # national-2023
    "一是稳定和扩大就业\n城镇新增就业",
    "第一部分\n过去一年的工作",
]

HEADINGS_PROVINCE = [
    "1．“51025”重点发展产业园区：\n四川省决定通过5年努力",  # 四川省-2012
    "(二)加快建设现代化产业体系\n坚持",
    "（3）推进乡村振兴\n新建高标准农田",
]

HEADINGS_MADE_UP = [
    "加快发展\n（二）深化改革",  # the next line opens with a label
    "加快发展\n3．稳定就业",
]


@pytest.mark.parametrize("original", HEADINGS_SEED_2023 + HEADINGS_NATIONAL + HEADINGS_PROVINCE + HEADINGS_MADE_UP,
                         ids=repr)
def test_it_keeps_the_line_break_after_a_heading(original):
    text = normalize(original).text
    assert text.count("\n") == 1
    assert text.split("\n")[1] == normalize(original.split("\n")[1]).text


# --- Traditional characters are simplified, character for character -------------------------------

TRADITIONAL = [
    ("全年收入3億元", "全年收入3亿元"),
    ("新增就業1.2萬人", "新增就业1.2万人"),
    ("經濟增長5%", "经济增长5%"),
    ("國內生產總值增長７％左右", "国内生产总值增长7%左右"),
    ("發展與改革", "发展与改革"),
    ("居民消費價格漲幅控制在3%以內", "居民消费价格涨幅控制在3%以内"),
]


@pytest.mark.parametrize(("original", "normalised"), cases(TRADITIONAL))
def test_it_simplifies_traditional_characters(original, normalised):
    n = normalize(original)
    assert n.text == normalised
    assert len(n.text) == len(original)  # character for character: offsets stay put
    assert n.span(0, len(n.text)) == (0, len(original))


# --- Normalized.span maps back: (original, the number in the normalised text, original[start:end]) -

SPANS_NATIONAL = [
    (f"国内生产总值达到74.4\n{ZW}\n万亿元，增长6.7%", "74.4万亿元", f"74.4\n{ZW}\n万亿元"),  # national-2017
    (f"光缆线路550\n{ZW}\n多万公里。", "550多万公里", f"550\n{ZW}\n多万公里"),  # national-2017
    ("经济增长速度8 ％", "8%", "8 ％"),  # national-1998
    ("国内生产总值增长6.5%－7%", "6.5%-7%", "6.5%－7%"),  # national-2016
    ("增长１．４倍", "1.4倍", "１．４倍"),  # national-1995
]

SPANS_CITY = [
    ("预计全市生产总值实现220 亿元，比上年增长4.0%", "220亿元", "220 亿元"),  # 七台河市-2016
    ("预计全市生产总值实现220 亿元，比上年增长4.0%", "4.0%", "4.0%"),
]

SPANS_SEED_2023 = [
    ("政 府 工 作 报 告\n\n预计地区生产总值可达1300亿元", "1300亿元", "1300亿元"),
]

SPANS_MADE_UP = [
    ("增长１２． ６％", "12.6%", "１２． ６％"),
    ("增长１２．６％", "12.6%", "１２．６％"),
    ("1\u2009300亿元", "1300亿元", "1\u2009300亿元"),
    ("地区生产总值\n增长\n5%。", "5%", "5%"),
    ("地区\n生产\n总值\n增长5%", "增长5%", "增长5%"),
    ("全年收入3億元", "3亿元", "3億元"),
    ("增长5%", "5%", "5%"),  # the end of the text
]


@pytest.mark.parametrize(
    ("original", "number", "expected"), cases(SPANS_NATIONAL, SPANS_CITY, SPANS_SEED_2023, SPANS_MADE_UP)
)
def test_it_maps_a_span_back_to_the_text_as_read(original, number, expected):
    n = normalize(original)
    i = n.text.index(number)
    start, end = n.span(i, i + len(number))
    assert original[start:end] == expected
    assert normalize(original[start:end]).text == number


def test_it_maps_the_end_of_the_text_to_the_end_of_the_original():
    n = normalize("增长１２． ６％ ")
    assert n.offset(len(n.text)) == len("增长１２． ６％ ")


def test_it_maps_an_empty_span_to_an_empty_span():
    n = normalize("增长１２． ６％")
    assert n.span(3, 3) == (3, 3)


def test_it_keeps_the_original_text():
    original = f"达到1300\n{ZW}\n亿元"
    assert normalize(original).original == original


def test_it_normalises_an_empty_text():
    n = normalize("")
    assert (n.text, n.span(0, 0)) == ("", (0, 0))
