"""read_number and parse_chinese: one number as written, with its multiplier and unit, in base units.

The rules run on the normalised text (normalize.py), so every phrase here is
passed through `normalize` first, as the statement extractor does. Phrases
are taken from METRICS.md (METRICS_EXAMPLES) or from real reports (the doc
is named in a comment); bugs are strict xfails with the reason.
"""

from __future__ import annotations

import math

import pytest

from luoshi.engine.normalize import normalize
from luoshi.engine.numerals import Number, find_numbers, parse_chinese, read_number
from luoshi.engine.patterns import number_re


def read(phrase: str) -> tuple[str, Number]:
    """The first number of `phrase` (normalised) and the normalised text."""
    text = normalize(phrase).text
    m = number_re().search(text)
    assert m is not None, f"no number in {text!r}"
    n = read_number(text, m)
    assert n is not None, f"{m.group()!r} in {text!r} is not read"
    return text, n


def xfail(*values, reason: str):
    """A case that fails today: a bug, with its reason."""
    return pytest.param(*values, marks=pytest.mark.xfail(strict=True, reason=reason), id=values[0])


def cases(*groups):
    """The cases of `groups` in order, each with its phrase as id."""
    return [c if hasattr(c, "marks") else pytest.param(*c, id=c[0]) for g in groups for c in g]


def assert_number(phrase: str, written: str, value: float, unit: str | None) -> Number:
    text, n = read(phrase)
    assert (text[n.start : n.end], n.unit) == (written, unit)
    assert math.isclose(n.value, value, rel_tol=1e-9), n.value
    return n


# --- Arabic digits with multipliers: (phrase, the number as read, value, base unit) --------------

MULTIPLIERS_METRICS_EXAMPLES = [
    ("1.5万", "1.5万", 15000, None),
    ("新增市场主体1.5万家", "1.5万家", 15000, "家"),
    ("1300亿元", "1300亿元", 1.3e11, "元"),
    ("1.37万亿元", "1.37万亿元", 1.37e12, "元"),
    ("新增城镇就业2.4万人", "2.4万人", 24000, "人"),
    ("增产74亿斤", "74亿斤", 7.4e9, "斤"),
    ("常住人口增加3.2万", "3.2万", 32000, None),
]

MULTIPLIERS_REPORTS = [
    ("新增4万多亿元", "4万多亿元", 4e12, "元"),  # national-2016: 万 多 亿 — two multipliers around 多
    ("居民储蓄存款新增６３００多亿元", "6300多亿元", 6.3e11, "元"),  # national-1995, full-width digits
    ("总计达到1.17亿", "1.17亿", 1.17e8, None),  # national-2009
    ("国内生产总值达到121万亿元", "121万亿元", 1.21e14, "元"),  # national-2023
    ("今年拟安排地方政府专项债券3.8万亿元", "3.8万亿元", 3.8e12, "元"),  # national-2023
    ("粮食产量4550亿公斤", "4550亿公斤", 4.55e11, "公斤"),  # national-1995
    ("新增发电装机300万千瓦", "300万千瓦", 3e6, "千瓦"),  # 四川省-2012
    ("集装箱吞吐量1.2万标箱", "1.2万标箱", 12000, "标箱"),
    ("投资5000余万元", "5000余万元", 5e7, "元"),  # 余 before the multiplier
    ("新建1万余平方米", "1万余平方米", 10000, "平方米"),
    ("惠及3万多户", "3万多户", 30000, "户"),
    ("实现营业收入3千万元", "3千万元", 3e7, "元"),
    ("外商直接投资21.8亿美元", "21.8亿美元", 2.18e9, "美元"),
    ("接待游客8.5亿人次", "8.5亿人次", 8.5e8, "人次"),
    ("1,300亿元", "1,300亿元", 1.3e11, "元"),  # thousands separators
    ("1,234,567元", "1,234,567元", 1234567, "元"),
    ("12,345.6万元", "12,345.6万元", 1.23456e8, "元"),
    ("新增供电能力371万千伏安", "371万千伏安", 3.71e6, "千伏安"),
]


