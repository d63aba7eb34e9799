"""Suggested departments for a task, from the organisation's own catalogue.

The ranking is the engine's (luoshi.engine.departments); this module turns
the organisation's Department rows into an engine catalogue and the engine's
names back into rows. A suggestion only fills the assignment form of a task
nobody has assigned yet: it never overrides a person's choice.
"""

from __future__ import annotations

from dataclasses import dataclass

from luoshi.engine.department_catalogue import Catalogue, make_department, split_list
from luoshi.engine.departments import suggest
from luoshi.orgs.models import Department, Organisation

from .models import Task


@dataclass(frozen=True)
class Suggested:
    department: Department
    role: str  # "lead" or "cooperating"
    named: bool  # the text names the department
    words: tuple[str, ...]  # the duty words of the text that matched, best first


def catalogue_of(departments: list[Department], label: str) -> Catalogue:
    return Catalogue(label, tuple(
        make_department(d.name, (d.short_name, *split_list(d.aliases)), d.kind, split_list(d.duties)) for d in departments
    ))


def suggested_for(task: Task, org: Organisation) -> list[Suggested]:
    """The lead department and co-operating ones the engine suggests for `task`, best first."""
    departments = list(org.departments.all())
    by_name = {d.name: d for d in departments}
    catalogue = catalogue_of(departments, org.name)
    return [
        Suggested(by_name[s.department], s.role, bool(s.named), s.words)
        for s in suggest(task.text or task.title, catalogue, title=task.title)
        if s.department in by_name
    ]
