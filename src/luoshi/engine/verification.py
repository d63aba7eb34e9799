"""Year-end verification: each target of a plan report against the result the next year's report gives.

The targets are the plan report's main targets (主要预期目标) and the
quantified targets of its tasks (statements of role target for the plan
year; the starting level of 由A提高到B is not one). The results are the next
report's statements about the plan year: of role result in its review part,
or anywhere when the sentence names the year (去年, 2017年); a statement the
review dates to the plan year but the role cue took for a target
(全面实现年初确定的主要目标，国内生产总值增长7.8%) is a result too, after the others.

**Which year a result speaks of.** The cue nearest before the number in its
paragraph decides (data/verification.toml [period]): 去年, 过去一年, 2017年 →
the plan year; 五年来, 年均, 累计, another year (2016年) → not the plan year,
never paired; 比去年 is a base, not a cue. A cue that opens a passage
(五年来，…) holds to the end of its paragraph, any other to the end of its
sentence (近三年淘汰落后产能…。). A result with no cue is the plan year's in a
one-year review (2017年工作回顾), not in a review of several years
(过去五年工作回顾).

**Pairing.** A result reports on a target when both have the same unit, the
same indicator and the same measure (change or level). Same indicator: the
same canonical indicator (luoshi.engine.indicators) when both have one —
two different canonical indicators never pair, whatever their units;
otherwise the same words once report filler is off ([words]: 今年要再压减钢铁
产能 → 钢铁产能), or, when the catalogue knows neither, one ending the other
with at least `min_shared` characters (钢铁产能, 退出钢铁产能), and no clash of
qualifiers (城镇/农村, 钢铁/煤炭); a target that is only a verb (今年新开工700万套)
pairs with a result of that verb whose object its clause names (新开工保障性安居
工程). Same unit, or units that count the same things (家, 户). Same measure, or the catalogue's usual
measure (涨幅回落到2.6% is a price rise), or a level counting a change
(再减少农村贫困人口1000万人 against 减少1232万人). Among several results the
best is: canonical before words, equal words before ending ones, a result
before a target-worded one, one the sentence dates to the plan year, the one
whose sentence shares most words with the task, the first in the text.

**Verdict of a number**: luoshi.engine.verdicts (bounds on the side the
report wants, the tolerance of 左右 and of soft hedges, `partly` when close).

**Results in words.** With no number, a sentence of the plan year's review
(to 。 or ；) that names the target's indicator (its words, or a name of its
canonical indicator) decides, by what it says within `reach` characters
after the name ([worded]): 完成, 超额完成 → met; 基本完成, 基本实现 → partly;
未完成, 未能实现 → not_met; for a ceiling target also 保持较低水平, 多年来最低
→ met. An energy or emission target with neither takes the verdict of a
sentence on all 约束性指标 (各项约束性指标超额完成).

**Targets in words** (MainTarget without a statement). 居民收入和经济增长同步
is met when the first growth is at least the second's minus the tolerance,
partly when within one more ([sync]). A state (国际收支基本平衡) or a task
(完成国家下达的节能减排任务) is judged from a sentence as above, which may also
restate the state or say 实现, 保持. Otherwise it is `not_reported`; a
number found for its canonical indicator is shown, but a target without a
number cannot be judged from a number, so it stays `not_reported` and the
reason says to check by hand.

`not_reported`: nothing of the plan year on the target's indicator. For a
main target the reason quotes what the review says of all main targets
together (主要目标任务全面完成), which never decides a verdict.

>>> from luoshi.engine import analyse_text
>>> plan = analyse_text("各位代表：\\n一、2016年工作回顾\\n国内生产总值增长6.7%。\\n二、2017年工作总体部署\\n"
...                     "今年主要预期目标是：国内生产总值增长6.5%左右。")
>>> result = analyse_text("各位代表：\\n一、2017年工作回顾\\n国内生产总值增长6.9%。\\n二、2018年工作总体部署\\n"
...                       "今年主要预期目标是：国内生产总值增长6.5%左右。")
>>> [(v.verdict.value, v.reason) for v in verify(plan, result).items]
[('met', '目标增长6.5%左右，实际增长6.9%，达到目标')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache

from .indicators import Indicator, canonical_of, indicators, match_indicator
from .model import MainTarget, Measure, PartKind, Report, Role, Statement
from .outline import locate
from .patterns import alternation
from .verdicts import (
    VERDICT_LABELS,
    Tolerance,
    Verdict,
    default_tolerance,
    judge,
    judge_sync,
    verification_data,
    with_tolerance,
)

__all__ = ["VERDICT_LABELS", "Evidence", "Target", "Tolerance", "Verdict", "Verification", "YearEnd", "judge",
           "targets_of", "verdict_for", "verify", "with_tolerance"]


@dataclass(frozen=True)
class Target:
    """A target of the plan report: a main target or a task's quantified target."""

    kind: str  # "main" or "task"
    indicator: str  # as written
    start: int  # span in the plan report's text: the number, or the words of a target in words
    end: int
    quote: str  # the clause, for people
    statement: Statement | None  # None for a target in words (国际收支基本平衡)
    task: str = ""  # the task's title (task targets)
    key: str | None = None  # the canonical indicator


