"""The 督查通报 (bulletin) of a reporting period: its data and its text, which bulletin_docx and bulletin_pdf lay out.

The data of a period still running comes from the dashboard's `queries.overview` (counts overall, by area and by
lead department, the lagging tasks, the main targets with their latest figures) and from `tracking.status`
(未报送); that of a period that has ended is each task as it was at the end of the period (bulletin_past), so a
bulletin made later says what it would have said then. Always through `restrict(user)`: a leader's bulletin holds
the tasks the leader may see. The schedule status is taken on the period's due day (or today, when the due day is
still to come); 未报送 are the assignments of open tasks without a report for the period once its due day has
passed. The text is Chinese whatever the language of the page, as 公文 are.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Count
from django.utils import timezone, translation

from luoshi.dashboard import queries
from luoshi.orgs.models import Department
from luoshi.plans.models import Plan
from luoshi.tracking import status
from luoshi.tracking.choices import AssignmentRole, Schedule, State
from luoshi.tracking.models import Assignment, Chase, ProgressUpdate, Task
from luoshi.tracking.schedule import Period, period_of

from . import bulletin_past, scoring


class BulletinError(ValueError):
    """A bulletin that cannot be made (a period not understood or not begun): the message says why."""


class Everything:
    """Who the command line acts as: sees every task, as a superuser does (it runs with the database's rights)."""

    is_authenticated = True
    is_superuser = True
    is_anonymous = False
    pk = None


def cn_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def parse_period(text: str | None, org, today: date | None = None) -> Period:
    """The period asked for: `2023-11` (the organisation's period holding that month: the month, or its quarter),
    `2023-Q4` (a quarter, reports due on the due day of its last month), or empty for the current period."""
    today = today or status.today()
    text = (text or "").strip()
    if not text:
        return status.current_period(org, today)
    if m := re.fullmatch(r"(\d{4})-?(\d{1,2})", text):
        year, month = int(m.group(1)), int(m.group(2))
        if 1 <= month <= 12:
            return period_of(date(year, month, 1), org.cycle, org.due_day)
    if m := re.fullmatch(r"(\d{4})-?[Qq]([1-4])", text):
        year, quarter = int(m.group(1)), int(m.group(2))
        last = period_of(date(year, 3 * quarter, 1), "monthly", org.due_day)
        return Period(date(year, 3 * quarter - 2, 1), last.end, last.due)
    raise BulletinError(f"不能识别的报送期“{text}”：应为 2023-11（月）或 2023-Q4（季度）")


def reporting_periods(org, period: Period) -> list[Period]:
    """The organisation's reporting periods within `period` (three months for a quarter of a monthly cycle)."""
    periods, sub = [], status.current_period(org, period.start)
    while sub.start <= period.end:
        periods.append(sub)
        sub = status.current_period(org, sub.end + timedelta(days=1))
    return periods


@dataclass(frozen=True)
class Missing:
    """A task without a report from a department once the period's due day has passed."""

    task: str
    order: int
    department: Department
    role: str


@dataclass
class Bulletin:
    plan: Plan
    period: Period
    as_of: date  # the day the states are taken on
    today: date  # the day the bulletin is made
    ov: queries.Overview
    departments: dict[int, Department]
    unreported_due: bool  # the period's due day has passed: 未报送 are known
    unreported: list[Missing]
    late: Counter
    missing: Counter
    chases: Counter
    rules: scoring.Rules
    state_day: date | None = None  # the day the tasks are taken as they were: the period's end, or today
    ranking: list[scoring.Score] = field(default_factory=list)

    def department_name(self, key) -> str:
        d = self.departments.get(key)
        return d.name if d else str(queries.NO_DEPARTMENT)

    @property
    def unreported_by_department(self) -> list[tuple[Department, list[Missing]]]:
        groups: dict[int, list[Missing]] = {}
        for m in self.unreported:
            groups.setdefault(m.department.pk, []).append(m)
        return [(ms[0].department, ms) for ms in groups.values()]


def gather(user, plan: Plan, period: Period, today: date | None = None) -> Bulletin:
    """Everything the bulletin of `period` says about `plan`, as `user` may see it.

    A period still running is told as things are now, as the dashboard shows them. One that has ended is told as
    things were at its end (bulletin_past): a bulletin of October made in December gives October's figures. Reports
    missing in a reporting period that has ended are those missing on its due day (bulletin_past.missing).
    """
    today = today or status.today()
    if period.start > today:
        with translation.override("zh-hans"):
            raise BulletinError(f"{period.label}尚未开始，不能生成通报")
    as_of = min(period.due, today)
    ended = period.end < today
    org = plan.org
    tasks = Task.objects.restrict(user).filter(plan=plan)
    rows = queries.task_rows(user, plan)
    if ended:
        rows, past = bulletin_past.rows_at(rows, tasks, period.end)
        ov = bulletin_past.overview(user, plan, rows, as_of, period.end)
    else:
        ov = queries.overview(user, plan, as_of, unreported_limit=0)
    missing: Counter = Counter()
    listed: list[tuple[int, int, str]] = []
    for sub in reporting_periods(org, period):
        if today <= sub.due:
            continue
        if sub.end < today:
            pending = bulletin_past.missing(tasks, sub)
        else:
            pending = list(status.not_yet_reported_assignments(org, sub.end, tasks)
                           .values_list("task_id", "department_id", "role"))
        missing.update(d for _, d, _ in pending)
        if sub.due == period.due:
            listed = pending
    late: Counter = Counter()
    updates = (ProgressUpdate.objects.restrict(user).filter(task__plan=plan, period__gte=period.start,
                                                             period__lte=period.end)
               .values_list("department_id", "period", "submitted_at"))
    for department_id, update_period, submitted_at in updates:
        if timezone.localdate(submitted_at) > period_of(update_period, org.cycle, org.due_day).due:
            late[department_id] += 1
    chases = Counter(dict(Chase.objects.filter(task__in=tasks, created_at__date__gte=period.start,
                                               created_at__date__lte=period.end)
                          .values_list("department_id").annotate(n=Count("pk"))))
    # Every department with a tracked task, for the ranking: each task's state as the overview derives it.
    tracked = [t for t in rows if t.state != State.IMPORTED]
    schedules = {t.pk: s for t, s in status.with_schedules(tracked, as_of)}
    if ended:
        assigned = [(pk, d, role) for pk in schedules for d, role in past[pk].departments]
    else:
        assigned = [a for a in Assignment.objects.filter(task__in=tasks.values("pk"))
                    .values_list("task_id", "department_id", "role") if a[0] in schedules]
    titles = {pk: (title, order) for pk, title, order in
              Task.objects.filter(pk__in={t for t, _, _ in listed}).values_list("pk", "title", "order")}
    ids = {d for _, d, _ in assigned} | set(missing) | set(late) | set(chases) | {d for _, d, _ in listed}
    departments = {d.pk: d for d in Department.objects.filter(pk__in=ids)}
    unreported = sorted((Missing(*titles[t], departments[d], role) for t, d, role in listed),
                        key=lambda m: (m.department.order, m.department.name, m.order, m.role))
    rules = scoring.rules_for(org)
    entries: dict[int, scoring.Entry] = {}
    for task_id, department_id, role in assigned:
        d = departments[department_id]
        entry = entries.setdefault(department_id, scoring.Entry(department_id, d.name, (d.order, d.name)))
        entry.add(schedules[task_id], role == AssignmentRole.LEAD, rules)
    b = Bulletin(plan, period, as_of, today, ov, departments, today > period.due, unreported, late, missing,
                 chases, rules, state_day=period.end if ended else today)
    b.ranking = scoring.ranking(entries.values(), late, missing, chases, rules)
    return b


# The text ---------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Title:
    text: str


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 1  # 1: 一、 in 黑体; 2: （一） in 楷体


@dataclass(frozen=True)
class Paragraph:
    text: str
    style: str = "body"  # body, addressee (no indent), signature and date (at the right), note (smaller)


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...]  # widths of the columns in mm at the text width (156 mm), or in proportion
    numeric: frozenset[int] = frozenset()  # columns centred (numbers)
    total: bool = False  # the last row is a total (bold)


