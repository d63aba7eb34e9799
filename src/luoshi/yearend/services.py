"""The changes of the year-end verification: import the next report, override a verdict, delete a review.

Each checks the move, raises WorkflowError with a message for people when it is not allowed, and writes the
audit log. The engine (luoshi.engine.verification.verify) decides the verdicts; nothing here judges a number.
"""

from __future__ import annotations

import bisect
from dataclasses import asdict

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from luoshi.audit.models import record, snapshot
from luoshi.engine import Report, analyse_text
from luoshi.engine.verdicts import VERDICT_LABELS, default_tolerance
from luoshi.engine.verdicts import Verdict as EngineVerdict
from luoshi.engine.verification import Verification, YearEnd, verify
from luoshi.plans.importing import Analysed
from luoshi.plans.models import Plan, Target
from luoshi.tracking.choices import Kind
from luoshi.tracking.models import Task
from luoshi.tracking.workflow import WorkflowError

from .choices import Verdict
from .models import TargetCheck, YearEndReview
from .quotes import clause_around

NOTE_MAX = 500
OVERRIDE_FIELDS = ["override", "override_note", "overridden_by", "overridden_at"]


def plan_report(plan: Plan) -> Report:
    """The plan's report as the engine reads it: its stored text (the text as read at import) analysed again."""
    return analyse_text(plan.text, doc=plan.source_name.rsplit(".", 1)[0], source=plan.source_name,
                        format=plan.format)


def reviewed_year(report: Report) -> int | None:
    """The year a report reviews: its report year, else the year before the one it plans for."""
    meta = report.metadata
    if meta.report_year is not None:
        return meta.report_year
    return meta.plan_year - 1 if meta.plan_year is not None else None


def year_mismatch(plan: Plan, report: Report) -> str:
    """Why `report` does not look like the report after `plan`'s (a message for people), or ""."""
    reviewed = reviewed_year(report)
    if reviewed is None or reviewed == plan.year:
        return ""
    return _("这份报告回顾的是%(reviewed)d年的工作，而计划是%(year)d年的：请上传%(next)d年的政府工作报告"
             "（回顾%(year)d年的那一份）。") % {"reviewed": reviewed, "year": plan.year, "next": plan.year + 1}


class _Places:
    """Where each engine target belongs in the database: the plan's Target rows by span, the tasks by span."""

    def __init__(self, plan: Plan):
        self.targets: dict[tuple[int, int, bool], Target] = {}
        for t in Target.objects.filter(plan=plan, start__isnull=False, end__isnull=False).order_by("pk"):
            self.targets.setdefault((t.start, t.end, t.is_main), t)
        tasks = (Task.objects.filter(plan=plan, kind__in=(Kind.TASK, Kind.SUBTASK), start__isnull=False,
                                     end__isnull=False).order_by("start", "-end", "pk"))
        self.tasks = list(tasks)
        self.starts = [t.start for t in self.tasks]

    def target(self, v: Verification) -> Target | None:
        return self.targets.get((v.target.start, v.target.end, v.target.kind == "main"))

    def task(self, v: Verification, target: Target | None) -> Task | None:
        """The target's task; for a target the plan has no row of, the innermost task whose text holds it."""
        if v.target.kind == "main":
            return None
        if target is not None and target.task_id is not None:
            return target.task
        at = v.target.start
        holding = [t for t in self.tasks[: bisect.bisect_right(self.starts, at)] if t.start <= at < t.end]
        return min(holding, key=lambda t: t.end - t.start) if holding else None


def _check(review: YearEndReview, order: int, v: Verification, places: _Places) -> TargetCheck:
    t, result = v.target, v.result or v.evidence
    target = places.target(v)
    at, until = clause_around(review.plan.text, t.start, t.end, number=t.statement is not None)
    check = TargetCheck(
        review=review, order=order, kind=t.kind, target=target, task=places.task(v, target),
        task_title=t.task[:300], indicator=t.indicator[:200], target_start=t.start, target_end=t.end,
        target_num=(t.statement.num if t.statement else "")[:100], target_quote=review.plan.text[at:until],
        target_quote_start=at, verdict=Verdict(v.verdict.value), reason=v.reason, basis=v.basis[:100],
    )
    if result is not None:
        at, until = clause_around(review.text, result.start, result.end, number=v.result is not None)
        check.result_start, check.result_end = result.start, result.end
        check.result_num = (v.result.num if v.result else "")[:100]
        check.result_quote, check.result_quote_start = review.text[at:until], at
    return check