@dataclass(frozen=True)
class Evidence:
    """The words of the result report a verdict rests on (the result's clause, or a sentence in words)."""

    start: int
    end: int
    quote: str


@dataclass(frozen=True)
class Verification:
    target: Target
    result: Statement | None  # the result statement paired, or None
    verdict: Verdict
    reason: str  # for people, in Chinese
    evidence: Evidence | None = None  # what of the result report is quoted (None: nothing)
    basis: str = ""  # how it was paired: "indicator:gdp", "words", "worded", "binding", "sync"


@dataclass(frozen=True)
class YearEnd:
    """The verifications of a pair of reports."""

    year: int | None  # the plan year checked
    plan_doc: str
    result_doc: str
    items: tuple[Verification, ...]
    notes: tuple[str, ...] = ()  # what a person should know: no year found, reports not consecutive

    def counts(self) -> dict[Verdict, int]:
        return {v: sum(1 for i in self.items if i.verdict is v) for v in Verdict}


# ---------------------------------------------------------------- rules (data)


@dataclass(frozen=True)
class _Rules:
    ceiling_keys: frozenset[str]
    ceiling_words: tuple[str, ...]
    period_cue: re.Pattern
    multi_year_review: re.Pattern
    from_words: tuple[str, ...]
    to_verbs: tuple[str, ...]
    fillers_front: tuple[str, ...]
    verbs_front: tuple[str, ...]
    fillers_end: tuple[str, ...]
    qualifiers: tuple[str, ...]
    min_shared: int
    same_units: dict[str, str]  # unit → the unit it counts the same as
    count_verbs: tuple[str, ...]
    worded: tuple[tuple[Verdict, re.Pattern], ...]  # tried in order: not_met, partly, met
    reach: int
    ceiling_met: re.Pattern
    met_states: re.Pattern
    states: tuple[str, ...]
    blanket: re.Pattern
    binding_claim: re.Pattern
    binding_words: tuple[str, ...]
    sync: re.Pattern
    sync_joiners: re.Pattern
    sync_fillers: tuple[str, ...]
    sync_keys: dict[str, tuple[str, ...]]


def _longest_first(words) -> tuple[str, ...]:
    return tuple(sorted(dict.fromkeys(words), key=lambda w: (-len(w), w)))


