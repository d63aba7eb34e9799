"""Finding things for a caller, always through `restrict`: not visible is 404, visible but not allowed is 403."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja.errors import HttpError

from luoshi.orgs.choices import Role
from luoshi.orgs.models import Department, Membership, Organisation, Post
from luoshi.plans.models import Plan, Target
from luoshi.tracking.models import ExtensionRequest, ProgressUpdate, Task, membership_of, restrict_targets
from luoshi.tracking.workflow import WorkflowError

NOT_FOUND = gettext_lazy("不存在或无权查看")
FORBIDDEN = gettext_lazy("无权进行此操作")


def tasks(user, action: str = "view") -> QuerySet[Task]:
    return Task.objects.restrict(user, action)


def plans(user) -> QuerySet[Plan]:
    """Plans with at least one task the user may see."""
    return Plan.objects.filter(pk__in=tasks(user).values("plan_id"))


def updates(user, action: str = "view") -> QuerySet[ProgressUpdate]:
    return ProgressUpdate.objects.restrict(user, action)


def extensions(user, action: str = "view") -> QuerySet[ExtensionRequest]:
    return ExtensionRequest.objects.filter(task__in=tasks(user, action))


def departments(user) -> QuerySet[Department]:
    """A member sees their organisation's catalogue; anyone else the departments of the tasks they may see."""
    m = membership_of(user)
    if getattr(user, "is_superuser", False):
        return Department.objects.all()
    if m is not None:
        return Department.objects.filter(org_id=m.org_id)
    return Department.objects.filter(assignments__task__in=tasks(user)).distinct()


def get_or_404(queryset: QuerySet, pk: int):
    obj = queryset.filter(pk=pk).first()
    if obj is None:
        raise HttpError(404, str(NOT_FOUND))
    return obj


def task_for(user, pk: int, action: str = "view") -> Task:
    """The task if `user` may `action` it: 404 when they cannot even see it, 403 when they see it only."""
    task = get_or_404(tasks(user).select_related("plan__org"), pk)
    if action != "view" and not tasks(user, action).filter(pk=pk).exists():
        raise HttpError(403, str(FORBIDDEN))
    return task


def target_for(user, pk: int, action: str = "view") -> Target:
    """A target of a plan the user may read (else 404); "manage": the office of the plan's organisation (else 403)."""
    target = get_or_404(restrict_targets(user).select_related("plan"), pk)
    if action != "view" and not restrict_targets(user, action).filter(pk=pk).exists():
        raise HttpError(403, str(FORBIDDEN))
    return target


def update_for(user, pk: int, action: str = "view") -> ProgressUpdate:
    update = get_or_404(updates(user).select_related("task__plan__org", "department"), pk)
    if action != "view" and not updates(user, action).filter(pk=pk).exists():
        raise HttpError(403, str(FORBIDDEN))
    return update


def extension_for(user, pk: int, action: str = "view") -> ExtensionRequest:
    req = get_or_404(extensions(user).select_related("task__plan__org", "department"), pk)
    if action != "view" and not extensions(user, action).filter(pk=pk).exists():
        raise HttpError(403, str(FORBIDDEN))
    return req


def is_office(user) -> bool:
    m = membership_of(user)
    return getattr(user, "is_superuser", False) or (m is not None and m.role == Role.OFFICE)


def require_office(user) -> None:
    if not is_office(user):
        raise HttpError(403, _("仅督查室可以进行此操作"))


def managed_orgs(user) -> QuerySet[Organisation]:
    """The organisations whose tasks the user manages (the office's own; every one for a superuser)."""
    return Organisation.objects.filter(pk__in=tasks(user, "manage").values("plan__org_id"))


def acting_department(user, task: Task, department_id: int | None) -> Department:
    """The department a report is made for: a department user's own; the office names one (default: the lead)."""
    m: Membership | None = membership_of(user)
    if m is not None and m.role == Role.DEPARTMENT:
        if department_id is not None and department_id != m.department_id:
            raise HttpError(403, _("只能以本部门名义报送"))
        return m.department
    if department_id is None:
        lead = task.lead
        if lead is None:
            raise WorkflowError(_("任务尚未分工"))
        return lead.department
    return org_department(task.plan.org_id, department_id)


def org_department(org_id: int, department_id: int) -> Department:
    department = Department.objects.filter(org_id=org_id, pk=department_id).first()
    if department is None:
        raise WorkflowError(_("部门 %(id)s 不存在") % {"id": department_id})
    return department


def org_post(org_id: int, post_id: int | None) -> Post | None:
    if post_id is None:
        return None
    post = Post.objects.filter(org_id=org_id, pk=post_id).first()
    if post is None:
        raise WorkflowError(_("职务 %(id)s 不存在") % {"id": post_id})
    return post
