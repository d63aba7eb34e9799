"""The assignment controls of the import preview: per task, a select of the lead and a checklist of co-operating
departments, pre-filled with the suggestion (or, after an error, with what the office submitted).

Written as HTML here, not in the template: a report of 200 tasks and an organisation of 40 departments make
17,000 options and boxes, which Django's template engine takes seconds to render and this a few milliseconds.
The field names are those AssignmentsForm reads: `t{n}-lead` and `t{n}-co`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from luoshi.orgs.models import Department

from .forms import AssignmentsForm
from .importing import PreviewTask


@dataclass(frozen=True)
class TaskRow:
    """A task of the preview with the controls that show what is chosen for it."""

    row: PreviewTask
    lead: int | None  # the department chosen as lead, by id
    cooperating: frozenset[int]
    lead_options: SafeString
    cooperating_boxes: SafeString


class Controls:
    def __init__(self, departments: Sequence[Department], none_label: str):
        self.departments = [(d.pk, escape(d.name)) for d in departments]
        self.none_label = escape(none_label)

    def lead_options(self, chosen: int | None) -> SafeString:
        options = [f'<option value=""{" selected" if chosen is None else ""}>{self.none_label}</option>']
        options += [f'<option value="{pk}"{" selected" if pk == chosen else ""}>{name}</option>'
                    for pk, name in self.departments]
        return mark_safe("".join(options))  # the names are escaped above

    def cooperating_boxes(self, n: int, chosen: frozenset[int], suggested: frozenset[int]) -> SafeString:
        return mark_safe("".join(
            f'<label><input type="checkbox" name="t{n}-co" value="{pk}"{" checked" if pk in chosen else ""}'
            f'{" data-suggested" if pk in suggested else ""}>{name}</label>'
            for pk, name in self.departments
        ))

    def rows(self, rows: Sequence[PreviewTask], form: AssignmentsForm | None = None) -> list[TaskRow]:
        """The rows with their controls: the suggestions chosen, or what `form` (submitted with an error) holds."""
        out = []
        for r in rows:
            if form is None:
                lead = r.lead.department.pk if r.lead else None
                cooperating = r.suggested_cooperating
            else:
                lead_id, co_ids = form.submitted(r.number)
                lead = int(lead_id) if lead_id.isdigit() else None
                cooperating = frozenset(int(v) for v in co_ids if v.isdigit())
            out.append(TaskRow(r, lead, cooperating, self.lead_options(lead),
                               self.cooperating_boxes(r.number, cooperating, r.suggested_cooperating)))
        return out
