"""Numbers that are not statements (eval/METRICS.md, "Do not count").

Dates, years and periods; numbers in names and slogans (5G, “21234”, 12345
热线); ranks and ordinals; thresholds that define a category (营收过10亿元企业,
6岁以下); capacities in a project's name (年产10万吨项目); policy packages
named by their count (惠企纾困25条); enumerations in Chinese numerals (三大战略).
Each rule is one small function over the normalised text.
"""

from __future__ import annotations

import re

from .lexicon import lexicon
from .numerals import Number
from .patterns import CN_DIGITS, NAME_NEIGHBOUR, words_at_end_re, words_at_start_re

# After the unit: a period (3个月, 两个季度) or an enumeration (10个方面).
_PERIOD_AFTER = re.compile(r"月|年(?!产)|季度|工作日|周|方面")
# A number of years that is a quantity: 人均受教育年限13.5年.
_YEARS_NOUN = re.compile(r"年限|工龄|学制|寿命")
# A short verb-object name before 条: 稳外贸20条, 惠企25条.
_PACKAGE_NAME = re.compile(r"^[稳惠助促保强扩优援][\u4e00-\u9fff]{1,5}$")


def is_cjk(ch: str) -> bool:
    return bool(ch) and "\u4e00" <= ch <= "\u9fff"


def years_as_quantity(t: str, n: Number) -> bool:
    """受教育年限达到14.5年: a number of 年 that is an amount of years, not a date."""
    return n.unit is None and t.startswith("年", n.digits_end) and bool(_YEARS_NOUN.search(t, max(0, n.start - 24), n.start))


def is_name_date_or_rank(t: str, first: Number, last: Number) -> bool:
    """Dates, ranks, names and periods around the number(s) first…last."""
    lex = lexicon()
    before = t[max(0, first.start - 4) : first.start]
    if before and NAME_NEIGHBOUR.match(before[-1]):
        return True
    nxt = t[first.digits_end : first.digits_end + 1]
    if nxt and NAME_NEIGHBOUR.match(nxt):
        return True
    if before.endswith(".") or (nxt == "." and t[first.digits_end + 1 : first.digits_end + 2].isdigit()):
        return True  # 2023.1.5, version numbers
    if words_at_end_re(lex.exclude_before).search(before):
        return True
    if words_at_start_re(lex.exclude_after).match(t, last.digits_end) and not years_as_quantity(t, last):
        return True
    return last.unit is not None and bool(_PERIOD_AFTER.match(t, last.end))


def is_threshold(t: str, n: Number, kind: str | None, clause: str, after: int) -> bool:
    """营收过10亿元企业, 年产10万吨项目, 100户以上的村: a category, not a statement."""
    lex = lexicon()
    rest = t[after : after + 7]
    attributive = rest.startswith("的")
    if attributive:
        rest = rest[1:]
    bound = t[n.end : after] in ("以上", "以下")
    if n.unit in ("岁", "周岁") and bound:
        return True  # 6岁以下, 60周岁以上: an age band
    follower = t[after : after + 1]
    if (n.unit in lex.capacity_units or (n.chinese and n.kind == "measure")) and (
        (is_cjk(follower) and not words_at_start_re(lex.measure_followers).match(t, after))
        or NAME_NEIGHBOUR.match(follower)
    ):
        return True  # 30万吨稳定轻烃, 5万吨LNG, 万元生产总值: a capacity or a per-unit base
    if words_at_end_re(("年产", "年产能")).search(clause):
        return True
    if not words_at_start_re(lex.threshold_heads).match(rest):
        return False
    by_before = bool(words_at_end_re(lex.threshold_before).search(clause)) and not clause.endswith(("超过", "通过", "经过"))
    return kind == "measure" or by_before or (bound and attributive)


def is_policy_package(unit: str, pre: str, clause: str) -> bool:
    """促进民营企业高质量发展31条, 惠企纾困25条, 稳外贸20条: packages named by their count."""
    if unit != "条":
        return False
    return bool(words_at_end_re(lexicon().policy_words).search(pre) or _PACKAGE_NAME.match(clause))


def is_chinese_quantity(n: Number, kind: str | None, verb: str) -> bool:
    """Chinese numerals count as quantities with real units, not as enumerations (三大战略).

    A counter needs a real amount: 一千二百万人, or 突破万辆 (not 千家万户).
    """
    if kind in ("rate", "multiple", "fraction"):
        return True
    if kind == "measure":
        return n.value >= 10  # 三元区, 一元复始: names and idioms
    if n.value < 100:
        return False
    # 百亿项目, 千亿产业 (magnitudes alone) name a class; 突破万辆 after a comparator is an amount.
    has_digit = any(c in CN_DIGITS for c in n.written)
    return has_digit or any(verb.endswith(w) for w in lexicon().cmp_before)