@cache
def rules() -> _Rules:
    """The rules of data/verification.toml, read once."""
    data = verification_data()
    period, words, worded, sync = data["period"], data["words"], data["worded"], data["sync"]
    baseline = "".join(f"(?<!{re.escape(w)})" for w in period["baseline"])
    cue = (f"{baseline}(?:(?P<year>{alternation(period['year'])})|(?P<digits>(?:19|20)\\d\\d)年(?!代)"
           f"|(?P<multi>{alternation(period['multi'])}))")
    return _Rules(
        ceiling_keys=frozenset(data["direction"]["ceiling_keys"]),
        ceiling_words=tuple(data["direction"]["ceiling_words"]),
        period_cue=re.compile(cue),
        multi_year_review=re.compile(alternation(period["multi_year_review"])),
        from_words=tuple(data["targets"]["from_words"]),
        to_verbs=tuple(data["targets"]["to_verbs"]),
        fillers_front=_longest_first(words["fillers_front"]),
        verbs_front=_longest_first(words["verbs_front"]),
        fillers_end=_longest_first(words["fillers_end"]),
        qualifiers=tuple(words["qualifiers"]),
        min_shared=int(words["min_shared"]),
        same_units={u: group[0] for group in words["same_units"] for u in group},
        count_verbs=tuple(words["count_verbs"]),
        worded=tuple((v, re.compile(alternation(worded[k]))) for v, k in (
            (Verdict.NOT_MET, "not_met"), (Verdict.PARTLY, "partly"), (Verdict.MET, "met"))),
        reach=int(worded["reach"]),
        ceiling_met=re.compile(alternation(worded["ceiling_met"])),
        met_states=re.compile(alternation(worded["met_states"])),
        states=_longest_first(worded["states"]),
        blanket=re.compile(alternation(worded["blanket"])),
        binding_claim=re.compile(alternation(worded["binding_claim"])),
        binding_words=tuple(worded["binding_words"]),
        sync=re.compile(alternation(sync["words"])),
        sync_joiners=re.compile(alternation(sync["joiners"])),
        sync_fillers=_longest_first(sync["fillers"]),
        sync_keys={word: tuple(keys) for word, keys in sync["keys"].items()},
    )


@cache
def _catalogue() -> dict[str, Indicator]:
    return {i.key: i for i in indicators()}


# ---------------------------------------------------------------- the whole check


def verify(plan: Report, result: Report, tolerance: Tolerance | None = None, year: int | None = None) -> YearEnd:
    """Verify every target of `plan` against `result`, the next year's report.

    `year` is the plan year; by default the plan report's, else the year the result report reviews.
    """
    tol = tolerance or default_tolerance()
    year, notes = _plan_year(plan, result, year)
    scope = _Scope(result, year)
    items = tuple(_verify_one(t, scope, tol) for t in targets_of(plan, year))
    return YearEnd(year, plan.doc, result.doc, items, notes)


def verdict_for(target: Statement, result: Statement, tolerance: Tolerance | None = None) -> tuple[Verdict, str]:
    """The verdict and reason for a target statement and the result statement a person paired with it.

    >>> from .statements import extract_statements
    >>> t = extract_statements("今年主要预期目标是：居民消费价格涨幅3%左右。")[0]
    >>> verdict_for(t, extract_statements("去年居民消费价格上涨2%。")[0])
    (<Verdict.MET: 'met'>, '目标涨幅3%左右，实际涨幅2%，控制在目标以内')
    """
    t = Target("main", target.indicator, target.start, target.end, target.quote, target, key=_key(target))
    return judge(target, result, tolerance or default_tolerance(), ceiling=_is_ceiling(t))


def _plan_year(plan: Report, result: Report, year: int | None) -> tuple[int | None, tuple[str, ...]]:
    if year is not None:
        return year, ()
    planned, reviewed = plan.metadata.plan_year, result.metadata.report_year
    if reviewed is None and result.metadata.plan_year is not None:
        reviewed = result.metadata.plan_year - 1
    if planned is not None and reviewed is not None and planned != reviewed:
        return planned, (f"计划报告安排的是{planned}年，结果报告回顾的是{reviewed}年：两份报告不是相邻年份的，"
                         "核验结果可能不准。",)
    if planned is None and reviewed is None:
        return None, ("两份报告都看不出年份：按回顾部分的全部结果核验（可用 --year 指定计划年份）。",)
    return planned or reviewed, ()


def targets_of(plan: Report, year: int | None = None) -> tuple[Target, ...]:
    """The main targets, then the tasks' quantified targets of the plan year, in text order."""
    r = rules()
    out = [_main_target(m) for m in plan.main_targets]
    taken = {m.statement.start for m in plan.main_targets if m.statement is not None}
    for task in plan.tasks:
        for s in task.statements:
            if s.role is not Role.TARGET or s.start in taken or _starting_level(plan.text, s, r):
                continue
            if year is not None and s.year is not None and s.year != year:
                continue  # 到2020年: a later year's target
            taken.add(s.start)
            out.append(Target("task", s.indicator, s.start, s.end, s.quote, s, task.title, _key(s)))
    return tuple(out)


