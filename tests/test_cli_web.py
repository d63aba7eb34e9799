"""The web app's commands (luoshi demo, serve, migrate, createsuperuser, manage), run as the user runs them.

Each test starts `python -m luoshi` in a subprocess with a clean environment
(no DATABASE_URL: the demo and these folders are SQLite), so settings load
exactly as on the command line. What stops a command is one line on stderr
and exit status 1, never a traceback.
"""

from __future__ import annotations

import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from luoshi import cli

SRC = Path(__file__).resolve().parents[1] / "src"
PASSWORD = "luoshi-demo"
CLEAN = ("DATABASE_URL", "LUOSHI_DATA_DIR", "LUOSHI_TODAY", "DJANGO_SETTINGS_MODULE", "PORT", "WEB_CONCURRENCY",
         "SECRET_KEY", "ALLOWED_HOSTS", "DEBUG")


def environment(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in CLEAN}
    env["PYTHONPATH"] = os.pathsep.join([str(SRC), os.environ.get("PYTHONPATH", "")])
    return {**env, **extra}


def luoshi(*args, cwd: Path, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "luoshi", *map(str, args)], cwd=cwd, env=environment(**env),
                          capture_output=True, text=True, timeout=300)


def one_line_error(done: subprocess.CompletedProcess) -> str:
    """The single line a failed command printed on stderr (asserting that it failed that way)."""
    assert done.returncode == 1, (done.returncode, done.stdout, done.stderr)
    assert "Traceback" not in done.stderr and len(done.stderr.strip().splitlines()) == 1, done.stderr
    assert done.stderr.startswith("luoshi: ")
    return done.stderr.strip()


def table_counts(database: Path) -> dict[str, int]:
    with sqlite3.connect(database) as db:
        tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {t: db.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables}


def query(database: Path, sql: str):
    with sqlite3.connect(database) as db:
        return db.execute(sql).fetchone()[0]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def demo_folder(tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess]:
    """A demo data folder built once by `luoshi demo --no-serve`, and what the command printed."""
    folder = tmp_path_factory.mktemp("demo") / "data"
    return folder, luoshi("demo", "--data", folder, "--no-serve", cwd=folder.parent)


@pytest.fixture
def busy_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        yield s.getsockname()[1]


# ---------------------------------------------------------------- luoshi demo


def test_the_demo_builds_its_folder_and_prints_the_address_and_log_ins(demo_folder):
    folder, done = demo_folder
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    out = done.stdout
    assert "济南市市中区人民政府" in out and "seed-2023-shizhong.txt" in out
    assert "http://127.0.0.1:8000/" in out and "2023-11-27" in out
    for username in ("office", "fagai", "jiaoti", "leader", "admin"):
        assert f"  {username} " in out
    assert out.count(PASSWORD) >= 5

    database = folder / "luoshi.sqlite3"
    assert database.is_file() and (folder / ".luoshi-demo").is_file()
    assert query(database, "SELECT COUNT(*) FROM orgs_organisation") == 1
    assert query(database, "SELECT COUNT(*) FROM orgs_department") >= 30
    tasks = query(database, "SELECT COUNT(*) FROM tracking_task WHERE kind = 'task'")
    assert tasks >= 20
    assert query(database, "SELECT COUNT(*) FROM tracking_task WHERE kind = 'task' AND state = 'imported'") == 0
    assert query(database, "SELECT COUNT(DISTINCT task_id) FROM tracking_assignment WHERE role = 'lead'") == tasks
    assert query(database, "SELECT COUNT(*) FROM tracking_progressupdate") > 100
    assert query(database, "SELECT COUNT(*) FROM tracking_task WHERE state = 'closed'") == 1
    assert query(database, "SELECT COUNT(*) FROM tracking_task WHERE published") >= tasks // 4


def test_running_the_demo_again_duplicates_nothing(demo_folder):
    folder, _ = demo_folder
    before = table_counts(folder / "luoshi.sqlite3")
    done = luoshi("demo", "--data", folder, "--no-serve", cwd=folder.parent)
    assert done.returncode == 0, done.stderr
    assert "built earlier" in done.stdout
    assert table_counts(folder / "luoshi.sqlite3") == before


def test_the_demo_serves_the_app_and_its_static_files_and_stops_on_ctrl_c(demo_folder, tmp_path):
    folder, _ = demo_folder
    port = free_port()
    out, err = tmp_path / "out.txt", tmp_path / "err.txt"
    with open(out, "w") as stdout, open(err, "w") as stderr:
        server = subprocess.Popen([sys.executable, "-m", "luoshi", "demo", "--data", str(folder), "--port", str(port)],
                                  cwd=folder.parent, env=environment(), stdout=stdout, stderr=stderr,
                                  start_new_session=True)
    try:
        base = f"http://127.0.0.1:{port}"
        page = wait_for(f"{base}/public/", server)
        assert page.status == 200 and "text/html" in page.headers["Content-Type"]
        with urllib.request.urlopen(f"{base}/static/luoshi/luoshi.css", timeout=10) as css:
            assert css.status == 200 and "text/css" in css.headers["Content-Type"] and css.read()
        server.send_signal(signal.SIGINT)  # Ctrl-C
        assert server.wait(timeout=30) == 0
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
    assert "Traceback" not in err.read_text(), err.read_text()
    printed = out.read_text()
    assert f"http://127.0.0.1:{port}/" in printed and printed.rstrip().endswith("luoshi: stopped")


