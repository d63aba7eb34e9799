"""Progress updates, deadline extensions, chases (催办) and the 未报送 list."""

from datetime import date

from django.utils.translation import gettext as _
from ninja import Router, Status
from ninja.pagination import PageNumberPagination, paginate

from luoshi.orgs.choices import Role
from luoshi.tracking import workflow
from luoshi.tracking.choices import ChaseKind, ExtensionStatus, Schedule, UpdateStatus
from luoshi.tracking.models import Chase, membership_of
from luoshi.tracking.status import current_period, open_tasks, schedule_of, unreported
from luoshi.tracking.workflow import WorkflowError

from . import access
from .auth import PUBLIC, SIGNED_IN, caller
from .schemas import (
    BulkChaseIn,
    ChaseIn,
    ChaseOut,
    DecideIn,
    Error,
    ExtensionIn,
    ExtensionOut,
    ReviewIn,
    UnreportedOut,
    UpdateIn,
    UpdateOut,
)

ERRORS = {400: Error, 401: Error, 403: Error, 404: Error}

updates_router = Router(tags=["进展报送"])
extensions_router = Router(tags=["延期申请"])
chases_router = Router(tags=["催办"])


def _updates(queryset):
    return (queryset.select_related("department", "submitted_by", "reviewed_by")
            .prefetch_related("figures__target", "attachments"))


@updates_router.get("/tasks/{task_id}/updates", response={200: list[UpdateOut], 404: Error}, **PUBLIC,
                    summary="任务的进展报送")
@paginate(PageNumberPagination)
def list_task_updates(request, task_id: int):
    user = caller(request)
    task = access.task_for(user, task_id)
    return _updates(access.updates(user).filter(task=task)).order_by("-period", "-submitted_at", "-id")


@updates_router.post("/tasks/{task_id}/updates", response={201: UpdateOut, **ERRORS}, auth=SIGNED_IN,
                     summary="报送进展")
def create_update(request, task_id: int, payload: UpdateIn):
    """Report progress for the caller's department: 进展情况, 存在问题, 下一步措施, percent, figures by target id;
    `final` asks the office to close the task. The period defaults to the current reporting period."""
    user = caller(request)
    task = access.task_for(user, task_id, "report")
    department = access.acting_department(user, task, payload.department_id)
    org = task.plan.org
    period = current_period(org, payload.period).start
    update = workflow.submit_update(
        task, user, department, period, payload.progress, payload.percent, problems=payload.problems,
        next_steps=payload.next_steps, figures=payload.figures, final=payload.final,
    )
    return Status(201, access.update_for(user, update.pk))


@updates_router.get("/updates", response=list[UpdateOut], **PUBLIC, summary="进展报送列表（审核队列）")
@paginate(PageNumberPagination)
def list_updates(request, status: UpdateStatus | None = None, plan: int | None = None, task: int | None = None,
                 department: int | None = None):
    """Updates of the tasks the caller may see; `status=submitted` is the office's review queue."""
    updates = access.updates(caller(request))
    if status is not None:
        updates = updates.filter(status=status)
    if plan is not None:
        updates = updates.filter(task__plan_id=plan)
    if task is not None:
        updates = updates.filter(task_id=task)
    if department is not None:
        updates = updates.filter(department_id=department)
    return _updates(updates).order_by("-submitted_at", "-id")


@updates_router.get("/updates/{update_id}", response={200: UpdateOut, 404: Error}, **PUBLIC,
                    summary="进展报送详情")
def get_update(request, update_id: int):
    return access.update_for(caller(request), update_id)


@updates_router.post("/updates/{update_id}/review", response={200: UpdateOut, **ERRORS}, auth=SIGNED_IN,
                     summary="审核进展（督查室）")
def review_update(request, update_id: int, payload: ReviewIn):
    """Accept an update (its percent becomes the task's; a final one closes the task) or send it back with a reason."""
    user = caller(request)
    workflow.review_update(access.update_for(user, update_id, "manage"), user, payload.accept, payload.comment)
    return access.update_for(user, update_id)


# ---- extensions ------------------------------------------------------------------------------------------

def _extensions(queryset):
    return queryset.select_related("task", "department").order_by("-created_at", "-id")


@extensions_router.get("/tasks/{task_id}/extensions", response={200: list[ExtensionOut], **ERRORS},
                       auth=SIGNED_IN, summary="任务的延期申请")
@paginate(PageNumberPagination)
def list_task_extensions(request, task_id: int):
    user = caller(request)
    task = access.task_for(user, task_id)
    return _extensions(access.extensions(user).filter(task=task))


@extensions_router.post("/tasks/{task_id}/extensions", response={201: ExtensionOut, **ERRORS}, auth=SIGNED_IN,
                        summary="申请延期")
def request_extension(request, task_id: int, payload: ExtensionIn):
    user = caller(request)
    task = access.task_for(user, task_id, "report")
    department = access.acting_department(user, task, payload.department_id)
    req = workflow.request_extension(task, user, department, payload.new_deadline, payload.reason)
    return Status(201, access.extension_for(user, req.pk))


