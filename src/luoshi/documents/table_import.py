"""The 重点工作任务分解表 back from Excel: each changed row updates its task, all or nothing.

The office downloads the table (decomposition_xlsx.py), edits it and uploads
it. Rows are matched to tasks by the hidden 任务编号 column; columns by their
headers, so added, moved or removed columns do no harm (a column that is gone
leaves its field as it is). What a row may change:

- 牵头单位 and 责任单位 (several, separated by 、，, ; or new lines): a
  department of the organisation by its name, short name or an alias;
- 责任领导 and 责任人: a post of the organisation by its title, with or
  without the holder in brackets (分管副区长（陈区长）);
- 完成时限: 2023年12月31日, 2023-12-31, 2023/12/31, 2023.12.31 or an Excel
  date; an empty cell leaves the deadline as it is.

Every row is checked before anything is saved. A bad row (a department or
post not in the catalogue, a date that is not one, a task number that is not
a task of this plan, a row added without one) is reported with its row
number as Excel shows it, and nothing at all is applied. Otherwise every
changed row goes through `workflow.assign`, in one transaction, so each is
in the task's audit log.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db import transaction
from openpyxl import load_workbook
from openpyxl.utils.datetime import from_excel
from openpyxl.utils.exceptions import InvalidFileException

from luoshi.orgs.catalogue import split_list
from luoshi.orgs.models import Department, Post
from luoshi.tracking import workflow
from luoshi.tracking.choices import AssignmentRole, Kind, State
from luoshi.tracking.models import Task

from .decomposition_rows import cn_day
from .decomposition_xlsx import ID_HEADER, SHEET

FIELDS = {"牵头单位": "lead", "责任单位": "cooperating", "责任领导": "leader_post", "责任人": "contact_post",
          "完成时限": "deadline"}
_DATE_PATTERNS = (
    re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?"),
    re.compile(r"(\d{4})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})"),
)
_BRACKETS = re.compile(r"[（(][^（）()]*[）)]\s*$")
_SEPARATORS = re.compile(r"[、，,;；\n]+")


class TableImportError(Exception):
    """A file that is not the task table at all, or a row that failed while applying, in a sentence for people."""


@dataclass(frozen=True)
class RowError:
    row: int  # as Excel numbers it
    message: str

    def __str__(self) -> str:
        return f"第{self.row}行：{self.message}"


@dataclass
class RowChange:
    """What one row changes of its task: the values to assign, and each field's before and after for people."""

    row: int
    task: Task
    lead: Department
    cooperating: list[Department]
    leader_post: Post | None
    contact_post: Post | None
    deadline: date | None
    fields: list[tuple[str, str, str]] = field(default_factory=list)


@dataclass
class TableImport:
    """The outcome of reading a table: the changes, the bad rows and how many rows change nothing."""

    changes: list[RowChange] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    unchanged: int = 0
    applied: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors


class _Catalogue:
    """The organisation's departments and posts by every name they go by."""

    def __init__(self, org):
        self.departments: dict[str, set[Department]] = {}
        for d in Department.objects.filter(org=org):
            for name in (d.name, d.short_name, *split_list(d.aliases)):
                if name:
                    self.departments.setdefault(name.strip(), set()).add(d)
        self.posts: dict[str, set[Post]] = {}
        for p in Post.objects.filter(org=org):
            for name in {p.title, str(p)}:
                self.posts.setdefault(name.strip(), set()).add(p)

    @staticmethod
    def _one(found: set, what: str, name: str):
        if not found:
            raise ValueError(f"{what}“{name}”不在本单位的{'部门名录' if what.endswith('单位') else '职务名录'}中")
        if len(found) > 1:
            names = "、".join(sorted(str(getattr(x, "name", None) or x) for x in found))
            raise ValueError(f"{what}“{name}”对应多个（{names}），请写全称")
        return next(iter(found))

    def department(self, name: str, what: str) -> Department:
        return self._one(self.departments.get(name, set()), what, name)

    def post(self, name: str, what: str) -> Post:
        found = self.posts.get(name) or self.posts.get(_BRACKETS.sub("", name).strip(), set())
        return self._one(found, what, name)


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def parse_deadline(value) -> date | None:
    """A deadline cell: None when empty; ValueError when it is not a date.

    >>> parse_deadline("2023年12月31日"), parse_deadline("2023-6-30"), parse_deadline(45291)
    (datetime.date(2023, 12, 31), datetime.date(2023, 6, 30), datetime.date(2023, 12, 31))
    """
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 1 <= value < 2958466:  # Excel's serial days (1900 system) up to 9999-12-31
            return from_excel(value).date()
        raise ValueError
    text = _text(value)
    for pattern in _DATE_PATTERNS:
        m = pattern.fullmatch(text)
        if m:
            return date(*(int(g) for g in m.groups()))
    raise ValueError


