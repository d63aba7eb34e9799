"""The office's milestones page of a task: change the dates, shares and notes, add and delete, saved at once.

Only the office (restrict "manage") edits; a department or a leader who sees the task reads its milestones on the
task page and gets 403 here, anyone else 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from .forms import MilestoneFormSet
from .milestones import edit_milestones
from .models import Task
from .workflow import WorkflowError


def _managed_task(request, pk: int) -> Task:
    try:
        return Task.objects.restrict(request.user, "manage").select_related("plan__org").get(pk=pk)
    except Task.DoesNotExist:
        if Task.objects.restrict(request.user, "view").filter(pk=pk).exists():
            raise PermissionDenied from None
        raise Http404 from None


@login_required
def task_milestones(request, pk: int):
    task = _managed_task(request, pk)
    if request.method == "POST":
        formset = MilestoneFormSet(request.POST, prefix="m")
        if formset.is_valid():
            try:
                changes = edit_milestones(task, request.user, formset.rows())
            except WorkflowError as e:
                messages.error(request, str(e))
            else:
                if changes:
                    messages.success(request, _("里程碑已保存"))
                else:
                    messages.info(request, _("里程碑没有变化"))
                return redirect(reverse("task_detail", args=[task.pk]) + "#milestones")
    else:
        formset = MilestoneFormSet(initial=MilestoneFormSet.initial_for(task), prefix="m")
    return render(request, "tracking/milestones.html", {"task": task, "formset": formset})
