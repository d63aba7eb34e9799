"""Chinese by default, English through Django's i18n: the catalogue is complete, compiled, and used."""

from __future__ import annotations

import ast
import gettext
import re
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

import luoshi
from luoshi.dashboard import queries
from luoshi.tracking import status, workflow
from luoshi.tracking.choices import Schedule
from luoshi.tracking.templatetags.luoshi import schedule_badge

PACKAGE = Path(luoshi.__file__).parent
PO = PACKAGE / "locale" / "en" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")
OUR_TEMPLATES = [*sorted((PACKAGE / "dashboard" / "templates" / "dashboard").glob("*.html")),
                 *sorted((PACKAGE / "tracking" / "templates" / "tracking").glob("*.html")),
                 *sorted((PACKAGE / "plans" / "templates" / "plans").glob("*.html")),
                 *sorted((PACKAGE / "yearend" / "templates" / "yearend").glob("*.html")),
                 PACKAGE / "templates" / "base.html"]


@pytest.fixture
def july(monkeypatch, people, tasks):
    monkeypatch.setattr(status, "today", lambda: date(2023, 7, 26))
    workflow.publish(tasks[0], people["office"])


def html(response) -> str:
    return response.content.decode()


@pytest.mark.django_db
def test_it_speaks_chinese_by_default(client, people, july):
    client.force_login(people["office"])
    page = html(client.get(reverse("dashboard")))
    assert settings.LANGUAGE_CODE == "zh-hans"
    assert '<html lang="zh-hans">' in page
    assert "总览" in page and "欠进度和逾期任务" in page and "Dashboard" not in page


@pytest.mark.django_db
def test_it_switches_the_dashboard_to_english_through_setlang(client, people, july):
    client.force_login(people["office"])
    response = client.post("/i18n/setlang/", {"language": "en", "next": reverse("dashboard")})
    assert response.status_code == 302 and response["Location"] == reverse("dashboard")
    page = html(client.get(reverse("dashboard")))
    assert '<html lang="en">' in page
    for english in ("Dashboard", "Completion", "By area", "By lead department", "Behind and overdue tasks",
                    "Not reported", "Main targets", "Overdue", "Share done", "Log out", "简体中文"):
        assert english in page, english
    assert "欠进度和逾期任务" not in page and "完成情况" not in page
    assert 'data-schedule="behind">Behind<' in page  # the shared badge too


@pytest.mark.django_db
def test_it_shows_the_wall_and_the_public_page_in_english(client, people, july):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    public = html(client.get(reverse("public")))
    assert "Progress on the government work report" in public and "Lead department" in public
    client.force_login(people["leader"])
    wall = html(client.get(reverse("wall")))
    assert "Behind and overdue tasks" in wall and "refreshes every 300 s" in wall


