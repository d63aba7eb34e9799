"""Template helpers shared by every page: schedule badges, dates as 2023年6月30日, percents."""

from __future__ import annotations

from django import template
from django.utils.html import format_html

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
    return format_html('<span class="badge tone-{}" data-schedule="{}">{}</span>', SCHEDULE_TONE[s], s.value, s.label)
