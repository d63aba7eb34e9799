"""End to end in a real headless Chromium: a report goes from upload to a closed, published task.

Against `luoshi serve` on a fresh data folder (tests/e2e/conftest.py), with
today taken as 15 June 2023:

1. the office (督查室) logs in, uploads the sample report on the import page,
   sees the preview (main targets, tasks per area), confirms, and from the
   report reader opens the task 加快扩大招商引资 and makes 区发展和改革局 its lead;
2. 区发展和改革局's user logs in, finds the task in the inbox, signs for it and
   reports progress: 进展情况, 存在问题, 下一步措施, a percent and a figure for
   one of the task's indicators;
3. the office accepts the update in the review queue, publishes the task and
   closes it (办结); the dashboard counts it as 已完成 and no longer lagging,
   the wall screen shows the plan, and after logging out the public page shows
   the task as 已办结.

A full-page screenshot of each main page is saved on the way (the folder is
printed in the terminal summary). Throughout, every request the browser
makes must go to 127.0.0.1 (nothing from a CDN), no response may be an
error, the console must stay free of errors, and the server must log none.
"""

from __future__ import annotations

import contextlib
import re
from importlib import resources
from urllib.parse import urlsplit

try:
    from playwright.sync_api import BrowserContext, Page, expect
except ImportError:  # the `browser` fixture fails, saying how to install it
    BrowserContext = Page = expect = None

from .conftest import PASSWORD, TODAY

TASK = "加快扩大招商引资"  # a task of the sample report with quantified targets, in 区发展和改革局's line of work
LEAD = ("区发展和改革局", "区发改局")  # its name, and the short name the department list may show
PROGRESS = "新引进落户招商项目120个，其中总部型项目18个；举办专题招商推介活动6场。"
PROBLEMS = "部分签约项目落地进度偏慢，用地手续仍在办理。"
NEXT_STEPS = "下一步，将实行项目专班推进，倒排工期，确保年底前全部落地。"
PERCENT = "60"
FIGURE = "120"
LAPTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
TIMEOUT_MS = 15_000  # for each action and assertion: reading the report on upload takes a few seconds


class Watch:
    """Everything the browser asked for and everything that went wrong, across all its contexts."""

    def __init__(self):
        self.requests: list[str] = []
        self.bad_responses: list[str] = []
        self.failed_requests: list[str] = []
        self.console_errors: list[str] = []

    def attach(self, context: BrowserContext) -> BrowserContext:
        context.on("request", lambda r: self.requests.append(r.url))
        context.on("response", lambda r: r.status >= 400 and self.bad_responses.append(f"{r.status} {r.url}"))
        context.on("requestfailed", lambda r: self.failed_requests.append(f"{r.failure} {r.url}"))
        context.on("console", self.on_console)
        context.on("weberror", lambda e: self.console_errors.append(f"uncaught: {e.error}"))
        return context

    def on_console(self, message) -> None:
        url = message.location.get("url") or ""
        if message.type != "error":
            return
        self.console_errors.append(f"{message.text} ({url}:{message.location.get('lineNumber')})")

    def foreign(self) -> list[str]:
        """Requests to any host but 127.0.0.1 (data: and blob: URLs stay in the page)."""
        return [u for u in self.requests
                if urlsplit(u).scheme not in ("data", "blob", "about") and urlsplit(u).hostname != "127.0.0.1"]


def cn_date(iso: str) -> str:
    """2023-06-15 → 2023年6月15日, as the pages write dates."""
    year, month, day = (int(n) for n in iso.split("-"))
    return f"{year}年{month}月{day}日"


def new_page(browser, watch: Watch, viewport=LAPTOP) -> Page:
    context = watch.attach(browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai", viewport=viewport))
    context.set_default_timeout(TIMEOUT_MS)
    return context.new_page()


def log_in(page: Page, base: str, username: str, shots=None) -> None:
    page.goto(f"{base}/login/")
    expect(page.get_by_role("heading", name="登录")).to_be_visible()
    if shots is not None:
        shots.take(page, "login")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("button", name="退出")).to_be_visible()


def row(page: Page, scope: str, text: str):
    """The table row under `scope` holding `text`."""
    return page.locator(f"{scope} tr").filter(has_text=text)


