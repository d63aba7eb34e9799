"""The command line: `luoshi extract FILE…` over the engine, and the web app's commands.

- `luoshi extract`: a file that cannot be read costs one line on stderr
  (`luoshi: PATH: reason`) and exit status 1 at the end; the other files are
  still extracted.
- `luoshi demo`: a data folder with the sample report tracked by a district
  government, served on 127.0.0.1 (luoshi.demo builds the data).
- `luoshi serve`, `luoshi migrate`, `luoshi createsuperuser`, `luoshi manage
  ARGS…`: the app for real use, settings from the environment
  (luoshi.web.server starts it). Whatever stops them (a port in use, a data
  folder that cannot be written, a database that cannot be opened or is not
  migrated) costs one line on stderr and exit status 1.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import BinaryIO

from . import __version__, corpus, export, verify_command
from .engine import LuoshiError, Report, analyse_file

FORMATS = ("jsonl", "json", "csv", "md")
DEMO_DIR = "luoshi-data-demo"
DEMO_HOST = "127.0.0.1"
DEMO_TODAY = date(2023, 11, 27)  # = luoshi.demo.DEMO_TODAY (not imported: Django loads only when needed)
DEMO_MARK = ".luoshi-demo"  # in a data folder `luoshi demo` made: only there may --reset delete the database
PASSTHROUGH = ("migrate", "createsuperuser", "manage")  # their arguments go to Django as they are


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="luoshi", description="落实: extract the numbers, targets and tasks of government work reports, "
        "and track their delivery in a web app."
    )
    parser.add_argument("--version", action="version", version=f"luoshi {__version__}")
    parser.add_argument("--debug", action="store_true", help="show the traceback of an internal error")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    extract = commands.add_parser("extract", help="extract from report files (txt, docx, pdf, html)")
    extract.add_argument("files", nargs="+", metavar="FILE", help="report files")
    extract.add_argument("--what", choices=export.WHATS, default="all", help="what to extract (default: all)")
    extract.add_argument("--format", choices=FORMATS, default="md", help="output format (default: md)")
    extract.add_argument("--out", type=Path, metavar="PATH", help="write here instead of to stdout")
    extract.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    extract.set_defaults(run=run_extract)

    demo = commands.add_parser(
        "demo", help="the tracking web app with demo data, on http://127.0.0.1:8000/",
        description="Create a data folder with a SQLite database, a district government (济南市市中区人民政府), "
        "its departments and users, the bundled 2023 report assigned to them and a year of progress; print "
        "the address and the log-ins; serve on 127.0.0.1. The data is built once: run it again to serve it.",
    )
    demo.add_argument("--data", type=Path, default=Path(DEMO_DIR), metavar="DIR",
                      help=f"the demo's data folder (default: ./{DEMO_DIR})")
    demo.add_argument("--port", type=int, default=8000, help="port on 127.0.0.1 (default: 8000)")
    demo.add_argument("--no-serve", action="store_true", help="build and print the log-ins, but do not serve")
    demo.add_argument("--reset", action="store_true", help="delete the demo's database and build it afresh")
    demo.add_argument("--today", type=_demo_today, default=DEMO_TODAY, metavar="DATE",
                      help=f"the date the demo takes as today (default: {DEMO_TODAY.isoformat()}, late in the "
                      "plan year; `real` for the real date)")
    demo.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    demo.set_defaults(run=run_demo)

    from .web.server import ENVIRONMENT  # plain text: no Django

    serve = commands.add_parser(
        "serve", help="run the web app with its production server (gunicorn)",
        description="Run the tracking web app under gunicorn. The database must be migrated first\n"
        "(`luoshi migrate`); static files are served by the app itself.",
        epilog=ENVIRONMENT, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1; "
                       "0.0.0.0 for every interface)")
    port = os.environ.get("PORT", "")
    serve.add_argument("--port", type=int, default=int(port) if port.isdigit() else 8000,
                       help="port (default: $PORT or 8000)")
    serve.add_argument("--workers", type=_positive, metavar="N",
                       help="worker processes (default: $WEB_CONCURRENCY, else 2 × CPUs + 1, at most 8)")
    serve.add_argument("--threads", type=_positive, default=4, metavar="N", help="threads per worker (default: 4)")
    serve.add_argument("--timeout", type=_positive, default=120, metavar="SECONDS",
                       help="a request running longer restarts its worker (default: 120)")
    serve.add_argument("--access-log", action="store_true", help="log every request on stdout (default: off)")
    serve.add_argument("--collectstatic", action="store_true",
                       help="first copy the static files, compressed, into the data folder's static/")
    serve.add_argument("--data", type=Path, metavar="DIR", help="the data folder (sets LUOSHI_DATA_DIR)")
    serve.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    serve.set_defaults(run=run_serve)

    bulletin = commands.add_parser(
        "bulletin", help="the 督查通报 (bulletin) of a reporting period as .docx or .pdf",
        description="Write the bulletin of a period of a plan tracked in the web app's database (LUOSHI_DATA_DIR "
        "/ DATABASE_URL, as `luoshi serve`), as the office sees it: counts of tasks overall, by area and by lead "
        "department, the lagging and overdue tasks, the departments that did not report, main targets, the "
        "ranking of departments, and charts.",
    )
    bulletin.add_argument("--period", metavar="PERIOD", help="2023-11 (a month: the organisation's reporting "
                          "period holding it) or 2023-Q4 (a quarter); default: the current period")
    bulletin.add_argument("--format", choices=("docx", "pdf"),
                          help="default: the extension of --out (.docx or .pdf)")
    bulletin.add_argument("--out", type=Path, required=True, metavar="FILE", help="the file to write")
    bulletin.add_argument("--plan", type=int, metavar="ID", help="the plan's id (default: the newest plan)")
    bulletin.add_argument("--data", type=Path, metavar="DIR", help="the data folder (sets LUOSHI_DATA_DIR)")
    bulletin.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    bulletin.set_defaults(run=run_bulletin)

    add_export_parser(commands)

    add_suggest_parser(commands)

    corpus.add_parser(commands)

    verify_command.add_parser(commands)

    for name, text in (("migrate", "create or update the database's tables (Django's migrate; ARGS go to it)"),
                       ("createsuperuser", "create an administrator (Django's createsuperuser; ARGS go to it)"),
                       ("manage", "run any Django management command: luoshi manage COMMAND ARGS…")):
        passthrough = commands.add_parser(name, help=text, add_help=False)
        passthrough.add_argument("args", nargs=argparse.REMAINDER, metavar="ARGS")
        passthrough.set_defaults(run=None)
    return parser


def _demo_today(text: str) -> date | None:
    if text.lower() in ("real", "today"):
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date such as 2023-11-27 (or `real`): {text!r}") from None


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"not a positive whole number: {text!r}")
    return value


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status (the console script exits with it)."""
    argv = sys.argv[1:] if argv is None else [str(a) for a in argv]
    first = next((i for i, a in enumerate(argv) if a != "--debug"), len(argv))
    if first < len(argv) and argv[first] in PASSTHROUGH:  # Django parses their arguments, options and all
        return _guarded(lambda: run_django_command(argv[first], argv[first + 1:]), debug=first > 0)
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as e:  # usage error (2), --help or --version (0)
        return 0 if e.code is None else e.code if isinstance(e.code, int) else 2
    if not getattr(args, "run", None):
        parser.print_help(sys.stderr)
        return 2
    if args.command in ("demo", "serve"):
        return _guarded(lambda: args.run(args), args.debug)
    try:
        return args.run(args)
    except KeyboardInterrupt:
        print("luoshi: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `luoshi extract … | head`: the reader has all it wanted
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # so that the flush at exit does not complain
        return 1


def _guarded(run: Callable[[], int], debug: bool) -> int:
    """Run a web command: what stops it is one line on stderr and status 1; Ctrl-C ends it quietly."""
    from .web.server import ServeError

    try:
        return run()
    except ServeError as e:
        print(f"luoshi: {e}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\nluoshi: interrupted", file=sys.stderr)
        return 130
    except SystemExit as e:  # Django's management commands exit this way
        return 0 if e.code is None else e.code if isinstance(e.code, int) else 1
    except Exception as e:  # a bug: still one line, the traceback only on request
        if debug:
            traceback.print_exc(file=sys.stderr)
        print(f"luoshi: internal error: {type(e).__name__}: {e}", file=sys.stderr)
        return 1


# ---------------------------------------------------------------- extract


def run_extract(args: argparse.Namespace) -> int:
    try:
        with open_output(args.out) as stream:
            failures = write_reports(stream, args.files, args.what, args.format, args.debug)
    except BrokenPipeError:
        raise
    except OSError as e:
        print(f"luoshi: {args.out}: cannot write ({e.strerror or e})", file=sys.stderr)
        return 1
    return 1 if failures else 0


@contextmanager
def open_output(out: Path | None) -> Iterator[BinaryIO]:
    """The file at `out` (its folders made), or stdout, as bytes."""
    if out is None:
        sys.stdout.flush()
        yield getattr(sys.stdout, "buffer", None) or _TextAsBytes(sys.stdout)
        sys.stdout.flush()
        return
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "wb") as stream:
        yield stream


