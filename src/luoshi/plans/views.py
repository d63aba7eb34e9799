"""Reports: the import (upload → preview → confirm), the list of plans and the reader.

Who sees a plan: every member of its organisation. The report itself is a
public document read to the people's congress, and a department needs its
context (the task detail links to its place in the report); what a user may
do with the tasks in it is still decided by `restrict`: the reader links only
the tasks the user may view. Importing is for the office.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Count, Prefetch, Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.gzip import gzip_page
from django.views.decorators.http import require_POST

from luoshi.engine import LoadError
from luoshi.engine.errors import (
    CorruptFileError,
    EmptyFileError,
    EncryptedFileError,
    FileTooLargeError,
    NoTextError,
    ScannedPdfError,
    UndecodableTextError,
    UnsupportedTypeError,
)
from luoshi.orgs.choices import Role
from luoshi.orgs.models import Department
from luoshi.tracking.choices import Kind
from luoshi.tracking.models import Assignment, Task, membership_of
from luoshi.tracking.suggestions import Suggester
from luoshi.tracking.templatetags.luoshi import target_value

from .forms import AssignmentsForm, ConfirmForm, UploadForm
from .importing import analyse_upload, create_plan, preview
from .models import ImportDraft, Plan
from .preview_controls import Controls

WORK_KINDS = (Kind.TASK, Kind.SUBTASK)


def plans_for(user):
    """The plans `user` may read: those of their organisation."""
    if user.is_superuser:
        return Plan.objects.all()
    m = membership_of(user)
    return Plan.objects.filter(org_id=m.org_id) if m is not None else Plan.objects.none()


def _office(request):
    m = membership_of(request.user)
    if m is None or m.role != Role.OFFICE:
        raise PermissionDenied
    return m


@login_required
def plan_list(request):
    plans = plans_for(request.user).select_related("org").annotate(
        task_count=Count("tasks", filter=Q(tasks__kind__in=WORK_KINDS)),
        assigned_count=Count("tasks", filter=Q(tasks__kind__in=WORK_KINDS) & ~Q(tasks__state="imported")),
    )
    m = membership_of(request.user)
    return render(request, "plans/plan_list.html", {
        "plans": plans, "can_import": m is not None and m.role == Role.OFFICE,
    })


# --- import ------------------------------------------------------------------------------


def load_error_message(error: LoadError, name: str) -> str:
    """One sentence, in the user's language, saying why the file cannot be imported."""
    reason = error.reason
    if isinstance(error, UnsupportedTypeError):
        ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
        if ext in ("doc", "wps", "rtf"):
            return _("不能读取旧版 Word/WPS 文件（.%(ext)s）。请在 Word 或 WPS 中另存为 .docx 后再上传。") % {"ext": ext}
        return _("不支持该文件类型。请上传 .txt、.docx、.pdf 或 .html 文件。")
    if isinstance(error, FileTooLargeError):
        return _("文件过大，上限为 %(limit)s。") % {"limit": filesizeformat(settings.LUOSHI_MAX_UPLOAD_BYTES)}
    if isinstance(error, EmptyFileError):
        return _("文件是空的，没有可读取的文字。")
    if isinstance(error, ScannedPdfError):
        return _("这个 PDF 没有文字层（可能是扫描件，页面是图片）。请先进行文字识别（OCR），或上传 Word 版本。")
    if isinstance(error, NoTextError):
        return _("文件中没有可读取的文字。如果页面是图片，请先进行文字识别（OCR）。")
    if isinstance(error, EncryptedFileError):
        return _("文件设有密码保护。请去除密码后重新上传。")
    if isinstance(error, UndecodableTextError):
        return _("无法识别文件中的文字：它不是 UTF-8、GB18030/GBK、UTF-16 或 Big5 编码的中文文本，或者根本不是文本文件。")
    if isinstance(error, CorruptFileError):
        if ".doc file named .docx" in reason:
            return _("这是旧版 Word（.doc）文件，只是扩展名为 .docx。请在 Word 或 WPS 中另存为 .docx 后再上传。")
        return _("文件已损坏，或者文件内容与扩展名不符，无法读取。")
    return _("无法读取该文件。")


