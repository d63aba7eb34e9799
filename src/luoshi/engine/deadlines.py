"""A task's deadline from the words of its text, and quarter milestones.

The words are data (data/deadlines.toml): 年底前, 年内, 全年 → December 31;
上半年 → June 30; 6月底前, 6月份 → June 30; 9月30日前 → September 30; 三季度,
第三季度末 → September 30; 下半年 → December 31; 春节前 → the eve of the plan
year's Spring Festival (a table of festival days); 2024年底前, 到2025年 → the end
of that year. A text without any of them is due at the end of the plan year.

When a text names several days, the latest one inside the plan year wins: the
task is done when its last step is (一季度开工, 年底前建成 → December 31). Days
in later years count only when the text names none in the plan year (then the
nearest one: the plan year works towards it); days before the plan year (比上年,
去年上半年) never count. A year alone (今年要…, 当年投资…) only says "this year"
and gives way to any other deadline word.

>>> d = infer_deadline("秦岭云计算大数据中心年底前投入使用。", 2023)
>>> d.date, d.words, d.start, d.end
(datetime.date(2023, 12, 31), '年底前', 10, 13)
>>> infer_deadline("确保一季度完成非煤矿山整合，年底前基本完成煤矿整合。", 2023).date
datetime.date(2023, 12, 31)
>>> infer_deadline("高新产业园区REITs项目6月底前成功上市。", 2023).date
datetime.date(2023, 6, 30)
>>> infer_deadline("加快建设现代化产业体系。", 2023)
Deadline(date=datetime.date(2023, 12, 31), words='', start=-1, end=-1)
>>> [(m.date.isoformat(), m.expected) for m in quarter_milestones(date(2023, 12, 31), 2023)]
[('2023-03-31', 25), ('2023-06-30', 50), ('2023-09-30', 75), ('2023-12-31', 100)]
"""

from __future__ import annotations

import calendar
import re
import tomllib
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from importlib import resources

_CN_MONTHS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10,
              "十一": 11, "十二": 12}
_CN_QUARTERS = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}


@dataclass(frozen=True)
class Deadline:
    """The day a task is due, and the words of its text that say so (`text[start:end]`).

    `words` is "" (and `start`, `end` are -1) when the text names no day: the
    end of the plan year, the default.
    """

    date: date
    words: str = ""
    start: int = -1
    end: int = -1

    @property
    def is_default(self) -> bool:
        return not self.words


@dataclass(frozen=True)
class Milestone:
    """A checkpoint of a task: by `date`, `expected` percent of it should be done."""

    date: date
    expected: int


@dataclass(frozen=True)
class _Found:
    date: date
    weak: bool
    words: str
    start: int
    end: int


@cache
def vocabulary() -> dict:
    """The deadline words (data/deadlines.toml)."""
    return tomllib.loads(resources.files(__package__).joinpath("data/deadlines.toml").read_text("utf-8"))


def _alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@cache
def deadline_re() -> re.Pattern:
    """A year, a part of it and 前, each optional; `_candidates` keeps the matches that name a day."""
    v = vocabulary()
    return re.compile(
        rf"""
        (?<![0-9０-９—–\-~～/.])                     # not the second half of 1—11月, 2023/6
        (?P<prep>{_alternation(v["prepositions"])})?  # 到, 截至
        (?:
            (?P<year>(?:19|20)\d\d)\s?年(?P<ysuf>{_alternation(v["year_suffixes"])})?  # 2024年, 2024年底
          | (?P<rel>{_alternation(v["years"])})(?P<rsuf>{_alternation(v["year_suffixes"])})?  # 今年, 明年底
        )?
        (?P<period>
            (?P<half>{_alternation(v["periods"])})    # 上半年, 年底, 全年
          | (?:第|前)?(?P<quarter>[一二三四1-4])季度末?   # 三季度, 第一季度, 前三季度
          | (?P<month>1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])月  # 6月, 十二月
            (?:(?P<day>[12][0-9]|3[01]|0?[1-9])[日号]|(?P<mpart>{_alternation(v["month_parts"])}))?
          | (?P<occasion>{_alternation(v["occasions"])})  # 春节, 国庆 (with 前 only)
        )?
        (?P<before>{_alternation(v["before"])})?      # 前, 之前
        """,
        re.VERBOSE,
    )


def _day(year: int, mm_dd: str) -> date:
    month, day = (int(x) for x in mm_dd.split("-"))
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def spring_festival_eve(year: int) -> date:
    """The day before the Spring Festival of `year` (the table in data/deadlines.toml, else early February).

    >>> spring_festival_eve(2023), spring_festival_eve(2024)
    (datetime.date(2023, 1, 21), datetime.date(2024, 2, 9))
    """
    table = vocabulary()["spring_festival"]
    return _day(year, table.get(str(year), table["fallback"])) - timedelta(days=1)