class _TextAsBytes:
    """A text stream (one without .buffer, as some test harnesses give) taking bytes."""

    def __init__(self, text_stream):
        self.text_stream = text_stream

    def write(self, data: bytes) -> None:
        self.text_stream.write(data.decode("utf-8"))

    def flush(self) -> None:
        self.text_stream.flush()


def write_reports(stream: BinaryIO, files: list[str], what: str, fmt: str, debug: bool = False) -> int:
    """Analyse each file and write its findings as they come; returns the number of failures."""
    collected: list[dict] = []  # json needs them all before it can write the array

    def emit(text: str) -> None:
        stream.write(text.encode("utf-8"))
        stream.flush()

    if fmt == "csv":
        emit(export.to_csv([], what))
    failures, first = 0, True
    for report in analyse_each(files, debug):
        if report is None:
            failures += 1
            continue
        if fmt == "json":
            collected.extend(export.records(report, what))
        else:
            emit(render_chunk(report, what, fmt, first))
            first = False
    if fmt == "json":
        emit(export.to_json(collected))
    return failures


def render_chunk(report: Report, what: str, fmt: str, first: bool = True) -> str:
    """One report's part of a jsonl, csv or md output."""
    if fmt == "md":
        return ("" if first else "\n") + export.report_markdown(report, what)
    if fmt == "csv":
        return export.to_csv(export.table_records(report, what), what, header=False)
    return export.to_jsonl(export.records(report, what))


