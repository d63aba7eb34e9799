"""The report reader: the text with tasks and statements marked at their spans, safely escaped."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from luoshi.orgs.choices import Role
from luoshi.orgs.models import Organisation
from luoshi.plans.models import Statement
from luoshi.plans.views import Mark, highlight

from .conftest import make_user

pytestmark = pytest.mark.django_db


def mark(start, end, name, reopen=True):
    return Mark(start, end, format_html("<{}>", name), format_html("</{}>", name),
                format_html("<{}+>", name) if reopen else None)


@pytest.mark.parametrize(("text", "layers", "expected"), [
    ("abcdef", [], "abcdef"),
    ("abcdef", [[mark(1, 3, "t")]], "a<t>bc</t>def"),
    ("abcdef", [[mark(0, 6, "t")], [mark(2, 4, "s")]], "<t>ab<s>cd</s>ef</t>"),
    # a statement crossing the end of a task is closed and reopened, so the HTML nests
    ("abcdef", [[mark(0, 3, "t")], [mark(2, 5, "s")]], "<t>ab<s>c</s></t><s+>de</s>f"),
    # a task cut by an overlapping one reopens without its id
    ("abcdef", [[mark(0, 4, "t"), mark(2, 3, "u")]], "<t>ab</t><u>c</u><t+>d</t>ef"),
    ("abc", [[mark(2, 10, "t"), mark(-5, 1, "u"), mark(2, 2, "z")]], "<u>a</u>b<t>c</t>"),
], ids=["plain", "one", "nested", "crossing", "overlap", "out of range"])
def test_it_nests_marks_at_their_spans(text, layers, expected):
    assert highlight(text, layers) == expected


def test_it_escapes_every_piece_of_the_text():
    text = '<script>alert("x")</script> & 增长6%'
    html = highlight(text, [[mark(8, 16, "t")], [mark(30, 32, "s")]])
    assert html == '&lt;script&gt;<t>alert(&quot;x</t>&quot;)&lt;/script&gt; &amp; <s>增长</s>6%'


def test_it_puts_anchors_at_their_offsets():
    assert highlight("一、回顾二、安排", [], {4: mark_safe('<i id="p1"></i>')}) == '一、回顾<i id="p1"></i>二、安排'


def reader(client, plan):
    response = client.get(reverse("plan_reader", args=[plan.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_it_marks_every_task_and_statement_for_the_office(client, people, plan):
    client.force_login(people["office"])
    html = reader(client, plan)
    tasks = plan.tasks.filter(kind="task")
    for task in tasks:
        assert f'id="task-{task.pk}"' in html
        assert reverse("task_detail", args=[task.pk]) in html
    assert html.count('class="stmt stmt-') == plan.statements.count()
    assert 'class="stmt stmt-target"' in html and 'class="stmt stmt-result"' in html


def test_it_marks_a_statement_with_its_indicator_value_unit_and_role(client, people, plan):
    s = plan.statements.get(indicator="地区生产总值", role="target")
    client.force_login(people["office"])
    html = reader(client, plan)
    found = re.search(r'<mark class="stmt stmt-target" title="([^"]*)">' + re.escape(plan.text[s.start:s.end]), html)
    assert found, "the statement is not marked"
    title = found.group(1)
    for text in ["地区生产总值", "增长6%", "%", "目标"]:
        assert text in title


def test_it_links_a_department_only_to_its_own_tasks(client, people, tasks):
    client.force_login(people["jiaoti"])
    html = reader(client, tasks[0].plan)
    assert reverse("task_detail", args=[tasks[2].pk]) in html
    assert reverse("task_detail", args=[tasks[0].pk]) not in html
    assert f'id="task-{tasks[0].pk}"' in html  # still marked: the report is public, the task's record is not
    assert "区发展和改革局" not in html.split('class="report-text"')[1]


def test_it_links_a_leader_to_the_tasks_they_oversee(client, people, tasks):
    client.force_login(people["leader"])
    html = reader(client, tasks[0].plan)
    assert reverse("task_detail", args=[tasks[0].pk]) in html
    assert reverse("task_detail", args=[tasks[2].pk]) not in html


def test_it_escapes_a_report_with_markup_in_it(client, people, plan):
    plan.text = plan.text[:10] + "<img src=x onerror=alert(1)>" + plan.text[10:]
    plan.save()
    client.force_login(people["office"])
    html = reader(client, plan)
    assert "<img src=x" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html


def test_it_sends_an_anonymous_user_to_log_in(client, plan):
    response = client.get(reverse("plan_reader", args=[plan.pk]))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_it_hides_a_plan_from_another_organisation(client, plan):
    other = Organisation.objects.create(name="济南市历下区人民政府")
    client.force_login(make_user("other", "他区督查", other, Role.OFFICE))
    assert client.get(reverse("plan_reader", args=[plan.pk])).status_code == 404
    assert client.get(reverse("plan_source", args=[plan.pk])).status_code == 404


def test_it_serves_the_original_file_to_members(client, people, plan):
    client.force_login(people["fagai"])
    response = client.get(reverse("plan_source", args=[plan.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(plan.text[:10].encode("utf-8"))


def test_it_reads_the_plan_in_a_fixed_number_of_queries(client, people, plan, django_assert_max_num_queries):
    client.force_login(people["office"])
    reader(client, plan)  # warm the session
    with django_assert_max_num_queries(12):
        reader(client, plan)
    assert Statement.objects.filter(plan=plan).count() > 100