@pytest.mark.django_db
def test_it_follows_the_browser_language_when_nothing_was_chosen(client, people, july):
    page = html(client.get(reverse("public"), HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9"))
    assert "Progress on the government work report" in page


def test_it_translates_schedule_labels_and_badges_with_translation_override():
    with translation.override("en"):
        assert [str(queries.SCHEDULE_LABELS[s]) for s in queries.SCHEDULE_ORDER] == [
            "Done", "Ahead", "On track", "Behind", "Overdue"]
        assert ">Behind<" in schedule_badge(Schedule.BEHIND)
    with translation.override("zh-hans"):
        assert ">欠进度<" in schedule_badge(Schedule.BEHIND)


def _template_strings(path: Path) -> list[tuple[str | None, str]]:
    """(context or None, msgid) of each {% trans %} of a template."""
    text = path.read_text(encoding="utf-8")
    found = re.findall(r"""{%\s*trans\s+(?:"([^"]+)"|'([^']+)')(?:\s+context\s+(?:"([^"]+)"|'([^']+)'))?""", text)
    return [(ctx_double or ctx_single or None, double or single) for double, single, ctx_double, ctx_single in found]


def _english(context: str | None, msgid: str) -> str:
    return translation.pgettext(context, msgid) if context else translation.gettext(msgid)


@pytest.mark.parametrize("template", OUR_TEMPLATES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_it_has_english_for_every_string_of_our_templates(template):
    with translation.override("en"):
        for context, msgid in _template_strings(template):
            assert _english(context, msgid) != msgid, f"no English for {msgid!r} in {template.name}"


def test_it_leaves_no_message_of_the_catalogue_untranslated():
    untranslated = [key for key, msgstr in _po_messages(PO.read_text(encoding="utf-8")).items() if not msgstr]
    assert untranslated == []
    assert "#, fuzzy" not in PO.read_text(encoding="utf-8")


def _po_messages(text: str) -> dict[tuple[str | None, str], str]:
    """(msgctxt or None, msgid) → msgstr of the singular messages of a .po file (continued "…" lines joined)."""
    messages = {}
    for block in text.split("\n\n"):
        if "msgid_plural" in block:
            continue
        fields: dict[str, str] = {}
        field = None
        for line in block.splitlines():
            if line.startswith(("msgctxt ", "msgid ", "msgstr ")):
                field, _, rest = line.partition(" ")
                fields[field] = ast.literal_eval(rest)
            elif line.startswith('"') and field:
                fields[field] += ast.literal_eval(line)
        if fields.get("msgid"):
            messages[(fields.get("msgctxt"), fields["msgid"])] = fields.get("msgstr", "")
    return messages


def test_it_ships_the_compiled_catalogue_of_the_current_po():
    with MO.open("rb") as f:
        compiled = gettext.GNUTranslations(f)
    for (context, msgid), msgstr in _po_messages(PO.read_text(encoding="utf-8")).items():
        found = compiled.pgettext(context, msgid) if context else compiled.gettext(msgid)
        assert found == msgstr, f"the .mo is older than the .po for {msgid!r}: compile it again"


# The task pages in English: everything but the report's own text, the people's names and what they wrote ----

def test_it_translates_the_workflows_messages(people, tasks):
    workflow.close(tasks[0], people["office"])
    with translation.override("en"), pytest.raises(workflow.WorkflowError) as refused:
        workflow.assign(tasks[0], people["office"], tasks[0].lead.department)
    assert str(refused.value) == "A closed task cannot be assigned again"
    with translation.override("zh-hans"), pytest.raises(workflow.WorkflowError, match="已办结的任务不能重新分工"):
        workflow.assign(tasks[0], people["office"], tasks[0].lead.department)
    with translation.override("en"), pytest.raises(workflow.WorkflowError) as refused:
        workflow.sign(tasks[2], people["office"], tasks[0].lead.department)
    assert str(refused.value) == f"区发展和改革局 is not responsible for “{tasks[2].title}”"


def _data(task, people) -> list[str]:
    """What may stay Chinese on an English task page: the report's text, names, and what people wrote."""
    from luoshi.orgs.models import Department, Post
    from luoshi.plans.models import Target

    plan = task.plan
    words = [plan.title, plan.org.name, "落实", "简体中文", "万", "亿"]
    words += [t.title + t.text for t in plan.tasks.all()]
    words += [f"{t.indicator}{t.unit}{t.text}" for t in Target.objects.filter(plan=plan)]
    words += [f"{d.name}{d.short_name}" for d in Department.objects.all()] + [str(p) for p in Post.objects.all()]
    words += [u.get_full_name() for u in people.values()]
    words += [e.summary for e in task.audit_entries.all()]
    return words


def _chinese_left(page: str, data: list[str]) -> set[str]:
    text = re.sub(r"<(script|style).*?</\1>", " ", page, flags=re.S)
    text = re.sub(r"<[^>]+>", " ", text)
    return {run for run in re.findall(r"[\u4e00-\u9fff]+", text) if not any(run in d for d in data)}


def test_it_shows_the_task_pages_in_english(client, people, departments, tasks, july):
    task, fagai = tasks[0], departments["区发展和改革局"]
    target = task.targets.first()
    update = workflow.submit_update(task, people["fagai"], fagai, date(2023, 6, 1), "done A", 40,
                                    figures={target.pk: 5})
    workflow.review_update(update, people["office"], accept=True, comment="ok")
    workflow.submit_update(task, people["fagai"], fagai, date(2023, 7, 1), "done B", 50)
    workflow.request_extension(task, people["fagai"], fagai, date(2024, 3, 31), "land")
    workflow.chase([task], people["office"], "hurry")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    pages = {
        "office": [reverse("task_detail", args=[task.pk]), reverse("task_list"), reverse("review_queue"),
                   reverse("task_report", args=[task.pk]), reverse("plan_figures", args=[task.plan_id]),
                   reverse("task_assign", args=[task.pk])],
        "fagai": [reverse("task_detail", args=[task.pk]), reverse("inbox"), reverse("task_report", args=[task.pk])],
    }
    data = _data(task, people)
    for who, urls in pages.items():
        client.force_login(people[who])
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            assert _chinese_left(response.content.decode(), data) == set(), (who, url)
    client.force_login(people["office"])
    detail = html(client.get(reverse("task_detail", args=[task.pk])))
    for english in ("Progress reports", "Awaiting review", "Accepted", "June 2023", "Dec. 31, 2023", "Signed for",
                    "Reminders sent", "History", "Close the task",
                    "Latest figure", "Target: "):
        assert english in detail, english
    assert "<strong>Report progress</strong> · " in detail  # the audit log: the action in English, the record as kept