@pytest.mark.parametrize(
    ("phrase", "written", "value", "unit"), cases(MULTIPLIERS_METRICS_EXAMPLES, MULTIPLIERS_REPORTS)
)
def test_it_reads_arabic_digits_with_their_multiplier(phrase, written, value, unit):
    n = assert_number(phrase, written, value, unit)
    assert (n.multiplier != 1.0) is any(m in written for m in "十百千万亿")


# --- Units, longest first: (phrase, the number as read, value, base unit, kind) ------------------

UNITS_METRICS_EXAMPLES = [
    ("提高2个百分点", "2个百分点", 2, "百分点", "rate"),
    ("增长5%", "5%", 5, "%", "rate"),
    ("覆盖率达到100%", "100%", 100, "%", "rate"),
    ("累计建成4067处", "4067处", 4067, "处", "counter"),
    ("保障性租赁住房3000套（间）", "3000套（间）", 3000, "套", "counter"),
    ("是上年的2.5倍", "2.5倍", 2.5, "倍", "multiple"),
    ("良好以上天数243天", "243天", 243, "天", "measure"),
]

UNITS_REPORTS = [
    ("较上年下降0.5个百分点", "0.5个百分点", 0.5, "百分点", "rate"),
    ("人口自然增长率5‰", "5‰", 5, "‰", "rate"),
    ("装机100千瓦", "100千瓦", 100, "千瓦", "measure"),  # 千瓦 is a unit, not 千 × 瓦
    ("装机100万千瓦", "100万千瓦", 1e6, "千瓦", "measure"),  # 万千瓦 = 1e4 千瓦
    ("发电量120万千瓦时", "120万千瓦时", 1.2e6, "千瓦时", "measure"),  # 千瓦时 before 千瓦
    ("新建道路8千米", "8千米", 8, "千米", "measure"),  # 千米 before 千
    ("节能50万吨标准煤", "50万吨标准煤", 5e5, "吨标准煤", "measure"),  # 吨标准煤 before 吨
    ("面积100平方公里", "100平方公里", 100, "平方公里", "measure"),  # 平方公里 before 公里
    ("改造300万平方米", "300万平方米", 3e6, "平方米", "measure"),  # 平方米 before 米
    ("服务6.3万件次", "6.3万件次", 63000, "件次", "counter"),  # 件次 before 件
    ("接待游客3亿人次", "3亿人次", 3e8, "人次", "counter"),  # 人次 before 人
    ("出口3.2万亿美元", "3.2万亿美元", 3.2e12, "美元", "measure"),  # 美元 before 元
    ("保障性住房3000套(间)", "3000套(间)", 3000, "套", "counter"),  # ASCII brackets
    ("筹集3000套", "3000套", 3000, "套", "counter"),
    ("新增30万重量箱", "30万重量箱", 3e5, "重量箱", "measure"),  # national-2009
]


@pytest.mark.parametrize(("phrase", "written", "value", "unit", "kind"), cases(UNITS_METRICS_EXAMPLES, UNITS_REPORTS))
def test_it_takes_the_longest_unit(phrase, written, value, unit, kind):
    n = assert_number(phrase, written, value, unit)
    assert n.kind == kind


# --- Chinese numerals: parse_chinese (numeral, value or None) ------------------------------------

CHINESE_METRICS_EXAMPLES = [
    ("一千二百万", 12_000_000),
    ("五", 5),
    ("千亿", 1e11),  # 突破千亿元
]

