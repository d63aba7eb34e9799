"""Schedule status (序时进度) and reporting periods, derived from dates, never typed in.

Expected progress is pro rata to time: a task due at the end of the plan
year should be 11/12 done at the end of November. A task whose percent is
more than the organisation's margin above that is 超进度, more than the margin
below is 欠进度, otherwise 达进度; past its deadline and not closed it is
逾期; closed it is 已完成. A task's quarter milestones (milestones.py) are this
pace read at the quarter ends (25/50/75/100 for a year-long task), shown with
whether they were met; the status is not computed from them, so that every
list, filter, count and document derives it from the task's own fields alone.

>>> from datetime import date
>>> expected_fraction(date(2023, 1, 1), date(2023, 12, 31), date(2023, 11, 30))
0.9148
>>> classify(percent=50, expected=0.9148, margin=10, closed=False, overdue=False)
Schedule.BEHIND
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

from django.utils.formats import date_format
from django.utils.translation import gettext

from .choices import Schedule, State


def expected_fraction(start: date, deadline: date, today: date) -> float:
    """The share of the time from `start` to `deadline` gone by `today`, 0..1 (four decimals)."""
    if today <= start:
        return 0.0
    if today >= deadline:
        return 1.0
    return round((today - start).days / (deadline - start).days, 4)


def classify(percent: int, expected: float, margin: int, closed: bool, overdue: bool) -> Schedule:
    if closed:
        return Schedule.DONE
    if overdue:
        return Schedule.OVERDUE
    gap = percent - expected * 100
    if gap > margin:
        return Schedule.AHEAD
    if gap < -margin:
        return Schedule.BEHIND
    return Schedule.ON_TRACK


def plan_start(year: int) -> date:
    return date(year, 1, 1)


def default_deadline(year: int) -> date:
    return date(year, 12, 31)


def task_schedule(task, today: date, margin: int) -> Schedule:
    """The schedule status of a task on `today` (`task` needs plan.year, state, deadline, percent)."""
    if task.state == State.IMPORTED:
        return Schedule.UNASSIGNED
    deadline = task.deadline or default_deadline(task.plan.year)
    closed = task.state == State.CLOSED
    expected = expected_fraction(plan_start(task.plan.year), deadline, today)
    return classify(task.percent, expected, margin, closed, overdue=today > deadline)


@dataclass(frozen=True)
class Period:
    """A reporting period: its first and last day and the day reports are due."""

    start: date
    end: date
    due: date

    @property
    def label(self) -> str:
        """The period as the current language names it: 2023年3月, 2023年第1季度 (English: March 2023, Q1 2023)."""
        if self.start.month == self.end.month:
            return date_format(self.start, "YEAR_MONTH_FORMAT")
        return gettext("%(year)d年第%(quarter)d季度") % {"year": self.start.year,
                                                      "quarter": (self.start.month - 1) // 3 + 1}


def period_of(today: date, cycle: str, due_day: int) -> Period:
    """The period holding `today`, for a monthly or quarterly cycle; reports are due on `due_day` of its last month."""
    if cycle == "quarterly":
        first_month = 3 * ((today.month - 1) // 3) + 1
        last_month = first_month + 2
    else:
        first_month = last_month = today.month
    last_day = calendar.monthrange(today.year, last_month)[1]
    return Period(
        start=date(today.year, first_month, 1),
        end=date(today.year, last_month, last_day),
        due=date(today.year, last_month, min(due_day, last_day)),
    )
