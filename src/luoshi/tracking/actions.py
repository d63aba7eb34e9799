"""The workflow's actions: each a small POST view that calls one workflow function and goes back.

A WorkflowError becomes a message on the page it came from. A user who may
see the object but not do the action gets 403; one who may not even see it
gets 404, so guessing another department's URLs reveals nothing.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import queries, status, workflow
from .choices import ChaseKind
from .forms import (
    AssignForm,
    ChaseForm,
    CommentForm,
    DecisionForm,
    ExtensionForm,
    ProgressForm,
    ReasonForm,
    ReviewForm,
)
from .models import ExtensionRequest, ProgressUpdate, Task, membership_of
from .views import is_office
from .workflow import WorkflowError


def _task(request, pk: int, action: str) -> Task:
    try:
        return Task.objects.restrict(request.user, action).select_related("plan__org").get(pk=pk)
    except Task.DoesNotExist:
        if Task.objects.restrict(request.user, "view").filter(pk=pk).exists():
            raise PermissionDenied from None
        raise Http404 from None


def _managed(request, model, pk: int):
    """An update or an extension request the user may manage, through its task."""
    found = model.objects.filter(task__in=Task.objects.restrict(request.user, "manage")).select_related("task")
    try:
        return found.get(pk=pk)
    except model.DoesNotExist:
        if model.objects.filter(task__in=Task.objects.restrict(request.user, "view"), pk=pk).exists():
            raise PermissionDenied from None
        raise Http404 from None


def _back(request, task_pk: int | None = None):
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return redirect(target)
    return redirect("task_detail", task_pk) if task_pk else redirect("review_queue")


def _form_errors(request, form) -> None:
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)


def _run(request, move, done: str) -> bool:
    """Call `move`; tell the user what happened. Returns whether it worked."""
    try:
        move()
    except WorkflowError as e:
        messages.error(request, str(e))
        return False
    messages.success(request, done)
    return True


def _acting_department(request, task):
    department = queries.acting_department(request.user, task)
    if department is None:
        raise WorkflowError(_("任务尚未分工，不能报送"))
    return department


@login_required
def task_assign(request, pk: int):
    task = _task(request, pk, "manage")
    org = task.plan.org
    if request.method == "POST":
        form = AssignForm(request.POST, org=org)
        if form.is_valid():
            d = form.cleaned_data
            if _run(request, lambda: workflow.assign(task, request.user, d["lead"], d["cooperating"], d["leader_post"],
                                                     d["contact_post"], d["deadline"]), _("已分工")):
                return redirect("task_detail", task.pk)
    else:
        form = AssignForm(initial=AssignForm.initial_for(task), org=org)
    return render(request, "tracking/assign.html", {"task": task, "form": form})


@login_required
@require_POST
def task_sign(request, pk: int):
    task = _task(request, pk, "report")
    _run(request, lambda: workflow.sign(task, request.user, _acting_department(request, task)), _("已签收"))
    return _back(request, task.pk)


@login_required
def task_report(request, pk: int):
    task = _task(request, pk, "report")
    targets = list(task.targets.all())
    on = status.today()
    if request.method == "POST":
        form = ProgressForm(request.POST, request.FILES, task=task, targets=targets, on=on)
        if form.is_valid():
            d = form.cleaned_data

            def report():
                workflow.submit_update(
                    task, request.user, _acting_department(request, task), d["period"], d["progress"], d["percent"],
                    problems=d["problems"], next_steps=d["next_steps"], figures=form.figures(),
                    attachments=d["attachments"], final=d["final"])

            if _run(request, report, _("已报送，等待督查室审核")):
                return redirect("task_detail", task.pk)
    else:
        form = ProgressForm(task=task, targets=targets, on=on)
    return render(request, "tracking/report.html", {
        "task": task, "form": form, "department": queries.acting_department(request.user, task)})


@login_required
@require_POST
def task_request_extension(request, pk: int):
    task = _task(request, pk, "report")
    form = ExtensionForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        _run(request, lambda: workflow.request_extension(task, request.user, _acting_department(request, task),
                                                         d["new_deadline"], d["reason"]), _("已提交延期申请"))
    else:
        _form_errors(request, form)
    return _back(request, task.pk)


@login_required
@require_POST
def task_close(request, pk: int):
    task = _task(request, pk, "manage")
    form = CommentForm(request.POST)
    form.is_valid()
    _run(request, lambda: workflow.close(task, request.user, form.cleaned_data.get("comment", "")), _("已办结"))
    return _back(request, task.pk)


@login_required
@require_POST
def task_send_back(request, pk: int):
    task = _task(request, pk, "manage")
    form = ReasonForm(request.POST)
    if form.is_valid():
        _run(request, lambda: workflow.send_back(task, request.user, form.cleaned_data["reason"]), _("已退回"))
    else:
        messages.error(request, _("退回时请写明理由"))
    return _back(request, task.pk)


@login_required
@require_POST
def task_chase(request, pk: int):
    task = _task(request, pk, "manage")
    form = ChaseForm(request.POST)
    if form.is_valid():
        def chase():
            if not workflow.chase([task], request.user, form.cleaned_data["message"]):
                raise WorkflowError(_("任务尚未分工，无可催办的单位"))

        _run(request, chase, _("已催办"))
    else:
        messages.error(request, _("请填写催办内容"))
    return _back(request, task.pk)


@login_required
@require_POST
def task_publish(request, pk: int):
    task = _task(request, pk, "manage")
    published = request.POST.get("published") == "1"
    _run(request, lambda: workflow.publish(task, request.user, published), _("已公开") if published else _("已取消公开"))
    return _back(request, task.pk)


@login_required
@require_POST
def update_review(request, pk: int):
    update = _managed(request, ProgressUpdate, pk)
    form = ReviewForm(request.POST)
    if form.is_valid():
        accept = form.cleaned_data["verdict"] == "accept"
        _run(request, lambda: workflow.review_update(update, request.user, accept, form.cleaned_data["comment"]),
             _("审核通过") if accept else _("已退回"))
    else:
        _form_errors(request, form)
    return _back(request, update.task_id)


@login_required
@require_POST
def extension_decide(request, pk: int):
    req = _managed(request, ExtensionRequest, pk)
    form = DecisionForm(request.POST)
    if form.is_valid():
        grant = form.cleaned_data["verdict"] == "grant"
        _run(request, lambda: workflow.decide_extension(req, request.user, grant, form.cleaned_data["comment"]),
             _("已同意延期") if grant else _("已不同意延期"))
    else:
        _form_errors(request, form)
    return _back(request, req.task_id)


def _office(request):
    if not is_office(request.user):
        raise PermissionDenied
    return membership_of(request.user)


@login_required
@require_POST
def chase_lagging(request):
    """Chase the lead departments of every open task behind schedule or overdue."""
    _office(request)
    form = ChaseForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请填写催办内容"))
        return _back(request)
    tasks = list(queries.lagging(queries.visible_tasks(request.user, "manage"))
                 .prefetch_related("assignments__department"))
    if not tasks:
        messages.info(request, _("当前没有欠进度或逾期的任务"))
        return _back(request)
    made = []
    if _run(request, lambda: made.extend(workflow.chase(tasks, request.user, form.cleaned_data["message"],
                                                        kind=ChaseKind.LAGGING)), _("已发出欠进度催办")):
        messages.info(request, _("共催办%(n)d个单位次") % {"n": len(made)})
    return _back(request)


@login_required
@require_POST
def chase_unreported(request):
    """Chase every department that has not reported this period after the due day (未报送)."""
    m = _office(request)
    form = ChaseForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请填写催办内容"))
        return _back(request)
    if m is None:
        messages.error(request, _("当前用户不属于任何组织"))
        return _back(request)
    missing = status.unreported(m.org, status.today(), queries.visible_tasks(request.user, "manage"))
    if not missing:
        messages.info(request, _("当前没有未报送的任务（过了本期报送截止日仍未报送的才算未报送）"))
        return _back(request)
    message = form.cleaned_data["message"]

    @transaction.atomic
    def chase_each():
        for a in missing:
            workflow.chase([a.task], request.user, message, kind=ChaseKind.UNREPORTED, departments=[a.department])

    if _run(request, chase_each, _("已发出未报送催办")):
        messages.info(request, _("共催办%(n)d个单位次") % {"n": len(missing)})
    return _back(request)

