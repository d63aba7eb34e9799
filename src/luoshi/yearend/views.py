"""The year-end pages: the list of plans and their reviews, the import of the next report, the review itself
(its table beside each task's tracked history, as .xlsx too), the office's verdict on a check, and both
reports' texts with the checked spans marked.

Who: a review belongs to its plan, and every member of the plan's organisation may open it (another
organisation's is a 404); what it shows is `TargetCheck.objects.restrict(user)`: a department sees the checks
of its own tasks only. Importing, overriding and deleting are the office's (403 for the other members).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from luoshi.audit.models import Entry
from luoshi.engine import LoadError
from luoshi.engine.errors import FileTooLargeError
from luoshi.engine.verdicts import Verdict as EngineVerdict
from luoshi.plans.importing import analyse_upload
from luoshi.plans.views import Mark, highlight, load_error_message, plans_for, stored_file
from luoshi.tracking.views import is_office
from luoshi.tracking.workflow import WorkflowError

from . import queries, services, xlsx
from .forms import OverrideForm, ReviewUploadForm
from .models import TargetCheck, YearEndReview

SIDES = ("plan", "result")
AUDIT_ROWS = 50


def reviews_for(user):
    """The reviews `user` may open: those of the plans of their organisation."""
    return YearEndReview.objects.filter(plan__in=plans_for(user))


def _review(request, pk: int) -> YearEndReview:
    return get_object_or_404(reviews_for(request.user).select_related("plan__org", "imported_by"), pk=pk)


def _require_office(request) -> None:
    if not is_office(request.user):
        raise PermissionDenied


@login_required
def review_list(request):
    reviews = YearEndReview.objects.select_related("imported_by").defer("text").annotate(
        overridden=Count("checks", filter=~Q(checks__override="")))
    plans = (plans_for(request.user).select_related("org").defer("text", "outline")
             .prefetch_related(Prefetch("yearend_reviews", queryset=reviews)))
    return render(request, "yearend/review_list.html", {"plans": plans, "can_import": is_office(request.user)})


# --- import ------------------------------------------------------------------------------------------------


def _analyse(upload):
    limit = settings.LUOSHI_MAX_UPLOAD_BYTES
    if upload.size > limit:  # before reading it into memory
        raise FileTooLargeError(upload.name, "too large")
    return analyse_upload(upload.read(limit + 1), upload.name, limit)


def _import(request, plan, form) -> YearEndReview | None:
    """The review made from the form's file, or None with the reason added to the form."""
    upload = form.cleaned_data["file"]
    try:
        analysed = _analyse(upload)
    except LoadError as e:
        form.add_error("file", format_html("“{}”：{}", upload.name, load_error_message(e, upload.name)))
        return None
    mismatch = services.year_mismatch(plan, analysed.report)
    if mismatch and not form.cleaned_data["any_year"]:
        form.add_error("file", format_html("“{}”：{}", upload.name, mismatch))
        return None
    check = services.check_plan(plan, analysed.report)
    if not check.items:
        form.add_error("file", _("这份计划的报告中没有找到可以核验的目标。"))
        return None
    review = services.import_review(plan, analysed, request.user, check)
    messages.success(request, _("已导入“%(name)s”，核验了%(n)d项目标，其中完成%(met)d项。") % {
        "name": review.source_name, "n": len(check.items), "met": check.counts()[EngineVerdict.MET]})
    return review


@login_required
def review_import(request, plan_pk: int):
    """Upload the next year's report for a plan → every target checked and stored, or one clear message and
    nothing saved."""
    plan = get_object_or_404(plans_for(request.user).select_related("org"), pk=plan_pk)
    _require_office(request)
    if request.method != "POST":
        form = ReviewUploadForm()
    else:
        form = ReviewUploadForm(request.POST, request.FILES)
        review = _import(request, plan, form) if form.is_valid() else None
        if review is not None:
            return redirect("yearend_review", review.pk)
    existing = plan.yearend_reviews.select_related("imported_by").defer("text")
    return render(request, "yearend/review_import.html", {"plan": plan, "form": form, "existing": existing},
                  status=400 if form.errors else 200)


# --- the review --------------------------------------------------------------------------------------------


