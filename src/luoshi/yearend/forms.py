"""Forms of the year-end pages: the next report's upload, and the office's verdict on a check."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from luoshi.plans.forms import UploadForm

from .choices import Verdict
from .services import NOTE_MAX


class ReviewUploadForm(UploadForm):
    """The next year's report; `any_year` lets through a report whose year does not follow the plan's."""

    any_year = forms.BooleanField(
        label=_("年份不相符也导入"), required=False,
        help_text=_("系统读出的报告年份与计划年度不相符时，默认不导入；确认上传的就是下一年的报告时勾选。"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].label = _("下一年的政府工作报告")


class OverrideForm(forms.Form):
    verdict = forms.ChoiceField(label=_("核验结论"), choices=Verdict.choices, widget=forms.RadioSelect)
    note = forms.CharField(
        label=_("说明"), required=False, max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("修改结论须说明理由，如统计公报的数据或有关文件；选回系统结论并清空说明即恢复系统结论。"),
    )
