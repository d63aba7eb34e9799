"""A catalogue of departments as data: a CSV with the columns 名称, 简称, 类型, 职责 (and optionally 别名, 联系人, 联系电话).

The bundled `data/district.csv` is a district government's catalogue (济南市市中区);
an office can bring its own in the same form, saved by Excel as UTF-8 or GBK.
类型 is 部门, 街道, 镇, 国企 or 其他 (部门 when empty); 职责 and 别名 are lists
separated by 、 ， ; or spaces. The duties are keywords (项目、投资、经济运行) from
which a task's lead department can be suggested.

>>> import io
>>> rows = read_catalogue(io.StringIO("名称,简称,类型,职责\\n区财政局,,部门,预算、债务\\n大观园街道办事处,大观园街道,街道,社区\\n"))
>>> [(r.name, r.short_name, r.kind, r.duties) for r in rows]
[('区财政局', '', 'department', ('预算', '债务')), ('大观园街道办事处', '大观园街道', 'street', ('社区',))]
>>> read_catalogue(io.StringIO("部门,职责\\n区财政局,预算\\n"), name="mine.csv")
Traceback (most recent call last):
...
luoshi.engine.department_catalogue.CatalogueError: mine.csv: no 名称 column (its columns are 部门, 职责); the first line must name the columns, e.g. 名称,简称,类型,职责
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TextIO

from luoshi.engine.department_catalogue import CatalogueError, catalogue_rows, kind_of, split_list

from .choices import DepartmentKind

__all__ = ["CatalogueError", "Entry", "bundled_catalogue", "load_catalogue", "read_catalogue", "split_list"]

BUNDLED = "district"  # data/district.csv
_KINDS = {label: value for value, label in DepartmentKind.choices} | {value: value for value in DepartmentKind.values}
_MAX_NAME = 100  # Department.name


@dataclass(frozen=True)
class Entry:
    """One department of a catalogue."""

    name: str
    short_name: str = ""
    kind: str = DepartmentKind.DEPARTMENT.value
    duties: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    contact: str = ""
    phone: str = ""

    @property
    def names(self) -> tuple[str, ...]:
        """Every name the department goes by: full name, short name, aliases."""
        return tuple(dict.fromkeys(n for n in (self.name, self.short_name, *self.aliases) if n))


def read_catalogue(source: str | Path | bytes | TextIO, name: str | None = None) -> list[Entry]:
    """The departments of a catalogue file (a path, its bytes or a text stream); raises CatalogueError."""
    label = name or (str(source) if isinstance(source, str | Path) else "catalogue")
    entries: list[Entry] = []
    seen: dict[str, int] = {}
    for line, cells in catalogue_rows(source, label):
        entry = _entry(cells, f"{label}, line {line}")
        if entry.name in seen:
            raise CatalogueError(f"{label}, line {line}: {entry.name} is listed twice (first on line {seen[entry.name]})")
        seen[entry.name] = line
        entries.append(entry)
    return entries


def _entry(cells: dict[str, str], where: str) -> Entry:
    """One row as an entry. A blank 类型 is read from the name's end (大观园街道办事处 is a street); 简称 may list
    several names (区发改局、发改局): the first is the short name, the others join the aliases."""
    name = cells["名称"]
    if len(name) > _MAX_NAME:
        raise CatalogueError(f"{where}: 名称 is longer than {_MAX_NAME} characters")
    kind_label = cells.get("类型", "")
    kind = _KINDS.get(kind_label) if kind_label else kind_of(name)
    if kind is None:
        raise CatalogueError(f"{where}: unknown 类型 “{kind_label}” (use {'、'.join(DepartmentKind.labels)})")
    short_names = split_list(cells.get("简称"))
    short_name = short_names[0] if short_names else ""
    aliases = (*short_names[1:], *split_list(cells.get("别名")))
    return Entry(
        name=name, short_name=short_name[:50], kind=kind, duties=split_list(cells.get("职责")),
        aliases=tuple(a for a in dict.fromkeys(aliases) if a not in (name, short_name)),
        contact=cells.get("联系人", "")[:100], phone=cells.get("联系电话", "")[:50],
    )


def bundled_catalogue(which: str = BUNDLED) -> list[Entry]:
    """A catalogue that comes with luoshi (`district`: a district government's ~40 departments and streets)."""
    data = resources.files("luoshi.orgs").joinpath("data", f"{which}.csv").read_bytes()
    return read_catalogue(data, name=f"{which}.csv")


def load_catalogue(org, entries: Iterable[Entry]) -> tuple[int, int]:
    """Create or update the organisation's departments from a catalogue, by name, in its order; (created, updated)."""
    from .models import Department

    existing = {d.name: d for d in Department.objects.filter(org=org)}
    created = updated = 0
    for order, e in enumerate(entries, 1):
        fields = {
            "short_name": e.short_name, "kind": e.kind, "duties": "、".join(e.duties), "aliases": "、".join(e.aliases),
            "order": order, **({"contact": e.contact} if e.contact else {}), **({"phone": e.phone} if e.phone else {}),
        }
        department = existing.get(e.name)
        if department is None:
            Department.objects.create(org=org, name=e.name, **fields)
            created += 1
        elif any(getattr(department, k) != v for k, v in fields.items()):
            for k, v in fields.items():
                setattr(department, k, v)
            department.save()
            updated += 1
    return created, updated
