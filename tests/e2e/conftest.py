"""What the end-to-end test runs on: a real server, Debian's chromium, and a folder for the screenshots.

- `luoshi_server`: a fresh temporary data folder; `luoshi migrate` on it; the
  demo's organisation (济南市市中区人民政府 with the bundled catalogue of
  departments) and two of its people, the office (`office`) and 区发展和改革局's
  user (`fagai`), with the demo's password, made through Django in a
  subprocess (`luoshi manage shell`), and no plan: the office imports the
  report itself in the browser. Then `luoshi serve` on a free port of
  127.0.0.1, with LUOSHI_TODAY fixed in the plan year, stopped at the end
  whatever happens. Each command runs as a user runs it: `python -m luoshi`
  with the environment cleaned of database and data-folder settings.
- `browser`: Debian's chromium (/usr/bin/chromium) driven by Playwright for
  Python. Nothing is downloaded: when chromium is missing the test fails and
  says to install the Debian package.
- `screenshots`: the folder LUOSHI_SCREENSHOTS, else test-artifacts/screenshots/
  at the project root; the terminal summary prints its absolute path, so the
  CI log names it whatever pytest's capture options.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SRC = ROOT / "src"
TODAY = "2023-06-15"  # the date the server takes as today: mid-way through the sample report's plan year
PASSWORD = "luoshi-demo"  # = luoshi.demo.PASSWORD (the setup below asserts it)
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
# Settings a developer's shell may hold that must not leak into the test's server.
CLEAN = ("DATABASE_URL", "LUOSHI_DATA_DIR", "LUOSHI_TODAY", "DJANGO_SETTINGS_MODULE", "PORT", "WEB_CONCURRENCY",
         "SECRET_KEY", "ALLOWED_HOSTS", "CSRF_TRUSTED_ORIGINS", "DEBUG", "LANGUAGE_CODE", "TIME_ZONE")

# Run by `luoshi manage shell -c`: the organisation and the two people of the flow, no plan.
SETUP = f"""
from django.contrib.auth.models import User
from luoshi import demo
from luoshi.orgs.catalogue import bundled_catalogue, load_catalogue
from luoshi.orgs.choices import Level, Role
from luoshi.orgs.models import Department, Membership, Organisation

assert demo.PASSWORD == {PASSWORD!r}, "the demo password changed: update tests/e2e/conftest.py"
org = Organisation.objects.create(name=demo.ORG_NAME, region=demo.REGION, level=Level.DISTRICT)
load_catalogue(org, bundled_catalogue())
fagai = Department.objects.get(org=org, name="区发展和改革局")
for username, name, role, department in (("office", "王晓燕", Role.OFFICE, None),
                                         ("fagai", "李明", Role.DEPARTMENT, fagai)):
    user = User.objects.create_user(username, password=demo.PASSWORD, first_name=name)
    Membership.objects.create(user=user, org=org, role=role, department=department)
print("set up:", org.name, org.departments.count(), "departments")
"""

SCREENSHOTS = pytest.StashKey["Screenshots"]()


# ---------------------------------------------------------------- the screenshots folder


@dataclass
class Screenshots:
    folder: Path
    saved: list[Path] = field(default_factory=list)

    def take(self, page, name: str) -> Path:
        """A full-page screenshot of `page` as NN-name.png, numbered in the order taken."""
        page.wait_for_load_state("load")
        path = self.folder / f"{len(self.saved) + 1:02d}-{name}.png"
        page.screenshot(path=str(path), full_page=True)
        self.saved.append(path)
        return path


@pytest.fixture(scope="session")
def screenshots(request) -> Screenshots:
    """The screenshots folder, emptied of an earlier run's NN-name.png files (nothing else in it is touched)."""
    folder = Path(os.environ.get("LUOSHI_SCREENSHOTS") or ROOT / "test-artifacts" / "screenshots")
    folder = folder.expanduser().resolve()
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("[0-9][0-9]-*.png"):
        old.unlink()
    shots = Screenshots(folder)
    request.config.stash[SCREENSHOTS] = shots
    return shots


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    shots = config.stash.get(SCREENSHOTS, None)
    if shots is None:  # the end-to-end test did not run
        return
    terminalreporter.write_sep("-", "end-to-end screenshots")
    terminalreporter.write_line(f"{len(shots.saved)} screenshots in {shots.folder}")