CHINESE_NUMERALS = [
    ("两", 2),
    ("三点五", 3.5),
    ("零点五", 0.5),
    ("十", 10),
    ("十三", 13),
    ("九十九", 99),
    ("一百零五", 105),
    ("两千", 2000),
    ("两千三百万", 23_000_000),
    ("一万二", 12000),
    ("一亿五千万", 150_000_000),
    ("九百六十万", 9_600_000),
    ("十四亿", 1.4e9),
    ("万", 1e4),
    ("千", 1e3),
    ("亿", 1e8),
    ("二〇二三", 2023),  # a year written digit by digit
    ("五十八点六", 58.6),  # national-1995: 百分之五十八点六
    ("二十七点八", 27.8),
]

NOT_CHINESE_NUMERALS = [
    ("千家", None),  # 千家万户
    ("百分", None),
]


@pytest.mark.parametrize(("numeral", "value"), cases(CHINESE_METRICS_EXAMPLES, CHINESE_NUMERALS, NOT_CHINESE_NUMERALS))
def test_it_parses_chinese_numerals(numeral, value):
    got = parse_chinese(numeral)
    if value is None:
        assert got is None
    else:
        assert got == pytest.approx(value, rel=1e-12)


# --- Chinese numerals in a phrase: (phrase, the number as read, value, base unit) ----------------

CHINESE_IN_PHRASES_METRICS_EXAMPLES = [
    ("一千二百万人", "一千二百万人", 12_000_000, "人"),
    ("百分之五", "百分之五", 5, "%"),
    ("突破千亿元", "千亿元", 1e11, "元"),
]

CHINESE_IN_PHRASES_REPORTS = [
    ("出口突破万辆", "万辆", 1e4, "辆"),  # 河南省-2024
    ("工业规模跨上万亿元台阶", "万亿元", 1e12, "元"),  # 四川省-2012
    ("全省生产总值迈上五万亿元台阶", "五万亿元", 5e12, "元"),
    ("增长百分之五点五", "百分之五点五", 5.5, "%"),
    ("由上年的百分之五十八点六", "百分之五十八点六", 58.6, "%"),  # national-1995
    ("百分之零点五", "百分之零点五", 0.5, "%"),
    ("百分之一百", "百分之一百", 100, "%"),
    ("十三个百分点", "十三个百分点", 13, "百分点"),  # national-1995
    ("零点五个百分点", "零点五个百分点", 0.5, "百分点"),
    ("增长三点五倍", "三点五倍", 3.5, "倍"),
    ("增长一倍", "一倍", 1, "倍"),  # national gold notes: 增长一倍 → 1 倍
    ("硕士学位近一万五千人", "一万五千人", 15000, "人"),  # national-1983
    ("两千三百万元", "两千三百万元", 2.3e7, "元"),
    ("九百六十万平方公里", "九百六十万平方公里", 9.6e6, "平方公里"),
    ("两万余人", "两万余人", 2e4, "人"),
    ("一百多个", "一百多个", 100, "个"),
    ("两个", "两个", 2, "个"),  # read here; the statement rules drop it as an enumeration
    ("减少一半", "一半", 50, "%"),  # a fraction, a quantity only as a change
    ("下降五成", "五成", 50, "%"),
    ("夏粮减产一成以上", "一成", 10, "%"),  # national-1980
    ("今年的亏损额预计达四十多亿元", "四十多亿元", 4e9, "元"),
    ("新增加的发电设备能力为九十多万千瓦", "九十多万千瓦", 9e5, "千瓦"),
    ("学士学位三十多万人", "三十多万人", 3e5, "人"),
    ("力争使全国人口增长率降到千分之十左右", "千分之十", 10, "‰"),
    ("企业数量增长两成", "两成", 20, "%"),
]


@pytest.mark.parametrize(
    ("phrase", "written", "value", "unit"), cases(CHINESE_IN_PHRASES_METRICS_EXAMPLES, CHINESE_IN_PHRASES_REPORTS)
)
def test_it_reads_chinese_numerals_with_their_unit(phrase, written, value, unit):
    n = assert_number(phrase, written, value, unit)
    assert n.chinese


# --- 多 / 余 inside the number (`num`): the number is a lower bound ------------------------------

