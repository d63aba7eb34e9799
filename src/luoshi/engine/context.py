"""Where a number stands: its part of the report, its sentence, its year.

Role (result or target) comes from the wording of the sentence when it says
(预计, 去年 … against 力争, 确保, 今年 …), then from a sentence earlier in
its paragraph that opens on a time (过去一年，…。国内生产总值增长10.3%),
otherwise from the part of the report the number stands in (the review
reports results, the plan sets targets). Without an outline, the first
heading of a plan part splits the text.

A target recalled as met is a result cue (全面实现年初确定的主要目标，国内
生产总值增长7.8%), and in a review part a target cue counts only in the
number's own clause (…改善计划惠及37.3万学生，…政策惠及32.69万贫困学生).
"""

from __future__ import annotations

import re
from functools import cached_property

from .lexicon import lexicon
from .model import Metadata, OutlineNode, PartKind, Role
from .normalize import Normalized
from .outline import locate
from .patterns import FULL_STOP, SENTENCE_END, alternation

_RESULT_PARTS = frozenset({PartKind.PREAMBLE, PartKind.REVIEW, PartKind.PROBLEMS})
_TARGET_PARTS = frozenset({PartKind.TARGETS, PartKind.WORK, PartKind.CONDUCT, PartKind.FIVE_YEAR, PartKind.CLOSING})
_SENTENCE_LOOKBACK = 160
_PARAGRAPH_LOOKBACK = 600
_COMMA = re.compile(r"[，,；;。！？!?\n]")  # a clause's end: not 、 (今年要续建、新建12条铁路), nor ：(今年全省计划：A)
_QUOTE_REACH = 24

# A heading that opens the plan, for texts without an outline.
_PLAN_HEADING = re.compile(
    r"(?m)^\s*(?:[一二三四五六七八九十]+、|第[一二三四五六七八九十]+部分)?[^\n。]{0,20}"
    r"(?:总体要求|预期目标|主要目标|工作安排|重点工作|主要任务|工作任务|工作建议|工作部署)[^\n。]{0,12}$"
)
_YEAR = re.compile(r"(?:到|至|在)?(20\d\d|19\d\d)年(?!代)")


