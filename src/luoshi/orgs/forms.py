"""Forms of the office's settings pages: the organisation, its departments, its posts, a catalogue file."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from .choices import ColourScheme, Cycle, DepartmentKind
from .models import Department, Organisation, Post

DUE_DAY_MAX = 28  # every month has it
MARGIN_MAX = 50


class SettingsForm(forms.ModelForm):
    """The organisation's name and its tracking rules."""

    name = forms.CharField(label=_("名称"), max_length=100)
    region = forms.CharField(label=_("地区"), max_length=100, required=False)
    cycle = forms.ChoiceField(label=_("报送周期"), choices=Cycle.choices, widget=forms.RadioSelect)
    due_day = forms.IntegerField(
        label=_("报送截止日"), min_value=1, max_value=DUE_DAY_MAX,
        help_text=_("每期最后一个月的几号截止报送（1–28日）；过了这一天仍未报送的任务列为未报送。"),
        error_messages={"min_value": _("报送截止日须在1日至28日之间。"), "max_value": _("报送截止日须在1日至28日之间。")},
    )
    lag_margin = forms.IntegerField(
        label=_("进度容差（百分点）"), min_value=0, max_value=MARGIN_MAX,
        help_text=_("完成比例低于序时进度超过此值为欠进度，高于此值为超进度（0–50）。"),
        error_messages={"min_value": _("进度容差须在0至50个百分点之间。"),
                        "max_value": _("进度容差须在0至50个百分点之间。")},
    )
    colour_scheme = forms.ChoiceField(label=_("颜色方案"), choices=ColourScheme.choices, widget=forms.RadioSelect)

    class Meta:
        model = Organisation
        fields = ["name", "region", "cycle", "due_day", "lag_margin", "colour_scheme"]

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if Organisation.objects.filter(name=name).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("已有同名的组织。"))
        return name


class DepartmentForm(forms.ModelForm):
    name = forms.CharField(label=_("名称"), max_length=100, help_text=_("全称，如：区发展和改革局"))
    short_name = forms.CharField(label=_("简称"), max_length=50, required=False)
    aliases = forms.CharField(label=_("别名"), max_length=200, required=False,
                              help_text=_("报告和文件中的其他叫法，以、分隔"))
    kind = forms.ChoiceField(label=_("类型"), choices=DepartmentKind.choices)
    duties = forms.CharField(label=_("职责"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=_("职责关键词，以、分隔；用于分工时推荐牵头单位"))
    contact = forms.CharField(label=_("联系人"), max_length=100, required=False)
    phone = forms.CharField(label=_("联系电话"), max_length=50, required=False)
    order = forms.IntegerField(label=_("排序"), min_value=0, initial=0, help_text=_("数字小的排在前面"))

    class Meta:
        model = Department
        fields = ["name", "short_name", "aliases", "kind", "duties", "contact", "phone", "order"]

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        others = Department.objects.filter(org_id=self.instance.org_id, name=name).exclude(pk=self.instance.pk)
        if others.exists():
            raise forms.ValidationError(_("已有名为“%(name)s”的部门。"), params={"name": name})
        return name


class MemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user) -> str:
        name = user.get_full_name() or user.get_username()
        m = getattr(user, "membership", None)
        return f"{name}（{user.get_username()} · {m.get_role_display()}）" if m else name


class PostForm(forms.ModelForm):
    title = forms.CharField(label=_("职务"), max_length=100, help_text=_("如：分管副区长、区发展和改革局局长"))
    department = forms.ModelChoiceField(label=_("所属部门"), queryset=Department.objects.none(), required=False)
    holder_name = forms.CharField(label=_("现任"), max_length=50, required=False,
                                  help_text=_("现任者姓名；选择了现任用户而此处留空时，取该用户的姓名"))
    holder = MemberChoiceField(label=_("现任用户"), queryset=get_user_model().objects.none(), required=False,
                               help_text=_("更换现任用户即完成交接：挂在本职务上的任务不需重新分工，"
                                           "新任者的领导账号随之看到分管部门的任务"))
    oversees = forms.ModelMultipleChoiceField(label=_("分管部门"), queryset=Department.objects.none(), required=False,
                                              widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = Post
        fields = ["title", "department", "holder_name", "holder", "oversees"]

    def __init__(self, *args, org: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        departments = Department.objects.filter(org=org)
        self.fields["department"].queryset = departments
        self.fields["oversees"].queryset = departments
        self.fields["holder"].queryset = (get_user_model().objects.filter(membership__org=org, is_active=True)
                                          .select_related("membership").order_by("first_name", "username"))


class CatalogueUploadForm(forms.Form):
    file = forms.FileField(label=_("部门目录文件"),
                           help_text=_("Excel 表格（.xlsx）或 CSV 文件（UTF-8 或 GBK 编码），第一行为列名：名称（必填）、简称、类型、职责、别名"),
                           widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.xlsm,.csv,.txt"}))


class CatalogueConfirmForm(forms.Form):
    """The previewed file, carried back with the confirmation and read again before it is applied."""

    data = forms.CharField(widget=forms.HiddenInput)
    filename = forms.CharField(widget=forms.HiddenInput, max_length=255)

