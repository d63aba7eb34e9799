"""Quantified statements, exactly as eval/METRICS.md defines them.

Numbers are found in the normalised text (numerals.py), filtered by the
exclusions of METRICS.md (exclusions.py), and read with the words around
them (wording.py): the comparator, the measure (level or change), the role
(result or target) and hedge (context.py), and the indicator. Every span is
mapped back to the text as read.

>>> [(s.indicator, s.measure.value, s.value, s.unit, s.cmp.value, s.role.value)
...  for s in extract_statements("今年主要预期目标是：一般公共预算收入增长12%以上。")]
[('一般公共预算收入', 'change', 12.0, '%', 'ge', 'target')]
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, replace

from . import exclusions, wording
from .context import Context
from .model import Cmp, Measure, Metadata, OutlineNode, Statement
from .normalize import normalize
from .numerals import Number, find_numbers, parse_chinese, read_number
from .patterns import ARABIC, CHINESE, QUOTED, number_re, range_joiner_re

_BARE_NUMBER = re.compile(rf"{ARABIC}|{CHINESE}")  # the second number of 百分之八至九


@dataclass(frozen=True)
class _Found:
    """A candidate number with its range partner, if any."""

    first: Number
    high: Number | None
    end: int  # past the number, its unit and the range's second number


@dataclass(frozen=True)
class _Previous:
    """What a list's next number takes from the one before (分别增长8.3%、9.4%)."""

    statement: Statement
    end: int  # in the normalised text
    cmp: Cmp | None  # a comparator written before it, which the list shares


def extract_statements(
    text: str, outline: tuple[OutlineNode, ...] = (), metadata: Metadata | None = None
) -> tuple[Statement, ...]:
    """All quantified statements of `text`, in order of their place."""
    norm = normalize(text)
    t = norm.text
    ctx = Context(norm, outline, metadata)
    quoted = [m.span() for m in QUOTED.finditer(t)]
    out: list[Statement] = []
    lists: list[list[int]] = []  # indexes in `out` of the numbers of one list (分别增长8%和9%)
    previous: _Previous | None = None
    for found in _candidates(t, quoted):
        listed = previous if previous is not None and _continues_list(t, previous.end, found.first.start) else None
        made = _statement(t, found, ctx, previous, listed)
        if made is not None:
            if listed is not None and lists and lists[-1][-1] == len(out) - 1:
                lists[-1].append(len(out))
            else:
                lists.append([len(out)])
            out.append(made[0])
            previous = _Previous(made[0], found.end, made[1])
    for members in lists:
        _share_out_indicators(out, members)
    return tuple(out)


def _share_out_indicators(out: list[Statement], members: list[int]) -> None:
    """城镇和农村居民人均可支配收入分别增长8%和9%: each number of a list gets its own indicator."""
    if len(members) < 2:
        return
    each = wording.list_indicators(out[members[0]].indicator, len(members))
    if each is not None:
        for i, indicator in zip(members, each, strict=True):
            out[i] = replace(out[i], indicator=indicator)


def _inside(spans: list[tuple[int, int]], pos: int) -> bool:
    i = bisect.bisect_right(spans, (pos, float("inf"))) - 1
    return i >= 0 and spans[i][0] < pos < spans[i][1]


def _candidates(t: str, quoted: list[tuple[int, int]]):
    """Numbers with their range partners, in order, not yet judged."""
    skip_to = 0
    for n in find_numbers(t):
        if n.start < skip_to or _inside(quoted, n.start):
            continue
        high = _range_partner(t, n)
        if high is not None:
            skip_to = high.end
            yield _Found(_with_unit_of(n, high), high, high.end)
        elif exclusions.years_as_quantity(t, n):
            n = replace(n, end=n.digits_end + 1, unit="年", kind="measure")
            yield _Found(n, None, n.end)
        else:
            yield _Found(n, None, n.end)


def _range_partner(t: str, n: Number) -> Number | None:
    j = range_joiner_re().match(t, n.end)
    if not j:
        return None
    if j.group() in ("至", "到") and t[n.start - 1 : n.start] in ("由", "从"):
        return None  # 由A提高到B is two levels, not a range
    m = number_re().match(t, j.end())
    high = read_number(t, m) if m else None
    if (high is None or high.unit is None) and n.kind == "rate" and n.end == n.digits_end:
        return _bare_partner(t, n, j.end())  # 百分之八至九
    if high is None or high.unit is None:
        return None
    if n.unit is not None and n.unit != high.unit:
        return None
    return high