def check_plan(plan: Plan, result: Report) -> YearEnd:
    """The engine's verification of the plan's targets against `result`, for the plan's year."""
    return verify(plan_report(plan), result, default_tolerance(), year=plan.year)


def import_review(plan: Plan, analysed: Analysed, actor, check: YearEnd | None = None) -> YearEndReview:
    """Store the next year's report for `plan` and one check per target; all or nothing (the file too).

    `check` is the engine's verification when the caller already has it (check_plan); it is made here otherwise.
    """
    report = analysed.report
    check = check or check_plan(plan, report)
    places = _Places(plan)
    saved = None
    try:
        with transaction.atomic():
            review = YearEndReview.objects.create(
                plan=plan, year=plan.year, title=(report.metadata.title or analysed.name)[:200],
                source_name=analysed.name[:255], format=report.format, text=report.text,
                metadata={k: (v.value if hasattr(v, "value") else v) for k, v in vars(report.metadata).items()},
                notes=list(check.notes), tolerance=asdict(default_tolerance()), imported_by=actor,
            )
            TargetCheck.objects.bulk_create(_check(review, n, v, places) for n, v in enumerate(check.items, 1))
            counts = check.counts()
            record(actor, "yearend_import", review,
                   f"导入年终核验：{plan.year}年计划对照“{analysed.name}”，{len(check.items)}项目标，"
                   + "，".join(f"{VERDICT_LABELS[k]}{n}项" for k, n in counts.items()),
                   after={"plan": plan.pk, "source_name": review.source_name, "checks": len(check.items)})
            review.source_file.save(analysed.name, ContentFile(analysed.data), save=False)
            saved = review.source_file.name
            review.save(update_fields=["source_file"])
    except BaseException:
        if saved:
            review.source_file.storage.delete(saved)
        raise
    return review


@transaction.atomic
def override(check: TargetCheck, actor, verdict: str, note: str) -> TargetCheck:
    """The office's verdict for a check, with its note; the engine's verdict and reason stay as they were.

    Giving the engine's own verdict with no note takes the office's back (the engine's counts again).
    """
    note = (note or "").strip()
    try:
        chosen = Verdict(verdict)
    except ValueError:
        raise WorkflowError(_("请选择核验结论")) from None
    _require(len(note) <= NOTE_MAX, _("说明不能超过%(n)d字") % {"n": NOTE_MAX})
    before = snapshot(check, OVERRIDE_FIELDS)
    if chosen == check.verdict and not note:
        _require(bool(check.override), _("结论没有改变"))
        check.override, check.override_note, check.overridden_by, check.overridden_at = "", "", None, None
        summary = f"恢复系统核验结论：{check.indicator} {_label(check.verdict)}"
    else:
        _require(bool(note), _("请说明修改结论的理由（如统计公报的数据或有关文件）"))
        _require(chosen != check.override or note != check.override_note, _("结论和说明都没有改变"))
        check.override, check.override_note = chosen.value, note
        check.overridden_by = actor if getattr(actor, "is_authenticated", False) else None
        check.overridden_at = timezone.now()
        summary = (f"修改核验结论：{check.indicator} {_label(check.verdict)}→{_label(chosen)}"
                   f"（系统结论保留）：{note}")
    check.save(update_fields=OVERRIDE_FIELDS)
    record(actor, "yearend_override", check, summary, before=before, after=snapshot(check, OVERRIDE_FIELDS),
           task=check.task)
    return check


@transaction.atomic
def delete_review(review: YearEndReview, actor) -> None:
    """Remove a review (a wrong file imported): its checks go with it, the audit log keeps what it was."""
    overridden = review.checks.exclude(override="").count()
    record(actor, "yearend_delete", review,
           f"删除年终核验：{review.year}年计划对照“{review.source_name}”" + (
               f"（其中{overridden}项结论曾经人工修改）" if overridden else ""),
           before={"plan": review.plan_id, "source_name": review.source_name, "checks": review.checks.count(),
                   "overridden": overridden})
    name = review.source_file.name
    storage = review.source_file.storage
    review.delete()
    if name:
        transaction.on_commit(lambda: storage.delete(name))


def _label(verdict: str) -> str:
    """A verdict's name as the audit log keeps it (a record, in Chinese whatever the user's language)."""
    return VERDICT_LABELS[EngineVerdict(verdict)]


def _require(condition: bool, message: str) -> None:
    if not condition:
        raise WorkflowError(message)
