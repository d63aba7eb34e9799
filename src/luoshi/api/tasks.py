"""Tasks: the list with its filters, the detail, and what the departments and the office do to a task."""


from ninja import Query, Router, Schema
from ninja.pagination import PageNumberPagination, paginate

from luoshi.tracking import milestones, queries, workflow
from luoshi.tracking.choices import Kind, Schedule, State
from luoshi.tracking.models import Task

from . import access
from .auth import PUBLIC, SIGNED_IN, caller
from .plans import with_latest
from .schemas import (
    AssignIn,
    CloseIn,
    Error,
    MilestonesIn,
    PublishIn,
    SendBackIn,
    SignIn,
    TaskDetail,
    TaskOut,
)

router = Router(tags=["任务"])

ERRORS = {400: Error, 401: Error, 403: Error, 404: Error}


class TaskFilters(Schema):
    plan: int | None = None
    area: int | None = None
    department: int | None = None
    state: State | None = None
    schedule: Schedule | None = None
    kind: Kind | None = None
    q: str | None = None


def listing(queryset):
    return queryset.select_related("plan__org").prefetch_related("assignments__department")


@router.get("/tasks", response=list[TaskOut], **PUBLIC, summary="任务列表")
@paginate(PageNumberPagination)
def list_tasks(request, filters: Query[TaskFilters]):
    """Tasks the caller may see, filtered by plan, area (its tasks and sub-tasks), department (lead or
    co-operating), state, schedule status (序时进度), kind and text."""
    tasks = queries.filter_tasks(
        access.tasks(caller(request)), plan=filters.plan, area=filters.area, department=filters.department,
        state=filters.state or "", schedule=filters.schedule or "", text=filters.q or "",
    )
    if filters.kind is not None:
        tasks = tasks.filter(kind=filters.kind)
    return listing(tasks).order_by("plan_id", "order", "id")


def detail(user, task_id: int):
    task = access.task_for(user, task_id)
    task = (Task.objects.prefetch_related("assignments__department", "assignments__leader_post",
                                          "assignments__contact_post", "milestones")
            .select_related("plan__org").get(pk=task.pk))
    task.api_targets = with_latest(task.targets.order_by("start", "id"), user)
    task.api_children = list(access.tasks(user).filter(parent_id=task.pk).order_by("order", "id"))
    return task


@router.get("/tasks/{task_id}", response={200: TaskDetail, 404: Error}, **PUBLIC, summary="任务详情")
def get_task(request, task_id: int):
    """A task with its assignments, its targets with the latest figures and its schedule status."""
    return detail(caller(request), task_id)


@router.post("/tasks/{task_id}/sign", response={200: TaskDetail, **ERRORS}, auth=SIGNED_IN, summary="签收")
def sign(request, task_id: int, payload: SignIn):
    """The department signs for the task (签收). The office may sign for a department it names."""
    user = caller(request)
    task = access.task_for(user, task_id, "report")
    workflow.sign(task, user, access.acting_department(user, task, payload.department_id))
    return detail(user, task_id)


@router.post("/tasks/{task_id}/assign", response={200: TaskDetail, **ERRORS}, auth=SIGNED_IN, summary="分工（督查室）")
def assign(request, task_id: int, payload: AssignIn):
    """Make one department lead (牵头) and others co-operating (责任), with the posts responsible and a deadline."""
    user = caller(request)
    task = access.task_for(user, task_id, "manage")
    org_id = task.plan.org_id
    workflow.assign(
        task, user, access.org_department(org_id, payload.lead),
        [access.org_department(org_id, d) for d in payload.cooperating if d != payload.lead],
        leader_post=access.org_post(org_id, payload.leader_post),
        contact_post=access.org_post(org_id, payload.contact_post),
        deadline=payload.deadline,
    )
    return detail(user, task_id)


@router.post("/tasks/{task_id}/close", response={200: TaskDetail, **ERRORS}, auth=SIGNED_IN, summary="办结（督查室）")
def close(request, task_id: int, payload: CloseIn):
    user = caller(request)
    workflow.close(access.task_for(user, task_id, "manage"), user, payload.comment)
    return detail(user, task_id)


@router.post("/tasks/{task_id}/send-back", response={200: TaskDetail, **ERRORS}, auth=SIGNED_IN,
             summary="退回（督查室）")
def send_back(request, task_id: int, payload: SendBackIn):
    user = caller(request)
    workflow.send_back(access.task_for(user, task_id, "manage"), user, payload.reason)
    return detail(user, task_id)


@router.post("/tasks/{task_id}/publish", response={200: TaskDetail, **ERRORS}, auth=SIGNED_IN,
             summary="公开或取消公开（督查室）")
def publish(request, task_id: int, payload: PublishIn):
    user = caller(request)
    workflow.publish(access.task_for(user, task_id, "manage"), user, payload.published)
    return detail(user, task_id)


@router.post("/tasks/{task_id}/milestones", response={200: TaskDetail, **ERRORS}, auth=SIGNED_IN,
             summary="设置里程碑（督查室）")
def set_milestones(request, task_id: int, payload: MilestonesIn):
    """Set the task's milestones at once: those with an `id` are changed, those without are added, existing ones not
    listed are deleted. Changed and added ones no longer follow the deadline; each change is in the audit log."""
    user = caller(request)
    task = access.task_for(user, task_id, "manage")
    listed = {m.id for m in payload.milestones if m.id is not None}
    rows = [milestones.Row(m.id, m.date, m.expected, m.note) for m in payload.milestones]
    rows += [milestones.Row(pk, None, None, delete=True)
             for pk in task.milestones.exclude(pk__in=listed).values_list("pk", flat=True)]
    milestones.edit_milestones(task, user, rows)
    return detail(user, task_id)