def _analyse(upload):
    limit = settings.LUOSHI_MAX_UPLOAD_BYTES
    if upload.size > limit:  # before reading it into memory
        raise FileTooLargeError(upload.name, "too large")
    return analyse_upload(upload.read(limit + 1), upload.name, limit)


def _discard(draft: ImportDraft) -> None:
    draft.file.delete(save=False)
    draft.delete()


@login_required
def import_report(request):
    m = _office(request)
    if request.method == "POST":
        form = UploadForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                analysed = _analyse(upload)
            except LoadError as e:
                form.add_error("file", format_html("“{}”：{}", upload.name, load_error_message(e, upload.name)))
            else:
                draft = ImportDraft.objects.create(org=m.org, file=ContentFile(analysed.data, name=upload.name),
                                                   name=upload.name[:255], created_by=request.user)
                return redirect("import_preview", draft.pk)
    else:
        form = UploadForm()
    drafts = ImportDraft.objects.filter(org=m.org).select_related("created_by").order_by("-created_at")
    return render(request, "plans/import.html", {"form": form, "drafts": drafts})


@login_required
@gzip_page  # a report of 200 tasks makes a page of a megabyte of departments' names, over and over
def import_preview(request, pk: int):
    """What the engine found in the uploaded report, each task with the departments suggested from the
    organisation's catalogue; confirming creates the plan and assigns the tasks the office gave a lead."""
    m = _office(request)
    draft = get_object_or_404(ImportDraft, pk=pk, org=m.org)
    try:
        with draft.file.open("rb") as f:
            analysed = analyse_upload(f.read(), draft.name, settings.LUOSHI_MAX_UPLOAD_BYTES)
    except (LoadError, FileNotFoundError):
        _discard(draft)
        messages.error(request, _("上传的文件已无法读取，请重新上传。"))
        return redirect("import_report")
    departments = list(Department.objects.filter(org=m.org))
    assignments = None
    if request.method == "POST":
        form = ConfirmForm(request.POST)
        assignments = AssignmentsForm(request.POST, titles=[t.title for t in analysed.report.tasks],
                                      departments=departments)
        if form.is_valid() & assignments.is_valid():  # both checked: every error shows at once
            with transaction.atomic():
                plan = create_plan(m.org, analysed, request.user, year=form.cleaned_data["year"],
                                   assignments=assignments.choices)
                draft_file = draft.file.name
                draft.delete()
            draft.file.storage.delete(draft_file)
            values = {"title": plan.title, "n": plan.tasks.filter(kind__in=WORK_KINDS).count(),
                      "assigned": len(assignments.choices)}
            if values["assigned"]:
                messages.success(request, _("已导入“%(title)s”，共%(n)d项任务，其中%(assigned)d项已分工。") % values)
            else:
                messages.success(request, _("已导入“%(title)s”，共%(n)d项任务。") % values)
            return redirect("plan_reader", plan.pk)
    else:
        form = ConfirmForm(initial={"year": analysed.plan_year})
    found = preview(analysed.report, Suggester(departments, m.org.name) if departments else None)
    controls = Controls(departments, _("不指定"))
    return render(request, "plans/import_preview.html", {
        "draft": draft, "form": form, "preview": found, "departments": departments,
        "rows_by_area": [(area, controls.rows(rows, assignments)) for area, rows in found["areas"].items()],
        "assignment_errors": assignments.errors if assignments else [],
        "existing": Plan.objects.filter(org=m.org, year=form["year"].value() or analysed.plan_year),
    })


@login_required
@require_POST
def import_cancel(request, pk: int):
    m = _office(request)
    _discard(get_object_or_404(ImportDraft, pk=pk, org=m.org))
    messages.info(request, _("已取消导入。"))
    return redirect("import_report")


# --- the reader -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Mark:
    """A span of the text to wrap: `open` and `close` are safe HTML; `reopen` continues it after a split."""

    start: int
    end: int
    open: SafeString
    close: SafeString
    reopen: SafeString | None = None


