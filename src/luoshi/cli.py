"""The command line: `luoshi extract FILE…` and `luoshi demo`, thin over the engine.

A file that cannot be read costs one line on stderr (`luoshi: PATH: reason`)
and exit status 1 at the end; the other files are still extracted.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import BinaryIO

from . import __version__, export
from .engine import LuoshiError, Report, analyse_file

FORMATS = ("jsonl", "json", "csv", "md")
SAMPLE = "seed-2023-shizhong.txt"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="luoshi", description="落实: extract the numbers, targets and tasks of government work reports."
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

    demo = commands.add_parser("demo", help="show what luoshi finds in the bundled sample report")
    demo.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    demo.set_defaults(run=run_demo)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status (the console script exits with it)."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as e:  # usage error (2), --help or --version (0)
        return 0 if e.code is None else e.code if isinstance(e.code, int) else 2
    if not getattr(args, "run", None):
        parser.print_help(sys.stderr)
        return 2
    try:
        return args.run(args)
    except KeyboardInterrupt:
        print("luoshi: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `luoshi extract … | head`: the reader has all it wanted
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # so that the flush at exit does not complain
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


# ---------------------------------------------------------------- demo


def run_demo(args: argparse.Namespace) -> int:
    """The sample report as Markdown and a line on what luoshi did (to become the web app)."""
    sample = resources.files("luoshi") / "samples" / SAMPLE
    began = time.perf_counter()
    with resources.as_file(sample) as path:
        report = analyse_safely(str(path), print_error, args.debug)
    if report is None:
        return 1
    seconds = time.perf_counter() - began
    with open_output(None) as stream:
        stream.write(export.report_markdown(report).encode("utf-8"))
    print(
        f"\nluoshi read the sample report {SAMPLE} ({len(report.text):,} characters) in {seconds:.2f} s "
        f"and found {len(report.statements)} quantified statements, {len(report.main_targets)} main targets "
        f"and {len(report.tasks)} tasks."
    )
    return 0
