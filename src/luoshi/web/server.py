"""Starting the web app for real: checks that turn the usual mistakes into one line, then gunicorn in this process.

`luoshi serve` and `luoshi demo` come here. Before anything listens:
the data folder must be usable, the settings must load, the database must
open and have every migration applied (else: run `luoshi migrate`), and the
port must be free. Then gunicorn runs `luoshi.web.wsgi:application` with
threaded workers; static files are served by whitenoise from the package
(WHITENOISE_USE_FINDERS), or from the data folder after `--collectstatic`.
"""

from __future__ import annotations

import errno
import os
import socket
import sys
from pathlib import Path

SETTINGS = "luoshi.web.settings"

ENVIRONMENT = """\
settings come from environment variables:
  LUOSHI_DATA_DIR       the data folder: SQLite database, uploaded files, secret key
                        (default ./luoshi-data; --data sets it)
  DATABASE_URL          e.g. postgres://user:password@127.0.0.1:5432/luoshi
                        (default: SQLite in the data folder)
  SECRET_KEY            Django's secret key (default: a random one kept in the data folder)
  ALLOWED_HOSTS         the host names the site answers to, comma-separated
                        (default localhost,127.0.0.1,[::1]): add the server's name or address
  CSRF_TRUSTED_ORIGINS  e.g. https://luoshi.example.gov.cn behind an HTTPS proxy
  DEBUG                 1 shows Django's debug pages (never in production)
  LANGUAGE_CODE         zh-hans (default) or en
  TIME_ZONE             default Asia/Shanghai
  LOG_LEVEL             level of the app's log on stderr (default WARNING)
  CONN_MAX_AGE          seconds a database connection is kept open (default 60)
  LUOSHI_MAX_UPLOAD_BYTES  the largest report or attachment accepted (default 50 MB)
  LUOSHI_TODAY          a date (2023-11-27) the app takes as today, for demos and trials
  WEB_CONCURRENCY       the default number of --workers
  DJANGO_SETTINGS_MODULE  a settings module of your own (default luoshi.web.settings)
"""


class ServeError(Exception):
    """Why the app cannot start, in one line for people."""


# ---------------------------------------------------------------- before Django


def data_dir() -> Path:
    """The data folder the settings will use (LUOSHI_DATA_DIR, else ./luoshi-data)."""
    return Path(os.environ.get("LUOSHI_DATA_DIR", "luoshi-data")).resolve()


def prepare_data_dir(path: Path) -> Path:
    """Create the data folder if need be and check that luoshi can write in it."""
    if path.exists() and not path.is_dir():
        raise ServeError(f"cannot use the data folder {path}: it is a file, not a folder")
    try:
        path.mkdir(parents=True, exist_ok=True)
        probe = path / f".luoshi-write-test-{os.getpid()}"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as e:
        raise ServeError(f"cannot use the data folder {path}: {e.strerror or e}") from None
    return path


def check_port(host: str, port: int) -> None:
    """Raise ServeError unless `host`:`port` can be listened on."""
    if not 0 < port < 65536:
        raise ServeError(f"{port} is not a port number (1–65535)")
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as e:
        raise ServeError(f"cannot listen on {host}: {e.strerror}") from None
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as gunicorn does
        try:
            probe.bind(address)
        except OSError as e:
            if e.errno == errno.EADDRINUSE:
                raise ServeError(f"port {port} on {host} is already in use (is luoshi already running? "
                                 f"choose another with --port {port + 1})") from None
            raise ServeError(f"cannot listen on {host}:{port}: {e.strerror or e}") from None


# ---------------------------------------------------------------- Django


