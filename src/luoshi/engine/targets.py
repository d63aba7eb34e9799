"""The plan year's main targets (主要预期目标).

The passage that states them opens with a cue (今年经济社会发展的主要预期目标是：)
and runs to the end of its paragraph, or through the list that follows a
colon. Each clause of it with a target statement gives one main target; a
clause that names a target without a number (居民收入增长和经济增长基本同步)
gives one with no statement.

Which cue: the plan year's (今年/2018年…主要预期目标是：, or a cue naming no
period in a targets or work part) wins over a five-year plan's (今后五年/
“十三五”时期…主要目标是：, or a list opening on 到2020年 or 年均), which is
never taken, even when it comes first; a cue followed by a comma that only
mentions targets (超额完成了2005年预期目标，) is not taken either. The cue
words and the time words are data (data/targets.toml).

>>> text = "二、2023年工作安排\\n主要预期目标是：地区生产总值增长6%左右；居民收入增长和经济增长基本同步。"
>>> from .statements import extract_statements
>>> [(t.indicator, t.statement and t.statement.value) for t in find_main_targets(text, (), extract_statements(text))]
[('地区生产总值', 6.0), ('居民收入增长和经济增长基本同步', None)]
"""

from __future__ import annotations

import bisect
import re
import tomllib
from functools import cache
from importlib import resources

from .indicators import Indicator, canonical_of
from .model import MainTarget, Measure, OutlineNode, PartKind, Report, Role, Statement
from .outline import locate
from .patterns import alternation

_CLAUSE = re.compile(r"[^，,；;。\n]+")
# A clause that sets a target in words: 基本同步, 基本平衡, 完成国家下达的任务.
_WORDED_TARGET = re.compile(r"同步|基本平衡|完成(?:国家|省|市)?下达|保持稳定|总体稳定|持续改善|稳中有(?:升|降)|明显改善|进一步(?:提高|下降)")
# After the first sentence the list goes on while sentences still state targets
# (a number or a worded target) and do not turn to explaining them.
_EXPLANATION = re.compile(r"这里|这是|这些|这个|上述|提出|实现这|需要说明|主要是|综合考虑|为此|各位")
_TARGET_WORDS = re.compile(r"\d|[％%]|同步|平衡")
# The clause after a cue and its comma states a target: 定为百分之八至九.
_STATES_TARGET = re.compile(r"\d|[％%]|百分之")
_SENTENCE_STOP = re.compile(r"。|\n\s*\n")
# A rate over several years, not the plan year's: 年均增长7%, “十五”期间…, 平均每年
# (not PM2.5年均浓度: the plan year's own average).
_AVERAGE = re.compile(r"年均(?!浓度)|平均每年|每年平均|平均增长|期间|五年")
_CLAUSE_START = re.compile(r"[，,；;。：:！？\n]")
_MAX_PASSAGE = 1200
_MAX_CLAUSE = 40
# How far back the words before a cue may say which year its targets are for:
# its sentence (a paragraph often names the five-year plan the year closes).
_SENTENCE_END = re.compile(r"[。！？!?；;\n]")
_CUE_LOOKBACK = 100
# A passage of several years' targets opens on them: 年均增长, 到2025年 (not PM2.5年均浓度).
_SEVERAL_IN_PASSAGE = re.compile(r"年均(?!浓度|值)|平均每年|每年平均|(?:到|至)[12１２][0-9０-９]{3}年")
_PASSAGE_OPENING = 80
_DIGIT = "[0-9０-９]"  # the text as read: full-width digits too
_CN_DIGIT = "〇○零一二两三四五六七八九"


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
    """[start, end) of the passage stating the main targets, or None.

    The cues are searched in the targets parts, then the other plan parts,
    then the whole text; in the first of these areas that has one, the
    first cue of the plan year (its sentence names it: 今年, 2018年,
    开局之年; or it stands in a targets or work part) wins, else the first
    that names no period. A five-year plan's targets (今后五年…主要目标是：,
    “十三五”时期…) are never the plan year's, wherever they stand (a 今后五年
    part often comes before the plan year's), nor is a cue that only
    mentions targets (完成了年初确定的预期目标，).
    """
    for cues in _cues_by_area(text, outline):
        plain = None
        for m, when in cues:
            if when == "year":
                return _passage_from(text, m.end())
            if when == "plain" and plain is None:
                plain = m
        if plain is not None:
            return _passage_from(text, plain.end())
    return None


