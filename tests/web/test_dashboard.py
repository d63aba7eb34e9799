"""The dashboard (总览) and the wall screen (大屏): who may see them, what they count and list, and how fast.

The fixture plan has three tasks assigned: 0 and 1 to 区发展和改革局 (0 with 区财政局
co-operating), 2 to 区教育和体育局. The leader oversees 区发展和改革局 only.
"""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from luoshi.dashboard import views
from luoshi.orgs.models import Department
from luoshi.plans.models import Target
from luoshi.tracking import status, workflow
from luoshi.tracking.choices import Schedule
from luoshi.tracking.models import Figure, Task

pytestmark = pytest.mark.django_db

PAGES = ["dashboard", "wall"]


@pytest.fixture
def on(monkeypatch):
    """Set the day the pages think it is: on(date(2023, 7, 26))."""

    def set_day(day: date) -> date:
        monkeypatch.setattr(status, "today", lambda: day)
        return day

    return set_day


def html(response) -> str:
    return response.content.decode()


def count(page: str, key: str) -> int:
    match = re.search(rf'data-count="{key}">(\d+)', page)
    assert match, f"no count {key}"
    return int(match.group(1))


def report(task, user, department, percent: int, period=date(2023, 7, 1), accept=True, final=False):
    update = workflow.submit_update(task, user, department, period, f"{task.title}：已完成{percent}%", percent, final=final)
    if accept:
        workflow.review_update(update, User.objects.get(username="office"), accept=True)
    return update


@pytest.fixture
def july(on, people, departments, tasks):
    """On 2023年7月26日 (after the due day, the 25th): task 0 at 60% reported for July (达进度),
    task 1 closed (已完成), task 2 due 2023年6月30日 and not done (逾期)."""
    fagai = departments["区发展和改革局"]
    report(tasks[0], people["fagai"], fagai, 60)
    workflow.close(tasks[1], people["office"])
    tasks[2].deadline = date(2023, 6, 30)
    tasks[2].save()
    return on(date(2023, 7, 26))


# Who may see the pages --------------------------------------------------------------------------------------

@pytest.mark.parametrize("page", PAGES)
def test_it_sends_anonymous_visitors_to_the_login_page(client, plan, page):
    response = client.get(reverse(page))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("who", ["fagai", "jiaoti"])
def test_it_refuses_department_users_with_403(client, people, plan, page, who):
    client.force_login(people[who])
    response = client.get(reverse(page))
    assert response.status_code == 403
    assert "无权查看" in html(response)
    assert "加快构建现代产业体系" not in html(response)


@pytest.mark.parametrize("page", PAGES)
def test_it_refuses_a_logged_in_user_without_membership(client, plan, page):
    client.force_login(User.objects.create_user("stranger", password="x-123456789"))
    assert client.get(reverse(page)).status_code == 403


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("who", ["office", "leader"])
def test_it_shows_the_pages_to_the_office_and_leaders(client, people, tasks, page, who):
    client.force_login(people[who])
    response = client.get(reverse(page))
    assert response.status_code == 200
    assert tasks[0].title in html(response)


@pytest.mark.parametrize("page", PAGES)
def test_it_shows_a_superuser_everything(client, tasks, july, page):
    client.force_login(User.objects.create_superuser("root", password="x-123456789"))
    response = client.get(reverse(page))
    assert response.status_code == 200
    assert count(html(response), "total") == 3


@pytest.mark.parametrize("page", PAGES)
def test_it_gives_404_for_a_plan_the_user_cannot_see(client, people, plan, page):
    client.force_login(people["leader"])
    assert client.get(reverse(page), {"plan": plan.pk + 1000}).status_code == 404
    assert client.get(reverse(page), {"plan": plan.pk}).status_code == 200


def test_it_says_so_when_there_is_no_plan(client, people):
    client.force_login(people["office"])
    response = client.get(reverse("dashboard"))
    assert response.status_code == 200
    assert "还没有可以查看的计划" in html(response)
    assert client.get(reverse("wall")).status_code == 200


# What the office sees ---------------------------------------------------------------------------------------

def test_it_counts_each_schedule_state_on_the_chosen_day(client, people, july):
    client.force_login(people["office"])
    page = html(client.get(reverse("dashboard")))
    assert [count(page, k) for k in ("total", "done", "ahead", "on_track", "behind", "overdue")] == [3, 1, 0, 1, 0, 1]
    assert count(page, "share_done") == 33
    assert "截至2023年7月26日" in page


def test_it_counts_every_open_task_as_lagging_early_in_march(client, people, tasks, on):
    on(date(2023, 3, 1))  # 16% of the year gone, nothing reported: more than 10 points behind
    client.force_login(people["office"])
    response = client.get(reverse("dashboard"))
    assert response.context["ov"].overall.counts == {Schedule.BEHIND: 3}
    assert count(html(response), "behind") == 3


