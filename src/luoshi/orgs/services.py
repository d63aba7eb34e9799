"""What the office's settings pages change, each change written to the audit log with before and after.

- the organisation's tracking rules (cycle, due day, margin, colour scheme) and its name;
- departments: create, edit, delete (refused while anything hangs on the department);
- a catalogue file of departments (CSV, or an Excel workbook .xlsx read by the engine's catalogue_rows): a
  preview of what it adds and changes, then applied in one transaction through `catalogue.load_catalogue`;
- posts: create, edit, and the change of holder, which moves nothing but the post's holder ("posts, not
  persons": assignments name the post, so the successor inherits the tasks).
"""

from __future__ import annotations

import csv
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from luoshi.audit.models import record, snapshot

from .catalogue import CatalogueError, Entry, load_catalogue, read_catalogue
from .choices import DepartmentKind
from .models import Department, Membership, Organisation, Post

ORG_FIELDS = ("name", "region", "cycle", "due_day", "lag_margin", "colour_scheme")
DEPARTMENT_FIELDS = ("name", "short_name", "aliases", "kind", "duties", "contact", "phone", "order")
POST_FIELDS = ("title", "department", "holder_name", "holder")
CATALOGUE_MAX_BYTES = 1024 * 1024
CATALOGUE_EXTENSIONS = (".csv", ".txt")
XLSX_EXTENSIONS = (".xlsx", ".xlsm")
OLD_SHEET_EXTENSIONS = (".xls", ".et", ".wps")  # binary formats no library here reads


def _changed(before: dict, after: dict) -> tuple[dict, dict]:
    """The entries of `before` and `after` whose values differ."""
    keys = [k for k in after if before.get(k) != after[k]]
    return {k: before.get(k) for k in keys}, {k: after[k] for k in keys}


# --- the organisation ---------------------------------------------------------------------------


@transaction.atomic
def update_organisation(org: Organisation, actor, values: dict) -> list[str]:
    """Set the organisation's settings from `values`; the names of the fields that changed.

    The values before are read from the database (a form validating `org` has already changed it in memory).
    """
    org = Organisation.objects.select_for_update().get(pk=org.pk)
    before = snapshot(org, ORG_FIELDS)
    for name in ORG_FIELDS:
        if name in values:
            setattr(org, name, values[name])
    org.save()
    old, new = _changed(before, snapshot(org, ORG_FIELDS))
    if new:
        record(actor, "org_settings", org, f"修改设置：{'、'.join(str(Organisation._meta.get_field(k).verbose_name) for k in new)}",
               old, new)
    return list(new)


# --- departments --------------------------------------------------------------------------------


@transaction.atomic
def save_department(department: Department, actor, before: dict | None) -> Department:
    """Save a department built or edited by a form; `before` is its snapshot before the edit (None: a new one)."""
    department.save()
    after = snapshot(department, DEPARTMENT_FIELDS)
    if before is None:
        record(actor, "department_create", department, f"新增部门：{department.name}", {}, after)
    else:
        old, new = _changed(before, after)
        if new:
            record(actor, "department_edit", department, f"修改部门：{department.name}", old, new)
    return department


@dataclass(frozen=True)
class Usage:
    """What hangs on a department and keeps it from being deleted."""

    assignments: int = 0
    tasks: int = 0
    updates: int = 0
    chases: int = 0
    extensions: int = 0
    members: int = 0

    @property
    def in_use(self) -> bool:
        return any((self.assignments, self.updates, self.chases, self.extensions, self.members))


def usage_of(department: Department) -> Usage:
    from luoshi.tracking.models import Assignment, Chase, ExtensionRequest, ProgressUpdate

    assignments = Assignment.objects.filter(department=department)
    return Usage(
        assignments=assignments.count(),
        tasks=assignments.values("task_id").distinct().count(),
        updates=ProgressUpdate.objects.filter(department=department).count(),
        chases=Chase.objects.filter(department=department).count(),
        extensions=ExtensionRequest.objects.filter(department=department).count(),
        members=Membership.objects.filter(department=department).count(),
    )