def setup_django(expect_data_dir: Path | None = None) -> None:
    """Load the settings and the apps; a bad setting costs one line."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", SETTINGS)
    try:
        import django
        from django.conf import settings

        django.setup()
        data = Path(getattr(settings, "DATA_DIR", "")).resolve()
    except Exception as e:  # ValueError, ImproperlyConfigured, OSError, ImportError: all the settings' fault
        raise ServeError(f"the settings cannot be loaded ({os.environ['DJANGO_SETTINGS_MODULE']}): "
                         f"{_one_line(e)}") from None
    if expect_data_dir is not None and data != expect_data_dir.resolve():
        raise ServeError(f"Django is already set up on the data folder {data}, not {expect_data_dir}")


def describe_database() -> str:
    from django.db import connection

    s = connection.settings_dict
    if connection.vendor == "sqlite":
        return str(s["NAME"])
    host = f"{s.get('HOST') or 'localhost'}{':' + str(s['PORT']) if s.get('PORT') else ''}"
    return f"{connection.vendor} {s.get('USER') or ''}@{host}/{s.get('NAME')}".replace(" @", " ")


def _missing_sqlite_file() -> bool:
    from django.db import connection

    name = str(connection.settings_dict["NAME"])
    return connection.vendor == "sqlite" and not name.startswith(("file:", ":memory:")) and not Path(name).exists()


def open_database() -> None:
    """Connect to the database, or raise ServeError saying which one and why."""
    from django.db import Error, connection

    try:
        connection.ensure_connection()
        with connection.cursor() as cursor:  # SQLite opens lazily: make it read the file
            cursor.execute("SELECT 1 FROM sqlite_master LIMIT 1" if connection.vendor == "sqlite" else "SELECT 1")
    except Error as e:
        raise ServeError(f"cannot open the database {describe_database()}: {_one_line(e)}") from None


def pending_migrations() -> list[str]:
    """The migrations not applied to the database, as app.name (opening it; ServeError when it cannot)."""
    from django.db import Error, connection
    from django.db.migrations.executor import MigrationExecutor

    open_database()
    try:
        executor = MigrationExecutor(connection)
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except Error as e:
        raise ServeError(f"cannot read the database {describe_database()}: {_one_line(e)}") from None
    return [f"{m.app_label}.{m.name}" for m, _ in plan]


def require_migrated() -> None:
    """Refuse a database that does not exist or lacks migrations, telling to run `luoshi migrate`."""
    if _missing_sqlite_file():
        raise ServeError(f"there is no database at {describe_database()} yet: run `luoshi migrate` first "
                         "(with the same LUOSHI_DATA_DIR / DATABASE_URL)")
    pending = pending_migrations()
    if pending:
        raise ServeError(f"the database {describe_database()} is not up to date ({len(pending)} migrations "
                         "not applied): run `luoshi migrate` first")


def migrate(verbosity: int = 1) -> None:
    """Apply the migrations (creating a SQLite database if need be)."""
    from django.core.management import call_command
    from django.db import Error

    open_database()
    try:
        call_command("migrate", interactive=False, verbosity=verbosity)
    except Error as e:
        raise ServeError(f"cannot migrate the database {describe_database()}: {_one_line(e)}") from None


def collect_static() -> None:
    from django.conf import settings
    from django.core.management import call_command

    try:
        call_command("collectstatic", interactive=False, verbosity=0)
    except Exception as e:
        raise ServeError(f"cannot collect the static files into {settings.STATIC_ROOT}: {_one_line(e)}") from None


def _one_line(e: BaseException) -> str:
    text = str(e).strip().splitlines()
    return (text[0] if text else type(e).__name__).rstrip(":. ")


# ---------------------------------------------------------------- gunicorn


def default_workers() -> int:
    """WEB_CONCURRENCY, else 2 × CPUs + 1 up to 8: each worker runs --threads threads."""
    if os.environ.get("WEB_CONCURRENCY", "").isdigit() and int(os.environ["WEB_CONCURRENCY"]) > 0:
        return int(os.environ["WEB_CONCURRENCY"])
    return min(8, 2 * (os.cpu_count() or 1) + 1)


def gunicorn_options(host: str, port: int, workers: int, threads: int = 4, timeout: int = 120,
                     access_log: bool = False, loglevel: str = "info") -> dict:
    return {
        "bind": [f"[{host}]:{port}" if ":" in host else f"{host}:{port}"],
        "workers": workers,
        "worker_class": "gthread",
        "threads": threads,
        "timeout": timeout,  # reading a long report on upload takes a few seconds, not minutes
        "graceful_timeout": 10,
        "keepalive": 5,
        "preload_app": True,  # the app loads once, before the workers fork: errors show before anything listens
        "accesslog": "-" if access_log else None,
        "errorlog": "-",
        "loglevel": loglevel,
        "proc_name": "luoshi",
    }


def serve(host: str, port: int, workers: int | None = None, threads: int = 4, timeout: int = 120,
          access_log: bool = False, loglevel: str = "info", collectstatic: bool = False,
          announce: bool = True) -> int:
    """Run the app under gunicorn until it is stopped (Ctrl-C, SIGTERM); returns the exit status."""
    from django.conf import settings
    from django.db import connections

    check_port(host, port)
    if collectstatic:
        collect_static()
    else:
        Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)  # whitenoise warns of a missing one
    if host not in ("127.0.0.1", "localhost", "::1") and "ALLOWED_HOSTS" not in os.environ:
        print(f"luoshi: ALLOWED_HOSTS is {','.join(settings.ALLOWED_HOSTS)}: set it to the names this server is "
              "reached by, or the site answers 400 Bad Request", file=sys.stderr)
    connections.close_all()  # no connection of this process may be shared with the forked workers
    workers = workers or default_workers()
    if announce:
        shown = f"[{host}]" if ":" in host else host
        print(f"luoshi: serving on http://{shown}:{port}/ ({workers} workers × {threads} threads); "
              "press Ctrl-C to stop", flush=True)
    status = _run_gunicorn(gunicorn_options(host, port, workers, threads, timeout, access_log, loglevel))
    if status == 0:
        print("luoshi: stopped", flush=True)
    return status


def _run_gunicorn(options: dict) -> int:
    from gunicorn.app.base import BaseApplication

    class Server(BaseApplication):
        def load_config(self):
            for key, value in options.items():
                self.cfg.set(key, value)

        def load(self):
            from luoshi.web.wsgi import application

            return application

    master = os.getpid()
    try:
        Server().run()
    except SystemExit as e:
        if os.getpid() != master:  # a worker leaving: let it go as gunicorn means it to
            raise
        return 0 if e.code in (0, None) else 1
    return 0
