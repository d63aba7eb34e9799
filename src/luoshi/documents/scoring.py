"""考核: the departments that have tasks, ranked by a score whose rules are data (data/scoring.toml).

状态得分 is the weighted mean of the points of a department's tasks, each by its schedule state (a task it
leads weighs more than one it co-operates on); the score is that, less a deduction for each late report, each
missing report (未报送) and each chase (催办) of the period, and never below the minimum. Equal scores share a
rank (1, 2, 2, 4).

>>> rules = load_rules()
>>> rules.points["done"], rules.lead, rules.cooperate, rules.late_report, rules.missing_report, rules.chase
(100.0, 1.0, 0.5, 2.0, 5.0, 1.0)
>>> s = score({"done": 1.0, "behind": 1.0}, late=1, missing=0, chases=2, rules=rules)
>>> s.state_score, s.deductions, s.score
(80.0, 4.0, 76.0)
"""

from __future__ import annotations

import os
import tomllib
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

STATES = ("done", "ahead", "on_track", "behind", "overdue")  # = the values of tracking.choices.Schedule
DEDUCTIONS = ("late_report", "missing_report", "chase")
WEIGHTS = ("lead", "cooperate")
SETTING = "LUOSHI_SCORING_RULES"


class RulesError(ValueError):
    """A scoring rules file that cannot be used (the message names the file and the key)."""


@dataclass(frozen=True)
class Rules:
    points: Mapping[str, float]
    lead: float
    cooperate: float
    late_report: float
    missing_report: float
    chase: float
    minimum: float = 0.0
    source: str = "data/scoring.toml"


def default_text() -> str:
    return resources.files("luoshi.documents").joinpath("data", "scoring.toml").read_text(encoding="utf-8")


def load_rules(path: str | Path | None = None) -> Rules:
    """The default rules, with what the TOML file at `path` changes (its other keys keep their defaults)."""
    data = _parse(default_text(), "data/scoring.toml")
    source = "data/scoring.toml"
    if path is not None:
        try:
            text = Path(path).read_text(encoding="utf-8")
        except OSError as e:
            raise RulesError(f"{path}: cannot read the scoring rules ({e.strerror or e})") from None
        for section, values in _parse(text, str(path)).items():
            data.setdefault(section, {}).update(values)
        source = str(path)
    return _rules(data, source)


def rules_for(org) -> Rules:
    """The rules `org` is scored by: the file named by the setting (or environment variable) LUOSHI_SCORING_RULES,
    else the defaults. (An organisation's own rules would be looked up here.)"""
    from django.conf import settings

    path = getattr(settings, SETTING, None) or os.environ.get(SETTING) or None
    return load_rules(path)


def _parse(text: str, name: str) -> dict:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise RulesError(f"{name}: not valid TOML ({e})") from None