def refusal(usage: Usage) -> str:
    """Why a department in use cannot be deleted, in one sentence for the office."""
    parts = []
    if usage.assignments:
        parts.append(_("承担%(n)d项任务") % {"n": usage.tasks})
    if usage.updates:
        parts.append(_("有%(n)d条进展报送") % {"n": usage.updates})
    if usage.chases or usage.extensions:
        parts.append(_("有催办或延期申请记录"))
    if usage.members:
        parts.append(_("有%(n)d个用户账号") % {"n": usage.members})
    return _("该部门%(what)s，不能删除：删除会丢失任务的责任记录。请先在任务中改由其他部门承担，"
             "并调整其用户账号；如只是改名或合并，请直接修改名称、简称和别名。") % {"what": "、".join(parts)}


@transaction.atomic
def delete_department(department: Department, actor) -> Usage:
    """Delete an unused department; returns its usage, and deletes nothing when it is in use."""
    usage = usage_of(department)
    if usage.in_use:
        return usage
    before = snapshot(department, DEPARTMENT_FIELDS)
    record(actor, "department_delete", department, f"删除部门：{department.name}", before, {})
    department.delete()
    return usage


# --- a catalogue file -----------------------------------------------------------------------------

_LINE = re.compile(r"^.*?, line (\d+): (.*)$", re.S)


@dataclass
class Change:
    name: str
    fields: list[tuple[str, str, str]]  # (label, before, after)


@dataclass
class CataloguePreview:
    """What applying a catalogue file would do to the organisation's departments."""

    entries: list[Entry]
    added: list[Entry] = field(default_factory=list)
    changed: list[Change] = field(default_factory=list)
    unchanged: int = 0
    kept: list[str] = field(default_factory=list)  # departments not in the file: left as they are

    @property
    def has_changes(self) -> bool:
        return bool(self.added or self.changed)

    @property
    def added_rows(self) -> list[dict]:
        """The added departments as the preview shows them."""
        return [{"name": e.name, "short_name": e.short_name, "kind": _display("kind", e.kind),
                 "duties": "、".join(e.duties), "aliases": "、".join(e.aliases)} for e in self.added]


class CatalogueFileError(ValueError):
    """A catalogue file that cannot be applied, with a message for the office (which row, what is wrong)."""


def catalogue_error_message(error: CatalogueError) -> str:
    """catalogue.py's message (English, `name.csv, line 7: …`) as a sentence of the UI, with its row number."""
    text = str(error)
    line = _LINE.match(text)
    detail = line.group(2) if line else text.split(": ", 1)[-1]
    for pattern, message in _MESSAGES:
        found = re.match(pattern, detail, re.S)
        if found:
            detail = message() % found.groupdict()
            break
    if line:
        return _("第%(row)s行：%(detail)s") % {"row": line.group(1), "detail": detail}
    return detail


_MESSAGES = [
    (r"^名称 is empty", lambda: _("名称为空。")),
    (r"^名称 is longer than (?P<n>\d+) characters", lambda: _("名称超过%(n)s个字符。")),
    (r"^unknown 类型 “(?P<kind>.*)”", lambda: _("类型“%(kind)s”无法识别（可用：部门、街道、镇、国企、其他）。")),
    (r"^(?P<name>.+) is listed twice \(first on line (?P<first>\d+)\)",
     lambda: _("“%(name)s”重复出现（第一次在第%(first)s行）。")),
    (r"^no 名称 column \(its columns are (?P<columns>.*?)\);",
     lambda: _("缺少“名称”列（文件的列为：%(columns)s）。第一行须为列名，例如：名称,简称,类型,职责,别名")),
    (r"^the file is empty", lambda: _("文件是空的。第一行须为列名，例如：名称,简称,类型,职责,别名")),
    (r"^no departments under", lambda: _("列名下没有任何部门。")),
    (r"^not a text file", lambda: _("无法识别文件编码：请在 Excel 或 WPS 中另存为 CSV（UTF-8 或 GBK 编码）。")),
    (r"^not a readable \.xlsx file", lambda: _("文件不是有效的 Excel 表格（.xlsx），可能已损坏，或实际是其他格式。"
                                               "请在 Excel 或 WPS 中另存为 .xlsx 或 CSV 后上传。")),
    (r"^an Excel or zip file, not a CSV", lambda: _("这是 Excel 表格，但扩展名不是 .xlsx。请将扩展名改为 .xlsx，"
                                                    "或另存为 CSV 后上传。")),
]


