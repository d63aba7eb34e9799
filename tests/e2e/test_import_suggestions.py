"""End to end on a phone: the import preview suggests each task's departments, the office changes some, and
confirming assigns what it chose.

Against `luoshi serve` with the demo's organisation and catalogue (tests/e2e/conftest.py), in headless Chromium
with a phone's viewport: the page must not scroll sideways, the bulk buttons (全部不指定 / 全部采用建议) must set
every task, a task without a lead sends no co-operating departments, and what is confirmed is what the tasks
get. Same watch as the main flow: nothing from another host, no error response, no console error.
"""

from __future__ import annotations

from importlib import resources

from .test_browser import LAPTOP, PHONE, TIMEOUT_MS, Watch, log_in, new_page

try:
    from playwright.sync_api import expect
except ImportError:  # the `browser` fixture fails, saying how to install it
    expect = None

EDUCATION = "办好优质的普惠教育"  # suggested: 区教育和体育局 (教育, 学前教育, 中小学, 幼儿园 are its duties)
INVESTMENT = "加快扩大招商引资"  # suggested: 区投资促进局; the office makes 区发展和改革局 lead instead
SCIENCE = "着力实施科技创新"  # suggested: 区科学技术局; the office leaves it unassigned


def test_the_office_accepts_or_changes_the_suggested_departments_on_a_phone(browser, luoshi_server, screenshots):
    expect.set_options(timeout=TIMEOUT_MS)
    base, watch = luoshi_server.url, Watch()
    page = new_page(browser, watch, viewport=PHONE)
    log_in(page, base, "office")
    page.goto(f"{base}/import/")
    sample = resources.files("luoshi").joinpath("samples", "seed-2023-shizhong.txt")
    with resources.as_file(sample) as path:
        page.get_by_label("报告文件").set_input_files(path)
    page.get_by_role("button", name="上传并识别").click()
    expect(page.get_by_role("heading", name="确认导入")).to_be_visible()

    tasks = int(page.locator("#counts span", has_text="项重点任务").locator("b").inner_text())
    rows = page.locator("table.import-tasks tbody tr")
    expect(rows).to_have_count(tasks)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), "the page scrolls sideways"

    def lead(title: str):
        return rows.filter(has_text=title).locator("select.lead")

    def chosen(title: str) -> str:
        return lead(title).evaluate("s => s.selectedOptions[0].textContent")

    education = rows.filter(has_text=EDUCATION)
    expect(education.locator("td.suggested")).to_contain_text("区教育和体育局 · 牵头")
    expect(education.locator("td.suggested")).to_contain_text("职责匹配")
    assert chosen(EDUCATION) == "区教育和体育局"
    screenshots.take(page, "import-suggestions-phone")
    laptop = new_page(browser, watch, viewport=LAPTOP)  # the same preview as a table with its column heads
    log_in(laptop, base, "office")
    laptop.goto(page.url)
    expect(laptop.locator("table.import-tasks thead").first).to_be_visible()
    screenshots.take(laptop, "import-suggestions-laptop")
    laptop.context.close()

    # the bulk buttons set every task; a task without a lead has its co-operating boxes switched off
    page.get_by_role("button", name="全部不指定").click()
    assert page.evaluate("[...document.querySelectorAll('select.lead')].every(s => s.value === '')")
    assert page.locator("fieldset.checklist:not([disabled])").count() == 0
    page.get_by_role("button", name="全部采用建议").click()
    assert chosen(EDUCATION) == "区教育和体育局" and chosen(INVESTMENT) == "区投资促进局"

    # the office changes one lead, adds a co-operating department to another, and leaves a third unassigned
    lead(INVESTMENT).select_option(label="区发展和改革局")
    education.locator("details.co summary").click()
    education.get_by_label("区财政局").check()
    expect(education.locator(".co-count")).not_to_have_text("0")
    lead(SCIENCE).select_option(label="不指定")
    expect(rows.filter(has_text=SCIENCE).locator("fieldset.checklist input").first).to_be_disabled()
    page.get_by_role("button", name="确认导入").click()
    expect(page.locator(".messages")).to_contain_text(f"共{tasks}项任务，其中{tasks - 1}项已分工")

    # what was confirmed is what the tasks got
    for title, head, department in ((INVESTMENT, "待签收", "区发展和改革局"), (EDUCATION, "待签收", "区财政局"),
                                    (SCIENCE, "待分解", None)):
        page.wait_for_load_state("networkidle")  # the favicon too: leaving sooner aborts its request
        page.locator(f'article.report-text a.task-tag[title="{title}"]').click()
        expect(page.get_by_role("heading", name=title, exact=True)).to_be_visible()
        expect(page.locator(".task-head")).to_contain_text(head)
        if department:
            expect(page.locator("#assignments")).to_contain_text(department)
        page.wait_for_load_state("networkidle")
        page.go_back()

    assert not watch.foreign(), f"requests left 127.0.0.1: {watch.foreign()}"
    assert not watch.bad_responses, f"error responses: {watch.bad_responses}"
    assert not watch.failed_requests, f"failed requests: {watch.failed_requests}"
    assert not watch.console_errors, f"console errors: {watch.console_errors}"
    assert not luoshi_server.errors()