def _starting_level(text: str, s: Statement, r: _Rules) -> bool:
    """由每人每年420元提高到450元: 420元 is where it starts."""
    return any(w in text[max(0, s.start - 8) : s.start] for w in r.from_words) and text.startswith(r.to_verbs, s.end)


def _main_target(m: MainTarget) -> Target:
    s = m.statement
    if s is not None:
        return Target("main", m.indicator, s.start, s.end, m.text, s, key=_key(s))
    found = match_indicator(m.indicator)
    return Target("main", m.indicator, m.start, m.end, m.text, None, key=found.key if found else None)


def _key(s: Statement) -> str | None:
    """The canonical indicator, also of the indicator with the report's filler off (今年能源消耗强度要)."""
    found = canonical_of(s)
    if found is None:
        core = _core(s.indicator)
        found = canonical_of(replace(s, indicator=core)) if core and core != s.indicator else None
    return found.key if found else None


# ---------------------------------------------------------------- what the result report says of the plan year


@dataclass(frozen=True)
class _Candidate:
    statement: Statement
    dated: bool  # the sentence itself dates it to the plan year (去年, 2017年)
    key: str | None
    core: str
    context: str  # its clause and headings, for matching a task's subject
    is_result: bool = True  # False: worded as a target, but dated to the plan year in the review
    name: str = ""  # its indicator, or the one it takes from the statement before (比上年增长7.4%)


@dataclass(frozen=True)
class _Sentence:
    start: int
    end: int
    text: str


_SENTENCE = re.compile(r"[^。；;！？!?\n]+")
_SENTENCE_BREAK = re.compile(r"[。；;！？!?\n]")


class _Scope:
    """The result report's statements about the plan year, and its sentences (which speak of it: `of_the_year`)."""

    def __init__(self, report: Report, year: int | None):
        self.report, self.year = report, year
        self.candidates = self._candidates()
        self.sentences = self._sentences()

    def _candidates(self) -> tuple[_Candidate, ...]:
        out, previous = [], None
        for s in self.report.statements:
            named, previous = _inherit(self.report.text, s, previous), s
            period, in_review = self.period(s.start)
            if s.role is Role.RESULT:
                if not (period == "year" or (period == "default" and in_review)):
                    continue
            elif not (period == "year" and in_review and s.hedge is None):
                continue  # 全面实现年初确定的主要目标，国内生产总值增长7.8%: a result the role cue took for a target
            out.append(_Candidate(s, period == "year", _key(named), _core(named.indicator), s.quote + "".join(s.path),
                                  s.role is Role.RESULT, named.indicator))
        return tuple(out)

    def _sentences(self) -> tuple[_Sentence, ...]:
        out = []
        for m in _SENTENCE.finditer(self.report.text):
            words = m.group().strip()
            if len(words) >= 4:
                start = m.start() + len(m.group()) - len(m.group().lstrip())
                out.append(_Sentence(start, start + len(words), words))
        return tuple(out)

    def of_the_year(self, pos: int) -> bool:
        """Whether the words at `pos` speak of the plan year."""
        period, in_review = self.period(pos)
        return period == "year" or (period == "default" and in_review)

    def period(self, pos: int) -> tuple[str, bool]:
        """("year" | "other" | "default", in the review part) for a position of the result report."""
        r, text = rules(), self.report.text
        path = locate(self.report.outline, pos)
        part = path[0] if path else None
        in_review = part is not None and part.part_kind is PartKind.REVIEW
        multi_year = in_review and bool(r.multi_year_review.search(part.heading))
        cue = None
        for m in r.period_cue.finditer(text, text.rfind("\n", 0, pos) + 1, pos):
            if _reaches(text, m, pos):
                cue = m
        if cue is None:
            return "default", in_review and not multi_year
        if cue.lastgroup == "digits":
            return ("year" if self.year is None or int(cue.group("digits")) == self.year else "other"), in_review
        return ("year" if cue.lastgroup == "year" else "other"), in_review


