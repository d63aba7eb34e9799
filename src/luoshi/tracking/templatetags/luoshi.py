"""Template helpers shared by every page: schedule badges, dates as 2023年6月30日, percents."""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext

from luoshi.tracking.choices import SCHEDULE_TONE, Schedule

register = template.Library()


@register.filter
def cn_date(value) -> str:
    """2023-06-30 → 2023年6月30日."""
    if not value:
        return ""
    return f"{value.year}年{value.month}月{value.day}日"


@register.filter
def tone(schedule) -> str:
    """good / warn / bad for a schedule status (its colour comes from the organisation's scheme)."""
    try:
        return SCHEDULE_TONE[Schedule(schedule)]
    except ValueError:
        return ""


@register.simple_tag
def schedule_badge(schedule) -> str:
    s = Schedule(schedule)
    return format_html('<span class="badge tone-{}" data-schedule="{}">{}</span>', SCHEDULE_TONE[s], s.value, gettext(s.label))


@register.filter
def cn_number(value) -> str:
    """A number as people write it in reports: 15000 → 1.5万, 130000000000 → 1300亿, 6.0 → 6.

    >>> cn_number(15000), cn_number(1.3e11), cn_number(6.0), cn_number(-2.5), cn_number(None)
    ('1.5万', '1300亿', '6', '-2.5', '')
    """
    if value is None or value == "":
        return ""
    value = float(value)
    for size, word in ((1e8, "亿"), (1e4, "万")):
        if abs(value) >= size:
            return f"{_plain(value / size)}{word}"
    return _plain(value)


def _plain(value: float) -> str:
    return f"{value:.4f}".rstrip("0").rstrip(".")


_CMP_WORDS = {"ge": "以上", "le": "以内", "approx": "左右"}


@register.filter
def target_value(t) -> str:
    """What a target or statement promises, from its measure, comparator, value and unit: 增长12%以上, 1.5万家.

    >>> from types import SimpleNamespace as T
    >>> target_value(T(measure="change", cmp="ge", value=12.0, value_high=None, unit="%"))
    '增长12%以上'
    >>> target_value(T(measure="level", cmp="range", value=3.0, value_high=5.0, unit="万人"))
    '3–5万人'
    >>> target_value(T(measure="change", cmp="eq", value=-3.0, value_high=None, unit="%"))
    '下降3%'
    """
    if getattr(t, "value", None) is None:
        return getattr(t, "text", "") or ""
    value, high = t.value, getattr(t, "value_high", None)
    verb = ""
    if t.measure == "change":
        verb = "下降" if value < 0 else ("提高" if "百分点" in (t.unit or "") else "增长")
        value, high = abs(value), abs(high) if high is not None else None
    number = cn_number(value)
    if t.cmp == "range" and high is not None:
        number = f"{number}–{cn_number(high)}"
    return f"{verb}{number}{t.unit or ''}{_CMP_WORDS.get(t.cmp, '')}"


@register.filter
def person(user) -> str:
    """A user as people call them: full name, else username; "—" when there is none (a deleted account)."""
    if user is None:
        return "—"
    return user.get_full_name() or user.username