def test_the_office_imports_assigns_reviews_and_closes_a_task_the_department_reports(
        browser, luoshi_server, screenshots):
    expect.set_options(timeout=TIMEOUT_MS)
    base, watch = luoshi_server.url, Watch()
    shot = screenshots.take
    office = new_page(browser, watch)
    page = office
    try:
        # ---------------------------------------------------------------- the office imports the report
        log_in(office, base, "office", screenshots)
        expect(office).to_have_url(f"{base}/dashboard/")  # home sends the office to its dashboard
        office.get_by_role("navigation", name="主菜单").get_by_role("link", name="导入报告").click()
        expect(office.get_by_role("heading", name="导入报告")).to_be_visible()
        sample = resources.files("luoshi").joinpath("samples", "seed-2023-shizhong.txt")
        with resources.as_file(sample) as path:
            office.get_by_label("报告文件").set_input_files(path)
        office.get_by_role("button", name="上传并识别").click()

        expect(office.get_by_role("heading", name="确认导入")).to_be_visible()
        counts = office.locator("#counts")
        main_targets = int(counts.locator("span", has_text="项主要预期目标").locator("b").inner_text())
        tasks = int(counts.locator("span", has_text="项重点任务").locator("b").inner_text())
        assert main_targets >= 5 and tasks >= 20, (main_targets, tasks)
        expect(office.get_by_role("heading", name="主要预期目标")).to_be_visible()
        expect(office.locator("section", has=office.get_by_role("heading", name="主要预期目标"))
               .locator("tbody tr")).to_have_count(main_targets)
        expect(office.locator("table.import-tasks tbody tr")).to_have_count(tasks)
        expect(office.locator("table.import-tasks tbody tr", has_text=TASK)).to_have_count(1)
        expect(office.get_by_label("计划年度")).to_have_value("2023")
        shot(office, "import-preview")
        office.get_by_role("button", name="全部不指定").click()  # this flow assigns the task on its own page
        office.get_by_role("button", name="确认导入").click()

        # ---------------------------------------------------------------- the reader, and the task from it
        expect(office.locator(".messages")).to_contain_text(f"共{tasks}项任务")
        expect(office.locator("article.report-text")).to_be_visible()
        expect(office.locator("article.report-text mark.stmt-target").first).to_be_visible()
        tag = office.locator(f'article.report-text a.task-tag[title="{TASK}"]')
        expect(tag).to_have_count(1)
        shot(office, "reader")
        tag.click()
        expect(office.get_by_role("heading", name=TASK, exact=True)).to_be_visible()
        task_url = office.url
        assert re.fullmatch(rf"{re.escape(base)}/tasks/\d+/", task_url), task_url
        expect(office.locator(".task-head")).to_contain_text("待分解")

        # ---------------------------------------------------------------- the office assigns it
        assign = office.locator("#assign")
        lead = assign.get_by_label("牵头单位")
        option = lead.locator("option").filter(has_text=re.compile(rf"^\s*({'|'.join(LEAD)})\s*$"))
        expect(option).to_have_count(1)
        lead.select_option(option.get_attribute("value"))
        assign.get_by_role("button", name="保存分工").click()
        expect(office.locator(".messages")).to_contain_text("已分工")
        expect(row(office, "#assignments", LEAD[0])).to_contain_text("牵头单位")
        expect(row(office, "#assignments", LEAD[0])).to_contain_text("未签收")
        expect(office.locator(".task-head")).to_contain_text("待签收")

        # ---------------------------------------------------------------- the department signs and reports
        department = page = new_page(browser, watch)
        log_in(department, base, "fagai")
        expect(department).to_have_url(f"{base}/inbox/")  # home sends a department to its inbox
        expect(department.get_by_role("heading", name="我的任务")).to_contain_text(LEAD[0])
        to_sign = row(department, "#to-sign", TASK)
        expect(to_sign).to_have_count(1)
        shot(department, "inbox")
        to_sign.get_by_role("button", name="签收").click()
        expect(department.locator(".messages")).to_contain_text("已签收")
        expect(department.locator("#to-sign")).to_have_count(0)
        to_report = row(department, "#to-report", TASK)
        expect(to_report).to_have_count(1)
        to_report.get_by_role("link", name="报送").click()

        expect(department.get_by_role("heading", name="报送进展")).to_be_visible()
        department.get_by_label("进展情况").fill(PROGRESS)
        department.get_by_label("存在问题").fill(PROBLEMS)
        department.get_by_label("下一步措施").fill(NEXT_STEPS)
        department.get_by_label("完成比例").fill(PERCENT)
        figures = department.locator("fieldset", has_text="指标数据").locator("input")
        expect(figures.first).to_be_visible()  # the task's indicators, one field each
        figure = figures.first
        indicator = figure.evaluate("e => e.labels.length ? e.labels[0].textContent : ''").split("（")[0].strip()
        assert indicator, "the figure field has no indicator in its label"
        figure.fill(FIGURE)
        department.get_by_role("button", name="报送").click()

        expect(department.locator(".messages")).to_contain_text("已报送")
        update = department.locator("#updates article.update").first
        for text in (PROGRESS, PROBLEMS, NEXT_STEPS, "待审核", f"完成 {PERCENT}%"):
            expect(update).to_contain_text(text)
        expect(update.locator("dt", has_text=indicator)).to_have_count(1)
        expect(row(department, "#assignments", LEAD[0])).to_contain_text("已签收")

        # ---------------------------------------------------------------- the office reviews, publishes, closes
        page = office
        office.get_by_role("navigation", name="主菜单").get_by_role("link", name="审核").click()
        expect(office.get_by_role("heading", name="审核与催办")).to_be_visible()
        pending = office.locator("#updates article.update").filter(has_text=TASK)
        expect(pending).to_have_count(1)
        expect(pending).to_contain_text(PROGRESS)
        expect(pending).to_contain_text(f"{FIGURE}")
        shot(office, "review-queue")
        pending.get_by_label("通过", exact=True).check()
        pending.get_by_role("button", name="提交审核").click()
        expect(office.locator(".messages")).to_be_visible()
        expect(office.locator("#updates article.update").filter(has_text=TASK)).to_have_count(0)

        office.goto(task_url)
        expect(office.locator("#updates article.update").first).to_contain_text("已通过")
        expect(row(office, "#targets", indicator)).to_contain_text(FIGURE)
        expect(office.locator(".task-head")).to_contain_text(f"完成 {PERCENT}%")
        office.locator("#publish").get_by_role("button", name="公开").click()
        expect(office.locator(".messages")).to_contain_text("已公开")
        expect(office.locator(".task-head")).to_contain_text("已公开")
        close = office.locator("#close")
        close.get_by_label("办结意见").fill("年度招商任务已提前完成，同意办结。")
        close.get_by_role("button", name="办结（销号）").click()
        expect(office.locator(".messages")).to_contain_text("已办结")
        expect(office.locator(".task-head .pill.state-closed")).to_have_text("已办结")
        expect(office.locator(".task-head")).to_contain_text("已完成")
        shot(office, "task-detail")

        # ---------------------------------------------------------------- task list, laptop and phone
        office.get_by_role("navigation", name="主菜单").get_by_role("link", name="任务清单").click()
        expect(office.get_by_role("heading", name="任务清单")).to_contain_text(f"共{tasks}项")
        listed = row(office, "table.tasks", TASK)
        expect(listed).to_have_count(1)
        expect(listed).to_contain_text("已办结")
        expect(listed.locator("td").nth(2)).to_have_text(re.compile(rf"^\s*({'|'.join(LEAD)})\s*$"))
        shot(office, "task-list")
        office.set_viewport_size(PHONE)
        office.reload()
        expect(row(office, "table.tasks", TASK)).to_be_visible()
        width = office.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], f"the task list scrolls sideways on a phone ({width} px wide)"
        shot(office, "task-list-phone")
        office.set_viewport_size(LAPTOP)

        # ---------------------------------------------------------------- dashboard and wall screen
        office.get_by_role("navigation", name="主菜单").get_by_role("link", name="总览").click()
        expect(office.get_by_role("heading", name="总览", exact=True)).to_be_visible()
        expect(office.locator(".plan-title")).to_contain_text(cn_date(TODAY))
        expect(office.locator('[data-count="done"]').first).to_have_text("1")
        expect(office.locator("table.lagging")).not_to_contain_text(TASK)
        for chart in office.locator(".chart-box").all():  # each chart is drawn, not an empty box
            expect(chart.locator("svg")).to_have_count(1)
            assert chart.locator("svg rect, svg path, svg line").count() > 0, chart.inner_html()[:300]
        shot(office, "dashboard")
        office.get_by_role("link", name="大屏").click()
        expect(office.locator("body.wall")).to_be_visible()
        expect(office.locator('[data-count="done"]').first).to_have_text("1")
        expect(office.locator("ol.wall-list")).not_to_contain_text(TASK)
        shot(office, "wall")

        # ---------------------------------------------------------------- logged out: the public page
        office.goto(f"{base}/dashboard/")
        office.get_by_role("button", name="退出").click()
        expect(office).to_have_url(f"{base}/public/")
        expect(office.get_by_role("link", name="登录")).to_be_visible()
        public = office.locator("li.public-task").filter(has_text=TASK)
        expect(public).to_have_count(1)
        expect(office.locator("li.public-task")).to_have_count(1)  # only what the office published
        expect(public).to_contain_text("状态：已办结")
        expect(public).to_contain_text(LEAD[0])
        expect(public).to_contain_text(PROGRESS)
        expect(public.locator(".pbar-text")).to_have_text("100%")
        shot(office, "public")
    except Exception:
        with contextlib.suppress(Exception):  # the page may be gone: the failure itself matters more
            screenshots.take(page, "failure")
        raise

    assert not watch.foreign(), f"requests left 127.0.0.1: {watch.foreign()}"
    assert not watch.bad_responses, f"error responses: {watch.bad_responses}"
    assert not watch.failed_requests, f"failed requests: {watch.failed_requests}"
    assert not watch.console_errors, f"console errors: {watch.console_errors}"
    assert not luoshi_server.errors(), "the server logged errors:\n" + luoshi_server.log_text()
    assert len(screenshots.saved) == 11, [p.name for p in screenshots.saved]
