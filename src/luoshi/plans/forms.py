"""Forms of the plan pages: the import, and the figures the office records for targets."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .units import display_unit

ACCEPT = ".txt,.docx,.pdf,.html,.htm"


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("报告文件"),
        help_text=_("支持 .txt（任意常见编码）、.docx、.pdf（须有文字层）、.html"),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
        error_messages={"required": _("请选择要导入的报告文件"), "empty": _("文件是空的（0字节）")},
    )


class ConfirmForm(forms.Form):
    year = forms.IntegerField(label=_("计划年度"), min_value=1949, max_value=2100,
                              help_text=_("报告部署工作的年度，任务的默认完成时限为该年12月31日"))


class MonthInput(forms.DateInput):
    """A month picker (2023-07); browsers without one show a text box that takes the same."""

    input_type = "month"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m", **kwargs)


class MonthField(forms.DateField):
    """A month, typed as 2023-07 (or a day, 2023-07-15): cleans to the month's first day."""

    widget = MonthInput
    input_formats = ["%Y-%m", "%Y-%m-%d", "%Y/%m", "%Y/%m/%d"]

    def to_python(self, value):
        day = super().to_python(value)
        return day.replace(day=1) if day else day


class FigureForm(forms.Form):
    """A figure the office records for a target: its month, the value in the unit the target is shown in
    (亿元 for a target of 1300亿元) and where it comes from."""

    period = MonthField(label=_("数据期"), error_messages={"invalid": _("请按“2023-07”的格式填写月份")})
    value = forms.FloatField(label=_("数值"), widget=forms.NumberInput(attrs={"step": "any"}))
    note = forms.CharField(label=_("来源或说明"), max_length=300, required=False,
                           widget=forms.TextInput(attrs={"placeholder": _("如：统计局月报")}))

    def __init__(self, *args, target, **kwargs):
        kwargs.setdefault("prefix", f"t{target.pk}")
        kwargs.setdefault("auto_id", f"figure_{target.pk}_%s")
        super().__init__(*args, **kwargs)
        self.target = target
        self.unit = display_unit(target)
        self.fields["value"].widget.attrs["data-multiplier"] = self.unit.multiplier

    def base_value(self) -> float:
        """The value typed, in the target's base unit (what is stored)."""
        return self.unit.to_base(self.cleaned_data["value"])
