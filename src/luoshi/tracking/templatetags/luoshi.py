"""Template helpers shared by every page: schedule badges, dates as 2023年6月30日, numbers in their units."""

from __future__ import annotations

from django import template
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import get_language, gettext_lazy

from luoshi.plans.units import display_unit, plain, scale_of
from luoshi.tracking.choices import SCHEDULE_TONE, Schedule

register = template.Library()


@register.filter
def cn_date(value) -> str:
    """A date as the current language writes it: 2023-06-30 → 2023年6月30日 (English: June 30, 2023)."""
    if not value:
        return ""
    return date_format(value, "DATE_FORMAT")


@register.filter
def month_label(value) -> str:
    """The month of a date as the current language writes it: 2023-07-01 → 2023年7月 (English: July 2023)."""
    if not value:
        return ""
    return date_format(value, "YEAR_MONTH_FORMAT")


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
    return format_html('<span class="badge tone-{}" data-schedule="{}">{}</span>', SCHEDULE_TONE[s], s.value, str(s.label))


@register.filter
def cn_number(value) -> str:
    """A number as people write it in reports: 15000 → 1.5万, 130000000000 → 1300亿, 6.0 → 6.

    >>> cn_number(15000), cn_number(1.3e11), cn_number(6.0), cn_number(-2.5), cn_number(None)
    ('1.5万', '1300亿', '6', '-2.5', '')
    """
    if value is None or value == "":
        return ""
    value = float(value)
    size, word = scale_of(value)
    return f"{plain(value / size)}{word}"


@register.filter
def in_unit(value, target) -> str:
    """A figure of `target` in the unit the target is shown in, with it: 65000000000 of a 1300亿元 target → 650亿元.

    >>> from types import SimpleNamespace as T
    >>> in_unit(6.5e10, T(value=1.3e11, baseline=None, unit="元")), in_unit(None, T(value=1, unit="家"))
    ('650亿元', '')
    """
    if value is None or value == "":
        return ""
    return display_unit(target).format(float(value))


@register.filter
def unit_label(target) -> str:
    """The unit a target is shown and typed in: 亿元 for a target of 1300亿元, % for 增长6%."""
    return display_unit(target).label


# How a comparator and a change are written around an amount (the amount is the number with its unit).
_CMP_FORMATS = {"ge": gettext_lazy("%(amount)s以上"), "le": gettext_lazy("%(amount)s以内"),
                "approx": gettext_lazy("%(amount)s左右")}
_CHANGE_FORMATS = {"down": gettext_lazy("下降%(amount)s"), "points": gettext_lazy("提高%(amount)s"),
                   "up": gettext_lazy("增长%(amount)s")}


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
    change = None
    if t.measure == "change":
        change = "down" if value < 0 else ("points" if "百分点" in (t.unit or "") else "up")
        value, high = abs(value), abs(high) if high is not None else None
    shown = display_unit(t)
    number = shown.number(value)
    if t.cmp == "range" and high is not None:
        number = f"{number}–{shown.number(high)}"
    amount = f"{number}{shown.label}"
    if t.cmp in _CMP_FORMATS:
        amount = _CMP_FORMATS[t.cmp] % {"amount": amount}
    return _CHANGE_FORMATS[change] % {"amount": amount} if change else amount


@register.filter
def person(user) -> str:
    """A user as people call them: full name, else username; "—" when there is none (a deleted account)."""
    if user is None:
        return "—"
    return user.get_full_name() or user.username


# The workflow's audit actions, named in the reader's language (the stored summaries are records, in Chinese).
AUDIT_ACTIONS = {
    "assign": gettext_lazy("分工"),
    "sign": gettext_lazy("签收"),
    "report": gettext_lazy("报送进展"),
    "review": gettext_lazy("审核"),
    "close": gettext_lazy("办结"),
    "close_with_task": gettext_lazy("随任务办结"),
    "send_back": gettext_lazy("退回"),
    "request_extension": gettext_lazy("申请延期"),
    "decide_extension": gettext_lazy("审批"),
    "chase": gettext_lazy("催办"),
    "publish": gettext_lazy("公开"),
    "unpublish": gettext_lazy("取消公开"),
    "record_figure": gettext_lazy("录入指标数据"),
    "add_milestone": gettext_lazy("增加里程碑"),
    "change_milestone": gettext_lazy("调整里程碑"),
    "delete_milestone": gettext_lazy("删除里程碑"),
    "yearend_import": gettext_lazy("导入年终核验"),
    "yearend_override": gettext_lazy("修改核验结论"),
    "yearend_delete": gettext_lazy("删除年终核验"),
}


@register.filter
def audit_summary(entry) -> str:
    """An audit entry's summary as stored (in Chinese, a record); in another language, led by its action's name."""
    if (get_language() or "").startswith("zh"):
        return entry.summary
    label = AUDIT_ACTIONS.get(entry.action, entry.action)
    return format_html("<strong>{}</strong> · {}", label, entry.summary)
