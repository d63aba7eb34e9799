"""Forms of the tracking pages: the task list's filters and one form per workflow action."""

from __future__ import annotations

from datetime import date, timedelta

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from luoshi.orgs.models import Department, Organisation, Post
from luoshi.plans.models import Plan
from luoshi.plans.units import display_unit

from .choices import Schedule, State
from .milestones import Row
from .models import Task
from .schedule import Period, period_of

MAX_ATTACHMENTS = 10


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class TaskFilterForm(forms.Form):
    """The task list's filters (GET); a value that does not validate is ignored, not an error page."""

    q = forms.CharField(label=_("搜索"), required=False, max_length=100,
                        widget=forms.TextInput(attrs={"placeholder": _("任务名称或内容"), "type": "search"}))
    plan = forms.ModelChoiceField(label=_("年度计划"), queryset=Plan.objects.none(), required=False,
                                  empty_label=_("全部"))
    area = forms.ModelChoiceField(label=_("领域"), queryset=Task.objects.none(), required=False,
                                  empty_label=_("全部"))
    department = forms.ModelChoiceField(label=_("责任单位"), queryset=Department.objects.none(), required=False,
                                        empty_label=_("全部"))
    state = forms.ChoiceField(label=_("状态"), choices=[("", _("全部")), *State.choices], required=False)
    schedule = forms.ChoiceField(label=_("序时进度"), choices=[("", _("全部")), *Schedule.choices], required=False)
    deadline_before = forms.DateField(label=_("时限不晚于"), required=False, widget=DateInput())

    def __init__(self, data, *, plans, areas, departments):
        super().__init__(data)
        self.fields["plan"].queryset = plans
        self.fields["area"].queryset = areas
        self.fields["department"].queryset = departments

    def filters(self) -> dict:
        """The valid filters as keyword arguments of queries.filter_tasks."""
        self.is_valid()
        values = {name: self.cleaned_data.get(name) for name in self.fields if name not in self.errors}
        values["text"] = values.pop("q", "") or ""
        return {k: v for k, v in values.items() if v}