@dataclass(frozen=True)
class Figure:
    png: bytes
    caption: str
    width: float = 1.0  # share of the text width


Block = Title | Heading | Paragraph | Table | Figure
STATES = queries.SCHEDULE_ORDER
NUMERALS = "一二三四五六七八九十"


def _pct(part: int, whole: int) -> str:
    return f"{round(100 * part / whole)}%" if whole else "—"


def _deadline(day: date | None, year: int) -> str:
    if day is None:
        return "年底"
    return f"{day.month}月{day.day}日" if day.year == year else cn_date(day)


def _state_label(s) -> str:
    return str(queries.SCHEDULE_LABELS.get(s, s))


def group_table(groups: list[queries.Tally], overall: queries.Tally, column: str, name=None) -> Table:
    """Counts by state of each group, and their total; `name` gives a group's name from its key (else its label)."""
    rows = [((name(g.key) if name else g.label), str(g.total), *(str(g.counts[s]) for s in STATES),
             _pct(g.done, g.total)) for g in groups]
    rows.append(("合计", str(overall.total), *(str(overall.counts[s]) for s in STATES),
                 _pct(overall.done, overall.total)))
    return Table((column, "任务数", *(_state_label(s) for s in STATES), "完成率"), tuple(rows),
                 (40.5, 16.5, 16.5, 16.5, 16.5, 16.5, 16.5, 16.5), frozenset(range(1, 8)), total=True)


