"""Quantified statements, exactly as eval/METRICS.md defines them.

Numbers are found in the normalised text (numerals.py), filtered by the
exclusions of METRICS.md (dates, names, ranks, thresholds, enumerations), and
read with the words around them: the comparator, the measure (level or
change), the role (result or target), the hedge and the indicator. Every
span is mapped back to the text as read.

>>> [(s.indicator, s.measure.value, s.value, s.unit, s.cmp.value, s.role.value)
...  for s in extract_statements("今年主要预期目标是：一般公共预算收入增长12%以上。")]
[('一般公共预算收入', 'change', 12.0, '%', 'ge', 'target')]
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from .context import Context
from .lexicon import lexicon
from .model import Cmp, Measure, Metadata, OutlineNode, Statement
from .normalize import normalize
from .numerals import Number, find_numbers, read_number
from .patterns import (
    CLAUSE_END,
    NAME_NEIGHBOUR,
    QUOTED,
    SENTENCE_END,
    number_re,
    range_joiner_re,
    words_at_end_re,
    words_at_start_re,
)

# How far back the words of a statement may stand from its number.
_LOOKBACK = 48


@dataclass
class _Found:
    """A number that passed the exclusions, with its range partner if any."""

    first: Number
    high: Number | None
    end: int  # past everything that belongs to `num` and its comparator


def extract_statements(
    text: str, outline: tuple[OutlineNode, ...] = (), metadata: Metadata | None = None
) -> tuple[Statement, ...]:
    """All quantified statements of `text`, in order of their place."""
    norm = normalize(text)
    t = norm.text
    ctx = Context(norm, outline, metadata)
    quoted = _quoted_spans(t)
    out: list[Statement] = []
    previous: Statement | None = None
    previous_end = -1  # in the normalised text
    for found in _candidates(t, quoted):
        listed = previous is not None and _continues_list(t, previous_end, found.first.start)
        st = _statement(t, found, ctx, previous, listed)
        if st is None:
            continue
        out.append(st)
        previous, previous_end = st, found.end
    return tuple(out)


def _quoted_spans(t: str) -> list[tuple[int, int]]:
    return [m.span() for m in QUOTED.finditer(t)]


def _inside(spans: list[tuple[int, int]], pos: int) -> bool:
    i = bisect.bisect_right(spans, (pos, float("inf"))) - 1
    return i >= 0 and spans[i][0] < pos < spans[i][1]


def _candidates(t: str, quoted: list[tuple[int, int]]):
    """Numbers with their range partners, in order, not yet judged."""
    numbers = iter(find_numbers(t))
    skip_to = 0
    for n in numbers:
        if n.start < skip_to or _inside(quoted, n.start):
            continue
        high = _range_partner(t, n)
        if high is not None:
            skip_to = high.end
            first = _with_unit_of(n, high)
            yield _Found(first, high, high.end)
        else:
            yield _Found(n, None, n.end)


def _range_partner(t: str, n: Number) -> Number | None:
    j = range_joiner_re().match(t, n.end)
    if not j:
        return None
    m = number_re().match(t, j.end())
    if not m:
        return None
    high = read_number(t, m)
    if high is None or high.unit is None:
        return None
    if n.unit is not None and n.unit != high.unit:
        return None
    if j.group() in ("至", "到") and t[n.start - 1 : n.start] in ("由", "从"):
        return None  # 由A提高到B is two levels, not a range
    return high


def _with_unit_of(n: Number, high: Number) -> Number:
    """6-6.5% and 1.5-2万吨: the first number takes the unit and multiplier written after the second."""
    if n.unit is not None:
        return n
    factor = 1.0
    if high.has_multiplier and not n.has_multiplier:
        factor = high.value / _bare_value(high)
    return Number(n.start, n.end, n.digits_end, n.value * factor, high.unit, high.kind,
                  high.has_multiplier, n.inner_ge, n.chinese, n.written)


def _bare_value(n: Number) -> float:
    try:
        return float(n.written.replace(",", ""))
    except ValueError:
        return n.value


def _statement(t: str, found: _Found, ctx: Context, previous: Statement | None, listed: bool) -> Statement | None:
    n = found.first
    if _excluded(t, found):
        return None
    after_end, cmp_after = _comparator_after(t, found.end)
    pre = t[max(0, n.start - _LOOKBACK) : n.start]
    clause = _clause_before(pre)
    indicator_text, verb = _split_predicate(clause)
    unit, kind = n.unit, n.kind
    if unit is None:
        unit = _implied_unit(indicator_text) or _implied_unit_after(t, n.end)
        kind = "counter"
        if unit is None:
            return None
    if _is_threshold(t, n, kind, clause, after_end) or _is_policy_package(unit, pre):
        return None
    if n.chinese and not _chinese_quantity(n, kind, verb):
        return None
    if kind == "fraction":
        if not (verb and _measure(verb, clause, unit)[0] is Measure.CHANGE):
            return None  # 一半 and 五成 are quantities only as a change: 减少一半
        kind = "rate"
    if listed:
        measure, down = previous.measure, previous.value < 0
    else:
        measure, down = _measure(verb, clause, unit, t[found.end : found.end + 20])
    cmp = _comparator(found, verb, cmp_after)
    value = -n.value if down else n.value
    high = None
    if found.high is not None:
        high = -found.high.value if down else found.high.value
    indicator = _indicator(indicator_text, t, after_end, previous, n.start, verb or listed)
    orig_start, orig_end = ctx.norm.span(n.start, found.end)
    role, hedge = ctx.role_and_hedge(n.start, orig_start)
    return Statement(
        start=orig_start,
        end=orig_end,
        num=ctx.norm.original[orig_start:orig_end],
        indicator=indicator,
        measure=measure,
        value=value,
        unit=unit,
        cmp=cmp,
        role=role,
        value_high=high,
        hedge=hedge,
        year=ctx.year_for(role, n.start),
        quote=ctx.quote(n.start, found.end),
        path=ctx.path(orig_start),
    )


def _continues_list(t: str, previous_end: int, start: int) -> bool:
    """分别增长8.3%、9.4%和5%: a number right after the one before shares its verb."""
    after, _ = _comparator_after(t, previous_end)
    return t[after:start] in ("、", "和", "及", "与", "、和", "以及")


def _excluded(t: str, found: _Found) -> bool:
    """Dates, ranks, names and periods (METRICS.md: what does not count)."""
    lex = lexicon()
    n = found.first
    before = t[max(0, n.start - 4) : n.start]
    if before and NAME_NEIGHBOUR.match(before[-1]):
        return True
    nxt = t[n.digits_end : n.digits_end + 1]
    if nxt and NAME_NEIGHBOUR.match(nxt):
        return True
    if before.endswith(".") or t[n.digits_end : n.digits_end + 2][:1] == "." and t[n.digits_end + 1 : n.digits_end + 2].isdigit():
        return True  # 2023.1.5, version numbers
    if words_at_end_re(lex.exclude_before).search(before):
        return True
    last = found.high or n
    if words_at_start_re(lex.exclude_after).match(t, last.digits_end):
        return True
    if last.unit is not None and _PERIOD_AFTER.match(t, last.end):
        return True  # 3个月, 两个季度: periods
    return False


# After the unit: a period (3个月, 两个季度) or an enumeration (10个方面).
_PERIOD_AFTER = re.compile(r"月|年(?!产)|季度|工作日|周|方面")


def _comparator_after(t: str, pos: int) -> tuple[int, str | None]:
    lex = lexicon()
    m = words_at_start_re(tuple(lex.cmp_after)).match(t, pos)
    if m:
        return m.end(), lex.cmp_after[m.group()]
    return pos, None


def _clause_before(pre: str) -> str:
    """The words of the clause before the number."""
    cut = 0
    for m in CLAUSE_END.finditer(pre):
        cut = m.end()
    return pre[cut:]


def _split_predicate(clause: str) -> tuple[str, str]:
    """Split '预计地区生产总值可达' into the indicator part and the verb part ('可达')."""
    lex = lexicon()
    words = (
        tuple(lex.cmp_before) + lex.change_up + lex.change_down + lex.change_nouns + lex.new_things
        + ("达到", "达", "为", "至", "到", "可达", "实现", "完成", "累计", "了", "在", "保持在", "控制在", "是", "占",
           "已经", "已", "共", "总计", "确定为", "定为")
    )
    ends = words_at_end_re(words)
    rest, verb = clause, ""
    while rest:
        m = ends.search(rest)
        if not m:
            break
        word = m.group()
        if word in lex.new_things or word in lex.change_nouns:
            break  # 新增城镇就业, 增速 belong to the indicator
        verb = word + verb
        rest = rest[: m.start()]
    return rest, verb


_GROWTH_AFTER = re.compile(r"(?:左右|以上|以内)?的[^，,；;。]{0,12}(?:增长目标|增长速度|增速|增长)")


def _measure(verb: str, clause: str, unit: str, following: str = "") -> tuple[Measure, bool]:
    """Level or change, and whether the number is a decline."""
    lex = lexicon()
    if unit == "倍":
        return Measure.CHANGE, False
    verb_core = verb
    for w in lex.cmp_before:
        verb_core = verb_core.replace(w, "") if w not in ("以内",) else verb_core
    if any(verb_core.endswith(w) for w in lex.to_level) or verb_core.endswith(("达到", "可达", "达")):
        return Measure.LEVEL, False
    head = clause[: len(clause) - len(verb)]
    if any(head.endswith(w) for w in lex.new_things):
        return Measure.LEVEL, False
    opening = _LEADING_FILLERS.sub("", head)
    if not verb_core and not opening.startswith(lex.new_things):
        # 增加森林面积2900万亩: the verb opens the clause, the noun follows it.
        # (提高1200万教师待遇: no noun between, the number counts what follows.)
        for words, down in ((lex.change_down, True), (lex.change_up, False)):
            for w in words:
                if len(w) > 1 and opening.startswith(w) and len(opening) > len(w):
                    return Measure.CHANGE, down
    for w in lex.change_down:
        if w in verb_core:
            return Measure.CHANGE, True
    for w in lex.change_up:
        if w in verb_core:
            return Measure.CHANGE, False
    if any(head.endswith(w) for w in lex.change_nouns):
        return Measure.CHANGE, False
    if unit == "%" and following and not verb and _GROWTH_AFTER.match(following):
        return Measure.CHANGE, False  # 8%左右的国内生产总值增长目标
    return Measure.LEVEL, False


def _comparator(found: _Found, verb: str, cmp_after: str | None) -> Cmp:
    lex = lexicon()
    if found.high is not None:
        return Cmp.RANGE
    if found.first.inner_ge:
        return Cmp.GE
    if cmp_after is not None:
        return Cmp(cmp_after)
    m = words_at_end_re(tuple(lex.cmp_before)).search(verb)
    if m:
        return Cmp(lex.cmp_before[m.group()])
    return Cmp.EQ


def _implied_unit(indicator_text: str) -> str | None:
    lex = lexicon()
    m = words_at_end_re(tuple(lex.implied_units)).search(indicator_text)
    return lex.implied_units[m.group()] if m else None


def _is_threshold(t: str, n: Number, kind: str | None, clause: str, after: int) -> bool:
    """营收过10亿元企业, 年产10万吨项目, 100户以上的村: a category, not a statement."""
    lex = lexicon()
    rest = t[after : after + 7]
    attributive = rest.startswith("的")
    if attributive:
        rest = rest[1:]
    follower = t[after : after + 1]
    if n.unit == "岁" and t[n.end : after] in ("以上", "以下"):
        return True  # 6岁以下, 60岁以上: an age band
    if (n.unit in lex.capacity_units or (n.chinese and n.kind == "measure")) and (
        (_is_cjk(follower) and not words_at_start_re(lex.measure_followers).match(t, after))
        or NAME_NEIGHBOUR.match(follower)
    ):
        return True  # 30万吨稳定轻烃, 5万吨LNG, 万元生产总值: a capacity or a per-unit base
    if words_at_end_re(("年产", "年产能")).search(clause):
        return True
    if not words_at_start_re(lex.threshold_heads).match(rest):
        return False
    by_before = bool(words_at_end_re(lex.threshold_before).search(clause)) and not clause.endswith(("超过", "通过", "经过"))
    by_bound = t[n.end : after] in ("以上", "以下") and attributive
    return kind == "measure" or by_before or by_bound


def _is_cjk(ch: str) -> bool:
    return bool(ch) and "\u4e00" <= ch <= "\u9fff"


def _chinese_quantity(n: Number, kind: str | None, verb: str) -> bool:
    """Chinese numerals count as quantities with real units, not as enumerations (三大战略).

    A counter needs a real amount: 一千二百万人, or 突破万辆 (not 千家万户).
    """
    if kind in ("rate", "multiple", "fraction"):
        return True
    if kind == "measure":
        return n.value >= 10  # 三元区, 一元复始: names and idioms
    if n.value < 100:
        return False
    return len(n.written) > 1 or any(verb.endswith(w) for w in lexicon().cmp_before)


def _implied_unit_after(t: str, pos: int) -> str | None:
    """340万学生, 20万因灾失地农民: the unit implied by the noun that follows."""
    lex = lexicon()
    window = t[pos : pos + 10]
    cut = CLAUSE_END.search(window)
    window = window[: cut.start()] if cut else window
    for noun in sorted(lex.implied_units, key=len, reverse=True):
        if noun in window:
            return lex.implied_units[noun]
    return None


def _is_policy_package(unit: str, pre: str) -> bool:
    """促进民营企业高质量发展31条, 惠企纾困25条: packages named by their count."""
    return unit == "条" and bool(words_at_end_re(lexicon().policy_words).search(pre))


_LEADING_FILLERS = re.compile(r"^(?:力争|确保|预计|争取|努力|实现|完成|全年|其中|并|和|及|同时|共|总计|合计|使|可|将)+")
_TRAILING_VERBS = re.compile(r"(?:相继|陆续|全部|全面|加快|顺利|基本|已|均|分别|正在|全速).*$")


def _indicator(indicator_text: str, t: str, after: int, previous: Statement | None, pos: int, verb: str) -> str:
    """The thing measured, in the report's words."""
    lead = _LEADING_FILLERS.sub("", indicator_text).strip()
    if lead:
        return lead
    if previous is not None and verb and _same_sentence(t, previous, pos):
        return previous.indicator
    follow = t[after : after + 16]
    cut = CLAUSE_END.search(follow)
    follow = follow[: cut.start()] if cut else follow
    follow = _TRAILING_VERBS.sub("", follow).lstrip("的")
    if follow:
        return follow
    return previous.indicator if previous is not None else ""


def _same_sentence(t: str, previous: Statement, pos: int) -> bool:
    # `previous.quote` ends the previous clause; a sentence end between means another sentence.
    window = t[max(0, pos - _LOOKBACK) : pos]
    return not SENTENCE_END.search(window[-24:])