def _number(value, name: str, key: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise RulesError(f"{name}: {key} should be a number, not {value!r}")
    return float(value)


def _rules(data: dict, name: str) -> Rules:
    unknown = set(data) - {"points", "weights", "deductions", "score"}
    if unknown:
        raise RulesError(f"{name}: unknown section [{sorted(unknown)[0]}]")
    points = data.get("points", {})
    for key in points:
        if key not in STATES:
            raise RulesError(f"{name}: unknown state points.{key} (the states are {', '.join(STATES)})")
    deductions = data.get("deductions", {})
    for key in deductions:
        if key not in DEDUCTIONS:
            raise RulesError(f"{name}: unknown deduction deductions.{key} (they are {', '.join(DEDUCTIONS)})")
    weights = data.get("weights", {})
    for key in weights:
        if key not in WEIGHTS:
            raise RulesError(f"{name}: unknown weight weights.{key} (they are {', '.join(WEIGHTS)})")
    for key in data.get("score", {}):
        if key != "minimum":
            raise RulesError(f"{name}: unknown key score.{key}")
    return Rules(
        points={s: _number(points.get(s, 0), name, f"points.{s}") for s in STATES},
        lead=_number(weights.get("lead", 1), name, "weights.lead"),
        cooperate=_number(weights.get("cooperate", 0), name, "weights.cooperate"),
        late_report=_number(deductions.get("late_report", 0), name, "deductions.late_report"),
        missing_report=_number(deductions.get("missing_report", 0), name, "deductions.missing_report"),
        chase=_number(deductions.get("chase", 0), name, "deductions.chase"),
        minimum=_number(data.get("score", {}).get("minimum", 0), name, "score.minimum"),
        source=name,
    )


@dataclass
class Score:
    """A department's score: its tasks by state (weighted), what it lost and why, and its place."""

    counts: Mapping[str, float]
    state_score: float
    late: int
    missing: int
    chases: int
    deductions: float
    score: float
    key: object = None  # the department's id
    name: str = ""
    order: tuple = ()
    rank: int = 0
    led: int = 0  # tasks it leads
    cooperating: int = 0  # tasks it co-operates on


def _round(value: float) -> float:
    return round(value + 0.0, 1)


def score(counts: Mapping[str, float], late: int, missing: int, chases: int, rules: Rules) -> Score:
    """The score of a department whose tasks are in `counts` (schedule state → weighted number of tasks)."""
    counted = {str(s): n for s, n in counts.items() if str(s) in STATES and n}
    weight = sum(counted.values())
    state_score = sum(rules.points[s] * n for s, n in counted.items()) / weight if weight else 0.0
    deductions = late * rules.late_report + missing * rules.missing_report + chases * rules.chase
    return Score(counts=counted, state_score=_round(state_score), late=late, missing=missing,
                 chases=chases, deductions=_round(deductions),
                 score=_round(max(rules.minimum, state_score - deductions)))


@dataclass
class Entry:
    """What the ranking needs of a department: its id, name, sort order and its tasks' states, weighted."""

    key: object
    name: str
    order: tuple
    counts: Counter = field(default_factory=Counter)
    led: int = 0
    cooperating: int = 0

    def add(self, state: str, lead: bool, rules: Rules) -> None:
        """Count a task in `state` that the department leads (`lead`) or co-operates on."""
        self.counts[str(state)] += rules.lead if lead else rules.cooperate
        if lead:
            self.led += 1
        else:
            self.cooperating += 1


def ranking(entries: Iterable[Entry], late: Mapping, missing: Mapping, chases: Mapping, rules: Rules) -> list[Score]:
    """The departments scored and ranked, the best first; `late`, `missing` and `chases` count by department id."""
    scores = []
    for e in entries:
        if not sum(e.counts.values()):
            continue  # no task that counts (only co-operating, with a weight of 0)
        s = score(e.counts, late.get(e.key, 0), missing.get(e.key, 0), chases.get(e.key, 0), rules)
        s.key, s.name, s.order, s.led, s.cooperating = e.key, e.name, e.order, e.led, e.cooperating
        scores.append(s)
    scores.sort(key=lambda s: (-s.score, s.order, s.name))
    for i, s in enumerate(scores):
        s.rank = scores[i - 1].rank if i and s.score == scores[i - 1].score else i + 1
    return scores


def describe(rules: Rules) -> str:
    """The rules in a sentence for the bulletin's method section."""
    labels = {"done": "已完成", "ahead": "超进度", "on_track": "达进度", "behind": "欠进度", "overdue": "逾期"}
    points = "、".join(f"{labels[s]}{_plain(rules.points[s])}分" for s in STATES)
    weights = (f"牵头任务权重{_plain(rules.lead)}、配合任务权重{_plain(rules.cooperate)}" if rules.cooperate
               else "只计牵头任务")
    return (f"按各单位任务的状态计分（{points}），{weights}，加权平均为状态得分；每逾期报送一次扣{_plain(rules.late_report)}分，"
            f"每未报送一项扣{_plain(rules.missing_report)}分，每被催办一次扣{_plain(rules.chase)}分；"
            f"得分最低为{_plain(rules.minimum)}分。")


def _plain(value: float) -> str:
    return f"{value:g}"
