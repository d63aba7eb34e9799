"""Forms of the import pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

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