class Context:
    """Answers questions about positions of one normalised text."""

    def __init__(self, norm: Normalized, outline: tuple[OutlineNode, ...], metadata: Metadata | None):
        self.norm = norm
        self.outline = outline
        self.metadata = metadata or Metadata()
        lex = lexicon()
        not_baseline = "".join(f"(?<!{re.escape(w)})" for w in lex.baseline_before)
        not_recall = "".join(f"(?<!{re.escape(w)})" for w in lex.recall_not_after)
        verbs, clause = alternation(lex.recall_verbs), "[^，,；;。！？]"
        not_list = "(?!是|为|[：:])"  # 年初确定的主要预期目标是：A；B (the year's list, restated)
        self._cue = re.compile(
            f"(?P<recall>{not_recall}(?:{verbs})了{clause}{{0,16}}?目标{not_list}"
            f"|(?:{alternation(lex.recall_set)}){clause}{{0,8}}?目标{not_list})"
            f"|(?P<recall_in_review>{not_recall}(?:{verbs}){clause}{{0,16}}?目标{not_list})"
            f"|(?P<target>{alternation(lex.target_cues)})"
            f"|{not_baseline}(?P<result>{alternation(lex.result_cues)})(?!{alternation(lex.hedge_not_before)})"
        )
        self._list_cue = re.compile(f"(?:{alternation(lex.target_list_cues)})\\**[^，,；;。！？]{{0,4}}?(?:是|为|[：:])")
        self._opener = re.compile(
            f"(?<![^。！？!?\\n])[\\s\u3000]*"
            f"(?:(?P<result>{alternation(lex.result_openers)})|(?P<target>{alternation(lex.target_openers)}))"
        )
        not_after = "".join(f"(?<!{re.escape(w)})" for w in lex.hedge_not_after)
        self._hedge = re.compile(f"{not_after}(?:{alternation(lex.hedges)})(?!{alternation(lex.hedge_not_before)})")

    @cached_property
    def _plan_start(self) -> int | None:
        m = _PLAN_HEADING.search(self.norm.original)
        return m.start() if m else None

    def sentence_before(self, pos: int, end=SENTENCE_END) -> str:
        """The words before `pos` back to the last `end` mark (a clause end by default)."""
        t = self.norm.text
        window = t[max(0, pos - _SENTENCE_LOOKBACK) : pos]
        cut = 0
        for m in end.finditer(window):
            cut = m.end()
        return window[cut:]

    def part_kind(self, orig_pos: int) -> PartKind | None:
        path = locate(self.outline, orig_pos)
        return path[0].part_kind if path else None

    def role_and_hedge(self, pos: int, orig_pos: int) -> tuple[Role, str | None]:
        sentence = self.sentence_before(pos)
        hedges = self._hedge.findall(sentence)
        hedge = hedges[-1] if hedges else None
        place = self._role_by_place(orig_pos)
        in_review = self.part_kind(orig_pos) in _RESULT_PARTS
        own_clause = len(sentence) - len(self.sentence_before(pos, _COMMA))
        cue, cue_end = None, -1
        for m in self._cue.finditer(sentence):
            if m.lastgroup == "recall_in_review":
                role = Role.RESULT if place is Role.RESULT else Role.TARGET  # 完成国家下达的节能减排目标 in a plan
            else:
                role = Role.TARGET if m.lastgroup == "target" else Role.RESULT
            if role is Role.TARGET and in_review and m.start() < own_clause:
                continue  # the review: 提出…目标，国内生产总值增长7.8% (a target cue of another clause)
            cue, cue_end = role, m.end()
        if cue is None and self._list_cue.search(self.sentence_before(pos, FULL_STOP)):
            cue = Role.TARGET  # 主要预期目标是：A；B；C。
        year_cue = self._year_cue(sentence, cue_end)
        if year_cue is not None:
            cue = year_cue
        if hedge == "预计":
            return Role.RESULT, hedge
        if hedge is not None:
            return Role.TARGET, hedge
        if cue is not None:
            return cue, None
        return self._paragraph_opener(pos) or place, None

    def _paragraph_opener(self, pos: int) -> Role | None:
        """RESULT when a sentence earlier in the paragraph opens on 过去一年 (…。国内生产总值增长10.3%) and
        no later one on 今年."""
        t = self.norm.text
        window = max(0, pos - _PARAGRAPH_LOOKBACK)
        start = max(window, t.rfind("\n", window, pos) + 1)
        stop = pos - len(self.sentence_before(pos, FULL_STOP))
        role = None
        for m in self._opener.finditer(t, start, stop):
            role = Role.RESULT if m.lastgroup == "result" else None  # 今年… ends its reach (今年以来 too: no target)
        return role

    def _year_cue(self, sentence: str, after: int) -> Role | None:
        """A year named after the last word cue: before the plan year it is a result (2007年的37.6%)."""
        plan = self.metadata.plan_year
        if plan is None:
            return None
        role = None
        for m in _YEAR.finditer(sentence, max(after, 0)):
            year = int(m.group(1))
            role = Role.TARGET if year >= plan else Role.RESULT
        return role

    def _role_by_place(self, orig_pos: int) -> Role:
        kind = self.part_kind(orig_pos)
        if kind in _TARGET_PARTS:
            return Role.TARGET
        if kind in _RESULT_PARTS:
            return Role.RESULT
        start = self._plan_start
        return Role.TARGET if start is not None and orig_pos >= start else Role.RESULT

    def year_for(self, role: Role, pos: int) -> int | None:
        years = _YEAR.findall(self.sentence_before(pos))
        if years:
            return int(years[-1])
        return self.metadata.plan_year if role is Role.TARGET else self.metadata.report_year

    def quote(self, start: int, end: int) -> str:
        """The clause around a number, from the text as read."""
        t = self.norm.text
        s = max(0, start - _QUOTE_REACH)
        for m in SENTENCE_END.finditer(t, s, start):
            s = m.end()
        e = min(len(t), end + _QUOTE_REACH)
        m = SENTENCE_END.search(t, end, e)
        if m:
            e = m.start() + 1
        a, b = self.norm.span(s, e)
        return self.norm.original[a:b].strip()

    def path(self, orig_pos: int) -> tuple[str, ...]:
        return tuple(node.heading for node in locate(self.outline, orig_pos) if node.heading)
