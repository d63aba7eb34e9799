"""The office's settings pages: the organisation's tracking rules, its departments, its posts.

Only the office (督查室) of an organisation reaches them (everyone else gets 403, anonymous callers the log-in
page), and everything they show or change is of the office's own organisation: another organisation's
department or post is a 404. Every change goes through services.py, which writes it to the audit log.
"""

from __future__ import annotations

import base64
import binascii

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from luoshi.audit.models import Entry as AuditEntry
from luoshi.tracking.choices import Schedule

from . import services
from .choices import Role
from .forms import CatalogueConfirmForm, CatalogueUploadForm, DepartmentForm, PostForm, SettingsForm
from .models import Department, Membership, Organisation, Post

RECENT = 15


def _office(request) -> Membership:
    """The office user's membership (its organisation scopes everything), else 403."""
    try:
        m = request.user.membership
    except Membership.DoesNotExist:
        m = None
    if m is None or m.role != Role.OFFICE:
        raise PermissionDenied
    return m


def _recent_changes(org):
    """The latest audit entries of the organisation, its departments, posts and members."""
    departments = Department.objects.filter(org=org).values("pk")
    posts = Post.objects.filter(org=org).values("pk")
    members = Membership.objects.filter(org=org).values("pk")
    return (AuditEntry.objects.filter(
        Q(model="orgs.organisation", object_id=org.pk)
        | Q(model="orgs.department", object_id__in=departments)
        | Q(model="orgs.post", object_id__in=posts)
        | Q(model="orgs.membership", object_id__in=members)
    ).select_related("actor")[:RECENT])


_MODELS = {"orgs.organisation": Organisation, "orgs.department": Department, "orgs.post": Post,
           "orgs.membership": Membership}


def _values(model, values: dict) -> str:
    """An audit entry's values as the settings page shows them: 报送截止日=25; 进度容差（百分点）=10."""
    def label(name):
        try:
            return str(model._meta.get_field(name).verbose_name)
        except FieldDoesNotExist:  # a field renamed or removed since
            return name
    return "; ".join(f"{label(k)}={'—' if v in (None, '', []) else v}" for k, v in values.items())


def _change_rows(entries):
    return [(e, _values(_MODELS[e.model], e.before), _values(_MODELS[e.model], e.after)) for e in entries]


# --- the organisation -------------------------------------------------------------------------------


@login_required
def org_settings(request):
    m = _office(request)
    org = m.org
    if request.method == "POST":
        form = SettingsForm(request.POST, instance=org)
        if form.is_valid():
            changed = services.update_organisation(org, request.user, form.cleaned_data)
            if changed:
                messages.success(request, _("设置已保存。"))
            else:
                messages.info(request, _("设置没有变化。"))
            return redirect("org_settings")
        org.refresh_from_db()  # the page around the form shows what is saved
    else:
        form = SettingsForm(instance=org)
    return render(request, "orgs/settings.html", {
        "form": form, "org": org, "tab": "settings",
        "preview": [Schedule.AHEAD, Schedule.ON_TRACK, Schedule.BEHIND, Schedule.OVERDUE, Schedule.DONE],
        "department_count": Department.objects.filter(org=org).count(),
        "post_count": Post.objects.filter(org=org).count(),
        "changes": _change_rows(_recent_changes(org)),
    })


# --- departments ---------------------------------------------------------------------------------


@login_required
def department_list(request):
    m = _office(request)
    departments = Department.objects.filter(org=m.org).annotate(task_count=Count("assignments__task", distinct=True))
    return render(request, "orgs/department_list.html", {
        "departments": departments, "upload": CatalogueUploadForm(), "tab": "departments",
    })


@login_required
def department_add(request):
    m = _office(request)
    department = Department(org=m.org)
    if request.method == "POST":
        form = DepartmentForm(request.POST, instance=department)
        if form.is_valid():
            services.save_department(form.save(commit=False), request.user, None)
            messages.success(request, _("已新增部门“%(name)s”。") % {"name": department.name})
            return redirect("department_list")
    else:
        last = Department.objects.filter(org=m.org).order_by("-order").values_list("order", flat=True).first()
        form = DepartmentForm(instance=department, initial={"order": (last or 0) + 1})
    return render(request, "orgs/department_form.html", {"form": form, "department": None, "tab": "departments"})


@login_required
def department_edit(request, pk: int):
    m = _office(request)
    department = get_object_or_404(Department, pk=pk, org=m.org)
    before = services.snapshot(department, services.DEPARTMENT_FIELDS)
    if request.method == "POST":
        form = DepartmentForm(request.POST, instance=department)
        if form.is_valid():
            services.save_department(form.save(commit=False), request.user, before)
            messages.success(request, _("已保存部门“%(name)s”。") % {"name": department.name})
            return redirect("department_list")
    else:
        form = DepartmentForm(instance=department)
    usage = services.usage_of(department)
    return render(request, "orgs/department_form.html", {
        "form": form, "department": get_object_or_404(Department, pk=pk, org=m.org), "tab": "departments",
        "usage": usage, "refusal": services.refusal(usage) if usage.in_use else "",
    })


@login_required
@require_POST
def department_delete(request, pk: int):
    m = _office(request)
    department = get_object_or_404(Department, pk=pk, org=m.org)
    name = department.name
    usage = services.delete_department(department, request.user)
    if usage.in_use:
        messages.error(request, services.refusal(usage))
        return redirect("department_edit", pk)
    messages.success(request, _("已删除部门“%(name)s”。") % {"name": name})
    return redirect("department_list")


# --- a catalogue file --------------------------------------------------------------------------------