def highlight(text: str, layers: list[list[Mark]], anchors: dict[int, SafeString] | None = None) -> SafeString:
    """The text as HTML with each layer's marks wrapped around their spans, outer layers first.

    The text is cut at every mark boundary and each piece escaped; marks of an inner layer that cross a
    boundary of an outer one are closed and reopened, so the HTML always nests. Where marks of one layer
    overlap, the later one wins.
    """
    n = len(text)
    anchors = {min(max(k, 0), n): v for k, v in (anchors or {}).items()}
    marks = [[m for m in layer if min(m.end, n) > max(m.start, 0)] for layer in layers]
    cuts = sorted({0, n, *anchors, *(min(max(p, 0), n) for layer in marks for m in layer for p in (m.start, m.end))})
    index = {p: i for i, p in enumerate(cuts)}
    owners = []
    for layer in marks:
        owner: list[Mark | None] = [None] * (len(cuts) - 1)
        for m in sorted(layer, key=lambda m: m.start):
            for i in range(index[max(m.start, 0)], index[min(m.end, n)]):
                owner[i] = m
        owners.append(owner)
    out: list[str] = []
    current: list[Mark | None] = [None] * len(marks)
    opened: set[int] = set()
    for i in range(len(cuts) - 1):
        wanted = [owner[i] for owner in owners]
        changed = next((k for k in range(len(marks)) if wanted[k] is not current[k]), None)
        if changed is not None:
            out.extend(m.close for m in reversed(current[changed:]) if m is not None)
            for m in wanted[changed:]:
                if m is not None:
                    out.append(m.reopen if id(m) in opened and m.reopen is not None else m.open)
                    opened.add(id(m))
            current[changed:] = wanted[changed:]
        if cuts[i] in anchors:
            out.append(anchors[cuts[i]])
        out.append(escape(text[cuts[i]:cuts[i + 1]]))
    out.extend(m.close for m in reversed(current) if m is not None)
    return mark_safe("".join(out))  # every piece above is escaped or built by format_html


def _statement_mark(s) -> Mark:
    role = {"result": _("实绩"), "target": _("目标")}.get(s.role, s.role)
    title = "\n".join([
        _("指标：%(v)s") % {"v": s.indicator},
        _("数值：%(v)s") % {"v": target_value(s)},
        _("单位：%(v)s") % {"v": s.unit or "—"},
        _("性质：%(v)s") % {"v": role} + (f"（{s.hedge}）" if s.hedge else ""),
    ])
    return Mark(s.start, s.end, format_html('<mark class="stmt stmt-{}" title="{}">', s.role, title),
                mark_safe("</mark>"))


def _task_mark(task: Task, visible: bool, mine: bool) -> Mark:
    label = _("任务%(n)d") % {"n": task.order}
    lead = task.lead if visible else None
    if visible:
        tag = format_html('<a class="task-tag" href="{}" title="{}">{}{}</a>',
                          reverse("task_detail", args=[task.pk]), task.title, label,
                          f" · {lead.department}" if lead else "")
    else:
        tag = format_html('<span class="task-tag" title="{}">{}</span>', task.title, label)
    css = "task mine" if mine else "task"
    return Mark(task.start, task.end, format_html('<span class="{}" id="task-{}">{}', css, task.pk, tag),
                mark_safe("</span>"), format_html('<span class="{}">', css))


@login_required
def plan_reader(request, pk: int):
    plan = get_object_or_404(plans_for(request.user).select_related("org"), pk=pk)
    tasks = list(plan.tasks.filter(kind__in=WORK_KINDS, start__isnull=False, end__isnull=False).prefetch_related(
        Prefetch("assignments", queryset=Assignment.objects.select_related("department"))))
    visible = set(Task.objects.restrict(request.user, "view").filter(plan=plan).values_list("pk", flat=True))
    m = membership_of(request.user)
    mine = visible if m is not None and m.role == Role.DEPARTMENT else set()
    statements = list(plan.statements.all())
    parts = [r for r in plan.outline if r.get("depth") == 0 and r.get("kind") == "part"]
    anchors = {r["start"]: format_html('<span id="part-{}"></span>', i) for i, r in enumerate(parts)}
    html = highlight(plan.text, [
        [_task_mark(t, t.pk in visible, t.pk in mine) for t in tasks],
        [_statement_mark(s) for s in statements],
    ], anchors)
    return render(request, "plans/reader.html", {
        "plan": plan, "html": html, "parts": list(enumerate(parts)), "task_count": len(tasks),
        "visible_count": len(visible & {t.pk for t in tasks}),
        "result_count": sum(1 for s in statements if s.role == "result"),
        "target_count": sum(1 for s in statements if s.role == "target"),
    })