def analyse_each(files: list[str], debug: bool = False) -> Iterator[Report | None]:
    """The report of each file, or None after saying on stderr why it failed."""
    say, paths = print_error, files
    if len(files) > 1 and sys.stderr.isatty():
        from tqdm import tqdm

        paths = tqdm(files, unit="file", file=sys.stderr)

        def say(line: str) -> None:
            tqdm.write(line, file=sys.stderr)  # above the bar, not through it

    for path in paths:
        yield analyse_safely(path, say, debug)


def analyse_safely(path: str, say: Callable[[str], None], debug: bool = False) -> Report | None:
    try:
        return analyse_file(path)
    except LuoshiError as e:
        say(f"luoshi: {path}: {getattr(e, 'reason', None) or e}")
    except Exception as e:  # a bug in the engine: still one line, the traceback only on request
        if debug:
            traceback.print_exc(file=sys.stderr)
        say(f"luoshi: {path}: internal error: {type(e).__name__}: {e}")
    return None


def print_error(line: str) -> None:
    print(line, file=sys.stderr)



# ---------------------------------------------------------------- the web app


def open_database(data: Path | None) -> None:
    """Django set up on the data folder (`--data`, else LUOSHI_DATA_DIR or the default), its database migrated."""
    from .web import server

    if data is not None:
        os.environ["LUOSHI_DATA_DIR"] = str(data.expanduser().resolve())
    server.prepare_data_dir(server.data_dir())
    server.setup_django()
    server.require_migrated()