def read_catalogue_file(data: bytes, filename: str) -> list[Entry]:
    """The entries of an uploaded catalogue file (CSV or .xlsx); raises CatalogueFileError with a message for the
    office."""
    lower = filename.lower()
    if lower.endswith(OLD_SHEET_EXTENSIONS):
        raise CatalogueFileError(_("不能直接读取旧版 Excel/WPS 表格（%(ext)s）。请在 Excel 或 WPS 中另存为 .xlsx 或 CSV "
                                   "文件后上传。") % {"ext": "." + lower.rsplit(".", 1)[-1]})
    if not lower.endswith((*CATALOGUE_EXTENSIONS, *XLSX_EXTENSIONS)):
        raise CatalogueFileError(_("请上传 Excel 表格（.xlsx）或 CSV 文件（.csv）。"))
    if len(data) > CATALOGUE_MAX_BYTES:
        raise CatalogueFileError(_("文件过大：部门目录不应超过 1 MB。"))
    try:
        return _read_xlsx(data, filename) if lower.endswith(XLSX_EXTENSIONS) else read_catalogue(data, name=filename)
    except CatalogueError as e:
        raise CatalogueFileError(catalogue_error_message(e)) from None
    except csv.Error as e:  # a field the csv module cannot read
        raise CatalogueFileError(_("文件不是有效的 CSV：%(reason)s") % {"reason": e}) from None


def _read_xlsx(data: bytes, filename: str) -> list[Entry]:
    """The engine reads a workbook from a path: the upload goes through a temporary file, removed at once."""
    with tempfile.TemporaryDirectory(prefix="luoshi-catalogue-") as folder:
        path = Path(folder) / ("catalogue" + Path(filename.lower()).suffix)
        path.write_bytes(data)
        return read_catalogue(path, name=filename)


def _as_fields(entry: Entry, order: int) -> dict:
    """The department fields `load_catalogue` sets from an entry (contact and phone only when given).

    Only for the preview: applying goes through `load_catalogue` itself, and its audit compares the
    departments before and after, so a difference between the two shows in the log, never in the data.
    """
    fields = {"short_name": entry.short_name, "kind": entry.kind, "duties": "、".join(entry.duties),
              "aliases": "、".join(entry.aliases), "order": order}
    if entry.contact:
        fields["contact"] = entry.contact
    if entry.phone:
        fields["phone"] = entry.phone
    return fields


def _display(name: str, value) -> str:
    if name == "kind":
        return str(DepartmentKind(value).label) if value in DepartmentKind.values else str(value)
    return str(value) if value not in (None, "") else "—"


def preview_catalogue(org: Organisation, entries: list[Entry]) -> CataloguePreview:
    existing = {d.name: d for d in Department.objects.filter(org=org)}
    preview = CataloguePreview(entries=entries)
    for order, entry in enumerate(entries, 1):
        department = existing.pop(entry.name, None)
        if department is None:
            preview.added.append(entry)
            continue
        diffs = [
            (str(Department._meta.get_field(k).verbose_name), _display(k, getattr(department, k)), _display(k, v))
            for k, v in _as_fields(entry, order).items() if getattr(department, k) != v
        ]
        if diffs:
            preview.changed.append(Change(entry.name, diffs))
        else:
            preview.unchanged += 1
    preview.kept = sorted(existing, key=lambda n: (existing[n].order, n))
    return preview


