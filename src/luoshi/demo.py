"""The demo data: 济南市市中区人民政府 running its 2023 report through luoshi, as of 27 November 2023.

`build()` creates, in one transaction and only when the database has no demo yet:

- the organisation, its ~40 departments and streets from the bundled
  catalogue (`orgs/data/district.csv`), the posts (区长, four 副区长 each
  overseeing some departments, each department's head) and the people:
  `office` (督查室), `fagai` (区发展和改革局), `jiaoti` (区教育和体育局),
  `leader` (常务副区长), `admin` (superuser), and a reporting user for each
  other department (`dept01` …), all with the one demo password;
- the plan from the bundled sample report, each task assigned to the lead
  department and co-operating ones the engine suggests from the demo's
  catalogue (as an office accepting every suggestion of the import preview
  would), with deadlines;
- a year of history through the workflow functions, so the audit log is
  real: signatures, monthly updates with figures, a couple sent back, one
  task closed, one awaiting closure, a few lagging and not reported, one
  chased, one extension granted, an earlier deadline missed, about a third
  of the tasks published; the main targets' monthly figures recorded by the
  office from the statistics bureau's report. Nothing dated after `today` happens.

The workflow stamps what it does with `timezone.now()`; to date the history
in 2023 the builder sets that clock while it replays each event (`_clock`).
"""

from __future__ import annotations

import heapq
import itertools
import random
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from importlib import resources

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from luoshi.orgs.catalogue import bundled_catalogue, load_catalogue
from luoshi.orgs.choices import Level, Role
from luoshi.orgs.models import Department, Membership, Organisation, Post
from luoshi.plans.importing import analyse_upload, create_plan
from luoshi.plans.models import Plan, Target
from luoshi.tracking import workflow
from luoshi.tracking.choices import Kind, State
from luoshi.tracking.models import ExtensionRequest, ProgressUpdate, Task
from luoshi.tracking.suggestions import Suggester, lead_and_cooperating

ORG_NAME = "济南市市中区人民政府"
REGION = "济南市市中区"
SAMPLE = "seed-2023-shizhong.txt"
DEMO_TODAY = date(2023, 11, 27)
PASSWORD = "luoshi-demo"


@dataclass(frozen=True)
class Login:
    username: str
    role: str
    name: str


LOGINS = (
    Login("office", "督查室 (office)", "王晓燕 · 区政府督查室"),
    Login("fagai", "部门 (department)", "李明 · 区发展和改革局"),
    Login("jiaoti", "部门 (department)", "赵丽 · 区教育和体育局"),
    Login("leader", "领导 (leader)", "陈立新 · 常务副区长"),
    Login("admin", "管理员 (superuser)", "系统管理员 · /admin/"),
)

# The 副区长 and what each oversees (by full or short name); what no one else oversees falls to the 区长.
LEADERS = (
    ("常务副区长", "陈立新", ("区发改局", "区财政局", "区统计局", "区金融中心", "区机关事务中心", "区审批服务局",
                            "区大数据局", "区政府办", "城发集团")),
    ("副区长", "孙建华", ("区住建局", "自然资源分局", "生态环境分局", "区城管局", "区交通局", "区水务局", "区应急局",
                        "十六里河街道", "兴隆街道", "党家街道", "陡沟街道")),
    ("副区长", "周文静", ("区教体局", "区卫健局", "区民政局", "区人社局", "区医保局", "区文旅局", "区退役军人局",
                        "区残联", "区妇联")),
    ("副区长", "吴海涛", ("区工信局", "区科技局", "区商务局", "区投促局", "区市场监管局", "区农业农村局",
                        "大观园街道", "杆石桥街道", "魏家庄街道", "七里山街道")),
    ("副区长（公安分局局长）", "郑国强", ("公安分局", "区司法局")),
)
MAYOR = ("区长", "刘志远")


@dataclass
class Demo:
    """What `build` made (or found): the organisation, its plan, whether it was created now, and counts."""

    org: Organisation
    plan: Plan | None
    created: bool
    counts: dict = field(default_factory=dict)


# ---------------------------------------------------------------- building