class AssignForm(forms.Form):
    lead = forms.ModelChoiceField(label=_("牵头单位"), queryset=Department.objects.none())
    cooperating = forms.ModelMultipleChoiceField(label=_("责任单位（配合）"), queryset=Department.objects.none(),
                                                 required=False, widget=forms.CheckboxSelectMultiple)
    leader_post = forms.ModelChoiceField(label=_("责任领导"), queryset=Post.objects.none(), required=False)
    contact_post = forms.ModelChoiceField(label=_("责任人"), queryset=Post.objects.none(), required=False)
    deadline = forms.DateField(label=_("完成时限"), required=False, widget=DateInput())

    def __init__(self, *args, org: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        departments = Department.objects.filter(org=org)
        posts = Post.objects.filter(org=org)
        self.fields["lead"].queryset = departments
        self.fields["cooperating"].queryset = departments
        self.fields["leader_post"].queryset = posts
        self.fields["contact_post"].queryset = posts

    @classmethod
    def initial_for(cls, task: Task) -> dict:
        lead = task.lead
        return {
            "lead": lead.department_id if lead else None,
            "cooperating": [a.department_id for a in task.assignments.all() if a is not lead],
            "leader_post": lead.leader_post_id if lead else None,
            "contact_post": lead.contact_post_id if lead else None,
            "deadline": task.deadline,
        }

    def clean(self):
        data = super().clean()
        lead = data.get("lead")
        data["cooperating"] = [d for d in data.get("cooperating") or [] if d != lead]
        return data


class ReasonForm(forms.Form):
    """Sending back needs a reason."""

    reason = forms.CharField(label=_("退回理由"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)


class CommentForm(forms.Form):
    comment = forms.CharField(label=_("意见"), widget=forms.Textarea(attrs={"rows": 2}), required=False,
                              max_length=2000)


class ChaseForm(forms.Form):
    message = forms.CharField(label=_("催办内容"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)


class ReviewForm(forms.Form):
    verdict = forms.ChoiceField(choices=[("accept", _("通过")), ("return", _("退回"))])
    comment = forms.CharField(label=_("审核意见"), widget=forms.Textarea(attrs={"rows": 2}), required=False,
                              max_length=2000)

    def clean(self):
        data = super().clean()
        if data.get("verdict") == "return" and not (data.get("comment") or "").strip():
            self.add_error("comment", _("退回时请写明理由"))
        return data


class DecisionForm(forms.Form):
    verdict = forms.ChoiceField(choices=[("grant", _("同意")), ("refuse", _("不同意"))])
    comment = forms.CharField(label=_("审批意见"), widget=forms.Textarea(attrs={"rows": 2}), required=False,
                              max_length=2000)


class ExtensionForm(forms.Form):
    new_deadline = forms.DateField(label=_("申请延期至"), widget=DateInput())
    reason = forms.CharField(label=_("延期理由"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; cleans to a list (possibly empty)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data]
        return [f for f in (super(MultipleFileField, self).clean(d, initial) for d in files if d) if f]


def periods_until(year: int, on: date, cycle: str, due_day: int, limit: int = 120) -> list[Period]:
    """The reporting periods from the one holding `on` back to the start of the plan year, the latest first."""
    first = date(year, 1, 1)
    period = period_of(max(on, first), cycle, due_day)
    periods = [period]
    while period.start > first and len(periods) < limit:
        period = period_of(period.start - timedelta(days=1), cycle, due_day)
        periods.append(period)
    return periods


class ProgressForm(forms.Form):
    """进展情况, 存在问题, 下一步措施, percent, one figure per target of the task, attachments."""

    period = forms.ChoiceField(label=_("报送期"))
    progress = forms.CharField(label=_("进展情况"), widget=forms.Textarea(attrs={"rows": 4}), max_length=10000)
    problems = forms.CharField(label=_("存在问题"), widget=forms.Textarea(attrs={"rows": 2}), required=False,
                               max_length=10000)
    next_steps = forms.CharField(label=_("下一步措施"), widget=forms.Textarea(attrs={"rows": 2}), required=False,
                                 max_length=10000)
    percent = forms.IntegerField(label=_("完成比例（%）"), min_value=0, max_value=100)
    attachments = MultipleFileField(label=_("附件"), required=False)
    final = forms.BooleanField(label=_("已完成，申请办结"), required=False)

    def __init__(self, *args, task: Task, targets, on: date, **kwargs):
        super().__init__(*args, **kwargs)
        org = task.plan.org
        periods = periods_until(task.plan.year, on, org.cycle, org.due_day)
        self.fields["period"].choices = [(p.start.isoformat(), p.label) for p in periods]
        self.fields["period"].initial = periods[0].start.isoformat()
        self.fields["percent"].initial = task.percent
        self.target_fields = []
        for target in targets:
            name = f"figure_{target.pk}"
            shown = display_unit(target)
            self.fields[name] = forms.FloatField(
                label=target.indicator, required=False,
                widget=forms.NumberInput(attrs={"step": "any", "data-multiplier": shown.multiplier}))
            self.fields[name].unit = shown
            self.target_fields.append((target, name))

    def clean_period(self) -> date:
        return date.fromisoformat(self.cleaned_data["period"])

    def clean_attachments(self):
        files = self.cleaned_data["attachments"]
        limit = settings.LUOSHI_MAX_UPLOAD_BYTES
        if len(files) > MAX_ATTACHMENTS:
            raise forms.ValidationError(_("附件最多%(n)d个") % {"n": MAX_ATTACHMENTS})
        for f in files:
            if f.size > limit:
                raise forms.ValidationError(_("附件“%(name)s”过大（%(size)s），上限为%(limit)s") % {
                    "name": f.name, "size": filesizeformat(f.size), "limit": filesizeformat(limit)})
        return files

    def figures(self) -> dict[int, float]:
        """The figures typed, by target id, converted from the unit shown next to each input (亿元) to the base
        unit they are stored in (元)."""
        return {t.pk: display_unit(t).to_base(self.cleaned_data[name]) for t, name in self.target_fields
                if self.cleaned_data.get(name) is not None}

    def figure_fields(self):
        """(target, bound field, display unit) for each target of the task."""
        return [(target, self[name], self.fields[name].unit) for target, name in self.target_fields]


class MilestoneForm(forms.Form):
    """One milestone on the office's milestones page; an empty new line is left out, a wrong one is refused by
    milestones.edit_milestones with its message."""

    pk = forms.IntegerField(widget=forms.HiddenInput, required=False)
    date = forms.DateField(label=_("节点日期"), required=False, widget=DateInput())
    expected = forms.IntegerField(label=_("应完成比例（%）"), min_value=0, max_value=100, required=False)
    note = forms.CharField(label=_("说明"), max_length=200, required=False)


class BaseMilestoneFormSet(forms.BaseFormSet):
    def rows(self) -> list[Row]:
        """The lines as milestones.Row, new lines left blank left out."""
        out = []
        for form in self.forms:
            d = form.cleaned_data
            if not d or (d.get("pk") is None and d.get("date") is None and d.get("expected") is None
                         and not d.get("note")):
                continue
            out.append(Row(d.get("pk"), d.get("date"), d.get("expected"), d.get("note") or "",
                           bool(d.get("DELETE"))))
        return out

    @staticmethod
    def initial_for(task: Task) -> list[dict]:
        return [{"pk": m.pk, "date": m.date, "expected": m.expected, "note": m.note} for m in task.milestones.all()]


MilestoneFormSet = forms.formset_factory(MilestoneForm, formset=BaseMilestoneFormSet, extra=2, can_delete=True,
                                         max_num=40, validate_max=True)