@extensions_router.get("/extensions", response={200: list[ExtensionOut], 401: Error}, auth=SIGNED_IN,
                       summary="延期申请列表")
@paginate(PageNumberPagination)
def list_extensions(request, status: ExtensionStatus | None = None):
    """Extension requests on the tasks the caller may see; `status=pending` is what the office has to decide."""
    extensions = access.extensions(caller(request))
    return _extensions(extensions.filter(status=status) if status is not None else extensions)


@extensions_router.post("/extensions/{extension_id}/decide", response={200: ExtensionOut, **ERRORS},
                        auth=SIGNED_IN, summary="审批延期（督查室）")
def decide_extension(request, extension_id: int, payload: DecideIn):
    """Grant (the task gets the new deadline; the old one stays on the request) or refuse."""
    user = caller(request)
    workflow.decide_extension(access.extension_for(user, extension_id, "manage"), user, payload.grant,
                              payload.comment)
    return access.extension_for(user, extension_id)


# ---- chases and 未报送 -----------------------------------------------------------------------------------

def _chases(queryset):
    return queryset.select_related("task", "department", "created_by").order_by("-created_at", "-id")


@chases_router.get("/chases", response={200: list[ChaseOut], 401: Error}, auth=SIGNED_IN, summary="催办记录")
@paginate(PageNumberPagination)
def list_chases(request, task: int | None = None, department: int | None = None, kind: ChaseKind | None = None,
                unread: bool | None = None):
    """A department user sees the chases sent to their department; the office and leaders those on the tasks
    they may see."""
    user = caller(request)
    chases = Chase.objects.filter(task__in=access.tasks(user))
    m = membership_of(user)
    if m is not None and m.role == Role.DEPARTMENT:
        chases = chases.filter(department_id=m.department_id)
    if task is not None:
        chases = chases.filter(task_id=task)
    if department is not None:
        chases = chases.filter(department_id=department)
    if kind is not None:
        chases = chases.filter(kind=kind)
    if unread is not None:
        chases = chases.filter(read_at__isnull=unread)
    return _chases(chases)


@chases_router.post("/tasks/{task_id}/chase", response={201: list[ChaseOut], **ERRORS}, auth=SIGNED_IN,
                    summary="催办一项任务（督查室）")
def chase_task(request, task_id: int, payload: ChaseIn):
    """Chase the lead department of the task, or the departments named."""
    user = caller(request)
    task = access.task_for(user, task_id, "manage")
    departments = None
    if payload.department_ids is not None:
        departments = [access.org_department(task.plan.org_id, d) for d in payload.department_ids]
    made = workflow.chase([task], user, payload.message, departments=departments)
    if not made:
        raise WorkflowError(_("没有可催办的责任单位：任务尚未分工，或所选部门不是其责任单位"))
    return Status(201, _chases(Chase.objects.filter(pk__in=[c.pk for c in made])))


@chases_router.post("/chases/bulk", response={201: list[ChaseOut], **ERRORS}, auth=SIGNED_IN,
                    summary="批量催办（督查室）")
def chase_many(request, payload: BulkChaseIn):
    """Chase every lagging task (欠进度 or 逾期, its lead department) or every 未报送 department of the current period."""
    user = caller(request)
    access.require_office(user)
    tasks = access.tasks(user, "manage")
    if payload.plan is not None:
        tasks = tasks.filter(plan_id=payload.plan)
    made = []
    if payload.kind == "lagging":
        lagging = [t for t in open_tasks(tasks).select_related("plan__org").prefetch_related("assignments__department")
                   if schedule_of(t) in (Schedule.BEHIND, Schedule.OVERDUE)]
        made = workflow.chase(lagging, user, payload.message, kind=ChaseKind.LAGGING)
    else:
        for org in access.managed_orgs(user):
            for a in unreported(org, queryset=tasks):
                made += workflow.chase([a.task], user, payload.message, kind=ChaseKind.UNREPORTED,
                                       departments=[a.department])
    return Status(201, _chases(Chase.objects.filter(pk__in=[c.pk for c in made])))


@chases_router.get("/unreported", response={200: list[UnreportedOut], 401: Error, 403: Error}, auth=SIGNED_IN,
                   summary="未报送（督查室）")
@paginate(PageNumberPagination)
def list_unreported(request, on: date | None = None, plan: int | None = None):
    """Departments that have not reported on an open task for the current period once its due day has passed
    (empty before the due day). `on` asks the question for another day."""
    user = caller(request)
    access.require_office(user)
    tasks = access.tasks(user, "manage")
    if plan is not None:
        tasks = tasks.filter(plan_id=plan)
    rows = []
    for org in access.managed_orgs(user).order_by("pk"):
        label = current_period(org, on).label
        for a in unreported(org, on, queryset=tasks):
            a.api_period = label
            rows.append(a)
    rows.sort(key=lambda a: (a.task.plan_id, a.task.order, a.department.order, a.task_id))
    return rows
