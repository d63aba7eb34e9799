"""The plan's figures page (指标数据): the office records the figures of its main targets.

Main targets (地区生产总值增长6%) belong to no task, so no department reports
them: the office types them in from the statistics bureau's figures, one
small form per target, each with its month, its value in the unit the target
is shown in and its source. The page lists each target's latest figure and its
history, whoever gave it (the office, or a department's accepted update).

Who: the office of the plan's organisation (a superuser too). Another member
of the organisation gets 403, anyone else 404.
"""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from luoshi.tracking import status, workflow
from luoshi.tracking.models import FIGURE_ORDER, Figure, counted_figures, restrict_targets
from luoshi.tracking.templatetags.luoshi import month_label
from luoshi.tracking.views import is_office
from luoshi.tracking.workflow import WorkflowError

from .forms import FigureForm
from .views import plans_for

HISTORY_ROWS = 12


def default_month(year: int, today: date) -> date:
    """The month a new figure is most likely for: last month (figures come out the month after), within the year.

    >>> default_month(2023, date(2023, 7, 26)), default_month(2023, date(2024, 2, 1)), default_month(2023, date(2023, 1, 9))
    (datetime.date(2023, 6, 1), datetime.date(2023, 12, 1), datetime.date(2023, 1, 1))
    """
    if today.year > year:
        return date(year, 12, 1)
    if today.year < year or today.month == 1:
        return date(year, 1, 1)
    return date(year, today.month - 1, 1)


def figures_for(user, targets) -> dict[int, list[Figure]]:
    """The figures of `targets` as the dashboard counts them (the office's, and those of accepted updates of tasks
    `user` may see), by target, the latest first."""
    figures = (counted_figures(user).filter(target__in=targets)
               .select_related("recorded_by", "update__department", "update__task").order_by(*FIGURE_ORDER))
    by_target: dict[int, list[Figure]] = {}
    for f in figures:
        by_target.setdefault(f.target_id, []).append(f)
    return by_target


@login_required
def plan_figures(request, pk: int):
    plan = get_object_or_404(plans_for(request.user).select_related("org"), pk=pk)
    if not is_office(request.user):
        raise PermissionDenied
    main = restrict_targets(request.user, "manage").filter(plan=plan, is_main=True).order_by("start", "pk")
    targets = list(main)
    bound = None
    if request.method == "POST":
        target = get_object_or_404(main, pk=request.POST.get("target") or 0)
        bound = FigureForm(request.POST, target=target)
        if bound.is_valid():
            d = bound.cleaned_data
            try:
                workflow.record_figure(target, request.user, d["period"], bound.base_value(), d["note"])
            except WorkflowError as e:
                bound.add_error(None, str(e))
            else:
                messages.success(request, _("已录入“%(indicator)s”%(period)s的数据") % {
                    "indicator": target.indicator, "period": month_label(d["period"])})
                return redirect(f"{reverse('plan_figures', args=[plan.pk])}#target-{target.pk}")
    initial = {"period": default_month(plan.year, status.today())}
    history = figures_for(request.user, targets)
    rows = []
    for target in targets:
        figures = history.get(target.pk, [])
        form = bound if bound is not None and bound.target.pk == target.pk else FigureForm(target=target,
                                                                                            initial=initial)
        rows.append({"target": target, "latest": figures[0] if figures else None,
                     "history": figures[:HISTORY_ROWS], "more": max(0, len(figures) - HISTORY_ROWS), "form": form})
    return render(request, "plans/figures.html", {"plan": plan, "rows": rows})
