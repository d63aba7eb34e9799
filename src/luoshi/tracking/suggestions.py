"""Suggested departments for a task, from the organisation's own catalogue.

The ranking is the engine's (luoshi.engine.departments); this module turns
the organisation's Department rows into an engine catalogue and the engine's
names back into rows. A suggestion only fills the assignment form of a task
nobody has assigned yet: it never overrides a person's choice.

A group the text names (各街道) stands for several units at once and is not
offered: the office picks the streets it means.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from luoshi.engine.department_catalogue import Catalogue, make_department, split_list
from luoshi.engine.departments import suggest
from luoshi.orgs.models import Department, Organisation

from .models import Task

LEAD, COOPERATING = "lead", "cooperating"


@dataclass(frozen=True)
class Suggested:
    department: Department
    role: str  # "lead" or "cooperating"
    named: bool  # the text names the department
    words: tuple[str, ...]  # the duty words of the text that matched, best first
    reason: str = ""  # the engine's reason, for people: 文中点名“区财政局”（牵头） or 职责匹配：教育（标题）、幼儿园


def catalogue_of(departments: Iterable[Department], label: str) -> Catalogue:
    return Catalogue(label, tuple(
        make_department(d.name, (d.short_name, *split_list(d.aliases)), d.kind, split_list(d.duties)) for d in departments
    ))


class Suggester:
    """An organisation's departments as one engine catalogue, built once and asked about many tasks."""

    def __init__(self, departments: Iterable[Department], label: str = ""):
        self.departments = list(departments)
        self.by_name = {d.name: d for d in self.departments}
        self.catalogue = catalogue_of(self.departments, label)

    @classmethod
    def of(cls, org: Organisation) -> Suggester:
        return cls(org.departments.all(), org.name)

    def suggest(self, text: str, title: str | None = None) -> list[Suggested]:
        """The lead department and co-operating ones for a task's text, best first; [] when nothing points to one."""
        return [
            Suggested(self.by_name[s.department], s.role, bool(s.named), s.words, s.reason)
            for s in suggest(text, self.catalogue, title=title)
            if s.department in self.by_name
        ]


def lead_and_cooperating(suggested: list[Suggested]) -> tuple[Department | None, list[Department]]:
    """The suggested lead and co-operating departments; no co-operating ones without a lead to work with."""
    lead = next((s.department for s in suggested if s.role == LEAD), None)
    if lead is None:
        return None, []
    return lead, [s.department for s in suggested if s.role == COOPERATING and s.department != lead]


def suggested_for(task: Task, org: Organisation) -> list[Suggested]:
    """The lead department and co-operating ones the engine suggests for `task`, best first."""
    return Suggester.of(org).suggest(task.text or task.title, title=task.title)
