"""Plans (one year's report of one government) and their main targets."""

from django.db.models import Q
from ninja import Router
from ninja.pagination import PageNumberPagination, paginate

from luoshi.tracking.choices import Kind
from luoshi.tracking.models import FIGURE_ORDER, Figure, visible_figures

from . import access
from .auth import PUBLIC, caller
from .schemas import DepartmentOut, Error, PlanDetail, PlanOut

router = Router(tags=["计划"])


def with_latest(targets, user) -> list:
    """The targets, each with `latest`: the newest figure `user` may see, reported with an update (not one sent
    back; the public: accepted ones only) or recorded by the office; by period, then by when it was recorded."""
    targets = list(targets)
    latest: dict[int, Figure] = {}
    figures = (visible_figures(user).filter(target__in=targets)
               .select_related("update", "recorded_by").order_by(*FIGURE_ORDER))
    for figure in figures:
        latest.setdefault(figure.target_id, figure)
    for target in targets:
        target.latest = latest.get(target.pk)
    return targets


@router.get("/plans", response=list[PlanOut], **PUBLIC, summary="计划列表")
@paginate(PageNumberPagination)
def list_plans(request, year: int | None = None):
    """Plans with at least one task the caller may see (anonymous: a published task)."""
    plans = access.plans(caller(request)).select_related("org").order_by("-year", "org_id", "id")
    return plans.filter(year=year) if year is not None else plans


@router.get("/plans/{plan_id}", response={200: PlanDetail, 404: Error}, **PUBLIC, summary="计划详情")
def get_plan(request, plan_id: int):
    """A plan with its metadata, its main targets (主要预期目标, with the latest figures) and its areas."""
    user = caller(request)
    plan = access.get_or_404(access.plans(user).select_related("org"), plan_id)
    plan.api_main_targets = with_latest(plan.targets.filter(is_main=True).order_by("start", "id"), user)
    plan.api_areas = list(access.tasks(user).filter(plan=plan, kind=Kind.AREA).order_by("order", "id"))
    return plan


departments_router = Router(tags=["部门"])


@departments_router.get("/departments", response=list[DepartmentOut], **PUBLIC, summary="部门列表")
@paginate(PageNumberPagination)
def list_departments(request, q: str | None = None, kind: str | None = None):
    """A member sees the catalogue of their organisation; anyone else the departments of the tasks they may see."""
    departments = access.departments(caller(request)).order_by("org_id", "order", "name")
    if q:
        departments = departments.filter(Q(name__icontains=q) | Q(short_name__icontains=q) | Q(aliases__icontains=q))
    if kind:
        departments = departments.filter(kind=kind)
    return departments