def _reaches(text: str, cue: re.Match, pos: int) -> bool:
    """A cue that opens a passage (五年来，2012年，) reaches to the end of its paragraph; any other only to the end
    of its sentence (近三年淘汰落后产能…。狠抓节能减排…: the second sentence is the plan year's)."""
    return text.startswith(_TOPIC_MARKS, cue.end()) or not _SENTENCE_BREAK.search(text, cue.end(), pos)


_TOPIC_MARKS = ("，", ",", "：", ":")


def _inherit(text: str, s: Statement, previous: Statement | None) -> Statement:
    """达到56.9万亿元，比上年增长7.7%: a statement whose indicator is only filler takes the one before it."""
    if _core(s.indicator) or previous is None or _SENTENCE_BREAK.search(text, previous.end, s.start):
        return s
    return replace(s, indicator=previous.indicator)


# ---------------------------------------------------------------- numeric targets


def _verify_one(t: Target, scope: _Scope, tol: Tolerance) -> Verification:
    if t.statement is None:
        return _verify_worded(t, scope, tol)
    best = _best(t, scope.candidates)
    if best is not None:
        c, basis = best
        verdict, reason = judge(t.statement, c.statement, tol, ceiling=_is_ceiling(t))
        return Verification(t, c.statement, verdict, reason, _evidence(c.statement), basis)
    found = _in_words(_subjects(t), scope, ceiling=_is_ceiling(t))
    if found is not None:
        verdict, evidence = found
        return Verification(t, None, verdict, f"结果报告用文字说明：“{evidence.quote}”", evidence, "worded")
    found = _binding(t, scope)
    if found is not None:
        verdict, evidence = found
        return Verification(t, None, verdict, f"结果报告对约束性指标总体说明：“{evidence.quote}”", evidence, "binding")
    return Verification(t, None, Verdict.NOT_REPORTED, "下一年报告没有报告这一指标的结果" + _blanket_note(t, scope))


def _best(t: Target, candidates: tuple[_Candidate, ...]) -> tuple[_Candidate, str] | None:
    s = t.statement
    core = _core(t.indicator)
    subject = _bigrams(t.task + t.quote) if t.kind == "task" else set()
    ranked = []
    for c in candidates:
        if not _same_unit(c.statement.unit, s.unit):
            continue
        strength, basis = _same_indicator(t.key, core, c.key, c.core)
        if not strength and core in rules().verbs_front:
            strength, basis = _verb_with_object(core, t, c.statement.indicator), "words"
        if not strength or not _same_measure(s, c.statement, t.key, c.key):
            continue
        overlap = len(subject & _bigrams(c.context)) if subject else 0
        ranked.append(((strength, c.is_result, c.dated, overlap, -c.statement.start), c, basis))
    if not ranked:
        return None
    _, c, basis = max(ranked, key=lambda x: x[0])
    return c, basis


def _same_indicator(key: str | None, core: str, other_key: str | None, other_core: str) -> tuple[int, str]:
    """(strength, basis): 3 the same canonical indicator, 2 the same words, 1 one's words end the other's, 0 not."""
    if key is not None and other_key is not None:
        return (3, f"indicator:{key}") if key == other_key else (0, "")
    if len(core) < 2 or len(other_core) < 2 or _clash(core, other_core):
        return 0, ""
    if core == other_core:
        return 2, "words"
    if key is not None or other_key is not None:
        return 0, ""  # 国内生产总值 inside 单位国内生产总值能耗: the catalogue knows one, the other is something else
    short, long_ = sorted((core, other_core), key=len)
    if len(short) >= rules().min_shared and long_.endswith(short):
        return 1, "words"  # 钢铁产能 and 退出钢铁产能: the head noun ends the phrase
    return 0, ""


def _verb_with_object(verb: str, t: Target, indicator: str) -> int:
    """加大保障性安居工程建设力度，今年新开工700万套 against 新开工保障性安居工程740万套: a target that is only a verb
    pairs with a result of the same verb whose object the target's clause or task names."""
    kept = _strip(re.sub(r"[的\s\u200b\u3000“”]", "", indicator), rules().fillers_front, rules().fillers_end)
    obj = kept[len(verb):]
    return int(kept.startswith(verb) and len(obj) >= rules().min_shared and (obj in t.quote or obj in t.task))


