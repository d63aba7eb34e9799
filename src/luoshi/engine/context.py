"""Where a number stands: its part of the report, its sentence, its year.

Role (result or target) comes from the wording of the sentence when it says
(预计, 去年 … against 力争, 确保, 今年 …), otherwise from the part of the
report the number stands in (the review reports results, the plan sets
targets). Without an outline, the first heading of a plan part splits the text.
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
        self._cue = re.compile(
            f"(?P<target>{alternation(lex.target_cues)})"
            f"|{not_baseline}(?P<result>{alternation(lex.result_cues)})(?!{alternation(lex.hedge_not_before)})"
        )
        self._list_cue = re.compile(alternation(lex.target_list_cues))
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
        hedges = self._hedge.findall(self.sentence_before(pos))
        hedge = hedges[-1] if hedges else None
        sentence = self.sentence_before(pos)
        cue, cue_end = None, -1
        for m in self._cue.finditer(sentence):
            cue, cue_end = (Role.TARGET if m.lastgroup == "target" else Role.RESULT), m.end()
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
        return self._role_by_place(orig_pos), None

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