def _month_day(m: re.Match, year: int) -> date | None:
    """The day a month phrase names: 6月底 → June 30, 6月20日 → June 20, 6月前 → May 31 (before June)."""
    month = int(m["month"]) if m["month"].isdigit() else _CN_MONTHS[m["month"]]
    if m["day"]:
        day = int(m["day"])
        return date(year, month, day) if day <= calendar.monthrange(year, month)[1] else None
    if m["mpart"]:
        part = vocabulary()["month_parts"][m["mpart"]]
        return _month_end(year, month) if part == "end" else date(year, month, int(part))
    if m["before"]:  # 6月前: before June begins
        return _month_end(year, month - 1) if month > 1 else date(year - 1, 12, 31)
    return _month_end(year, month)


def _date_of(m: re.Match, plan_year: int) -> date | None:
    """The day a match names, or None when it names none (a year alone, 春节 without 前)."""
    v = vocabulary()
    year = int(m["year"]) if m["year"] else plan_year + v["years"].get(m["rel"] or "", 0)
    suffix = m["ysuf"] or m["rsuf"]
    if m["half"]:
        return _day(year, v["periods"][m["half"]])
    if m["quarter"]:
        return _day(year, v["quarters"]["ends"][_CN_QUARTERS[m["quarter"]] - 1])
    if m["month"]:
        return _month_day(m, year)
    if m["occasion"]:
        if not m["before"]:
            return None
        day = v["occasions"][m["occasion"]]
        return spring_festival_eve(year) if day == "spring_festival" else _day(year, day)
    if suffix:
        return _day(year, v["year_suffixes"][suffix])
    if m["rel"] or (m["year"] and m["prep"]):
        return date(year, 12, 31)
    return None


def _blocked(text: str, m: re.Match) -> bool:
    """Is the phrase recurring (每年年底), a length of time (五年内) or a start (3月份以来, 7月起)?"""
    v = vocabulary()
    if text.startswith(tuple(v["not_after"]), m.end()):
        return True
    head = m.start("prep") if m["prep"] else m.start()
    before = text[:head]
    if before.endswith(tuple(v["not_before"])) or before.endswith("每年"):
        return True
    starts_with_year = not (m["year"] or m["rel"]) and m["half"] and m["half"].startswith("年")
    return bool(starts_with_year and before and before[-1] in v["numerals_before_year"])


def _candidates(text: str, plan_year: int) -> list[_Found]:
    found = []
    for m in deadline_re().finditer(text):
        if m.end() == m.start() or _blocked(text, m):
            continue
        try:
            day = _date_of(m, plan_year)
        except ValueError:  # 2月30日
            continue
        if day is None:
            continue
        weak = bool(m["rel"]) and not (m["rsuf"] or m["period"] or m["prep"])
        found.append(_Found(day, weak, m.group(), m.start(), m.end()))
    return found


def infer_deadline(text: str, plan_year: int) -> Deadline:
    """The day the task of `text` is due, by the rules of the module docstring."""
    start, end = date(plan_year, 1, 1), date(plan_year, 12, 31)
    found = [f for f in _candidates(text, plan_year) if f.date >= start]
    for weak in (False, True):
        inside = [f for f in found if f.weak is weak and f.date <= end]
        if inside:
            best = max(inside, key=lambda f: (f.date, -f.start))
            return Deadline(best.date, best.words, best.start, best.end)
        later = [f for f in found if f.weak is weak and f.date > end]
        if later:
            best = min(later, key=lambda f: (f.date, f.start))
            return Deadline(best.date, best.words, best.start, best.end)
    return Deadline(end)


def quarter_milestones(deadline: date, plan_year: int) -> tuple[Milestone, ...]:
    """The quarter ends from the start of the plan year up to `deadline`, and the deadline itself, each with
    the share expected by then (pro rata to the number of checkpoints: 25/50/75/100 for a year-long task).

    >>> [(m.date.isoformat(), m.expected) for m in quarter_milestones(date(2023, 9, 15), 2023)]
    [('2023-03-31', 33), ('2023-06-30', 67), ('2023-09-15', 100)]
    >>> [(m.date.isoformat(), m.expected) for m in quarter_milestones(date(2023, 2, 28), 2023)]
    [('2023-02-28', 100)]
    """
    ends = []
    year, quarter = plan_year, 1
    while True:
        end = _month_end(year, 3 * quarter)
        if end >= deadline:
            break
        ends.append(end)
        year, quarter = (year + 1, 1) if quarter == 4 else (year, quarter + 1)
    points = [*ends, deadline]
    return tuple(Milestone(d, int(100 * (i + 1) / len(points) + 0.5)) for i, d in enumerate(points))
