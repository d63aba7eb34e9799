#!/usr/bin/env python3
"""How fast the tracking system answers with a year's worth of data.

Builds, in a temporary data folder on SQLite, 10 plans with 3,000 tasks, 50
departments and 100,000 progress updates (the sample report imported ten
times, the rest of the tasks and updates generated), starts the production
server (`luoshi serve`, gunicorn), logs in as the office, and times the pages
the issue names: the dashboard, the task list (filtered by department and
state) and a task detail. Prints the median and the 95th percentile of each
in milliseconds. A benchmark, not a test: it asserts nothing.

    python benchmarks/web_speed.py [--requests 60] [--keep DIR]
"""

from __future__ import annotations

import argparse
import http.cookiejar
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PLANS, TASKS, DEPARTMENTS, UPDATES = 10, 3000, 50, 100_000
PASSWORD = "bench-password-1"


def build(data_dir: Path) -> None:
    """Fill a fresh database in `data_dir` (runs in this process, before the server starts)."""
    os.environ["LUOSHI_DATA_DIR"] = str(data_dir)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "luoshi.web.settings")
    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.db import transaction

    from luoshi.orgs.choices import Role
    from luoshi.orgs.models import Department, Membership, Organisation
    from luoshi.plans.importing import analyse_upload, create_plan
    from luoshi.tracking.choices import AssignmentRole, Kind, State, UpdateStatus
    from luoshi.tracking.models import Assignment, ProgressUpdate, Task

    call_command("migrate", verbosity=0)
    rng = random.Random(2023)
    sample = (ROOT / "src" / "luoshi" / "samples" / "seed-2023-shizhong.txt").read_bytes()
    with transaction.atomic():
        org = Organisation.objects.create(name="基准测试区人民政府")
        depts = Department.objects.bulk_create(
            Department(org=org, name=f"区第{i + 1}局", order=i) for i in range(DEPARTMENTS)
        )
        office = User.objects.create_user("office", password=PASSWORD)
        Membership.objects.create(user=office, org=org, role=Role.OFFICE)
        per_plan = TASKS // PLANS
        for p in range(PLANS):
            plan = create_plan(org, analyse_upload(sample, f"report-{p}.txt", 10**8), office, year=2023)
            areas = list(plan.tasks.filter(kind=Kind.AREA))
            have = plan.tasks.filter(kind=Kind.TASK).count()
            Task.objects.bulk_create(
                Task(plan=plan, parent=rng.choice(areas), kind=Kind.TASK, title=f"生成的任务 {p}-{i}",
                     text="推进重点项目建设，完成年度投资计划。", order=have + i + 1, deadline=date(2023, 12, 31))
                for i in range(per_plan - have)
            )
        tasks = list(Task.objects.filter(kind=Kind.TASK))
        states = [State.ASSIGNED, State.SIGNED, State.IN_PROGRESS, State.IN_PROGRESS, State.SUBMITTED, State.CLOSED]
        assignments = []
        for t in tasks:
            lead, coop = rng.sample(depts, 2)
            assignments += [Assignment(task=t, department=lead, role=AssignmentRole.LEAD),
                            Assignment(task=t, department=coop, role=AssignmentRole.COOPERATE)]
            t.state, t.percent = rng.choice(states), rng.randint(0, 100)
        Assignment.objects.bulk_create(assignments, batch_size=2000)
        Task.objects.bulk_update(tasks, ["state", "percent"], batch_size=2000)
        leads = {a.task_id: a.department_id for a in assignments if a.role == AssignmentRole.LEAD}
        updates = []
        for i in range(UPDATES):
            t = tasks[i % len(tasks)]
            month = 1 + (i // len(tasks)) % 11
            updates.append(ProgressUpdate(
                task=t, department_id=leads[t.pk], period=date(2023, month, 1), progress="按计划推进。",
                percent=min(100, month * 9), submitted_by=office,
                status=rng.choice([UpdateStatus.ACCEPTED, UpdateStatus.ACCEPTED, UpdateStatus.SUBMITTED]),
            ))
        ProgressUpdate.objects.bulk_create(updates, batch_size=5000)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2).close()
            return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"the server did not answer at {url} within {seconds:.0f} s")


def login(base: str) -> urllib.request.OpenerDirector:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(base + "/login/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    data = urllib.parse.urlencode({"username": "office", "password": PASSWORD, "csrfmiddlewaretoken": token}).encode()
    opener.open(urllib.request.Request(base + "/login/", data=data, headers={"Referer": base + "/login/"})).read()
    return opener


def timed(opener, url: str, n: int) -> tuple[float, float]:
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        with opener.open(url) as r:
            r.read()
            if r.status != 200:
                raise SystemExit(f"{url} answered {r.status}")
        times.append((time.perf_counter() - t0) * 1000)
    times.sort()
    return statistics.median(times), times[max(0, int(round(0.95 * len(times))) - 1)]


def pages() -> dict[str, str]:
    """Paths of the pages timed, from the app's own URL names."""
    from django.urls import reverse

    from luoshi.orgs.models import Department
    from luoshi.tracking.models import Task

    tasks = Task.objects.filter(kind="task").order_by("pk")
    task = tasks[tasks.count() // 2]
    dept = Department.objects.order_by("pk").first()
    return {
        "dashboard": reverse("dashboard"),
        "task list, filtered": reverse("task_list") + f"?department={dept.pk}&state=in_progress",
        "task detail": reverse("task_detail", args=[task.pk]),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--requests", type=int, default=60, help="requests per page (after 3 warm-up requests)")
    ap.add_argument("--keep", type=Path, help="build into (or reuse) this folder instead of a temporary one")
    args = ap.parse_args()
    data_dir = args.keep or Path(tempfile.mkdtemp(prefix="luoshi-bench-"))
    fresh = not (data_dir / "luoshi.sqlite3").exists()
    t0 = time.perf_counter()
    if fresh:
        build(data_dir)
    else:
        os.environ["LUOSHI_DATA_DIR"] = str(data_dir)
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "luoshi.web.settings")
        import django

        django.setup()
    built = time.perf_counter() - t0
    paths = pages()
    port = free_port()
    env = {**os.environ, "LUOSHI_DATA_DIR": str(data_dir), "LUOSHI_TODAY": "2023-11-27"}
    server = subprocess.Popen([sys.executable, "-m", "luoshi", "serve", "--port", str(port)], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(base + "/public/")
        opener = login(base)
        how = f"built in {built:.0f} s" if fresh else "reused"
        print(f"data: {PLANS} plans, {TASKS} tasks, {DEPARTMENTS} departments, {UPDATES} updates ({how}); "
              "SQLite; `luoshi serve` (gunicorn) on 127.0.0.1")
        print()
        print("| page | median (ms) | p95 (ms) | requests |")
        print("|---|---:|---:|---:|")
        for label, path in paths.items():
            timed(opener, base + path, 3)
            median, p95 = timed(opener, base + path, args.requests)
            print(f"| {label} | {median:.0f} | {p95:.0f} | {args.requests} |")
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()


if __name__ == "__main__":
    main()
