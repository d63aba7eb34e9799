"""The year-end checks in the REST API: the same data and permissions as the pages.

- GET  /yearend/reviews?plan=ID          the reviews of the plans of the caller's organisation
- GET  /yearend/reviews/{id}/checks      the checks the caller may see (a department: its own tasks' only)
- POST /yearend/checks/{id}/override     the office's verdict with its note (audited); 403 for the others

Mounted by luoshi.api.api with `api.add_router("", router)`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from ninja import Field, Router, Schema
from ninja.errors import HttpError

from luoshi.api.access import FORBIDDEN, NOT_FOUND, is_office
from luoshi.api.auth import SIGNED_IN, caller
from luoshi.api.schemas import Error
from luoshi.tracking.workflow import WorkflowError

from . import services
from .choices import Verdict
from .models import TargetCheck
from .queries import visible_checks
from .views import reviews_for

VerdictValue = Literal["met", "partly", "not_met", "not_reported"]


def _name(user) -> str | None:
    return (user.get_full_name() or user.get_username()) if user is not None else None


class ReviewOut(Schema):
    id: int
    plan_id: int
    year: int = Field(..., description="核验的计划年度")
    title: str
    source_name: str = Field(..., description="下一年报告的原文件名")
    notes: list[str] = Field(..., description="系统提示，如两份报告不是相邻年份")
    imported_by: str | None
    imported_at: datetime

    @staticmethod
    def resolve_imported_by(obj) -> str | None:
        return _name(obj.imported_by)


class Span(Schema):
    start: int = Field(..., description="在报告文本中的起点（数字或文字）")
    end: int
    quote: str = Field(..., description="所在分句")


class CheckOut(Schema):
    id: int
    review_id: int
    order: int
    kind: Literal["main", "task"]
    task_id: int | None
    target_id: int | None
    indicator: str
    target: Span = Field(..., description="计划报告中的目标")
    result: Span | None = Field(..., description="下一年报告中的结果；未报告时为 null")
    verdict: VerdictValue = Field(..., description="计入统计的结论：督查室修改过的用修改后的，否则为系统结论")
    engine_verdict: VerdictValue = Field(..., description="系统结论（始终保留）")
    reason: str = Field(..., description="系统结论的说明")
    override: VerdictValue | None = Field(..., description="督查室修改的结论；未修改时为 null")
    override_note: str
    overridden_by: str | None
    overridden_at: datetime | None

    @staticmethod
    def resolve_target(obj) -> dict:
        return {"start": obj.target_start, "end": obj.target_end, "quote": obj.target_quote}

    @staticmethod
    def resolve_result(obj) -> dict | None:
        if obj.result_start is None:
            return None
        return {"start": obj.result_start, "end": obj.result_end, "quote": obj.result_quote}

    @staticmethod
    def resolve_verdict(obj) -> str:
        return obj.final

    @staticmethod
    def resolve_engine_verdict(obj) -> str:
        return obj.verdict

    @staticmethod
    def resolve_override(obj) -> str | None:
        return obj.override or None

    @staticmethod
    def resolve_overridden_by(obj) -> str | None:
        return _name(obj.overridden_by)


class OverrideIn(Schema):
    verdict: VerdictValue
    note: str = Field("", description="修改结论须说明理由；给出系统结论且说明为空即恢复系统结论")


ERRORS = {400: Error, 401: Error, 403: Error, 404: Error}


router = Router(tags=["年终核验"])


@router.get("/yearend/reviews", response={200: list[ReviewOut], 401: Error}, auth=SIGNED_IN,
            summary="年终核验")
def list_reviews(request, plan: int | None = None):
    """The year-end reviews of the plans of the caller's organisation, the latest first."""
    reviews = reviews_for(caller(request)).select_related("imported_by").defer("text")
    return reviews.filter(plan_id=plan) if plan is not None else reviews


@router.get("/yearend/reviews/{review_id}/checks", response={200: list[CheckOut], 401: Error, 404: Error},
            auth=SIGNED_IN, summary="年终核验的各项目标")
def list_checks(request, review_id: int):
    """Each target of the plan against the next report, in the plan's order: those the caller may see (a
    department: the targets of its own tasks; the office and leaders: the main targets too)."""
    user = caller(request)
    review = reviews_for(user).filter(pk=review_id).first()
    if review is None:
        raise HttpError(404, str(NOT_FOUND))
    return visible_checks(user, review).select_related("overridden_by").order_by("order")


@router.post("/yearend/checks/{check_id}/override", response={200: CheckOut, **ERRORS}, auth=SIGNED_IN,
             summary="修改核验结论（督查室）")
def override(request, check_id: int, payload: OverrideIn):
    """The office's verdict on a check, with its note; the system's verdict stays on record. Giving the
    system's verdict with an empty note takes the office's back."""
    user = caller(request)
    check = (TargetCheck.objects.restrict(user).filter(review__in=reviews_for(user))
             .select_related("task", "overridden_by").filter(pk=check_id).first())
    if check is None:
        raise HttpError(404, str(NOT_FOUND))
    if not is_office(user) or not TargetCheck.objects.restrict(user, "manage").filter(pk=check_id).exists():
        raise HttpError(403, str(FORBIDDEN))
    try:
        return services.override(check, user, Verdict(payload.verdict), payload.note)
    except WorkflowError as e:
        raise HttpError(400, str(e)) from None