def test_it_counts_by_area_and_by_lead_department(client, people, july):
    client.force_login(people["office"])
    ov = client.get(reverse("dashboard")).context["ov"]
    assert [(g.label, g.total, g.done) for g in ov.by_area] == [("加快高质量发展，全力推进活力市中建设", 3, 1)]
    assert [(g.label, g.total, g.counts[Schedule.OVERDUE]) for g in ov.by_department] == [
        ("区发展和改革局", 2, 0), ("区教育和体育局", 1, 1)]


def test_it_compares_the_mean_percent_with_the_expected_percent(client, people, july):
    client.force_login(people["office"])
    ov = client.get(reverse("dashboard")).context["ov"]
    assert ov.overall.mean_percent == round((60 + 100 + 0) / 3, 1)
    # tasks 0 and 1 due at the year end (206 of 364 days gone), task 2 due 2023年6月30日 (all gone)
    assert ov.overall.expected_percent == round((56.59 * 2 + 100) / 3, 1)


def test_it_lists_overdue_and_lagging_tasks_with_their_lead_and_deadline(client, people, tasks, july):
    client.force_login(people["office"])
    tasks[3].percent = 5
    workflow.assign(tasks[3], people["office"], Department.objects.get(name="区卫生健康局"))
    Task.objects.filter(pk=tasks[3].pk).update(percent=5)
    response = client.get(reverse("dashboard"))
    rows = [(t.title, s) for t, s in response.context["lagging"]]
    assert rows == [(tasks[2].title, Schedule.OVERDUE), (tasks[3].title, Schedule.BEHIND)]
    section = html(response).split('id="h-lagging"')[1].split("</section>")[0]
    assert "2023年6月30日" in section and "区教育和体育局" in section and 'data-schedule="overdue"' in section
    assert tasks[0].title not in section
    assert f'href="{reverse("task_detail", args=[tasks[2].pk])}"' in section


def test_it_lists_what_was_not_reported_once_the_due_day_has_passed(client, people, tasks, july):
    client.force_login(people["office"])
    response = client.get(reverse("dashboard"))
    ov = response.context["ov"]
    assert sorted((u.task.pk, u.department.name) for u in ov.unreported) == sorted(
        [(tasks[0].pk, "区财政局"), (tasks[2].pk, "区教育和体育局")])
    assert ov.unreported_count == 2
    section = html(response).split('id="h-unreported"')[1].split("</section>")[0]
    assert "2023年7月" in section and "区财政局" in section


def test_it_lists_nothing_as_unreported_before_the_due_day(client, people, tasks, on):
    on(date(2023, 7, 20))
    client.force_login(people["office"])
    response = client.get(reverse("dashboard"))
    assert response.context["ov"].unreported == []
    assert "本期报送截止日未到" in html(response)


def test_it_shows_each_main_target_with_its_latest_accepted_figure(client, people, departments, tasks, july):
    gdp = Target.objects.get(plan=tasks[0].plan, is_main=True, indicator="地区生产总值")
    fagai = departments["区发展和改革局"]
    june = report(tasks[0], people["fagai"], fagai, 40, period=date(2023, 6, 1))
    Figure.objects.create(update=june, target=gdp, value=5.1)
    july_update = tasks[0].updates.get(period=date(2023, 7, 1))
    Figure.objects.create(update=july_update, target=gdp, value=6.3)
    pending = report(tasks[0], people["fagai"], fagai, 70, period=date(2023, 8, 1), accept=False)
    Figure.objects.create(update=pending, target=gdp, value=9.9)  # not accepted yet: not shown
    client.force_login(people["office"])
    response = client.get(reverse("dashboard"))
    rows = {r.target.indicator: r for r in response.context["ov"].main_targets}
    assert len(rows) == 8
    assert (rows["地区生产总值"].value, rows["地区生产总值"].period, rows["地区生产总值"].reached) == (
        6.3, date(2023, 7, 1), True)
    assert rows["进出口总额"].value is None
    section = html(response).split('id="h-targets"')[1].split("</section>")[0]
    assert "6.3%" in section and "9.9%" not in section and "<svg" in section


def test_it_shows_all_of_a_long_list_when_asked(client, people, tasks, on, monkeypatch):
    monkeypatch.setattr(views, "LIST_ROWS", 10)
    on(date(2023, 7, 26))
    for task in tasks[3:]:
        workflow.assign(task, people["office"], Department.objects.get(name="区卫生健康局"))
    client.force_login(people["office"])
    short = client.get(reverse("dashboard"))
    assert len(short.context["lagging"]) == 10 < len(tasks) == len(short.context["ov"].lagging)
    assignments = len(tasks) + 1  # task 0 has a co-operating department too
    assert len(short.context["ov"].unreported) == 10 < short.context["ov"].unreported_count == assignments
    assert f"共 {len(tasks)} 项" in html(short) and f"共 {assignments} 项" in html(short)
    full = client.get(reverse("dashboard"), {"all": "1"}).context
    assert len(full["lagging"]) == len(tasks) and len(full["ov"].unreported) == assignments