def _cues_by_area(text: str, outline: tuple[OutlineNode, ...]):
    """For each search area, its cues (each cue once) with what they are for: "year", "plain" (no
    period said), "several" (years) or "mention"."""
    seen = set()
    for areas in _search_areas(text, outline):
        cues = []
        for lo, hi in areas:
            for m in _cue().finditer(text, lo, hi):
                if m.start() not in seen:
                    seen.add(m.start())
                    cues.append((m, _cue_for(text, outline, m)))
        yield cues


def _cue_for(text: str, outline: tuple[OutlineNode, ...], cue: re.Match) -> str:
    when = _cue_time(text, cue)
    if when in ("several", "mention"):
        return when
    if _bare(cue) and not _states_target(text, cue.end()):
        return "mention"  # 2020年主要预期目标，与省委确定的预期指标是一致的
    if when == "year":
        return when
    start, end = _passage_from(text, cue.end())
    if _SEVERAL_IN_PASSAGE.search(text, start, min(end, start + _PASSAGE_OPENING)):
        return "several"  # 发展目标：到2020年，地区生产总值…年均增长7%
    path = locate(outline, cue.start())
    kind = path[0].part_kind if path else None
    if kind in (PartKind.TARGETS, PartKind.WORK):
        return "year"
    if kind is PartKind.FIVE_YEAR:
        # A plan year's passage in a part the outline takes for a five-year one
        # (“十四五”规划收官…主要预期目标：地区生产总值增长5%以上) states figures of its own.
        return "plain" if re.search(_DIGIT, text[start:end]) else "several"
    return when


def _cue_time(text: str, cue: re.Match) -> str:
    """What the words of its sentence before a cue say its targets are for: the last time word decides."""
    start = max(0, cue.start() - _CUE_LOOKBACK)
    for m in _SENTENCE_END.finditer(text, start, cue.start()):
        start = m.end()
    before = text[start : cue.start()]
    if _bare(cue) and _mention().search(_clause_at_end(before)):
        return "mention"  # 超额完成了2005年预期目标，
    when = "plain"
    for m in _time_words().finditer(before):
        when = m.lastgroup
    return when


def _clause_at_end(words: str) -> str:
    start = 0
    for m in _CLAUSE_START.finditer(words):
        start = m.end()
    return words[start:]


def _states_target(text: str, pos: int) -> bool:
    """The clause at `pos` states a target (定为百分之八至九) or opens a list (坚持…定位：)."""
    m = _CLAUSE_START.search(text, pos, pos + _MAX_PASSAGE)
    clause = text[pos : m.start() if m else pos + _MAX_PASSAGE]
    return bool(_STATES_TARGET.search(clause) or (m and m.group() in "：:"))


def _bare(cue: re.Match) -> bool:
    """目标， (not 目标是， or 目标：): a cue that may only mention targets."""
    return cue.group().endswith(("标，", "标,"))


def _passage_from(text: str, cue_end: int) -> tuple[int, int]:
    start = _next_line(text, cue_end)
    end = start
    while end < len(text) and end - start < _MAX_PASSAGE:
        nxt = _next_line(text, end)
        if end > start and (_EXPLANATION.match(text, nxt) or not _TARGET_WORDS.search(_sentence(text, nxt))):
            break
        end = nxt + len(_sentence(text, nxt))
    return start, min(end, start + _MAX_PASSAGE)


@cache
def _vocabulary() -> dict:
    """The cue words and time words (data/targets.toml)."""
    with resources.files(__package__).joinpath("data", "targets.toml").open("rb") as f:
        return tomllib.load(f)


@cache
def _cue() -> re.Pattern:
    """Where a passage of targets starts (data/targets.toml): 主要预期目标是：, **主要目标**：, 发展目标为："""
    v = _vocabulary()
    lead, qualifier, noun = (alternation(v[k]) for k in ("cue_lead", "cue_qualifiers", "cue_nouns"))
    nouns = f"(?:{lead})(?:{qualifier}){{0,2}}(?:{noun})|(?:{qualifier})(?:{noun})|发展的?(?:主要)?(?:{noun})"
    return re.compile(
        rf"(?:{nouns})\**(?:{alternation(v['cue_verbs'])})?\**[：:，,]"
        r"|(?:主要预期目标|主要目标)(?:是|为)"
    )