def _bare_partner(t: str, n: Number, pos: int) -> Number | None:
    m = _BARE_NUMBER.match(t, pos)
    if not m:
        return None
    value = parse_chinese(m.group()) if n.chinese else float(m.group().replace(",", ""))
    if value is None:
        return None
    return Number(m.start(), m.end(), m.end(), value, n.unit, n.kind, 1.0, False, n.chinese, m.group())


def _with_unit_of(n: Number, high: Number) -> Number:
    """6-6.5% and 1.5-2万吨: the first number takes the unit and multiplier written after the second."""
    if n.unit is not None:
        return n
    factor = high.multiplier if n.multiplier == 1.0 else 1.0
    return replace(n, value=n.value * factor, unit=high.unit, kind=high.kind, multiplier=n.multiplier * factor)


def _continues_list(t: str, previous_end: int, start: int) -> bool:
    """分别增长8.3%、9.4%和5%: a number right after the one before shares its verb."""
    after, _ = wording.comparator_after(t, previous_end)
    return t[after:start] in ("、", "和", "及", "与", "、和", "以及")


def _minus(t: str, n: Number) -> bool:
    """增长-12.7%: a minus sign, not a range's dash."""
    return t[n.start - 1 : n.start] in ("-", "−") and not t[n.start - 2 : n.start - 1].isdigit()


def _statement(
    t: str, found: _Found, ctx: Context, before: _Previous | None, listed: _Previous | None
) -> tuple[Statement, Cmp | None] | None:
    """The statement of one candidate, with the comparator a list after it shares; None when it does not count."""
    n, last = found.first, found.high or found.first
    if exclusions.is_name_date_or_rank(t, n, last):
        return None
    minus = _minus(t, n)
    after_end, cmp_after = wording.comparator_after(t, found.end)
    pre = t[max(0, n.start - wording.LOOKBACK) : n.start - minus]
    clause = wording.widen_bare_link(pre, wording.clause_before(pre))
    indicator_text, verb = wording.split_predicate(clause)
    previous = before.statement if before else None
    text_end = n.start - minus - len(verb)
    # 由2.5万元提高到3万元, 1300亿元、增长5%: the number before, in the same clause, has the indicator.
    same_clause = before is not None and text_end - len(indicator_text) < before.end <= text_end and (
        wording.only_connectives(t[before.end : text_end])
    )
    unit, kind, counted_after = n.unit, n.kind, False
    if unit is None:
        unit, kind = wording.implied_unit(indicator_text), "counter"
        if unit is None:
            unit, counted_after = wording.implied_unit_after(t, n.end), True
        if unit is None:
            return None
    if exclusions.is_threshold(t, n, kind, clause, after_end) or exclusions.is_policy_package(unit, pre, clause):
        return None
    if n.chinese and not exclusions.is_chinese_quantity(n, kind, verb):
        return None
    if listed is not None:
        measure, down = listed.statement.measure, listed.statement.value < 0
    elif counted_after:
        measure, down = Measure.LEVEL, False  # 提高1200万教师待遇: 1200万 counts the teachers
    else:
        measure, down = wording.measure(verb, clause, unit, t[found.end : found.end + 20])
    if kind == "fraction" and measure is not Measure.CHANGE:
        return None  # 一半 and 五成 are quantities only as a change: 减少一半
    sign = -1 if down or minus else 1
    cmp = wording.comparator(found.high is not None, n.inner_ge, verb, cmp_after, listed.cmp if listed else None)
    orig_start, orig_end = ctx.norm.span(n.start, found.end)
    role, hedge = ctx.role_and_hedge(n.start, orig_start)
    statement = Statement(
        start=orig_start,
        end=orig_end,
        num=ctx.norm.original[orig_start:orig_end],
        indicator=previous.indicator if (listed or same_clause) and previous else wording.indicator(
            indicator_text, t, after_end, previous.indicator if previous else None, n.start, bool(verb),
            counter=kind == "counter",
        ),
        measure=measure,
        value=sign * n.value,
        unit=unit,
        cmp=cmp,
        role=role,
        value_high=None if found.high is None else sign * found.high.value,
        hedge=hedge,
        year=ctx.year_for(role, n.start),
        quote=ctx.quote(n.start, found.end),
        path=ctx.path(orig_start),
    )
    shared = listed.cmp if listed else wording.prefix_comparator(t, verb, found.end, n.inner_ge)
    return statement, shared
