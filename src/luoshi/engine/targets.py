"""The plan year's main targets (主要预期目标).

The passage that states them opens with a cue (今年经济社会发展的主要预期目标是：)
and runs to the end of its paragraph, or through the list that follows a
colon. Each clause of it with a target statement gives one main target; a
clause that names a target without a number (居民收入增长和经济增长基本同步)
gives one with no statement.

>>> text = "二、2023年工作安排\\n主要预期目标是：地区生产总值增长6%左右；居民收入增长和经济增长基本同步。"
>>> from .statements import extract_statements
>>> [(t.indicator, t.statement and t.statement.value) for t in find_main_targets(text, (), extract_statements(text))]
[('地区生产总值', 6.0), ('居民收入增长和经济增长基本同步', None)]
"""

from __future__ import annotations

import bisect
import re

from .indicators import canonical_of
from .model import MainTarget, Measure, OutlineNode, PartKind, Report, Role, Statement

# Where the passage starts: the first of these (in a targets part, if any).
_CUE = re.compile(
    r"(?:主要预期目标|主要目标|预期目标|主要指标|主要调控目标|宏观调控目标|计划的主要指标)(?:是|为|如下|建议为|定为)?[：:，,]"
    r"|(?:主要预期目标|主要目标)(?:是|为)"
)
_CLAUSE = re.compile(r"[^，,；;。\n]+")
# A clause that sets a target in words: 基本同步, 基本平衡, 完成国家下达的任务.
_WORDED_TARGET = re.compile(r"同步|基本平衡|完成(?:国家|省|市)?下达|保持稳定|总体稳定|持续改善|稳中有(?:升|降)|明显改善|进一步(?:提高|下降)")
# After the first sentence the list goes on while sentences still state targets
# (a number or a worded target) and do not turn to explaining them.
_EXPLANATION = re.compile(r"这里|这是|这些|这个|上述|提出|实现这|需要说明|主要是|综合考虑|为此|各位")
_TARGET_WORDS = re.compile(r"\d|[％%]|同步|平衡")
_SENTENCE_STOP = re.compile(r"。|\n\s*\n")
# A rate over several years, not the plan year's: 年均增长7%, “十五”期间…, 平均每年
# (not PM2.5年均浓度: the plan year's own average).
_AVERAGE = re.compile(r"年均(?!浓度)|平均每年|每年平均|平均增长|期间|五年")
_CLAUSE_START = re.compile(r"[，,；;。：:！？\n]")
_MAX_PASSAGE = 1200
_MAX_CLAUSE = 40


def find_main_targets(
    text: str, outline: tuple[OutlineNode, ...], statements: tuple[Statement, ...]
) -> tuple[MainTarget, ...]:
    """The main targets of the plan year, in the order the report gives them."""
    span = _passage(text, outline)
    if span is None:
        return ()
    start, end = span
    starts = [s.start for s in statements]
    lo, hi = bisect.bisect_left(starts, start), bisect.bisect_left(starts, end)
    inside = [s for s in statements[lo:hi] if s.role is Role.TARGET]
    out: list[MainTarget] = []
    for m in _CLAUSE.finditer(text, start, end):
        c_start, c_end = m.span()
        in_clause = [s for s in inside if c_start <= s.start < c_end]
        if in_clause:
            out.extend(MainTarget(s.indicator, s.start, s.end, text[c_start:c_end].strip(), s) for s in in_clause)
        elif _WORDED_TARGET.search(m.group()) and len(m.group().strip()) <= _MAX_CLAUSE:
            words = m.group().strip()
            lead = len(m.group()) - len(m.group().lstrip())
            out.append(MainTarget(words, c_start + lead, c_start + lead + len(words), words))
    return tuple(out)


def _passage(text: str, outline: tuple[OutlineNode, ...]) -> tuple[int, int] | None:
    """[start, end) of the passage stating the main targets, or None."""
    m = None
    for lo, hi in _search_areas(text, outline):
        m = _CUE.search(text, lo, hi)
        if m:
            break
    if m is None:
        return None
    start = _next_line(text, m.end())
    end = start
    while end < len(text) and end - start < _MAX_PASSAGE:
        nxt = _next_line(text, end)
        if end > start and (_EXPLANATION.match(text, nxt) or not _TARGET_WORDS.search(_sentence(text, nxt))):
            break
        end = nxt + len(_sentence(text, nxt))
    return start, min(end, start + _MAX_PASSAGE)


def _sentence(text: str, pos: int) -> str:
    stop = _SENTENCE_STOP.search(text, pos)
    return text[pos : stop.end() if stop else len(text)]


def _search_areas(text: str, outline: tuple[OutlineNode, ...]):
    """The targets parts first, then the plan parts, then the whole text."""
    for kinds in ({PartKind.TARGETS}, {PartKind.WORK, PartKind.FIVE_YEAR, PartKind.OTHER}):
        for part in outline:
            if part.part_kind in kinds:
                yield part.start, part.end
    yield 0, len(text)


def _next_line(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in "\n\r \t\u3000\u200b":
        pos += 1
    return pos


def plan_year_target(
    report: Report, key: str = "gdp", measure: Measure | None = Measure.CHANGE, plan_year: int | None = None
) -> Statement | None:
    """The plan year's target for one canonical indicator (luoshi.engine.indicators), or None.

    A target of the plan year (`plan_year`, else the report's) whose
    indicator is `key` and whose measure is `measure` (any when None): the
    one among the main targets, else the first in the report. Averages over
    several years (“十五”期间年均增长7%左右) are not the plan year's.

    >>> from luoshi.engine import analyse_text
    >>> text = "二、今年工作\\n“十五”期间年均经济增长速度预期目标为7%左右。今年国内生产总值增长8%左右。"
    >>> plan_year_target(analyse_text(text)).value
    8.0
    """
    year = plan_year if plan_year is not None else report.metadata.plan_year
    mains = {m.statement.start for m in report.main_targets if m.statement is not None}
    found = [
        s for s in report.statements
        if s.role is Role.TARGET
        and (measure is None or s.measure is measure)
        and (year is None or s.year in (None, year))
        and getattr(canonical_of(s), "key", None) == key
        and not _is_average(report.text, s)
    ]
    return next((s for s in found if s.start in mains), found[0] if found else None)


def _is_average(text: str, s: Statement) -> bool:
    """年均增长7%: the words of the clause before the number name several years."""
    start = max(0, s.start - 60)
    for m in _CLAUSE_START.finditer(text, start, s.start):
        start = m.end()
    return bool(_AVERAGE.search(text, start, s.start) or _AVERAGE.search(s.indicator))