def method(b: Bulletin) -> list[str]:
    margin = b.plan.org.lag_margin
    due = cn_date(b.period.due)
    first = f"本期为{b.period.label}（{cn_date(b.period.start)}至{cn_date(b.period.end)}），报送截止日为{due}。"
    if b.state_day is not None and b.state_day == b.period.end and b.state_day < b.today:
        first += (f"任务的分工、完成时限和办结情况按本期末（{cn_date(b.state_day)}）判定，完成比例为各单位报送至本期"
                  f"并经审核的最新数据，序时进度按{cn_date(b.as_of)}计算。")
    else:
        first += (f"任务状态按{cn_date(b.as_of)}的情况判定，完成比例为各单位报送并经审核的最新数据。")
    states = (f"序时进度按计划年度1月1日至完成时限的时间均匀计算。已办结的任务为已完成；超过完成时限仍未办结的为逾期；"
              f"其余任务完成比例高于序时进度{margin}个百分点以上的为超进度，低于{margin}个百分点以上的为欠进度，"
              "其余为达进度。")
    unreported = "未报送指报送截止日后仍未报送本期进展的单位和任务；逾期报送指在报送截止日后报送。"
    return [first, states, unreported]


def content(b: Bulletin, charts: bool = True) -> list[Block]:
    """The bulletin as blocks of text, tables and charts, in the order of the document."""
    with translation.override("zh-hans"):
        return _content(b, charts)