@cache
def _time_words() -> re.Pattern:
    """Words of several years (group `several`) or of the plan year (`year`)."""
    v = _vocabulary()
    year = f"(?:[12１２]{_DIGIT}{{3}}|[{_CN_DIGIT}]{{4}})"
    several = (
        f"(?:到|至){year}年|{year}\\s*[-—–－~～至到]\\s*(?:{year})?年"  # 到2020年, 2021-2025年
        f"|(?<![{_CN_DIGIT}十0-9０-９])(?:[二两三四五六七八九十]+|[2-9２-９]|1[0-5])年(?!代)"  # 五年, 5年 (not 二〇一八年, 2018年)
        f"|{alternation(v['several_years'])}"
    )
    return re.compile(f"(?P<several>{several})|(?P<year>(?:{year})年|{alternation(v['plan_year'])})")


@cache
def _mention() -> re.Pattern:
    return re.compile(alternation(_vocabulary()["mention"]))


def _sentence(text: str, pos: int) -> str:
    stop = _SENTENCE_STOP.search(text, pos)
    return text[pos : stop.end() if stop else len(text)]


def _search_areas(text: str, outline: tuple[OutlineNode, ...]):
    """The targets parts first, then the other plan parts, then the whole text: lists of spans."""
    for kinds in ({PartKind.TARGETS}, {PartKind.WORK, PartKind.FIVE_YEAR, PartKind.OTHER}):
        yield [(part.start, part.end) for part in outline if part.part_kind in kinds]
    yield [(0, len(text))]


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
    found = [s for s, ind in _plan_year_candidates(report, plan_year)
             if ind.key == key and (measure is None or s.measure is measure)]
    mains = _main_starts(report)
    return next((s for s in found if s.start in mains), found[0] if found else None)


def plan_year_targets(report: Report) -> dict[str, Statement]:
    """The plan year's target of each canonical indicator the report sets one for, in its usual measure.

    The same choice as plan_year_target, one pass for all indicators: the
    usual measure is the catalogue's, else a change for a rate (unit %:
    地区生产总值增长6%, not 达到1300亿元) and a level for the others.

    >>> from luoshi.engine import analyse_text
    >>> text = "二、今年工作\\n地区生产总值达到1300亿元、增长6%左右，城镇新增就业2万人，“十四五”期间年均增长7%。"
    >>> {k: s.num for k, s in plan_year_targets(analyse_text(text)).items()}
    {'gdp': '6%', 'new_urban_jobs': '2万人'}
    """
    mains = _main_starts(report)
    found: dict[str, Statement] = {}
    for s, ind in _plan_year_candidates(report):
        if s.measure is not usual_measure(ind):
            continue
        if ind.key not in found or (s.start in mains and found[ind.key].start not in mains):
            found[ind.key] = s
    return found


def usual_measure(indicator: Indicator) -> Measure:
    """The measure the plan-year target of an indicator is compared in."""
    if indicator.measure is not None:
        return indicator.measure
    return Measure.CHANGE if indicator.unit == "%" else Measure.LEVEL


def is_multi_year(text: str, s: Statement) -> bool:
    """年均增长7%, “十五”期间…, 五年累计: the words of the clause before the number name several years."""
    start = max(0, s.start - 60)
    for m in _CLAUSE_START.finditer(text, start, s.start):
        start = m.end()
    return bool(_AVERAGE.search(text, start, s.start) or _AVERAGE.search(s.indicator))


def _plan_year_candidates(report: Report, plan_year: int | None = None):
    """(statement, its canonical indicator) of each target of the plan year that is not a multi-year figure."""
    year = plan_year if plan_year is not None else report.metadata.plan_year
    for s in report.statements:
        if s.role is not Role.TARGET or (year is not None and s.year not in (None, year)):
            continue
        ind = canonical_of(s)
        if ind is not None and not is_multi_year(report.text, s):
            yield s, ind


def _main_starts(report: Report) -> set[int]:
    return {m.statement.start for m in report.main_targets if m.statement is not None}