def apply_catalogue(org: Organisation, actor, data: bytes, filename: str) -> tuple[int, int]:
    """Read the file again and apply it in one transaction, each created or changed department audited."""
    entries = read_catalogue_file(data, filename)
    with transaction.atomic():
        before = {d.name: snapshot(d, DEPARTMENT_FIELDS) for d in Department.objects.select_for_update().filter(org=org)}
        created, updated = load_catalogue(org, entries)
        names = {e.name for e in entries}
        for department in Department.objects.filter(org=org, name__in=names):
            after = snapshot(department, DEPARTMENT_FIELDS)
            old = before.get(department.name)
            if old is None:
                record(actor, "department_create", department, f"导入部门目录（{filename}）：新增 {department.name}",
                       {}, after)
            else:
                old, new = _changed(old, after)
                if new:
                    record(actor, "department_edit", department,
                           f"导入部门目录（{filename}）：修改 {department.name}", old, new)
    return created, updated


def read_upload(upload) -> bytes:
    """The bytes of an uploaded file, at most one byte past the limit (so that a larger one is refused)."""
    return upload.read(CATALOGUE_MAX_BYTES + 1)


# --- posts ----------------------------------------------------------------------------------------


def post_snapshot(post: Post) -> dict:
    out = snapshot(post, POST_FIELDS)
    out["oversees"] = sorted(post.oversees.values_list("pk", flat=True)) if post.pk else []
    return out


def tasks_on_post(post: Post):
    """The assignments that name the post as responsible leader or contact: they follow the post, not the person."""
    from luoshi.tracking.models import Assignment

    return Assignment.objects.filter(Q(leader_post=post) | Q(contact_post=post))


@dataclass
class HolderChange:
    """What a change of holder did to the accounts: who now sees the post's departments, and who no longer."""

    linked: Membership | None = None
    unlinked: list[Membership] = field(default_factory=list)
    not_linked: Membership | None = None  # the new holder's account is tied to another post they still hold


@transaction.atomic
def save_post(post: Post, actor, before: dict | None, oversees) -> HolderChange:
    """Save a post built or edited by a form, with its departments overseen; a new holder takes over its accounts.

    When the holder's account changes, the accounts of the organisation tied to the post (Membership.post,
    which is what a leader's view follows) are moved with it: the old holder's let go, the new holder's tied to
    the post unless it is tied to another post that person still holds. The assignments are not touched.
    """
    old_holder_id = before.get("holder") if before else None
    if before is not None and post.holder_id != old_holder_id and post.holder_name == before.get("holder_name"):
        post.holder_name = ""  # the old holder's name does not go with the post
    if post.holder_id and not post.holder_name:
        post.holder_name = (post.holder.get_full_name() or post.holder.get_username())[:50]
    post.save()
    post.oversees.set(oversees)
    change = HolderChange()
    if before is not None and post.holder_id != old_holder_id:
        change = _move_accounts(post, actor)
    after = post_snapshot(post)
    if before is None:
        record(actor, "post_create", post, f"新增职务：{post}", {}, after)
    else:
        old, new = _changed(before, after)
        if new:
            holder_moved = "holder" in new or "holder_name" in new
            record(actor, "post_holder_change" if holder_moved else "post_edit", post,
                   f"职务 {post.title}：现任 {before.get('holder_name') or '—'} → {post.holder_name or '—'}"
                   if holder_moved else f"修改职务：{post.title}", old, new)
    return change


def _move_accounts(post: Post, actor) -> HolderChange:
    change = HolderChange()
    others = Membership.objects.filter(org_id=post.org_id, post=post).exclude(user_id=post.holder_id)
    for m in others.select_related("user"):
        m.post = None
        m.save(update_fields=["post"])
        record(actor, "membership_post", m, f"{m.user} 不再担任 {post.title}", {"post": post.pk}, {"post": None})
        change.unlinked.append(m)
    if post.holder_id is None:
        return change
    m = Membership.objects.filter(org_id=post.org_id, user_id=post.holder_id).select_related("post").first()
    if m is None or m.post_id == post.pk:
        change.linked = m
        return change
    if m.post_id is not None and m.post.holder_id == m.user_id:
        change.not_linked = m
        return change
    old = m.post_id
    m.post = post
    m.save(update_fields=["post"])
    record(actor, "membership_post", m, f"{m.user} 接任 {post.title}", {"post": old}, {"post": post.pk})
    change.linked = m
    return change