def _same_unit(a: str, b: str) -> bool:
    same = rules().same_units
    return a == b or same.get(a, a) == same.get(b, b)


def _same_measure(target: Statement, result: Statement, key: str | None, other_key: str | None) -> bool:
    if target.measure is result.measure:
        return True
    if key is not None and key == other_key and _catalogue()[key].measure is target.measure:
        return True  # 涨幅回落到2.6% reads as a level, but the catalogue says a price rise is a change
    level = target if target.measure is Measure.LEVEL else result
    return target.unit != "%" and any(w in level.indicator for w in rules().count_verbs)


def _clash(a: str, b: str) -> bool:
    """Both name qualifiers, and not the same ones: 城镇居民 against 农村居民."""
    qa = {q for q in rules().qualifiers if q in a}
    qb = {q for q in rules().qualifiers if q in b}
    return bool(qa and qb and qa != qb)


def _core(indicator: str) -> str:
    """The indicator's own words: report filler off both ends, then verbs off the front while words remain.

    >>> _core("今年要再压减钢铁产能"), _core("今年新开工"), _core("比上年")
    ('钢铁产能', '新开工', '')
    """
    r = rules()
    core = re.sub(r"[的\s\u200b\u3000“”]", "", indicator)
    core = _strip(core, r.fillers_front, r.fillers_end)
    while True:
        verb = next((v for v in r.verbs_front if core.startswith(v) and len(core) > len(v)), None)
        if verb is None:
            return core
        rest = _strip(core[len(verb):], r.fillers_front, r.fillers_end)
        if not rest:
            return core
        core = rest


def _strip(core: str, front: tuple[str, ...], end: tuple[str, ...]) -> str:
    changed = True
    while changed and core:
        changed = False
        for p in front:
            if core.startswith(p):
                core, changed = core[len(p):], True
                break
        for s in end:
            if core.endswith(s):
                core, changed = core[: -len(s)], True
                break
    return core


def _bigrams(text: str) -> set[str]:
    text = re.sub(r"[^\u4e00-\u9fff]", "", text)
    return {text[i : i + 2] for i in range(len(text) - 1)}


def _evidence(s: Statement) -> Evidence:
    return Evidence(s.start, s.end, s.quote)


def _is_ceiling(t: Target) -> bool:
    r = rules()
    return (t.key is not None and t.key in r.ceiling_keys) or any(w in t.indicator for w in r.ceiling_words)


# ---------------------------------------------------------------- results in words


def _subjects(t: Target) -> tuple[str, ...]:
    """The names a sentence may give the target's indicator: its own words, its canonical names."""
    names = [_core(t.indicator)]
    if t.key is not None:
        names += _catalogue()[t.key].synonyms
    verbs = rules().verbs_front
    return tuple(n for n in dict.fromkeys(names) if len(n) >= 2 and n not in verbs)


def _in_words(subjects: tuple[str, ...], scope: _Scope, ceiling: bool = False, state: str = "",
              states: bool = False) -> tuple[Verdict, Evidence] | None:
    """The verdict a sentence naming one of `subjects` gives in words, within `reach` characters after the name.

    A target in words (`states`) is also met by a sentence restating its `state`
    (国际收支基本平衡) or saying 实现, 保持 after its name.
    """
    r = rules()
    for sentence in scope.sentences:
        for subject in subjects:
            at = sentence.text.find(subject)
            if at < 0 or not scope.of_the_year(sentence.start + at):
                continue
            after, until = at + len(subject), at + len(subject) + r.reach
            evidence = Evidence(sentence.start, sentence.end, sentence.text)
            if state and state in sentence.text[at:until]:
                return Verdict.MET, evidence
            for verdict, words in r.worded:
                if words.search(sentence.text, after, until):
                    return verdict, evidence
            if (ceiling and r.ceiling_met.search(sentence.text, after, until)) or (
                    states and r.met_states.search(sentence.text, after, until)):
                return Verdict.MET, evidence
    return None