def wait_for(url: str, server: subprocess.Popen, seconds: float = 90):
    """The first answer of `url` while the server starts (which may first build nothing: the demo is there)."""
    deadline = time.monotonic() + seconds
    while True:
        assert server.poll() is None, "the server stopped before answering"
        try:
            return urllib.request.urlopen(url, timeout=5)
        except (urllib.error.URLError, ConnectionError):
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


def test_the_demo_refuses_a_port_in_use_before_building_anything(tmp_path, busy_port):
    error = one_line_error(luoshi("demo", "--data", tmp_path / "d", "--port", busy_port, cwd=tmp_path))
    assert f"port {busy_port}" in error and "in use" in error
    assert not (tmp_path / "d").exists()


def test_the_demo_leaves_a_database_it_did_not_make_alone(tmp_path):
    (tmp_path / "luoshi.sqlite3").write_bytes(b"")
    error = one_line_error(luoshi("demo", "--data", tmp_path, "--no-serve", "--reset", cwd=tmp_path))
    assert "did not make" in error and (tmp_path / "luoshi.sqlite3").exists()


def test_the_demo_reset_builds_it_afresh(tmp_path):
    folder = tmp_path / "d"
    first = luoshi("demo", "--data", folder, "--no-serve", "--today", "2023-02-10", cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    assert "2023-02-10" in first.stdout
    updates = query(folder / "luoshi.sqlite3", "SELECT COUNT(*) FROM tracking_progressupdate")
    again = luoshi("demo", "--data", folder, "--no-serve", "--reset", "--today", "2023-03-10", cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert "built now" in again.stdout
    assert query(folder / "luoshi.sqlite3", "SELECT COUNT(*) FROM orgs_organisation") == 1
    assert query(folder / "luoshi.sqlite3", "SELECT COUNT(*) FROM tracking_progressupdate") > updates


def test_a_bad_demo_date_is_a_usage_error(capsys):
    assert cli.main(["demo", "--today", "27.11.2023", "--no-serve"]) == 2
    assert "not a date" in capsys.readouterr().err


# ---------------------------------------------------------------- luoshi serve and the Django commands


def test_serve_documents_its_settings_in_its_help(capsys):
    assert cli.main(["serve", "--help"]) == 0
    out = capsys.readouterr().out
    for variable in ("LUOSHI_DATA_DIR", "DATABASE_URL", "SECRET_KEY", "ALLOWED_HOSTS", "DEBUG"):
        assert variable in out
    for option in ("--host", "--port", "--workers"):
        assert option in out


@pytest.mark.parametrize("database", ["none", "empty"])
def test_serve_refuses_a_database_that_is_not_migrated(tmp_path, database):
    if database == "empty":
        sqlite3.connect(tmp_path / "luoshi.sqlite3").close()
    error = one_line_error(luoshi("serve", "--port", free_port(), cwd=tmp_path, LUOSHI_DATA_DIR=str(tmp_path)))
    assert "luoshi migrate" in error


def test_migrate_createsuperuser_and_manage_pass_through_to_django(tmp_path):
    data = str(tmp_path / "data")
    done = luoshi("migrate", cwd=tmp_path, LUOSHI_DATA_DIR=data)
    assert done.returncode == 0, done.stderr
    assert luoshi("migrate", "--check", cwd=tmp_path, LUOSHI_DATA_DIR=data).returncode == 0
    done = luoshi("createsuperuser", "--noinput", "--username", "root", "--email", "root@example.com",
                  cwd=tmp_path, LUOSHI_DATA_DIR=data, DJANGO_SUPERUSER_PASSWORD="a-long-password-1")
    assert done.returncode == 0, done.stderr
    assert query(Path(data) / "luoshi.sqlite3", "SELECT is_superuser FROM auth_user WHERE username = 'root'") == 1
    done = luoshi("manage", "--data", data, "check", cwd=tmp_path)
    assert done.returncode == 0 and "no issues" in done.stdout, done.stderr


def test_serve_refuses_a_port_in_use(demo_folder, busy_port):
    folder, _ = demo_folder
    error = one_line_error(luoshi("serve", "--data", folder, "--port", busy_port, cwd=folder.parent))
    assert f"port {busy_port} on 127.0.0.1 is already in use" in error


@pytest.mark.parametrize("command", ["serve", "demo", "migrate"])
def test_a_data_folder_that_cannot_be_written_is_one_line(tmp_path, command):
    (tmp_path / "a-file").write_text("not a folder")
    folder = tmp_path / "a-file" / "data"
    args = {"serve": ["serve", "--data", folder], "demo": ["demo", "--data", folder, "--no-serve"],
            "migrate": ["migrate", "--data", folder]}[command]
    error = one_line_error(luoshi(*args, cwd=tmp_path))
    assert f"cannot use the data folder {folder}" in error


@pytest.mark.parametrize("command", [["serve"], ["migrate"], ["createsuperuser", "--noinput"]])
def test_a_database_that_cannot_be_opened_is_one_line(tmp_path, command):
    (tmp_path / "luoshi.sqlite3").write_bytes(b"this is not a database " * 200)
    error = one_line_error(luoshi(*command, cwd=tmp_path, LUOSHI_DATA_DIR=str(tmp_path)))
    assert f"cannot open the database {tmp_path / 'luoshi.sqlite3'}" in error