def run_serve(args: argparse.Namespace) -> int:
    from .web import server

    open_database(args.data)
    return server.serve(args.host, args.port, workers=args.workers, threads=args.threads, timeout=args.timeout,
                        access_log=args.access_log, collectstatic=args.collectstatic)


def run_django_command(command: str, argv: list[str]) -> int:
    """`luoshi migrate|createsuperuser ARGS…` and `luoshi manage COMMAND ARGS…`, with luoshi's settings."""
    from django.core.management import execute_from_command_line
    from django.db import Error

    from .web import server

    if len(argv) > 1 and argv[0] == "--data":  # luoshi's own option, before Django's
        os.environ["LUOSHI_DATA_DIR"] = str(Path(argv[1]).expanduser().resolve())
        argv = argv[2:]
    elif argv and argv[0].startswith("--data="):
        os.environ["LUOSHI_DATA_DIR"] = str(Path(argv[0].split("=", 1)[1]).expanduser().resolve())
        argv = argv[1:]
    server.prepare_data_dir(server.data_dir())
    server.setup_django()
    args = argv if command == "manage" else [command, *argv]
    if "-h" not in args and "--help" not in args:
        if args[:1] == ["migrate"]:
            server.open_database()
        elif args[:1] == ["createsuperuser"]:
            server.require_migrated()
    try:
        execute_from_command_line(["luoshi manage", *args])
    except Error as e:
        raise server.ServeError(f"database {server.describe_database()}: {str(e).strip().splitlines()[0]}") from None
    return 0


def run_demo(args: argparse.Namespace) -> int:
    """Build the demo's data folder if need be, print how to log in, and serve it on 127.0.0.1."""
    from .web import server

    data = args.data.expanduser().resolve()
    if not args.no_serve:
        server.check_port(DEMO_HOST, args.port)  # before minutes of work, not after
    server.prepare_data_dir(data)
    database = data / "luoshi.sqlite3"
    if database.exists() and not (data / DEMO_MARK).exists():
        raise server.ServeError(f"{data} holds a database that `luoshi demo` did not make: "
                                "give the demo a folder of its own with --data DIR")
    if args.reset:
        _reset_demo(data, database)
    (data / DEMO_MARK).write_text("made by `luoshi demo`: --reset may delete the database here\n", encoding="utf-8")
    os.environ.update(LUOSHI_DATA_DIR=str(data), DJANGO_SETTINGS_MODULE=server.SETTINGS)
    os.environ.pop("DATABASE_URL", None)  # the demo is SQLite in its folder, whatever the real app uses
    if args.today is None:
        os.environ.pop("LUOSHI_TODAY", None)
    else:
        os.environ["LUOSHI_TODAY"] = args.today.isoformat()
    server.setup_django(expect_data_dir=data)
    print(f"luoshi demo: preparing {database} …", flush=True)
    server.migrate(verbosity=0)

    from . import demo

    built = demo.build(today=args.today or date.today())
    address = f"http://{DEMO_HOST}:{args.port}/"
    print(_demo_text(built, data, args.today, address), flush=True)
    if args.no_serve:
        print(f"Not serving (--no-serve). To serve it: luoshi demo --data {data} --port {args.port}")
        return 0
    return server.serve(DEMO_HOST, args.port, workers=2, threads=4, loglevel="warning")


def _reset_demo(data: Path, database: Path) -> None:
    from .web import server

    try:
        for path in (database, Path(f"{database}-wal"), Path(f"{database}-shm"), Path(f"{database}-journal")):
            path.unlink(missing_ok=True)
        shutil.rmtree(data / "media", ignore_errors=True)
    except OSError as e:
        raise server.ServeError(f"cannot delete the demo database {database}: {e.strerror or e}") from None