def build(today: date = DEMO_TODAY, password: str = PASSWORD) -> Demo:
    """Create the demo unless the database has it already; `today` is the last day the history reaches."""
    org = Organisation.objects.filter(name=ORG_NAME).first()
    if org is not None:
        return Demo(org, org.plans.order_by("-year").first(), created=False, counts=counts(org))
    with transaction.atomic():
        return _Builder(today, password).run()


def counts(org: Organisation) -> dict:
    tasks = Task.objects.filter(plan__org=org, kind=Kind.TASK)
    return {
        "departments": org.departments.count(),
        "users": Membership.objects.filter(org=org).count(),
        "tasks": tasks.count(),
        "updates": ProgressUpdate.objects.filter(task__plan__org=org).count(),
        "closed": tasks.filter(state=State.CLOSED).count(),
        "published": tasks.filter(published=True).count(),
    }


@contextmanager
def _clock(moment: datetime) -> Iterator[None]:
    """Make `timezone.now()` (the workflow's and the models' clock) answer `moment`."""
    real = timezone.now
    timezone.now = lambda: moment
    try:
        yield
    finally:
        timezone.now = real


def _at(day: date, hour: int = 10, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour % 24, minute % 60)))


class _Timeline:
    """Events replayed in date order, each with the clock set to its moment; those after `today` never happen."""

    def __init__(self, today: date):
        self.today = today
        self.events: list = []
        self.seq = itertools.count()

    def at(self, moment: datetime, action: Callable, *args) -> None:
        if timezone.localdate(moment) <= self.today:
            heapq.heappush(self.events, (moment, next(self.seq), action, args))

    def run(self) -> None:
        while self.events:
            moment, _, action, args = heapq.heappop(self.events)
            with _clock(moment):
                action(*args)


PHRASES = (
    "召开专题调度会，逐项明确责任人和时间节点",
    "建立工作台账，实行周调度、月通报",
    "对照年度目标开展自查，协调解决推进中的难点问题",
    "主要负责同志带队现场督导，推动重点事项落地",
    "会同相关部门和街道联合推进，形成工作合力",
    "梳理形成问题清单、责任清单，逐项推进销号",
    "完成阶段性目标，各项工作有序推进",
)
PROBLEMS = (
    "",
    "",
    "个别事项涉及多个部门，协同推进的速度有待加快",
    "部分项目受审批手续、资金到位等因素影响，进度偏慢",
)
NEXT_STEPS = (
    "下一步，将持续加大推进力度，确保按期完成年度目标任务",
    "下一步，将加强调度，倒排工期、挂图作战",
    "下一步，将加强与相关部门沟通对接，及时解决存在问题",
)
SENT_BACK = (
    "进展情况表述较为笼统，请补充具体工作量和完成数据后重新报送",
    "完成比例与实际进展不符，请核实后重新报送",
)


