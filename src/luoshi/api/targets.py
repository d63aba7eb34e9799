"""Indicator targets and their figures: read by whoever may read the plan, recorded by the office.

Values are in the target's base unit (元, 家, %): a target of 1300亿元 has the
value 130000000000, and so has a figure of 1300亿元. Each target says the unit
the pages show and take numbers in (`display_unit`, e.g. 亿元 = 100000000 元),
and each figure its value written in that unit (`display`).
"""

from ninja import Router, Status
from ninja.pagination import PageNumberPagination, paginate

from luoshi.tracking import workflow
from luoshi.tracking.models import FIGURE_ORDER, visible_figures

from . import access
from .auth import PUBLIC, SIGNED_IN, caller
from .schemas import Error, FigureIn, FigureOut

router = Router(tags=["指标"])

ERRORS = {400: Error, 401: Error, 403: Error, 404: Error}


def _figures(queryset):
    return queryset.select_related("target", "update", "recorded_by").order_by(*FIGURE_ORDER)


@router.get("/targets/{target_id}/figures", response={200: list[FigureOut], 404: Error}, **PUBLIC,
            summary="指标的数据")
@paginate(PageNumberPagination)
def list_figures(request, target_id: int):
    """The figures of a target the caller may see, the latest period first: those the office recorded and those
    reported with progress updates (not ones sent back; anonymous callers: accepted ones only)."""
    user = caller(request)
    target = access.target_for(user, target_id)
    return _figures(visible_figures(user).filter(target=target))


@router.post("/targets/{target_id}/figures", response={201: FigureOut, **ERRORS}, auth=SIGNED_IN,
             summary="录入指标数据（督查室）")
def record_figure(request, target_id: int, payload: FigureIn):
    """The office records a figure for any target of its organisation's plans (a main target's figure from the
    statistics bureau, say), with its period and a note on its source. `value` is in the target's base unit:
    1300亿元 is 130000000000 (multiply what the pages show by `display_unit.multiplier`)."""
    user = caller(request)
    target = access.target_for(user, target_id, "manage")
    figure = workflow.record_figure(target, user, payload.period, payload.value, payload.note)
    return Status(201, _figures(visible_figures(user).filter(pk=figure.pk)).get())