def _open(data: bytes):
    try:
        wb = load_workbook(io.BytesIO(data), data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise TableImportError("不是有效的 Excel 文件（.xlsx）。请上传从本系统下载并编辑后的任务分解表。") from None
    sheets = [wb[SHEET]] if SHEET in wb.sheetnames else []
    for ws in [*sheets, *wb.worksheets]:
        header = _find_header(ws)
        if header is not None:
            return ws, *header
    raise TableImportError(f"表中没有“{ID_HEADER}”列，无法对应到任务。请使用从本系统下载的任务分解表，不要删除隐藏的"
                           f"“{ID_HEADER}”列。")


def _find_header(ws) -> tuple[int, dict[str, int]] | None:
    """The header row (within the first ten) and its columns by header, or None."""
    for r, cells in enumerate(ws.iter_rows(min_row=1, max_row=10, values_only=True), 1):
        names = {re.sub(r"\s+|[（(].*?[）)]", "", _text(v)): i for i, v in enumerate(cells) if _text(v)}
        if ID_HEADER in names:
            return r, names
    return None


def _parse_row(cells: dict[str, object], catalogue: _Catalogue) -> tuple[dict, list[str]]:
    """The row's values by field (only the columns present), or a list of error messages."""
    values, errors = {}, []
    if "牵头单位" in cells:
        name = _text(cells["牵头单位"])
        try:
            values["lead"] = catalogue.department(name, "牵头单位") if name else None
        except ValueError as e:
            errors.append(str(e))
    if "责任单位" in cells:
        departments = []
        for name in filter(None, (n.strip() for n in _SEPARATORS.split(_text(cells["责任单位"])))):
            try:
                departments.append(catalogue.department(name, "责任单位"))
            except ValueError as e:
                errors.append(str(e))
        values["cooperating"] = departments
    for header, key in (("责任领导", "leader_post"), ("责任人", "contact_post")):
        if header in cells:
            name = _text(cells[header])
            try:
                values[key] = catalogue.post(name, header) if name else None
            except ValueError as e:
                errors.append(str(e))
    if "完成时限" in cells:
        try:
            values["deadline"] = parse_deadline(cells["完成时限"])
        except ValueError:
            errors.append(f"完成时限“{_text(cells['完成时限'])}”不是有效的日期，请写作2023年12月31日或2023-12-31")
    return values, errors


def _change(number: int, task: Task, values: dict) -> tuple[RowChange | None, str | None]:
    """What the row changes of `task` (None when nothing), or why it cannot."""
    assignments = list(task.assignments.all())
    lead_a = next((a for a in assignments if a.role == AssignmentRole.LEAD), None)
    lead = values.get("lead", lead_a.department if lead_a else None)
    current_coop = [a.department for a in assignments if a.role == AssignmentRole.COOPERATE]
    cooperating = [d for d in dict.fromkeys(values.get("cooperating", current_coop)) if d != lead]
    leader = values.get("leader_post", lead_a.leader_post if lead_a else None)
    contact = values.get("contact_post", lead_a.contact_post if lead_a else None)
    deadline = values.get("deadline") or task.deadline

    def names(ds: Iterable) -> str:
        return "、".join(d.name for d in ds)

    fields = [(label, before, after) for label, before, after in (
        ("牵头单位", lead_a.department.name if lead_a else "", lead.name if lead else ""),
        ("责任单位", names(sorted(current_coop, key=lambda d: d.pk)), names(sorted(cooperating, key=lambda d: d.pk))),
        ("责任领导", str(lead_a.leader_post or "") if lead_a else "", str(leader or "")),
        ("责任人", str(lead_a.contact_post or "") if lead_a else "", str(contact or "")),
        ("完成时限", cn_day(task.deadline), cn_day(deadline)),
    ) if before != after]
    if not fields:
        return None, None
    if task.state == State.CLOSED:
        return None, "任务已办结，不能修改分工或时限"
    if lead is None:
        return None, "请填写牵头单位（分工和时限随牵头单位一起确定）"
    change = RowChange(number, task, lead, cooperating, leader, contact,
                       deadline if deadline != task.deadline else None, fields)
    return change, None


def read_table(data: bytes, plan, tasks=None) -> TableImport:
    """Read an edited task table of `plan` and check every row; nothing is saved. `tasks` are the tasks the
    table may change (already through `restrict(user, "manage")`; default: every task of the plan)."""
    ws, header_row, columns = _open(data)
    tasks = {t.pk: t for t in (Task.objects.all() if tasks is None else tasks).filter(plan=plan).prefetch_related(
        "assignments__department", "assignments__leader_post", "assignments__contact_post")}
    catalogue = _Catalogue(plan.org)
    result, seen = TableImport(), {}
    id_column = columns[ID_HEADER]
    wanted = {h: i for h, i in columns.items() if h in FIELDS}
    content = [i for h, i in columns.items() if h in ("工作任务", *FIELDS)]
    width = max(columns.values()) + 1
    for number, row in enumerate(ws.iter_rows(min_row=header_row + 1, values_only=True), header_row + 1):
        cells = [*row, *[None] * (width - len(row))]
        raw_id = _text(cells[id_column])
        if not raw_id:
            if any(_text(cells[i]) for i in content):
                result.errors.append(RowError(number, f"没有{ID_HEADER}：不能在表中新增任务，请在系统中新增后重新下载"))
            continue
        task = tasks.get(int(raw_id)) if raw_id.isdigit() else None
        if task is None:
            result.errors.append(RowError(number, f"{ID_HEADER}“{raw_id}”不是本计划的任务"))
            continue
        if task.kind == Kind.AREA:
            continue
        if task.pk in seen:
            result.errors.append(RowError(number, f"与第{seen[task.pk]}行是同一项任务（{ID_HEADER}{task.pk}）"))
            continue
        seen[task.pk] = number
        values, errors = _parse_row({h: cells[i] for h, i in wanted.items()}, catalogue)
        result.errors.extend(RowError(number, e) for e in errors)
        if errors:
            continue
        change, error = _change(number, task, values)
        if error:
            result.errors.append(RowError(number, error))
        elif change is None:
            result.unchanged += 1
        else:
            result.changes.append(change)
    return result


@transaction.atomic
def apply_changes(changes: Iterable[RowChange], actor) -> int:
    """Assign each changed task (workflow.assign, audited); all or nothing. Returns how many tasks changed."""
    count = 0
    for c in changes:
        try:
            workflow.assign(c.task, actor, c.lead, c.cooperating, c.leader_post, c.contact_post, c.deadline)
        except workflow.WorkflowError as e:
            raise TableImportError(str(RowError(c.row, str(e)))) from None
        count += 1
    return count


def import_table(data: bytes, plan, actor, tasks=None) -> TableImport:
    """Read the table and, when every row is good, apply its changes; with any bad row nothing is applied."""
    result = read_table(data, plan, tasks)
    if result.ok and result.changes:
        apply_changes(result.changes, actor)
        result.applied = True
    return result