@login_required
def plan_source(request, pk: int):
    """The original report file, for members of the plan's organisation."""
    plan = get_object_or_404(plans_for(request.user), pk=pk)
    return stored_file(plan.source_file, plan.source_name)


def stored_file(field, filename: str) -> FileResponse:
    """An uploaded file kept with a record, under the name it was uploaded with; 404 when it is gone."""
    if not field:
        raise Http404
    try:
        handle = field.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(handle, as_attachment=True, filename=filename)


# --- the decomposition documents: 分解表 (.xlsx, edited and imported back) and 分解方案 (.docx) ------------------
# For the office of the plan's organisation; the tasks are those `restrict(user, "manage")` gives. The document
# modules (openpyxl, python-docx) load only when a document is asked for.

_TABLE_MAX_BYTES = 5 * 1024 * 1024  # an edited task table is tens of kilobytes; it comes back base64 in a form


def _office_plan(request, pk: int) -> Plan:
    m = _office(request)
    return get_object_or_404(Plan.objects.select_related("org"), pk=pk, org_id=m.org_id)


def _document(data: bytes, filename: str, content_type: str) -> FileResponse:
    import io

    return FileResponse(io.BytesIO(data), as_attachment=True, filename=filename, content_type=content_type)


@login_required
def plan_table_xlsx(request, pk: int):
    """The 重点工作任务分解表; ?progress=1 or 0 forces the progress columns in or out (default: once tracking began)."""
    from luoshi.documents.decomposition_xlsx import XLSX_TYPE, build_table

    plan = _office_plan(request, pk)
    progress = {"1": True, "0": False}.get(request.GET.get("progress", ""))
    data = build_table(plan, Task.objects.restrict(request.user, "manage"), progress=progress)
    return _document(data, f"{plan.year}年重点工作任务分解表.xlsx", XLSX_TYPE)


@login_required
def plan_document_docx(request, pk: int):
    """The 重点工作任务分解方案 in 公文 layout."""
    from luoshi.documents.decomposition_docx import DOCX_TYPE, build_plan_document

    plan = _office_plan(request, pk)
    data = build_plan_document(plan, Task.objects.restrict(request.user, "manage"))
    return _document(data, f"{plan.year}年重点工作任务分解方案.docx", DOCX_TYPE)


@login_required
def plan_table_import(request, pk: int):
    """Upload the edited 分解表 → the changes row by row, or the bad rows → confirm: applied in one transaction."""
    import base64
    import binascii

    from luoshi.documents import table_import

    plan = _office_plan(request, pk)
    context = {"plan": plan}
    if request.method != "POST":
        return render(request, "plans/table_import.html", context)
    confirming = "confirm" in request.POST
    if confirming:
        try:
            data = base64.b64decode(request.POST.get("data", ""), validate=True)
        except binascii.Error:
            data = b""
        if not data:
            messages.error(request, _("导入未完成：没有收到预览过的文件，请重新上传。"))
            return redirect("plan_table_import", plan.pk)
        context["filename"] = request.POST.get("filename", "")
    try:
        if not confirming:
            upload = request.FILES.get("file")
            if upload is None or upload.size == 0:
                raise table_import.TableImportError(_("请选择编辑后的任务分解表（.xlsx）。"))
            if upload.size > _TABLE_MAX_BYTES:
                raise table_import.TableImportError(_("文件过大，上限为 %(limit)s。") % {
                    "limit": filesizeformat(_TABLE_MAX_BYTES)})
            data, context["filename"] = upload.read(), upload.name
        result = table_import.read_table(data, plan, Task.objects.restrict(request.user, "manage"))
        if confirming and result.ok:
            count = table_import.apply_changes(result.changes, request.user)  # one transaction
            messages.success(request, _("已导入任务分解表：%(n)d项任务的分工或时限已更新。") % {"n": count})
            return redirect("plan_reader", plan.pk)
    except table_import.TableImportError as e:
        context["error"] = str(e)
        return render(request, "plans/table_import.html", context, status=400)
    context.update(result=result, data=base64.b64encode(data).decode("ascii"))
    return render(request, "plans/table_import.html", context, status=200 if result.ok else 400)