@login_required
def catalogue_import(request):
    """Upload a catalogue file → a preview of what it adds and changes → confirm: applied in one transaction."""
    m = _office(request)
    context = {"tab": "departments", "upload": CatalogueUploadForm()}
    if request.method != "POST":
        return render(request, "orgs/catalogue_import.html", context)
    if "confirm" in request.POST:
        return _apply_catalogue(request, m)
    upload = CatalogueUploadForm(request.POST, request.FILES)
    if not upload.is_valid():  # no file, or an empty one
        context["error"] = " ".join(upload.errors.get("file", [])) or _("请选择部门目录文件。")
        return render(request, "orgs/catalogue_import.html", context, status=400)
    file = upload.cleaned_data["file"]
    data = services.read_upload(file)
    try:
        entries = services.read_catalogue_file(data, file.name)
    except services.CatalogueFileError as e:
        context["error"] = str(e)
        context["filename"] = file.name
        return render(request, "orgs/catalogue_import.html", context, status=400)
    context.update({
        "filename": file.name,
        "preview": services.preview_catalogue(m.org, entries),
        "confirm": CatalogueConfirmForm(initial={"data": base64.b64encode(data).decode("ascii"),
                                                 "filename": file.name}),
    })
    return render(request, "orgs/catalogue_import.html", context)


def _apply_catalogue(request, m: Membership):
    form = CatalogueConfirmForm(request.POST)
    try:
        if not form.is_valid():
            raise ValueError
        data = base64.b64decode(form.cleaned_data["data"], validate=True)
    except (ValueError, binascii.Error):
        messages.error(request, _("导入未完成：没有收到预览过的文件，请重新上传。"))
        return redirect("catalogue_import")
    filename = form.cleaned_data["filename"]
    try:
        created, updated = services.apply_catalogue(m.org, request.user, data, filename)
    except services.CatalogueFileError as e:
        return render(request, "orgs/catalogue_import.html", {
            "tab": "departments", "upload": CatalogueUploadForm(), "error": str(e), "filename": filename,
        }, status=400)
    messages.success(request, _("已导入部门目录“%(file)s”：新增%(created)d个，修改%(updated)d个。") % {
        "file": filename, "created": created, "updated": updated})
    return redirect("department_list")


# --- posts ------------------------------------------------------------------------------------------


def _with_task_counts(posts):
    from luoshi.tracking.models import Assignment

    counts: dict[int, set] = {}
    rows = Assignment.objects.filter(Q(leader_post__in=posts) | Q(contact_post__in=posts)).values_list(
        "task_id", "leader_post_id", "contact_post_id")
    for task_id, leader_id, contact_id in rows:
        for post_id in {leader_id, contact_id} - {None}:
            counts.setdefault(post_id, set()).add(task_id)
    for post in posts:
        post.task_count = len(counts.get(post.pk, ()))
    return posts


@login_required
def post_list(request):
    m = _office(request)
    posts = list(Post.objects.filter(org=m.org).select_related("department", "holder")
                 .prefetch_related("oversees", "members__user"))
    return render(request, "orgs/post_list.html", {"posts": _with_task_counts(posts), "tab": "posts"})


@login_required
def post_add(request):
    m = _office(request)
    post = Post(org=m.org)
    if request.method == "POST":
        form = PostForm(request.POST, instance=post, org=m.org)
        if form.is_valid():
            change = services.save_post(form.save(commit=False), request.user, None, form.cleaned_data["oversees"])
            _report_holder_change(request, post, change)
            messages.success(request, _("已新增职务“%(title)s”。") % {"title": post.title})
            return redirect("post_edit", post.pk)
    else:
        form = PostForm(instance=post, org=m.org)
    return render(request, "orgs/post_form.html", {"form": form, "post": None, "tab": "posts"})


@login_required
def post_edit(request, pk: int):
    m = _office(request)
    post = get_object_or_404(Post, pk=pk, org=m.org)
    before = services.post_snapshot(post)
    if request.method == "POST":
        form = PostForm(request.POST, instance=post, org=m.org)
        if form.is_valid():
            change = services.save_post(form.save(commit=False), request.user, before,
                                        form.cleaned_data["oversees"])
            _report_holder_change(request, post, change)
            messages.success(request, _("已保存职务“%(title)s”。") % {"title": post.title})
            return redirect("post_edit", post.pk)
        post = get_object_or_404(Post, pk=pk, org=m.org)  # the page around the form shows what is saved
    else:
        form = PostForm(instance=post, org=m.org)
    assignments = (services.tasks_on_post(post).select_related("task", "department", "leader_post", "contact_post")
                   .order_by("task__plan_id", "task__order"))
    return render(request, "orgs/post_form.html", {
        "form": form, "post": post, "tab": "posts", "assignments": assignments,
        "task_count": assignments.values("task_id").distinct().count(),
        "accounts": Membership.objects.filter(post=post).select_related("user"),
        "oversees": post.oversees.all(),
    })


def _report_holder_change(request, post: Post, change: services.HolderChange) -> None:
    for m in change.unlinked:
        messages.info(request, _("%(user)s 的账号已不再关联职务“%(title)s”。") % {
            "user": m.user.get_full_name() or m.user.get_username(), "title": post.title})
    if change.linked is not None and change.linked.role == Role.LEADER:
        messages.info(request, _("%(user)s 的领导账号已关联职务“%(title)s”，可查看其分管部门的任务。") % {
            "user": change.linked.user.get_full_name() or change.linked.user.get_username(), "title": post.title})
    if change.not_linked is not None:
        messages.warning(request, _("%(user)s 的账号已关联其担任的另一职务“%(other)s”（一个账号只能关联一个职务），"
                                    "未改为本职务。") % {
            "user": change.not_linked.user.get_full_name() or change.not_linked.user.get_username(),
            "other": change.not_linked.post.title})