def _binding(t: Target, scope: _Scope) -> tuple[Verdict, Evidence] | None:
    """各项约束性指标超额完成: the verdict of every energy and emission target the review gives no figure for."""
    r = rules()
    if not any(w in t.indicator for w in r.binding_words):
        return None
    for sentence in scope.sentences:
        m = r.binding_claim.search(sentence.text)
        if m and scope.of_the_year(sentence.start + m.start()):
            for verdict, words in r.worded:
                if words.search(sentence.text, m.end(), m.end() + r.reach):
                    return verdict, Evidence(sentence.start, sentence.end, sentence.text)
    return None


def _blanket_note(t: Target, scope: _Scope) -> str:
    """For a main target: what the review says of all main targets at once (主要目标任务全面完成), if anything."""
    if t.kind != "main":
        return ""
    r = rules()
    for sentence in scope.sentences:
        m = r.blanket.search(sentence.text)
        if m and scope.of_the_year(sentence.start + m.start()) and any(words.search(sentence.text, m.end(), m.end() + r.reach) for _, words in r.worded):
            return f"；报告只总体说“{sentence.text}”"
    return ""


# ---------------------------------------------------------------- targets in words


def _verify_worded(t: Target, scope: _Scope, tol: Tolerance) -> Verification:
    r = rules()
    sync = r.sync.search(t.indicator)
    if sync:
        found = _verify_sync(t, t.indicator[: sync.start()], scope, tol)
        if found is not None:
            return found
    subject, state = _subject_and_state(t.indicator)
    subjects = tuple(dict.fromkeys(s for s in (subject, *_subjects(t)[1:]) if len(s) >= 2))
    found = _in_words(subjects, scope, state=state, states=True)
    if found is not None:
        verdict, evidence = found
        return Verification(t, None, verdict, f"目标“{t.indicator}”，结果报告说：“{evidence.quote}”", evidence, "worded")
    numbers = [c for c in scope.candidates if t.key is not None and c.key == t.key]
    if numbers:
        s = numbers[0].statement
        return Verification(t, s, Verdict.NOT_REPORTED,
                            f"目标没有数值（“{t.indicator}”），结果报告有“{s.quote}”，请人工核对",
                            _evidence(s), f"indicator:{t.key}")
    return Verification(t, None, Verdict.NOT_REPORTED,
                        f"目标没有数值（“{t.indicator}”），下一年报告没有说明完成情况" + _blanket_note(t, scope))


def _subject_and_state(indicator: str) -> tuple[str, str]:
    """国际收支基本平衡 → (国际收支, 基本平衡); 完成国家下达的节能减排任务 → (节能减排, "")."""
    for state in rules().states:
        i = indicator.find(state)
        if i > 0:
            return _core(indicator[:i]), state
    return _core(re.sub(r"(?:国家|省|市|上级)?下达的?", "", indicator)), ""


def _verify_sync(t: Target, words: str, scope: _Scope, tol: Tolerance) -> Verification | None:
    """居民收入和经济增长同步: the first growth keeps pace with the second."""
    parts = [p for p in rules().sync_joiners.split(words, maxsplit=1) if p]
    if len(parts) != 2:
        return None
    first, second = (_growth_result(p, scope.candidates) for p in parts)
    if first is None or second is None:
        return None
    verdict, said = judge_sync(replace(first.statement, indicator=first.name),
                               replace(second.statement, indicator=second.name), tol)
    return Verification(t, first.statement, verdict, f"目标“{t.indicator}”，{said}", _evidence(first.statement), "sync")


def _growth_result(words: str, candidates: tuple[_Candidate, ...]) -> _Candidate | None:
    """The growth rate the review gives for one side of a 同步 target (居民收入实际增长, 经济发展)."""
    r = rules()
    name = _strip(words, r.sync_fillers, r.sync_fillers)
    keys = {k for word, ks in r.sync_keys.items() if word in name for k in ks}
    found = match_indicator(name)
    if found is not None:
        keys.add(found.key)
    core = _core(name)
    ranked = []
    for c in candidates:
        s = c.statement
        if s.measure is not Measure.CHANGE or s.unit != "%":
            continue
        if (c.key is not None and c.key in keys) or (len(core) >= 2 and c.core == core):
            ranked.append(((c.is_result, c.dated, -s.start), c))
    return max(ranked, key=lambda x: x[0])[1] if ranked else None