@login_required
def review_detail(request, pk: int):
    review = _review(request, pk)
    page = queries.page(request.user, review)
    office = is_office(request.user)
    entries = []
    if office:
        checks = [row.check.pk for row in page.rows]
        entries = list(Entry.objects.filter(
            Q(model="yearend.yearendreview", object_id=review.pk) | Q(model="yearend.targetcheck", object_id__in=checks)
        ).select_related("actor")[:AUDIT_ROWS])
    return render(request, "yearend/review_detail.html", {
        "review": review, "plan": review.plan, "page": page, "can_manage": office, "entries": entries,
    })


@login_required
def review_xlsx(request, pk: int):
    import io

    review = _review(request, pk)
    data = xlsx.build(review, queries.page(request.user, review))
    return FileResponse(io.BytesIO(data), as_attachment=True, filename=xlsx.filename(review),
                        content_type=xlsx.XLSX_TYPE)


@login_required
def review_source(request, pk: int):
    """The next report's original file."""
    review = _review(request, pk)
    return stored_file(review.source_file, review.source_name)


@login_required
def check_override(request, pk: int, check_pk: int):
    """The office's verdict on one check, with its note (the engine's stays on record beside it)."""
    review = _review(request, pk)
    _require_office(request)
    check = get_object_or_404(queries.visible_checks(request.user, review, "manage")
                              .select_related("task", "target", "overridden_by"), pk=check_pk)
    if request.method == "POST":
        form = OverrideForm(request.POST)
        if form.is_valid():
            try:
                services.override(check, request.user, form.cleaned_data["verdict"], form.cleaned_data["note"])
            except WorkflowError as e:
                form.add_error(None, str(e))
            else:
                messages.success(request, _("已修改“%(indicator)s”的核验结论：%(verdict)s") % {
                    "indicator": check.indicator, "verdict": check.get_final_display()})
                return redirect(f"{reverse('yearend_review', args=[review.pk])}#check-{check.pk}")
    else:
        form = OverrideForm(initial={"verdict": check.final, "note": check.override_note})
    return render(request, "yearend/check_override.html", {
        "review": review, "plan": review.plan, "check": check, "form": form,
    }, status=400 if form.errors else 200)


@login_required
@require_POST
def review_delete(request, pk: int):
    review = _review(request, pk)
    _require_office(request)
    services.delete_review(review, request.user)
    messages.info(request, _("已删除“%(name)s”的核验。") % {"name": review.source_name})
    return redirect("yearend_list")


# --- the texts, with the checked spans marked ---------------------------------------------------------------


@login_required
def review_text(request, pk: int, side: str):
    """The plan's text (`plan`) or the next report's (`result`), with the spans of the checks the user may see
    marked in the colour of their verdict; ?check=N puts that check's clause in focus (the page opens at #here)."""
    if side not in SIDES:
        raise Http404
    review = _review(request, pk)
    checks = list(queries.visible_checks(request.user, review).only(
        "pk", "order", "indicator", "verdict", "override", "target_start", "target_end", "target_quote",
        "target_quote_start", "result_start", "result_end", "result_quote", "result_quote_start"))
    focus = None
    if request.GET.get("check"):
        focus = next((c for c in checks if str(c.pk) == request.GET["check"]), None)
        if focus is None:
            raise Http404
    text = review.plan.text if side == "plan" else review.text

    def span(c: TargetCheck) -> tuple[int | None, int | None, int | None, str]:
        if side == "plan":
            return c.target_start, c.target_end, c.target_quote_start, c.target_quote
        return c.result_start, c.result_end, c.result_quote_start, c.result_quote

    marks, anchors = [], {}
    for c in checks:
        start, end, _at, _quote = span(c)
        if start is None:
            continue
        marks.append(Mark(start, end, format_html('<mark class="yr-span tone-{}" title="{}：{}">', c.tone,
                                                  c.indicator, c.get_final_display()), mark_safe("</mark>")))
    layers = [[], marks]
    if focus is not None and span(focus)[0] is not None:
        start, end, at, quote = span(focus)
        at, until = min(at, start), max(at + len(quote), end)
        layers[0] = [Mark(at, until, mark_safe('<span class="yr-focus">'), mark_safe("</span>"))]
        anchors[at] = mark_safe('<span id="here"></span>')
    return render(request, "yearend/review_text.html", {
        "review": review, "plan": review.plan, "side": side, "html": highlight(text, layers, anchors),
        "focus": focus, "count": len(marks),
    })
