"""The verdict of a target statement against a result statement, with its reason for people.

Every comparator comes down to a bound on the side the report wants: more
(增长, 新增, 以上) or less (以内, and the targets of ceiling indicators such as
居民消费价格涨幅3%左右). A result at or beyond the bound meets the target;
ranges use their lower bound (their upper one for ceilings), so a growth
above its range is met too (better than planned). The tolerance widens the
bound of an approximate target (左右, 约) and of a soft one (力争, 努力, 争取);
a result short of the met bound by at most `partly` tolerances more is
`partly`; further off, `not_met`. Declines (下降3.4%以上) are compared as
declines. The numbers are in data/verification.toml [tolerance].

>>> from .statements import extract_statements
>>> target = extract_statements("今年主要预期目标是：国内生产总值增长6%左右。")[0]
>>> [judge(target, extract_statements(f"去年国内生产总值增长{x}%。")[0], Tolerance())[0].value for x in (6.3, 5.6, 5.2, 4.9)]
['met', 'met', 'partly', 'not_met']
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, replace
from enum import StrEnum
from functools import cache
from importlib import resources

from .model import Cmp, Measure, Statement


class Verdict(StrEnum):
    MET = "met"
    PARTLY = "partly"
    NOT_MET = "not_met"
    NOT_REPORTED = "not_reported"


VERDICT_LABELS = {Verdict.MET: "完成", Verdict.PARTLY: "部分完成", Verdict.NOT_MET: "未完成",
                  Verdict.NOT_REPORTED: "未报告"}


@dataclass(frozen=True)
class Tolerance:
    """How far off a result may be (data/verification.toml [tolerance] holds the defaults)."""

    points: float = 0.5  # percentage points, for % and 百分点
    share: float = 0.05  # share of the target, for other units
    partly: float = 1.0  # tolerances beyond the met bound that still count as partly


@cache
def verification_data() -> dict:
    """data/verification.toml, read once."""
    with resources.files("luoshi.engine").joinpath("data", "verification.toml").open("rb") as f:
        return tomllib.load(f)


def default_tolerance() -> Tolerance:
    tol = verification_data()["tolerance"]
    return Tolerance(float(tol["points"]), float(tol["share"]), float(tol["partly"]))


def with_tolerance(base: Tolerance | None = None, **changes: float | None) -> Tolerance:
    """`base` (the data file's by default) with the given fields changed; None leaves a field as it is."""
    return replace(base or default_tolerance(), **{k: v for k, v in changes.items() if v is not None})


def _soft_hedges() -> frozenset[str]:
    return frozenset(verification_data()["hedges"]["soft"])


def judge(target: Statement, result: Statement, tol: Tolerance, ceiling: bool = False) -> tuple[Verdict, str]:
    """The verdict and its reason for one target statement against one result statement.

    `ceiling`: less is better for this indicator (prices, unemployment). A
    result of the other measure (涨幅回落到2.6% against 涨幅3%左右, 减少1232万人
    against 减少1000万人以上 read as a level) is compared by magnitude.

    >>> from .statements import extract_statements
    >>> t = extract_statements("今年主要预期目标是：国内生产总值增长6%左右。")[0]
    >>> x = extract_statements("去年国内生产总值增长5.8%。")[0]
    >>> judge(t, x, Tolerance())
    (<Verdict.MET: 'met'>, '目标增长6%左右，实际增长5.8%，在±0.5个百分点内')
    """
    if result.measure is not target.measure:
        target, result = _magnitude(target), _magnitude(result)
    sign = -1.0 if target.value < 0 or (target.value == 0 and (target.value_high or 0) < 0) else 1.0
    high_value = target.value_high if target.value_high is not None else target.value
    low, high = sorted((target.value * sign, high_value * sign))
    got = [result.value * sign] + ([result.value_high * sign] if result.value_high is not None else [])
    down = target.cmp is Cmp.LE or (ceiling and target.cmp is not Cmp.GE)
    bound = high if down else low
    x = max(got) if down else min(got)  # a result range counts by its worse end
    unit_tol = tol.points if target.unit in ("%", "百分点") else tol.share * abs(bound)
    slack = unit_tol if target.cmp is Cmp.APPROX or target.hedge in _soft_hedges() else 0.0
    short = (x - bound) if down else (bound - x)  # how far the result falls short of the bound (≤ 0: reached)
    same_way = (result.value < 0) == (target.value < 0)
    said = f"目标{phrase(target)}，实际{phrase(result, with_cmp=False, verb=verb_of(target) if same_way else None)}"
    eps = 1e-9 * max(1.0, abs(bound))
    if short <= eps:
        return Verdict.MET, f"{said}，{_reached(target, down, short, eps)}"
    if short <= slack + eps:
        return Verdict.MET, f"{said}，在±{amount(unit_tol, target)}内"
    gap = amount(short, target)
    if short <= slack + tol.partly * unit_tol + eps:
        return Verdict.PARTLY, f"{said}，差{gap}，接近目标"
    return Verdict.NOT_MET, f"{said}，差{gap}"


def _magnitude(s: Statement) -> Statement:
    high = abs(s.value_high) if s.value_high is not None else None
    return replace(s, value=abs(s.value), value_high=high, measure=Measure.LEVEL)


def judge_sync(first: Statement, second: Statement, tol: Tolerance) -> tuple[Verdict, str]:
    """居民收入和经济增长同步: the first growth rate keeps pace with the second (within the tolerance)."""
    short = second.value - first.value
    said = f"{first.indicator}增长{number(first.value)}%，{second.indicator}增长{number(second.value)}%"
    if short <= 0:
        return Verdict.MET, f"{said}，前者不低于后者"
    if short <= tol.points:
        return Verdict.MET, f"{said}，慢{number(short)}个百分点，在±{number(tol.points)}个百分点内"
    if short <= tol.points * (1 + tol.partly):
        return Verdict.PARTLY, f"{said}，慢{number(short)}个百分点，接近同步"
    return Verdict.NOT_MET, f"{said}，慢{number(short)}个百分点"


def _reached(target: Statement, down: bool, short: float, eps: float) -> str:
    if target.cmp is Cmp.RANGE:
        span = abs(abs(target.value_high or 0) - abs(target.value))
        if not down and -short > span + eps:
            return f"超过区间上限{fmt(max(abs(target.value), abs(target.value_high or 0)), target.unit)}，好于预期"
        return "在目标区间内"
    return "控制在目标以内" if down else "达到目标"


_CMP_WORDS = {Cmp.GE: "以上", Cmp.LE: "以内", Cmp.APPROX: "左右", Cmp.EQ: "", Cmp.RANGE: ""}
_RATE_NOUNS = ("涨幅", "增速", "增幅", "降幅")


def phrase(s: Statement, with_cmp: bool = True, verb: str | None = None) -> str:
    """增长6.5%左右, 下降3.4%以上, 1100万人以上, 4.5%以内, 涨幅3%左右."""
    verb = verb_of(s) if verb is None else verb
    written = fmt(abs(s.value), s.unit, s.num)
    if s.value_high is not None:
        written = f"{fmt(abs(s.value), s.unit, s.num, bare=True)}-{fmt(abs(s.value_high), s.unit, s.num)}"
    hedge = s.hedge if with_cmp and s.hedge in _soft_hedges() else ""
    return f"{hedge}{verb}{written}{_CMP_WORDS[s.cmp] if with_cmp or s.cmp is Cmp.GE else ''}"


def verb_of(s: Statement) -> str:
    noun = next((w for w in _RATE_NOUNS if w in s.indicator), None)
    if noun and s.unit == "%":
        return noun
    if s.measure is Measure.CHANGE and s.unit in ("%", "百分点", "倍"):
        return "下降" if s.value < 0 or (s.value_high or 0) < 0 else "增长"
    if s.measure is Measure.CHANGE:
        return "减少" if s.value < 0 else "增加"
    return ""


def amount(value: float, target: Statement) -> str:
    """A difference in the target's terms: 0.3个百分点, 250万吨."""
    if target.unit in ("%", "百分点"):
        return f"{number(value)}个百分点"
    return fmt(value, target.unit, target.num)


def fmt(value: float, unit: str, written: str = "", bare: bool = False) -> str:
    """A value in base units as people read it: in the scale of `written` (万, 亿) when it has one.

    >>> fmt(13510000.0, "人", "1351万人"), fmt(6.5, "%"), fmt(250000.0, "吨")
    ('1351万人', '6.5%', '25万吨')
    """
    scale, name = 1.0, ""
    for word, factor in (("万亿", 1e12), ("亿", 1e8), ("万", 1e4)):
        if word in written or (not written and abs(value) >= factor):
            scale, name = factor, word
            break
    if bare and unit == "%":
        return number(value / scale)
    return f"{number(value / scale)}{name}{unit}"


def number(value: float) -> str:
    text = f"{value:.4f}".rstrip("0").rstrip(".")
    return text if text not in ("-0", "") else "0"