class _Builder:
    def __init__(self, today: date, password: str):
        self.today = today
        self.password = make_password(password)  # hashed once: the same for every demo user
        self.random = random.Random(2023)
        self.timeline = _Timeline(today)

    def run(self) -> Demo:
        with _clock(_at(date(2023, 1, 5), 9)):
            self.org = Organisation.objects.create(name=ORG_NAME, region=REGION, level=Level.DISTRICT)
            load_catalogue(self.org, bundled_catalogue())
            self.departments = list(self.org.departments.order_by("order"))
            self.by_name = {n: d for d in self.departments for n in (d.name, d.short_name) if n}
            self.make_posts()
            self.make_people()
        with _clock(_at(date(2023, 1, 9), 9, 30)):
            data = resources.files("luoshi").joinpath("samples", SAMPLE).read_bytes()
            analysed = analyse_upload(data, SAMPLE, settings.LUOSHI_MAX_UPLOAD_BYTES)
            self.plan = create_plan(self.org, analysed, self.office)
        self.tasks = list(self.plan.tasks.filter(kind=Kind.TASK).order_by("order"))
        self.assign_all()
        self.make_history()
        self.timeline.run()
        return Demo(self.org, self.plan, created=True, counts=counts(self.org))

    # ------------------------------------------------------------ people

    def make_posts(self) -> None:
        self.head_post: dict[int, Post] = {}
        for d in self.departments:
            self.head_post[d.pk] = Post.objects.create(org=self.org, title=f"{d.name}{_head_title(d)}", department=d)
        self.overseer: dict[int, Post] = {}
        for title, holder, names in LEADERS:
            post = Post.objects.create(org=self.org, title=title, holder_name=holder)
            overseen = [self.by_name[n] for n in names if n in self.by_name]
            post.oversees.set(overseen)
            self.overseer.update((d.pk, post) for d in overseen)
            if holder == "陈立新":
                self.leader_post = post
        mayor = Post.objects.create(org=self.org, title=MAYOR[0], holder_name=MAYOR[1])
        rest = [d for d in self.departments if d.pk not in self.overseer]
        mayor.oversees.set(rest)
        self.overseer.update((d.pk, mayor) for d in rest)

    def user(self, username: str, name: str, role: str | None, department=None, post=None, **flags) -> User:
        user = User.objects.create(username=username, first_name=name, password=self.password, **flags)
        if role:
            Membership.objects.create(user=user, org=self.org, role=role, department=department, post=post)
        if department is not None:
            department.contact = name
            department.save(update_fields=["contact"])
        return user

    def make_people(self) -> None:
        self.office = self.user("office", "王晓燕", Role.OFFICE)
        fagai, jiaoti = self.by_name["区发展和改革局"], self.by_name["区教育和体育局"]
        self.reporter = {fagai.pk: self.user("fagai", "李明", Role.DEPARTMENT, fagai),
                         jiaoti.pk: self.user("jiaoti", "赵丽", Role.DEPARTMENT, jiaoti)}
        self.leader = self.user("leader", "陈立新", Role.LEADER, post=self.leader_post)
        self.leader_post.holder = self.leader
        self.leader_post.save(update_fields=["holder"])
        self.user("admin", "系统管理员", None, is_staff=True, is_superuser=True)
        for d in self.departments:
            if d.pk not in self.reporter:
                self.reporter[d.pk] = self.user(f"dept{d.order:02d}", f"{d.short_name or d.name}联络员",
                                                Role.DEPARTMENT, d)

    # ------------------------------------------------------------ the plan

    def assign_all(self) -> None:
        """Every task to a lead and co-operating departments; a few get an earlier deadline and a part to play."""
        self.lead: dict[int, Department] = {}
        self.cooperating: dict[int, list[Department]] = {}
        suggester = Suggester(self.departments, self.org.name)
        for task in self.tasks:
            lead, cooperating = lead_and_cooperating(suggester.suggest(task.text or task.title, title=task.title))
            lead = lead or self.by_name.get("区政府办公室") or self.departments[0]
            self.lead[task.pk], self.cooperating[task.pk] = lead, cooperating
        taken: set[int] = set()
        year = self.plan.year
        self.closed = self.pick(taken, "疫情")
        self.extended = self.pick(taken, "教育", lead="区教育和体育局")
        self.chased = self.pick(taken, "营商环境", lead="区发展和改革局")
        self.overdue = self.pick(taken, "数字机关")
        self.finishing = self.pick(taken, "城市管理")
        self.lagging = [self.chased, *(self.pick(taken, w) for w in ("乡村建设", "保障体系", "管理创新"))]
        self.returned = [self.pick(taken, "科技创新"), self.pick(taken, "城市更新")]
        self.deadline = {t.pk: date(year, 12, 31) for t in self.tasks}
        for task, deadline in ((self.closed, date(year, 3, 31)), (self.extended, date(year, 9, 30)),
                               (self.overdue, date(year, 10, 31))):
            self.deadline[task.pk] = deadline
        for i, task in enumerate(self.tasks):
            lead = self.lead[task.pk]
            with _clock(_at(date(year, 1, 16), 9, i)):
                workflow.assign(task, self.office, lead, self.cooperating[task.pk],
                                leader_post=self.overseer.get(lead.pk), contact_post=self.head_post.get(lead.pk),
                                deadline=self.deadline[task.pk])

    def pick(self, taken: set[int], word: str, lead: str | None = None) -> Task:
        """The first task not yet given a part whose title has `word`, else the first free one.

        With `lead`, the task must be led by that department (a demo user's: its story is theirs): one whose
        title has `word` if there is, else the first it leads.
        """
        free = [t for t in self.tasks if t.pk not in taken]
        if lead:
            free = [t for t in free if self.lead[t.pk].name == lead] or free
        task = next((t for t in free if word in t.title), None) or free[0]
        taken.add(task.pk)
        return task

    # ------------------------------------------------------------ the history

    def make_history(self) -> None:
        year, at, rnd = self.plan.year, self.timeline.at, self.random
        for i, task in enumerate(self.tasks):
            for d in [self.lead[task.pk], *self.cooperating[task.pk]]:
                at(_at(date(year, 1, 17 + rnd.randrange(4)), 9 + rnd.randrange(8), i), self.sign, task, d)
        lagging = {t.pk for t in self.lagging}
        for task in self.tasks:
            pace = 0.62 + 0.04 * rnd.random() if task.pk in lagging else 1.03 + 0.07 * rnd.random()
            last = 3 if task == self.closed else 12
            for month in range(2, last + 1):
                if month == 11 and task.pk in lagging:
                    continue  # not reported in November: on the 未报送 list
                day = date(year, month, 18 + task.order % 5)
                final = (task == self.closed and month == last) or (task == self.finishing and month == 11)
                percent = 100 if final else self.percent(task, day, pace)
                at(_at(day, 9 + task.order % 8, task.order), self.report, task, self.lead[task.pk], month, percent,
                   final)
                if month in (6, 9, 11):
                    for j, d in enumerate(self.cooperating[task.pk]):
                        at(_at(day + timedelta(days=1 + j), 15, task.order), self.report, task, d, month, percent,
                           False)
        self.late_events()

    def late_events(self) -> None:
        year, at = self.plan.year, self.timeline.at
        at(_at(date(year, 9, 12), 10), self.ask_extension)
        for task in sorted(self.tasks, key=lambda t: (t.pk in {x.pk for x in self.lagging}, t.order))[::3]:
            at(_at(date(year, 7, 10) if task.order % 2 else date(year, 11, 15), 16), self.publish, task)
        at(_at(date(year, 4, 6), 16), self.publish, self.closed)
        at(_at(date(year, 11, 27), 9, 30), self.chase)
        self.main_figures()

    def main_figures(self) -> None:
        """The office records each main target's figure from the statistics bureau's monthly report, released
        around the 15th of the next month (its own random stream: the rest of the history stays as it was)."""
        rnd = random.Random(15)
        targets = [t for t in self.plan.targets.filter(is_main=True) if t.value is not None]
        for month in range(1, 12):
            for t in targets:
                value = round(t.value * (0.8 + 0.3 * rnd.random() + 0.01 * month), 1)
                self.timeline.at(_at(date(self.plan.year, month, 1) + timedelta(days=45), 10, t.pk % 60),
                                 workflow.record_figure, t, self.office, date(self.plan.year, month, 1), value,
                                 "区统计局月报")

    def percent(self, task: Task, day: date, pace: float) -> int:
        """Work done by `day` at `pace` times the schedule, as the department reports it (never 100 before closing)."""
        start, deadline = date(self.plan.year, 1, 1), self.deadline[task.pk]
        if task == self.extended:
            deadline = date(self.plan.year, 12, 31)
        share = min(1.0, (day + timedelta(days=10) - start).days / (deadline - start).days)
        return max(5, min(95 if task == self.overdue else 98, round(100 * pace * share)))

    # ------------------------------------------------------------ the events

    def sign(self, task: Task, department: Department) -> None:
        task.refresh_from_db()
        if not task.assignments.get(department=department).signed_at:
            workflow.sign(task, self.reporter[department.pk], department)

    def report(self, task: Task, department: Department, month: int, percent: int, final: bool,
               resubmitted: bool = False) -> None:
        task.refresh_from_db()
        if task.state not in (State.ASSIGNED, State.SIGNED, State.IN_PROGRESS, State.RETURNED):
            return
        is_lead = department == self.lead[task.pk]
        targets = list(task.targets.all()) if is_lead and month in (3, 6, 9, 10, 11) else []
        figures = {t.pk: _figure(t, percent / 100) for t in targets if t.value is not None}
        progress, problems, next_steps = self.texts(task, department, month, percent, targets, figures, final)
        update = workflow.submit_update(
            task, self.reporter[department.pk], department, date(self.plan.year, month, 1), progress, percent,
            problems=problems, next_steps=next_steps, figures=figures, final=final,
        )
        if task == self.finishing and final:
            return  # awaiting the office's closing review
        sent_back = (not resubmitted and is_lead and task in self.returned
                     and month == (6 if task == self.returned[0] else 9))
        delay = 2 + (task.order + month) % 4
        self.timeline.at(_at(timezone.localdate() + timedelta(days=delay), 11), self.review, update, sent_back)

    def review(self, update: ProgressUpdate, send_back: bool) -> None:
        update.refresh_from_db()
        if send_back:
            workflow.review_update(update, self.office, False, SENT_BACK[update.task.order % len(SENT_BACK)])
            again = timezone.localdate() + timedelta(days=2)
            self.timeline.at(_at(again, 10), self.report, update.task, update.department, update.period.month,
                             update.percent, False, True)
        else:
            workflow.review_update(update, self.office, True, "" if update.task.order % 3 else "同意")

    def ask_extension(self) -> None:
        task = Task.objects.get(pk=self.extended.pk)
        lead = self.lead[task.pk]
        req = workflow.request_extension(
            task, self.reporter[lead.pk], lead, date(self.plan.year, 12, 31),
            "受项目用地手续和施工进度影响，部分工程预计年底完工，申请将完成时限延至年底。",
        )
        self.timeline.at(_at(timezone.localdate() + timedelta(days=3), 15), self.grant, req)

    def grant(self, req: ExtensionRequest) -> None:
        req.refresh_from_db()
        workflow.decide_extension(req, self.office, True, "同意延期，请倒排工期，确保年底前完成。")

    def publish(self, task: Task) -> None:
        task.refresh_from_db()
        if not task.published:
            workflow.publish(task, self.office)

    def chase(self) -> None:
        task = Task.objects.get(pk=self.chased.pk)
        workflow.chase([task], self.office, "该任务进度滞后于序时进度，本月进展尚未报送，请于3个工作日内报送进展并说明原因。")

    def texts(self, task: Task, department: Department, month: int, percent: int, targets: list[Target],
              figures: dict, final: bool) -> tuple[str, str, str]:
        rnd = random.Random(task.pk * 100 + month * 7 + department.pk)
        if department != self.lead[task.pk]:
            return (f"{month}月，配合{self.lead[task.pk]}推进“{task.title}”，{rnd.choice(PHRASES)}。", "", "")
        done = [f"{t.indicator}{_amount(figures[t.pk], t.unit)}（目标{_amount(t.value, t.unit)}）"
                for t in targets if t.pk in figures and len(t.indicator) <= 12][:2]
        if final:
            return (f"“{task.title}”各项年度目标任务已全部完成，申请办结。", "", "")
        body = "；".join([rnd.choice(PHRASES), *done])
        problems = PROBLEMS[3] if task in self.lagging else rnd.choice(PROBLEMS)
        return (f"{month}月，{department}牵头推进“{task.title}”：{body}。累计完成年度任务的{percent}%。", problems,
                rnd.choice(NEXT_STEPS) + "。")


def _head_title(d: Department) -> str:
    for suffix, title in (("局", "局长"), ("分局", "局长"), ("中心", "主任"), ("办公室", "主任"), ("办事处", "主任"),
                          ("妇女联合会", "主席"), ("联合会", "理事长"), ("公司", "董事长")):
        if d.name.endswith(suffix):
            return title
    return "主要负责人"


def _figure(target: Target, share: float) -> float:
    """A plausible figure for a target when `share` of the work is done."""
    value = target.value_high if target.cmp == "range" and target.value_high else target.value
    if target.unit == "%":
        return round(value * (0.85 + 0.17 * share), 1)
    amount = value * share
    return float(round(amount)) if value >= 20 else float(int(amount))


def _amount(value: float, unit: str) -> str:
    """15000, 家 → 1.5万家; 9000000000, 元 → 90亿元; 6.6, 公里 → 6.6公里."""
    if unit == "元" and value >= 1e8:
        return f"{value / 1e8:g}亿元"
    if value >= 10000 and unit != "%":
        return f"{round(value / 10000, 2):g}万{unit}"
    return f"{value:g}{unit}"
