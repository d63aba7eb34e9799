"""End to end: the year-end page in headless Chromium, on a laptop and on a phone.

Against `luoshi serve` with the demo's organisation (tests/e2e/conftest.py):
the office imports the sample 2023 report (making 区发展和改革局 the lead of
加快壮大市场主体 in the preview), then on 年终核验 uploads a review of 2023
(tests/data/yearend/shizhong-2024-review.txt), sees the counts and the table,
opens a target's place in the report, overrides a verdict with a note and
downloads the .xlsx; 区发展和改革局's user sees only its own tasks' rows, on a
phone, without sideways scrolling. Same watch as the main flow: nothing from
another host, no error response, no console error, no server error.
"""

from __future__ import annotations

import io
import re
from importlib import resources
from pathlib import Path

from .test_browser import LAPTOP, PHONE, TIMEOUT_MS, Watch, log_in, new_page

try:
    from playwright.sync_api import expect
except ImportError:  # the `browser` fixture fails, saying how to install it
    expect = None

REVIEW = Path(__file__).resolve().parents[1] / "data" / "yearend" / "shizhong-2024-review.txt"
TASK = "加快壮大市场主体"  # assigned to 区发展和改革局 in the import preview
FIRMS = "新增市场主体1.5万家"  # one of its targets, which the review reports on (1.6万家: 完成)
NOTE = "区统计局年报：增长5.3%，接近目标"


def test_the_office_checks_the_years_targets_and_a_department_reads_its_own(browser, luoshi_server, screenshots):
    expect.set_options(timeout=TIMEOUT_MS)
    base, watch = luoshi_server.url, Watch()
    office = new_page(browser, watch, viewport=LAPTOP)
    log_in(office, base, "office")
    office.goto(f"{base}/import/")
    with resources.as_file(resources.files("luoshi").joinpath("samples", "seed-2023-shizhong.txt")) as path:
        office.get_by_label("报告文件").set_input_files(path)
    office.get_by_role("button", name="上传并识别").click()
    lead = office.locator("table.import-tasks tbody tr").filter(has_text=TASK).locator("select.lead")
    lead.select_option(label="区发展和改革局")
    office.get_by_role("button", name="确认导入").click()
    expect(office.locator("article.report-text")).to_be_visible()

    # ---------------------------------------------------------------- the office imports the review
    office.get_by_role("navigation", name="主菜单").get_by_role("link", name="年终核验").click()
    office.get_by_role("link", name="导入下一年报告").click()
    office.get_by_label("下一年的政府工作报告").set_input_files(REVIEW)
    office.get_by_role("button", name="上传并核验").click()
    expect(office.locator(".messages")).to_contain_text("核验了")
    counts = office.locator(".verdict-counts")
    for label in ("完成", "部分完成", "未完成", "未报告"):
        expect(counts).to_contain_text(label)
    met = int(counts.locator('[data-verdict="met"] .count-value').inner_text())
    assert met >= 5, met
    rows = office.locator("table.yearend-table tbody tr")
    assert rows.count() > 50
    gdp = rows.filter(has_text="地区生产总值增长6%")
    expect(gdp.locator(".badge[data-verdict]")).to_have_text("未完成")
    firms = rows.filter(has_text=FIRMS)
    expect(firms.locator(".badge[data-verdict]")).to_have_text("完成")
    expect(firms.locator("td.history")).to_contain_text("2023年12月31日")
    screenshots.take(office, "yearend-review")

    # ---------------------------------------------------------------- its place in the report
    firms.locator("td.quote").first.get_by_role("link", name="在报告中查看").click()
    expect(office.locator(".yr-focus")).to_contain_text(FIRMS)
    expect(office.locator(".yr-focus")).to_be_in_viewport()
    screenshots.take(office, "yearend-report-text")
    office.get_by_role("link", name="返回核验表").click()

    # ---------------------------------------------------------------- the office overrides a verdict
    office.locator("table.yearend-table tbody tr").filter(has_text="地区生产总值增长6%").get_by_role(
        "link", name="修改结论").click()
    office.get_by_label("部分完成").check()
    office.get_by_label("说明").fill(NOTE)
    office.get_by_role("button", name="保存").click()
    gdp = office.locator("table.yearend-table tbody tr").filter(has_text="地区生产总值增长6%")
    expect(gdp.locator(".badge[data-verdict]")).to_have_text("部分完成")
    expect(gdp).to_contain_text(NOTE)
    expect(gdp).to_contain_text("系统结论")
    expect(office.locator(".log")).to_contain_text(NOTE)

    with office.expect_download() as download:
        office.get_by_role("link", name="下载 Excel 表").click()
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()))
    verdicts = [r[8] for r in book["核验"].iter_rows(min_row=2, values_only=True)]
    assert len(verdicts) == rows.count() and "部分完成" in verdicts
    review_url = office.url.split("#")[0]

    # ---------------------------------------------------------------- a department, on a phone
    phone = new_page(browser, watch, viewport=PHONE)
    log_in(phone, base, "fagai")
    phone.goto(review_url)
    expect(phone.get_by_role("heading", name="2023年目标完成情况核验")).to_be_visible()
    mine = phone.locator("table.yearend-table tbody tr")
    assert 0 < mine.count() < rows.count()
    expect(mine.filter(has_text=FIRMS).locator("td.history")).to_contain_text(re.compile("区发展和改革局|区发改局"))
    expect(phone.get_by_text("地区生产总值增长6%")).to_have_count(0)
    expect(phone.get_by_role("link", name="修改结论")).to_have_count(0)
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), "the page scrolls sideways"
    screenshots.take(phone, "yearend-review-phone")

    assert watch.foreign() == [] and watch.bad_responses == [] and watch.failed_requests == []
    assert watch.console_errors == []
    assert luoshi_server.errors() == []