def _demo_text(built, data: Path, today: date | None, address: str) -> str:
    from .demo import LOGINS, PASSWORD, SAMPLE

    c = built.counts
    year = built.plan.year if built.plan else ""
    how = ("built now" if built.created else "built earlier; --reset builds it afresh")
    when = (f"the demo takes {today.isoformat()} as today (LUOSHI_TODAY; change it with --today DATE, or "
            "--today real)" if today else "the demo runs on the real date (--today real)")
    lines = [
        "",
        f"luoshi demo: {built.org.name}, its {year} work report ({SAMPLE}) tracked by {c['departments']} "
        "departments and streets",
        f"  {c['tasks']} tasks, all assigned; {c['updates']} progress updates; {c['closed']} closed; "
        f"{c['published']} published",
        f"  data: {data} ({how})",
        f"  {when}",
        "",
        f"Open {address} and log in (the same password for everyone):",
        "",
        f"  {'username':<10}{'password':<14}role",
        *(f"  {login.username:<10}{PASSWORD:<14}{login.role}: {login.name}" for login in LOGINS),
        "",
        f"  Each other department has a reporting user too (dept01 …; the admin sees them at {address}admin/).",
        f"  The public page needs no log-in: {address}public/",
        "",
    ]
    return "\n".join(lines)


# ---------------------------------------------------------------- bulletin


def run_bulletin(args: argparse.Namespace) -> int:
    """`luoshi bulletin`: what stops it (no database, an unknown plan or period, no Chinese font, a file that
    cannot be written) costs one line on stderr and exit status 1."""
    fmt = args.format or args.out.suffix.lower().lstrip(".")
    if fmt not in ("docx", "pdf"):
        print(f"luoshi: {args.out}: say --format docx or --format pdf (or name a .docx or .pdf file)", file=sys.stderr)
        return 2
    try:
        data = _make_bulletin(args, fmt)
    except Exception as e:
        from .documents.bulletin import BulletinError
        from .documents.fonts import FontMissing
        from .web.server import ServeError

        if not isinstance(e, ServeError | BulletinError | FontMissing):
            if args.debug:
                traceback.print_exc(file=sys.stderr)
            print(f"luoshi: internal error: {type(e).__name__}: {e}", file=sys.stderr)
            return 1
        print(f"luoshi: {e}", file=sys.stderr)
        return 1
    try:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_bytes(data)
    except OSError as e:
        print(f"luoshi: {args.out}: cannot write ({e.strerror or e})", file=sys.stderr)
        return 1
    print(f"luoshi: wrote {args.out} ({len(data):,} bytes)", file=sys.stderr)
    return 0


def _make_bulletin(args: argparse.Namespace, fmt: str) -> bytes:
    from .web import server

    open_database(args.data)

    from .documents import bulletin
    from .plans.models import Plan

    plans = Plan.objects.select_related("org").defer("text", "outline", "metadata")
    plan = (plans.filter(pk=args.plan) if args.plan is not None else plans.order_by("-year", "-imported_at", "-pk")).first()
    if plan is None:
        raise server.ServeError(f"no plan {args.plan} in the database" if args.plan is not None
                                else "no plan in the database: import a report first")
    period = bulletin.parse_period(args.period, plan.org)
    gathered = bulletin.gather(bulletin.Everything(), plan, period)
    if fmt == "pdf":
        from .documents.bulletin_pdf import render
    else:
        from .documents.bulletin_docx import render
    return render(gathered)


# ---------------------------------------------------------------- export (the office's decomposition documents)

EXPORTS = {"table": "重点工作任务分解表 (.xlsx)", "plan": "重点工作任务分解方案 (.docx)"}


def add_export_parser(commands) -> None:
    export_ = commands.add_parser(
        "export", help="a plan's 重点工作任务分解表 (.xlsx) or 重点工作任务分解方案 (.docx)",
        description="Write a document of a plan tracked in the web app's database (LUOSHI_DATA_DIR / "
        "DATABASE_URL, as `luoshi serve`): `table`, the task table the office edits in Excel and imports back "
        "in the web app; `plan`, the decomposition plan in 公文 layout.",
    )
    export_.add_argument("what", choices=tuple(EXPORTS), help="; ".join(f"{k}: {v}" for k, v in EXPORTS.items()))
    export_.add_argument("--plan", type=int, required=True, metavar="ID", help="the plan's id")
    export_.add_argument("--out", type=Path, required=True, metavar="FILE", help="the file to write")
    export_.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                         help="table: add the progress columns (default: once tracking has begun)")
    export_.add_argument("--data", type=Path, metavar="DIR", help="the data folder (sets LUOSHI_DATA_DIR)")
    export_.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    export_.set_defaults(run=run_export)