def _content(b: Bulletin, charts: bool) -> list[Block]:
    from . import charts_png

    ov, o = b.ov, b.ov.overall
    label = b.period.label
    out: list[Block] = [
        Title(f"关于{label}\n重点工作任务落实情况的通报"),
        Paragraph("各有关单位：", "addressee"),
        Paragraph(f"根据《{b.plan.title}》重点工作任务分解方案，现将{label}重点工作任务落实情况通报如下。"),
    ]
    section = iter(NUMERALS)

    def heading(text: str) -> Heading:
        return Heading(f"{next(section)}、{text}")

    out += [heading("总体情况"), Heading("（一）统计口径", 2), *(Paragraph(t) for t in method(b)),
            Heading("（二）完成情况", 2)]
    counts = "、".join(f"{_state_label(s)}{o.counts[s]}项" for s in STATES)
    summary = (f"截至{cn_date(b.as_of)}，纳入督查的重点工作任务共{o.total}项，其中{counts}；"
               f"平均完成比例{o.mean_percent:g}%，序时进度{o.expected_percent:g}%。")
    if ov.not_assigned:
        summary += f"另有{ov.not_assigned}项任务尚待分解。"
    out += [Paragraph(summary),
            Table(("状态", "任务数", "占比"),
                  (*((_state_label(s), str(o.counts[s]), _pct(o.counts[s], o.total)) for s in STATES),
                   ("合计", str(o.total), "100%" if o.total else "—")),
                  (52, 52, 52), frozenset({1, 2}), total=True)]

    out += [heading("分领域情况"), group_table(ov.by_area, o, "领域")]
    if charts:
        out.append(Figure(charts_png.completion_chart(ov.by_area, "各领域任务完成情况"), "图1　各领域任务完成情况"))
    out += [heading("分牵头单位情况"), group_table(ov.by_department, o, "牵头单位", b.department_name)]
    if charts:
        out.append(Figure(charts_png.completion_chart(ov.by_department, "各牵头单位任务完成情况"),
                          "图2　各牵头单位任务完成情况"))

    out.append(heading("欠进度和逾期任务"))
    if ov.lagging:
        behind = sum(1 for _, s in ov.lagging if s == Schedule.BEHIND)
        out.append(Paragraph(f"以下{len(ov.lagging)}项任务欠进度或逾期（欠进度{behind}项、逾期{len(ov.lagging) - behind}项），"
                             "请牵头单位分析原因，加快推进。"))
        rows = tuple((str(i), t.title, b.department_name(t.lead_department_id), _deadline(t.deadline, b.plan.year),
                      f"{t.percent}%", _state_label(s)) for i, (t, s) in enumerate(ov.lagging, 1))
        out.append(Table(("序号", "任务", "牵头单位", "完成时限", "完成比例", "状态"), rows, (13, 47, 34, 24, 20, 18),
                         frozenset({0, 3, 4, 5})))
    else:
        out.append(Paragraph("本期没有欠进度或逾期的任务。"))

    out.append(heading("未报送情况"))
    if not b.unreported_due:
        out.append(Paragraph(f"本期报送截止日（{cn_date(b.period.due)}）未到，暂不通报未报送情况。"))
    elif not b.unreported:
        out.append(Paragraph("截至报送截止日，各单位均已报送本期进展。"))
    else:
        groups = b.unreported_by_department
        out.append(Paragraph(f"截至{cn_date(b.period.due)}，以下{len(groups)}个单位有{len(b.unreported)}项任务未报送"
                             "本期进展，请于3个工作日内补报。"))
        rows = tuple((d.name, str(len(ms)), "；".join(
            m.task + ("" if m.role == AssignmentRole.LEAD else "（配合）") for m in ms)) for d, ms in groups)
        out.append(Table(("单位", "项数", "任务"), rows, (38, 14, 104), frozenset({1})))

    out.append(heading("主要预期目标完成情况"))
    if ov.main_targets:
        rows = tuple((r.target.indicator, r.goal_display or r.target.text or "—", r.value_display or "暂无数据",
                      f"{r.period.year}年{r.period.month}月" if r.period else "—",
                      "—" if r.reached is None else ("已达到" if r.reached else "未达到")) for r in ov.main_targets)
        out.append(Table(("指标", "目标", "最新数据", "数据期", "情况"), rows, (44, 30, 30, 28, 24),
                         frozenset({2, 3, 4})))
    else:
        out.append(Paragraph("本计划没有主要预期目标。"))

    out += [heading("考核排名"), Paragraph(scoring.describe(b.rules))]
    if b.ranking:
        rows = tuple((str(s.rank), s.name, f"{s.led}/{s.cooperating}", f"{s.state_score:g}", str(s.late),
                      str(s.missing), str(s.chases), f"{s.score:g}") for s in b.ranking)
        out.append(Table(("名次", "单位", "牵头/配合", "状态得分", "逾期报送", "未报送", "催办", "得分"), rows,
                         (13, 34.5, 24, 21, 21, 16.5, 13, 13), frozenset(range(0, 8)) - {1}))
    else:
        out.append(Paragraph("本期没有参加排名的单位。"))

    out += [heading("工作要求"),
            Paragraph("请各牵头单位对照任务分解方案，对欠进度、逾期任务逐项分析原因，明确整改措施和时限；"
                      "未报送单位要及时补报，确保数据真实、准确。下一期进展请于报送截止日前报送。"),
            Paragraph(f"{b.plan.org.name}办公室", "signature"),
            Paragraph(cn_date(b.today), "date")]
    return out


def text_of(blocks: list[Block]) -> str:
    """Every character the blocks print (the PDF's fonts are cut to these)."""
    parts = []
    for block in blocks:
        if isinstance(block, Table):
            parts += [*block.header, *(c for row in block.rows for c in row)]
        elif isinstance(block, Figure):
            parts.append(block.caption)
        else:
            parts.append(block.text)
    return "".join(parts)


def filename(b: Bulletin, extension: str) -> str:
    start = b.period.start
    tag = f"{start:%Y-%m}" if start.month == b.period.end.month else f"{start.year}-Q{(start.month - 1) // 3 + 1}"
    return f"督查通报-{tag}.{extension}"
