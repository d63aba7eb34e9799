"""Forms of the plan pages: the import, and the figures the office records for targets."""

from __future__ import annotations

from collections.abc import Sequence

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from luoshi.orgs.models import Department

from .importing import Choice
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


class AssignmentsForm:
    """The departments the office chooses for each task in the import preview.

    For task n (its number in the report, from 1): `t{n}-lead`, one department's id or empty (不指定), and
    `t{n}-co`, the co-operating ones. Only the organisation's own departments are accepted; a task whose
    fields are missing stays unassigned. What is chosen is what is saved: nothing is filled in here.
    Not a django Form: a report has a hundred tasks, and each error names its task.
    """

    def __init__(self, data, *, titles: Sequence[str], departments: Sequence[Department]):
        self.data = data
        self.titles = list(titles)
        self.departments = {str(d.pk): d for d in departments}
        self.errors: list[str] = []
        self.choices: dict[int, Choice] = {}

    def is_valid(self) -> bool:
        self.errors, self.choices = [], {}
        for n, title in enumerate(self.titles, 1):
            lead_id, co_ids = self.submitted(n)
            where = {"n": n, "title": title}
            lead = self.departments.get(lead_id) if lead_id else None
            cooperating = [self.departments.get(pk) for pk in dict.fromkeys(co_ids) if pk != lead_id]
            if lead_id and lead is None:
                self.errors.append(gettext("任务%(n)d“%(title)s”：所选的牵头单位不是本单位的部门。") % where)
            elif None in cooperating:
                self.errors.append(gettext("任务%(n)d“%(title)s”：所选的配合单位不是本单位的部门。") % where)
            elif lead is None and cooperating:
                self.errors.append(gettext("任务%(n)d“%(title)s”：选了配合单位，但没有选牵头单位。"
                                           "请选择牵头单位，或取消配合单位。") % where)
            elif lead is not None:
                self.choices[n] = Choice(lead, tuple(cooperating))
        if self.errors:
            self.choices = {}
        return not self.errors

    def submitted(self, n: int) -> tuple[str, list[str]]:
        """What was submitted for task n: the lead's id ("" for none) and the co-operating ones' ids."""
        return self.data.get(f"t{n}-lead", "").strip(), [v.strip() for v in self.data.getlist(f"t{n}-co") if v.strip()]


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