def run_export(args: argparse.Namespace) -> int:
    """`luoshi export table|plan`: what stops it (no database, an unknown plan, a file that cannot be written)
    costs one line on stderr and exit status 1."""
    from .web.server import ServeError

    def make() -> int:
        data = _make_export(args)
        try:
            args.out.parent.mkdir(parents=True, exist_ok=True)
            args.out.write_bytes(data)
        except OSError as e:
            raise ServeError(f"{args.out}: cannot write ({e.strerror or e})") from None
        print(f"luoshi: wrote {args.out} ({len(data):,} bytes)", file=sys.stderr)
        return 0

    return _guarded(make, args.debug)


def _make_export(args: argparse.Namespace) -> bytes:
    from .web import server

    open_database(args.data)

    from .plans.models import Plan

    plan = Plan.objects.select_related("org").filter(pk=args.plan).first()
    if plan is None:
        raise server.ServeError(f"no plan {args.plan} in the database")
    if args.what == "table":
        from .documents.decomposition_xlsx import build_table

        return build_table(plan, progress=args.progress)
    from .documents.decomposition_docx import build_plan_document

    return build_plan_document(plan)


# ---------------------------------------------------------------- suggest (departments for a task)


def add_suggest_parser(commands) -> None:
    suggest = commands.add_parser(
        "suggest", help="suggest the lead and co-operating departments for a task's text",
        description="Print the departments suggested for a task: the lead first, then up to three co-operating "
        "ones, each with its score and the reason (the department named in the text, or the duty words that "
        "matched). With no TEXT, or -, read one task a line from stdin.",
    )
    suggest.add_argument("text", nargs="*", metavar="TEXT", help="the task's text (the words are joined)")
    suggest.add_argument("--catalogue", default="district", metavar="district|national|FILE",
                         help="the departments: `district` (a district government's, the default), `national` "
                         "(the State Council's), or a CSV/XLSX file with a column 名称 (简称, 职责 optional)")
    suggest.add_argument("--format", choices=("text", "json"), default="text",
                         help="text (default) or json (one JSON object a task, a line each)")
    suggest.add_argument("--title", help="the task's title (default: its lead sentence)")
    suggest.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    suggest.set_defaults(run=run_suggest)


def run_suggest(args: argparse.Namespace) -> int:
    """`luoshi suggest`: a catalogue that cannot be read costs one line on stderr and exit status 1."""
    from .engine.departments import CatalogueError, load_catalogue, suggest

    if args.text and args.text != ["-"]:
        tasks = [" ".join(args.text).strip()]
    elif sys.stdin is None or sys.stdin.isatty():
        print("luoshi suggest: give the task's text, or - to read one task a line from stdin", file=sys.stderr)
        return 2
    else:
        tasks = [line.strip() for line in sys.stdin if line.strip()]
    try:
        catalogue = load_catalogue(args.catalogue)
    except CatalogueError as e:
        print(f"luoshi: {e}", file=sys.stderr)
        return 1
    import json

    for number, text in enumerate(tasks):
        found = suggest(text, catalogue, title=args.title)
        if args.format == "json":
            print(json.dumps({"text": text, "catalogue": catalogue.label,
                              "suggestions": [s.as_dict() for s in found]}, ensure_ascii=False))
            continue
        print(("\n" if number else "") + f"任务：{text if len(text) <= 60 else text[:60] + '…'}")
        if not found:
            print("  （无建议：文中没有点名部门，也没有足够的职责词）")
        width = max((_display_width(s.department) for s in found), default=0)
        for s in found:
            role = "牵头" if s.role == "lead" else "配合"
            pad = " " * (width - _display_width(s.department))
            print(f"  {role}  {s.department}{pad}  {s.score:>6.2f}  {s.reason}")
    return 0


def _display_width(text: str) -> int:
    """Columns on a terminal: Chinese characters take two."""
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)