INNER_GE_METRICS_EXAMPLES = [
    ("4000多个市场主体", True),
    ("40余个项目", True),
    ("4万多亿元", True),
    ("1.5万家以上", False),  # 以上 stands after `num`: a comparator, not part of the number
    ("近2000万元", False),
]

INNER_GE_REPORTS = [
    ("5亿多元", True),
    ("2万余人", True),
    ("二十多个", True),
    ("三十余家", True),
    ("百余家", True),
]


@pytest.mark.parametrize(("phrase", "inner_ge"), cases(INNER_GE_METRICS_EXAMPLES, INNER_GE_REPORTS))
def test_it_marks_duo_and_yu_inside_the_number(phrase, inner_ge):
    _, n = read(phrase)
    assert n.inner_ge is inner_ge


# --- Full-width digits and signs, after normalize: (phrase, the number as read, value, unit) -----

FULL_WIDTH_NATIONAL = [
    ("经济增长速度的调控目标定为８％", "8%", 8, "%"),  # national-1997
    ("经济增长速度8 ％", "8%", 8, "%"),  # national-1998: a space before ％
    ("国内生产总值增长8％左右", "8%", 8, "%"),  # national-2010
    ("国内生产总值增长7.5％", "7.5%", 7.5, "%"),  # national-2012
    ("国内生产总值增长6.5%－7%", "6.5%", 6.5, "%"),  # national-2016: the first number of a range
    ("人口已经达到１２亿", "12亿", 1.2e9, None),  # national-1995
    ("４３８００亿元", "43800亿元", 4.38e12, "元"),  # national-1995
    ("增长１．４倍", "1.4倍", 1.4, "倍"),  # national-1995
]

FULL_WIDTH_MADE_UP = [
    ("增长１２．６％", "12.6%", 12.6, "%"),
    ("增长１２． ６％", "12.6%", 12.6, "%"),  # a space inside the number
    ("１．５万亿元", "1.5万亿元", 1.5e12, "元"),
    ("新增就業１.２萬人", "1.2万人", 12000, "人"),  # traditional 萬
    ("全年收入3億元", "3亿元", 3e8, "元"),  # traditional 億
]


@pytest.mark.parametrize(("phrase", "written", "value", "unit"), cases(FULL_WIDTH_NATIONAL, FULL_WIDTH_MADE_UP))
def test_it_reads_full_width_digits_after_normalize(phrase, written, value, unit):
    assert_number(phrase, written, value, unit)


# --- find_numbers: every candidate in order, and words that hold none -----------------------------

FIND_NUMBERS_METRICS_EXAMPLES = [
    ("新建5G基站793处、累计建成4067处", ["5", "793处", "4067处"]),  # 5G is dropped later, as a name
    ("由2.5万元提高到3万元", ["2.5万元", "3万元"]),
    ("分别增长8.3%、9.4%和5%", ["8.3%", "9.4%", "5%"]),
    ("6%-6.5%", ["6%", "6.5%"]),
]

FIND_NUMBERS_SEED_2023 = [
    ("紧紧围绕“21234”总体发展思路", ["21234"]),  # found here; dropped later, as a quoted name
    ("一年来，区政府在市委、市政府和区委的坚强领导下", []),
    ("三大战略作为最有效的核心支撑", []),
    ("打造“一山、两河、三园”生态景观", []),
    ("深入学习贯彻党的二十大精神", []),
    ("是深入实施“十四五”规划的承前启后之年", []),
    ("统一规划、一体推进", []),
    ("千方百计稳就业", []),
]


@pytest.mark.parametrize(("phrase", "numbers"), cases(FIND_NUMBERS_METRICS_EXAMPLES, FIND_NUMBERS_SEED_2023))
def test_it_finds_every_candidate_number_in_order(phrase, numbers):
    text = normalize(phrase).text
    assert [text[n.start : n.end] for n in find_numbers(text)] == numbers