# ---------------------------------------------------------------- the server


def environment() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in CLEAN}
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(SRC), os.environ.get("PYTHONPATH", "")) if p)
    env["LUOSHI_TODAY"] = TODAY
    return env


def luoshi(*args, cwd: Path) -> str:
    """Run `python -m luoshi ARGS…` to the end; its stdout, or the test fails showing what it printed."""
    done = subprocess.run([sys.executable, "-m", "luoshi", *map(str, args)], cwd=cwd, env=environment(),
                          capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, f"luoshi {args[0]} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}"
    return done.stdout


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Server:
    url: str
    process: subprocess.Popen
    log: Path

    def log_text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def errors(self) -> list[str]:
        """Lines of the server's log that tell of an error (a 500 logs `Internal Server Error` and a traceback)."""
        return [line for line in self.log_text().splitlines()
                if "Traceback" in line or "Internal Server Error" in line or "[ERROR]" in line]


def wait_until_up(url: str, server: subprocess.Popen, log: Path, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while True:
        if server.poll() is not None:
            pytest.fail(f"`luoshi serve` stopped ({server.returncode}) before answering:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(url, timeout=5) as answer:
                if answer.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        if time.monotonic() > deadline:
            pytest.fail(f"`luoshi serve` did not answer {url} within {seconds:g} s:\n{log.read_text()}")
        time.sleep(0.2)


def stop(server: subprocess.Popen) -> None:
    """SIGTERM to the server's own process group (gunicorn stops gracefully), SIGKILL if it lingers."""
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


@pytest.fixture(scope="module")
def luoshi_server(tmp_path_factory):
    """`luoshi serve` on a fresh data folder holding an organisation and its people but no plan."""
    base = tmp_path_factory.mktemp("e2e")
    data = base / "data"
    luoshi("migrate", "--data", data, "--noinput", "-v", "0", cwd=base)
    print(luoshi("manage", "--data", data, "shell", "-v", "0", "-c", SETUP, cwd=base).strip())
    port = free_port()
    log = base / "server.log"
    with open(log, "w", encoding="utf-8") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "luoshi", "serve", "--data", str(data), "--port", str(port), "--workers", "2"],
            cwd=base, env=environment(), stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )
    server = Server(f"http://127.0.0.1:{port}", process, log)
    try:
        wait_until_up(f"{server.url}/public/", process, log)
        yield server
    finally:
        stop(process)
        print(f"--- luoshi serve's log ({log}):\n{server.log_text()}")  # shown by pytest when the test fails


# ---------------------------------------------------------------- the browser


@pytest.fixture(scope="module")
def browser():
    """Debian's chromium under Playwright; a clear failure, never a skip, when either is missing."""
    try:
        from playwright.sync_api import Error, sync_playwright
    except ImportError:
        pytest.fail("Playwright for Python is missing: install the development extras "
                    "(python3 -m pip install -e '.[dev]')", pytrace=False)
    executable = CHROMIUM if os.path.exists(CHROMIUM) else shutil.which("chromium")
    if not executable:
        pytest.fail("Debian's chromium is not installed: the end-to-end test needs it. Install it with "
                    "`apt-get install chromium fonts-noto-cjk` (./scripts/test does so when run as root). "
                    "Do not run `playwright install`: the test uses the system's chromium.", pytrace=False)
    with sync_playwright() as p:
        try:
            browser = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        except Error as e:
            pytest.fail(f"chromium ({executable}) does not start under Playwright: {e}", pytrace=False)
        try:
            yield browser
        finally:
            browser.close()
