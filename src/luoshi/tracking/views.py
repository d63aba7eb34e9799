"""The pages that show tasks: the list, one task, a department's inbox, the office's review queue.

Every query goes through `restrict(user, action)` (via queries.py); the
workflow's actions are in actions.py.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render

from luoshi.orgs.choices import Role
from luoshi.orgs.models import Department
from luoshi.plans.models import Plan

from . import milestones, queries, status
from .choices import ExtensionStatus, Kind, State, UpdateStatus
from .forms import AssignForm, ExtensionForm, ProgressForm, TaskFilterForm
from .models import Attachment, ProgressUpdate, Task, membership_of
from .suggestions import suggested_for

PAGE_SIZE = 50


def is_office(user) -> bool:
    m = membership_of(user)
    return user.is_superuser or (m is not None and m.role == Role.OFFICE)


def department_of(user) -> Department | None:
    """The department a department user works for (None for the office and leaders)."""
    m = membership_of(user)
    return m.department if m is not None and m.role == Role.DEPARTMENT and m.department_id else None


def org_departments(user):
    m = membership_of(user)
    if m is not None:
        return Department.objects.filter(org_id=m.org_id)
    return Department.objects.all() if user.is_superuser else Department.objects.none()


@login_required
def task_list(request):
    on = status.today()
    visible = queries.visible_tasks(request.user)
    form = TaskFilterForm(
        request.GET,
        plans=Plan.objects.filter(pk__in=visible.values("plan_id")),
        areas=queries.areas_of(visible),
        departments=org_departments(request.user),
    )
    filters = form.filters()
    tasks = queries.filter_tasks(visible, **filters, on=on)
    tasks = queries.with_list_relations(tasks).order_by("-plan__year", "plan_id", "order", "pk")
    page = Paginator(tasks, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(t, queries.area_of(t), status.schedule_of(t, on)) for t in page.object_list]
    return render(request, "tracking/task_list.html", {
        "form": form, "page": page, "rows": rows, "filtered": bool(filters), "today": on,
    })


@login_required
def task_detail(request, pk: int):
    try:
        task = queries.task_for_detail(request.user, pk)
    except Task.DoesNotExist:
        raise Http404 from None
    user, on = request.user, status.today()
    org = task.plan.org
    can_manage = queries.visible_tasks(user, "manage").filter(pk=pk).exists()
    can_report = queries.visible_tasks(user, "report").filter(pk=pk).exists()
    my_department = department_of(user)
    mine = next((a for a in task.assignments.all() if my_department and a.department_id == my_department.pk), None)
    if mine is not None:
        queries.mark_chases_read(task, my_department)
    is_open = task.state not in (State.IMPORTED, State.CLOSED)
    targets = queries.targets_with_latest(task, user)
    updates = queries.label_periods(queries.updates_of(task, user))
    extensions = list(task.extensions.select_related("department", "created_by", "decided_by"))
    context = {
        "task": task,
        "area": queries.area_of(task),
        "schedule": status.schedule_of(task, on),
        "lead": task.lead,
        "targets": targets,
        "updates": updates,
        "pending_updates": [u for u in updates if u.status == UpdateStatus.SUBMITTED],
        "extensions": extensions,
        "checkpoints": milestones.checkpoints(task, on),
        "pending_extension": next((e for e in extensions if e.status == ExtensionStatus.PENDING), None),
        "chases": task.chases.select_related("department", "created_by"),
        "entries": task.audit_entries.select_related("actor")[:200],
        "can_manage": can_manage,
        "can_report": can_report and task.lead is not None,
        "my_assignment": mine,
        "is_open": is_open,
        "today": on,
    }
    if can_manage and task.state != State.CLOSED:
        initial = AssignForm.initial_for(task)
        if task.kind != Kind.AREA:
            context["suggestions"] = suggested = suggested_for(task, org)
            if task.lead is None and suggested:  # a suggestion fills an empty form only, never a person's choice
                initial["lead"] = next((s.department.pk for s in suggested if s.role == "lead"), None)
                initial["cooperating"] = [s.department.pk for s in suggested if s.role == "cooperating"]
        context["assign_form"] = AssignForm(initial=initial, org=org, auto_id="assign_%s")
    if context["can_report"] and is_open:
        context["progress_form"] = ProgressForm(task=task, targets=targets, on=on, auto_id="report_%s")
        context["extension_form"] = ExtensionForm(auto_id="ext_%s")
    return render(request, "tracking/task_detail.html", context)


@login_required
def attachment_download(request, pk: int):
    """An attachment, only if its update's task is visible to the user."""
    attachment = get_object_or_404(
        Attachment.objects.filter(update__in=ProgressUpdate.objects.restrict(request.user, "view")), pk=pk)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(handle, as_attachment=True, filename=attachment.name)


@login_required
def inbox(request):
    department = department_of(request.user)
    if department is None:
        raise PermissionDenied
    box = queries.inbox_for(request.user, department, status.today())
    return render(request, "tracking/inbox.html", {"box": box, "department": department})


@login_required
def review_queue(request):
    if not is_office(request.user):
        raise PermissionDenied
    on = status.today()
    queue = queries.review_queue_for(request.user, on)
    return render(request, "tracking/review_queue.html", {"queue": queue, "today": on})
