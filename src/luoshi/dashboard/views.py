"""The dashboard (总览) for the office and leaders, its wall screen (大屏), and the public progress page.

- dashboard and wall: office and leaders; anyone else logged in gets 403 (a
  department works from its inbox), anonymous visitors go to the login page.
- public: anyone, logged in or not, sees exactly what the public sees.
"""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from luoshi.orgs.choices import Role
from luoshi.tracking import status
from luoshi.tracking.models import membership_of

from . import charts, queries

WALL_REFRESH_DEFAULT = 300
WALL_REFRESH_MIN = 30
WALL_REFRESH_MAX = 3600
WALL_LAGGING_ROWS = 12
LIST_ROWS = 50  # rows of the lagging and 未报送 lists on the dashboard before "show all"


def role_of(user) -> str | None:
    m = membership_of(user)
    if m is not None:
        return m.role
    return Role.OFFICE if user.is_authenticated and user.is_superuser else None


def office_or_leader(view):
    """Only the office and leaders: anonymous → login, other users → 403 page."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if role_of(request.user) not in (Role.OFFICE, Role.LEADER):
            return render(request, "dashboard/forbidden.html", {"role": role_of(request.user)}, status=403)
        return view(request, *args, **kwargs)

    return wrapped


def choose_plan(plans: list, wanted: str | None):
    """The plan asked for in ?plan= (404 when the user may not see it), else the newest."""
    if not wanted:
        return plans[0] if plans else None
    for plan in plans:
        if str(plan.pk) == wanted:
            return plan
    raise Http404(_("没有这个计划"))


def refresh_seconds(value: str | None) -> int:
    """The wall screen's refresh interval from ?refresh=, kept within sane bounds.

    >>> refresh_seconds("5"), refresh_seconds("120"), refresh_seconds("x"), refresh_seconds(None)
    (30, 120, 300, 300)
    """
    try:
        seconds = int(value) if value else WALL_REFRESH_DEFAULT
    except ValueError:
        return WALL_REFRESH_DEFAULT
    return max(WALL_REFRESH_MIN, min(WALL_REFRESH_MAX, seconds))


# Charts -----------------------------------------------------------------------------------------------------

def _pct(value: float) -> str:
    return f"{value:g}%"


def group_chart(groups: list[queries.Tally], title: str, font_size: float = 13, label_chars: int = 20) -> str:
    rows = [
        charts.StackedRow(
            label=g.label,
            segments=[charts.Segment(s.value, n, str(label)) for s, label, n, _tone in g.states],
            note=f"{g.done}/{g.total} · {g.share_done}%",
        )
        for g in groups
    ]
    return mark_safe(charts.stacked_bars(rows, title=title, font_size=font_size, label_chars=label_chars,
                                         empty=_("暂无数据")))


def progress_chart(ov: queries.Overview) -> str:
    margin = ov.plan.org.lag_margin
    rows = [
        charts.Bar(
            label=g.label, value=g.mean_percent, marker=g.expected_percent,
            note=f"{_pct(g.mean_percent)} / {_pct(g.expected_percent)}",
            tone="good" if g.mean_percent >= g.expected_percent - margin else "warn",
        )
        for g in [ov.overall, *ov.by_area]
    ]
    return mark_safe(charts.bars(rows, title=_("平均完成比例与序时进度"), scale=100, empty=_("暂无数据")))


def targets_chart(rows: list[queries.TargetRow]) -> str:
    ratios = [r.ratio for r in rows if r.ratio is not None]
    scale = min(200.0, max([120.0, *ratios]))
    bars = []
    for r in rows:
        if r.value is None:
            note = _("暂无报送")
        else:
            note = f"{r.value_display} / {r.goal_display}" if r.target.value is not None else r.value_display
        tone = "" if r.reached is None else ("good" if r.reached else "warn")
        bars.append(charts.Bar(label=r.target.indicator, value=r.ratio, note=note,
                               marker=100 if r.target.value else None, tone=tone))
    return mark_safe(charts.bars(bars, title=_("主要预期目标：最新数据与目标值之比"), scale=scale,
                                 empty=_("暂无主要预期目标")))


def legend() -> str:
    return mark_safe(charts.legend([(s.value, str(queries.SCHEDULE_LABELS[s])) for s in queries.SCHEDULE_ORDER]))


# Pages ------------------------------------------------------------------------------------------------------

def _overview_context(request, unreported_limit: int | None):
    plans = queries.visible_plans(request.user)
    plan = choose_plan(plans, request.GET.get("plan"))
    on = status.today()
    context = {"plans": plans, "plan": plan, "on": on, "role": role_of(request.user),
               "legend": legend()}
    if plan is not None:
        context["ov"] = queries.overview(request.user, plan, on, unreported_limit)
    return context


@office_or_leader
def dashboard(request):
    show_all = request.GET.get("all") == "1"
    context = _overview_context(request, None if show_all else LIST_ROWS)
    ov = context.get("ov")
    if ov is not None:
        context.update(
            area_chart=group_chart(ov.by_area, _("各领域任务进度")),
            department_chart=group_chart(ov.by_department, _("各牵头单位任务进度")),
            progress_chart=progress_chart(ov),
            targets_chart=targets_chart(ov.main_targets),
            lagging=ov.lagging if show_all else ov.lagging[:LIST_ROWS],
        )
    return render(request, "dashboard/dashboard.html", context)


@office_or_leader
def wall(request):
    context = _overview_context(request, unreported_limit=0)
    context["refresh"] = refresh_seconds(request.GET.get("refresh"))
    ov = context.get("ov")
    if ov is not None:
        context.update(
            area_chart=group_chart(ov.by_area, _("各领域任务进度"), font_size=22, label_chars=18),
            lagging=ov.lagging[:WALL_LAGGING_ROWS],
            lagging_more=max(0, len(ov.lagging) - WALL_LAGGING_ROWS),
        )
    return render(request, "dashboard/wall.html", context)


def public(request):
    plans = queries.published_plans()
    plan = choose_plan(plans, request.GET.get("plan"))
    page = queries.public_page(status.today(), plan, plans)
    return render(request, "dashboard/public.html", {"page": page})