def test_it_draws_the_charts_with_the_organisation_colour_scheme(client, people, org, july):
    org.colour_scheme = "byr"
    org.save()
    client.force_login(people["office"])
    page = html(client.get(reverse("dashboard")))
    assert 'data-scheme="byr"' in page
    assert page.count("<svg") == 4 and "seg-overdue" in page and "dashboard.css" in page
    assert "cdn" not in page.lower() and "<script" not in page


# What a leader sees: only the tasks restrict gives them -----------------------------------------------------

def test_it_shows_a_leader_only_the_tasks_of_the_departments_they_oversee(client, people, tasks, july):
    client.force_login(people["leader"])
    response = client.get(reverse("dashboard"))
    page, ov = html(response), response.context["ov"]
    assert count(page, "total") == 2 and count(page, "overdue") == 0 and count(page, "done") == 1
    assert tasks[2].title not in page  # 区教育和体育局's task: in no count, table or list
    assert "区教育和体育局" not in page
    assert [g.label for g in ov.by_department] == ["区发展和改革局"]
    assert all(t.pk != tasks[2].pk for t, _ in ov.lagging)
    assert [(u.task.pk, u.department.name) for u in ov.unreported] == [(tasks[0].pk, "区财政局")]
    assert "另有" not in page  # the office's note on tasks still to assign


def test_it_shows_a_leader_the_same_on_the_wall(client, people, tasks, july):
    client.force_login(people["leader"])
    page = html(client.get(reverse("wall")))
    assert count(page, "total") == 2
    assert tasks[2].title not in page and "区教育和体育局" not in page


def test_it_shows_a_leader_only_figures_from_tasks_they_may_see(client, people, departments, tasks, july):
    gdp = Target.objects.get(plan=tasks[0].plan, is_main=True, indicator="地区生产总值")
    update = report(tasks[2], people["jiaoti"], departments["区教育和体育局"], 50, period=date(2023, 6, 1))
    Figure.objects.create(update=update, target=gdp, value=4.4)
    client.force_login(people["leader"])
    rows = {r.target.indicator: r for r in client.get(reverse("dashboard")).context["ov"].main_targets}
    assert rows["地区生产总值"].value is None
    client.force_login(people["office"])
    rows = {r.target.indicator: r for r in client.get(reverse("dashboard")).context["ov"].main_targets}
    assert rows["地区生产总值"].value == 4.4


# The wall screen --------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("asked", "seconds"), [
    (None, 300), ("60", 60), ("5", 30), ("0", 30), ("-20", 30), ("99999", 3600), ("soon", 300), ("", 300),
])
def test_it_refreshes_the_wall_within_sane_bounds(client, people, plan, asked, seconds):
    client.force_login(people["office"])
    response = client.get(reverse("wall"), {"refresh": asked} if asked is not None else {})
    assert f'<meta http-equiv="refresh" content="{seconds}">' in html(response)


def test_it_draws_the_wall_large_and_dark_with_counts_areas_and_lagging_tasks(client, people, tasks, july):
    client.force_login(people["office"])
    page = html(client.get(reverse("wall")))
    assert 'class="wall"' in page and 'font-size="22"' in page
    assert count(page, "overdue") == 1 and tasks[2].title in page
    assert "2023年7月未报送：2 项" in page


# How fast: the number of queries does not grow with the tasks ----------------------------------------------

def _grow(people, tasks, departments, n):
    """Assign tasks 3 to `n` to the leader's department with a co-operating one, each with two accepted months."""
    fagai, finance = departments["区发展和改革局"], departments["区财政局"]
    for task in tasks[3:n]:
        workflow.assign(task, people["office"], fagai, [finance])
        for month in (5, 6):
            report(task, people["fagai"], fagai, 10 * month, period=date(2023, month, 1))


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("who", ["office", "leader"])
def test_it_answers_in_a_fixed_number_of_queries_however_many_tasks(client, people, departments, tasks, july,
                                                                    django_assert_max_num_queries, page, who):
    client.force_login(people[who])
    gdp = Target.objects.get(plan=tasks[0].plan, is_main=True, indicator="地区生产总值")
    Figure.objects.create(update=tasks[0].updates.first(), target=gdp, value=6)
    with django_assert_max_num_queries(10) as few:
        small = client.get(reverse(page))
    _grow(people, tasks, departments, len(tasks))
    with django_assert_max_num_queries(10) as many:
        large = client.get(reverse(page))
    hidden = 1 if who == "leader" else 0  # task 2, of a department the leader does not oversee
    assert large.context["ov"].overall.total == len(tasks) - hidden > small.context["ov"].overall.total
    assert len(many.captured_queries) == len(few.captured_queries)
