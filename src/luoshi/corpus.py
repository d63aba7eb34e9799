"""`luoshi corpus DIR --out FILE`: every report under a folder → one table of its numbers, for researchers.

One row a quantified statement (COLUMNS), and one a main target stated
without a number (居民收入增长和经济增长基本同步: its value cells empty).
`--main-targets`, `--targets` and `--results` keep only those rows. The
table's format follows FILE's extension (table_writers: .csv, .parquet,
.xlsx).

The columns:

- of the file: `doc` (the file's stem), `path` (under DIR), `region`,
  `level`, `report_year` (the year reviewed), `plan_year`;
- of the statement: `indicator` (the canonical key, gdp) and
  `indicator_name` (地区生产总值) when the catalogue has it,
  `indicator_text` (as written), `measure` (level, change), `value`,
  `value_high` (a range's end), `unit`, `cmp` (eq, ge, le, approx, range),
  `hedge` (力争, 预计 …), `role` (result, target);
- `period`: `multi_year` for a figure over several years (年均增长7%,
  “十五”期间, 五年累计), else `year`;
- `is_main_target`: one of the plan year's main targets (主要预期目标);
- `plan_year_target`: the plan year's target of its canonical indicator,
  at most one row per report and indicator (engine.targets.
  plan_year_targets): in the indicator's usual measure (a growth rate for
  gdp), the main target's when it is one, multi-year figures left out;
  filter `indicator == "gdp"` and `plan_year_target` for each report's GDP
  growth target (none for a report that states none);
- `quote` (the clause, as read), `start`, `end` (the span in the text as
  read).

How a run goes:

1. The report files under DIR are found (nested folders; hidden ones and
   Word's ~$ lock files skipped): every type the loader reads, and the
   document types it cannot read (.doc, .wps, .rtf, .ofd), so that those
   are listed with the loader's advice. Other files are ignored.
2. They are analysed in N processes. As each file finishes, a line goes to
   the journal FILE-without-extension.journal.jsonl: the file's path, size
   and modification time, and its rows — or why it could not be read.
3. When every file is done, the table is written from the journal in the
   order of the files' paths (the same table whatever N), one batch of rows
   at a time, and the files that could not be read go to
   FILE-without-extension.errors.csv (path, reason).

Memory holds the list of files and where each one's line starts in the
journal, never the rows of more than one batch.

Resume: run the same command again. The journal's finished files are not
analysed again (unless their size or time changed); files that could not be
read are tried again; files no longer under DIR leave the table. A line cut
off by an interruption is dropped. The journal stays after a complete run: a
second run with other options (--results, another format) only rewrites the
table. `--restart` deletes it and starts afresh.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from .engine.indicators import canonical_of, match_indicator
from .engine.loading import FORMATS as READABLE
from .engine.model import Report
from .engine.targets import is_multi_year, plan_year_targets
from .table_writers import TableFormatError, format_of, open_table

# Document types the loader explains it cannot read (save as .docx, export as PDF): listed with its reason.
UNREADABLE_DOCUMENTS = frozenset({".doc", ".wps", ".rtf", ".ofd"})

FILE_COLUMNS = (
    ("doc", "str"), ("path", "str"), ("region", "str"), ("level", "str"), ("report_year", "int"),
    ("plan_year", "int"),
)
ROW_COLUMNS = (
    ("indicator", "str"), ("indicator_name", "str"), ("indicator_text", "str"), ("measure", "str"),
    ("value", "float"), ("value_high", "float"), ("unit", "str"), ("cmp", "str"), ("hedge", "str"),
    ("role", "str"), ("period", "str"), ("is_main_target", "bool"), ("plan_year_target", "bool"),
    ("quote", "str"), ("start", "int"), ("end", "int"),
)
COLUMNS = FILE_COLUMNS + ROW_COLUMNS
ERROR_COLUMNS = (("path", "str"), ("reason", "str"))
_COLUMN_NAMES = [name for name, _ in COLUMNS]
_ROLE = [name for name, _ in ROW_COLUMNS].index("role")
_MAIN = [name for name, _ in ROW_COLUMNS].index("is_main_target")
KEEP: dict[str, Callable[[list], bool]] = {
    "all": lambda row: True,
    "main-targets": lambda row: bool(row[_MAIN]),
    "targets": lambda row: row[_ROLE] == "target",
    "results": lambda row: row[_ROLE] == "result",
}
BATCH = 20_000  # rows written at a time
JOURNAL = "luoshi corpus journal"
CRASHED = ("the analysis of this file stopped its worker process (it crashed or ran out of memory); "
           "check that the file opens normally")


class CorpusError(Exception):
    """What stops a run before or after the analysis, in one line."""


# ---------------------------------------------------------------- the command


def add_parser(commands) -> None:
    corpus = commands.add_parser(
        "corpus", help="every report under a folder → one table of its numbers (.csv, .parquet, .xlsx)",
        description="Analyse every report under DIR (txt, docx, pdf, html; nested folders) and write one table "
        "with a row for each quantified statement: doc, path, region, level, report_year, plan_year, indicator "
        "(canonical key), indicator_name, indicator_text (as written), measure, value, value_high, unit, cmp, "
        "hedge, role, period (year or multi_year), is_main_target, plan_year_target (the plan year's target of "
        "its indicator: one row per report and indicator), quote, start, end. Files that cannot be read never "
        "stop the run: they are "
        "listed with the reason in FILE.errors.csv (for 指标.csv: 指标.errors.csv).",
        epilog="Resume: each file is recorded in FILE.journal.jsonl as it finishes (for 指标.csv: "
        "指标.journal.jsonl). After an interruption run the same command again: only the rest is analysed. "
        "--restart starts afresh.",
    )
    corpus.add_argument("dir", type=Path, metavar="DIR", help="the folder of reports")
    corpus.add_argument("--out", type=Path, required=True, metavar="FILE",
                        help="the table to write: .csv (UTF-8 for Excel), .parquet or .xlsx")
    keep = corpus.add_mutually_exclusive_group()
    keep.add_argument("--main-targets", dest="keep", action="store_const", const="main-targets",
                      help="only the plan year's main targets (主要预期目标)")
    keep.add_argument("--targets", dest="keep", action="store_const", const="targets",
                      help="only targets (role target)")
    keep.add_argument("--results", dest="keep", action="store_const", const="results",
                      help="only results (role result)")
    corpus.set_defaults(keep="all")
    corpus.add_argument("--workers", type=_positive, default=None, metavar="N",
                        help=f"processes (default: every core, {cores()} here)")
    corpus.add_argument("--restart", action="store_true",
                        help="forget the journal of an earlier run and analyse every file again")
    corpus.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    corpus.set_defaults(run=run)


def _positive(text: str) -> int:
    from .cli import _positive

    return _positive(text)


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def journal_path(out: Path) -> Path:
    """Beside the table: 指标.csv → 指标.journal.jsonl (shared by the .csv, .parquet and .xlsx of one name)."""
    return out.with_suffix(".journal.jsonl")


def errors_path(out: Path) -> Path:
    """指标.csv → 指标.errors.csv."""
    return out.with_suffix(".errors.csv")


def run(args: argparse.Namespace) -> int:
    from .cli import print_error

    try:
        return _run(args)
    except (CorpusError, TableFormatError) as e:
        print_error(f"luoshi: {e}")
        return 1
    except OSError as e:  # the system refusing worker processes, say
        print_error(f"luoshi: corpus: {e.strerror or e}")
        return 1


def _run(args: argparse.Namespace) -> int:
    root, out = args.dir.expanduser().resolve(), args.out.expanduser().absolute()
    format_of(out)
    if not root.is_dir():
        raise CorpusError(f"{args.dir}: not a folder" if root.exists() else f"{args.dir}: no such folder")
    files, ignored = find_reports(root)
    if not files:
        raise CorpusError(f"{args.dir}: no report files (.txt, .docx, .pdf, .html) in it or its subfolders")
    try:
        journal = Journal(journal_path(out), root, restart=args.restart)
    except OSError as e:
        raise CorpusError(f"{journal_path(out)}: cannot write the journal ({e.strerror or e})") from None
    with journal:
        todo = [f for f in files if not journal.finished(f)]
        try:
            analyse(todo, args.workers or cores(), journal, getattr(args, "debug", False))
        except KeyboardInterrupt:
            done = sum(1 for f in files if journal.finished(f))
            print(f"\nluoshi corpus: interrupted; {done} of {len(files)} files done and kept in "
                  f"{journal.path.name}: run the same command again to do the rest", file=sys.stderr)
            return 130
        try:
            rows = write_table(out, journal, files, args.keep)
            failed = write_errors(errors_path(out), journal, files)
        except OSError as e:
            raise CorpusError(f"{out}: cannot write ({e.strerror or e})") from None
    earlier = len(files) - len(todo)
    notes = [f"{earlier} of them done earlier, from {journal.path.name}" if earlier else "",
             f"{ignored} other file{'s' if ignored > 1 else ''} ignored" if ignored else ""]
    notes = "; ".join(n for n in notes if n)
    print(f"luoshi corpus: {len(files) - failed} of {len(files)} files read{f' ({notes})' if notes else ''}, "
          f"{rows:,} rows → {out.name}"
          + (f"; {failed} could not be read, listed in {errors_path(out).name}" if failed else ""), file=sys.stderr)
    return 0


# ---------------------------------------------------------------- the files


class Item(NamedTuple):
    rel: str  # the path under DIR, with /
    path: str  # the path to open
    stamp: tuple[int, int] | None  # size and modification time (ns); None when stat failed


def find_reports(root: Path) -> tuple[list[Item], int]:
    """The report files under `root` in path order, and the number of other files ignored."""
    found, ignored = [], 0
    for folder, dirs, names in os.walk(root):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in names:
            if name.startswith((".", "~$")):
                continue
            ext = os.path.splitext(name)[1].lower()
            if ext not in READABLE and ext not in UNREADABLE_DOCUMENTS:
                ignored += 1
                continue
            path = os.path.join(folder, name)
            try:
                info = os.stat(path)
                stamp = (info.st_size, info.st_mtime_ns)
            except OSError:
                stamp = None
            found.append(Item(Path(path).relative_to(root).as_posix(), path, stamp))
    found.sort(key=lambda item: item.rel)
    return found, ignored


# ---------------------------------------------------------------- one file (in a worker process)


def analyse_one(path: str, debug: bool = False) -> tuple[list | None, list[list] | str]:
    """(the file's fields, its rows), or (None, why it cannot be read in plain words)."""
    from .cli import analyse_safely

    said: list[str] = []
    report = analyse_safely(path, said.append, debug)
    if report is None:
        return None, _reason(said[-1] if said else "internal error", path)
    try:
        return file_fields(report), report_rows(report)
    except Exception as e:  # a bug: this file is listed, the others go on
        return None, f"internal error: {type(e).__name__}: {e}"


def _reason(line: str, path: str) -> str:
    """analyse_safely's line without its `luoshi: PATH: ` prefix."""
    prefix = f"luoshi: {path}: "
    return line[len(prefix):] if line.startswith(prefix) else line


def file_fields(report: Report) -> list:
    m = report.metadata
    return [report.doc, m.region, m.level.value if m.level else None, m.report_year, m.plan_year]


def report_rows(report: Report) -> list[list]:
    """The rows of ROW_COLUMNS of a report, in the order of the text."""
    main = {(t.statement.start, t.statement.end) for t in report.main_targets if t.statement}
    plan_year = {(t.start, t.end) for t in plan_year_targets(report).values()}
    rows = []
    for s in report.statements:
        found = canonical_of(s)
        rows.append([
            found.key if found else None, found.name if found else None, s.indicator, s.measure.value,
            _decimal(s.value), _decimal(s.value_high), s.unit, s.cmp.value, s.hedge, s.role.value,
            "multi_year" if is_multi_year(report.text, s) else "year", (s.start, s.end) in main,
            (s.start, s.end) in plan_year, s.quote, s.start, s.end,
        ])
    for t in report.main_targets:
        if t.statement is None:
            found = match_indicator(t.indicator)
            rows.append([
                found.key if found else None, found.name if found else None, t.indicator,
                None, None, None, None, None, None, "target", "year", True, False, t.text, t.start, t.end,
            ])
    rows.sort(key=lambda row: (row[-2], row[-1]))
    return rows


def _decimal(value: float | None) -> float | None:
    """The value as the report's decimals give it: 19.92万 is 199200, not 199200.00000000003.

    >>> _decimal(19.92 * 10000), _decimal(None)
    (199200.0, None)
    """
    return None if value is None else float(f"{value:.15g}")


# ---------------------------------------------------------------- the journal


@dataclass(frozen=True)
class _Entry:
    offset: int  # where the file's line starts in the journal
    stamp: tuple[int, int] | None
    error: str | None


class Journal:
    """The files finished so far: one JSON line each, appended and flushed as each finishes.

    The first line names the folder the run is over and the columns of its
    rows; then
    ``{"path", "size", "mtime_ns", "file": [doc, region, …], "rows": [[…], …]}``
    or ``{"path", "size", "mtime_ns", "error": reason}``. A later line for
    the same path replaces an earlier one. A journal whose columns are not
    today's (written by an earlier version of luoshi) is started afresh.
    """

    def __init__(self, path: Path, root: Path, restart: bool = False):
        self.path = path
        self.entries: dict[str, _Entry] = {}
        path.parent.mkdir(parents=True, exist_ok=True)
        if restart:
            path.unlink(missing_ok=True)
        self.size = self._read(str(root)) if path.exists() and path.stat().st_size else 0
        self.stream = open(path, "ab")  # noqa: SIM115 (closed by __exit__)
        self.stream.truncate(self.size)  # a line cut off by an interruption
        if not self.size:
            self._append({"journal": JOURNAL, "dir": str(root), "columns": _COLUMN_NAMES})
        self.reader = open(path, "rb")  # noqa: SIM115 (closed by __exit__)

    def _read(self, root: str) -> int:
        """Index the lines of an earlier run; returns where its last complete line ends."""
        with open(self.path, "rb") as f:
            header = _json(f.readline())
            if not isinstance(header, dict) or header.get("journal") != JOURNAL:
                raise CorpusError(f"{self.path}: not the journal of a `luoshi corpus` run; move it away, or "
                                  "name another --out")
            if header.get("dir") != root:
                raise CorpusError(f"{self.path}: the journal of a run over another folder ({header.get('dir')}); "
                                  "name another --out, or add --restart to start afresh over this one")
            if header.get("columns") != _COLUMN_NAMES:
                return 0  # rows of other columns: every file is analysed again
            end = f.tell()
            for line in iter(f.readline, b""):
                if not line.endswith(b"\n"):
                    break
                entry = _json(line)
                if isinstance(entry, dict) and isinstance(entry.get("path"), str):
                    stamp = (entry.get("size"), entry.get("mtime_ns"))
                    error = entry.get("error")
                    self.entries[entry["path"]] = _Entry(end, stamp if None not in stamp else None, error)
                end += len(line)
        return end

    def finished(self, item: Item) -> bool:
        entry = self.entries.get(item.rel)
        return bool(entry and entry.error is None and entry.stamp == item.stamp)

    def record(self, item: Item, fields: list | None, result: list[list] | str) -> None:
        size, mtime = item.stamp or (None, None)
        entry = {"path": item.rel, "size": size, "mtime_ns": mtime}
        if fields is None:
            entry["error"] = result
        else:
            entry["file"], entry["rows"] = fields, result
        offset = self._append(entry)
        self.entries[item.rel] = _Entry(offset, item.stamp, entry.get("error"))

    def _append(self, entry: dict) -> int:
        line = (json.dumps(entry, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")
        offset = self.size
        try:
            self.stream.write(line)
            self.stream.flush()
        except OSError as e:  # a full disk: the files recorded so far stay recorded
            raise CorpusError(f"{self.path}: cannot write the journal ({e.strerror or e})") from None
        self.size += len(line)
        return offset

    def error(self, item: Item) -> str | None:
        entry = self.entries.get(item.rel)
        return entry.error if entry else None

    def rows(self, item: Item) -> Iterator[list]:
        """The rows of a finished file, FILE_COLUMNS and ROW_COLUMNS together."""
        if not self.finished(item):
            return
        self.reader.seek(self.entries[item.rel].offset)
        entry = json.loads(self.reader.readline())
        doc, *rest = entry["file"]
        for row in entry["rows"]:
            yield [doc, item.rel, *rest, *row]

    def __enter__(self) -> Journal:
        return self

    def __exit__(self, *exc) -> None:
        self.stream.close()
        self.reader.close()


def _json(line: bytes):
    try:
        return json.loads(line)
    except ValueError:
        return None


# ---------------------------------------------------------------- analysing


def analyse(todo: list[Item], workers: int, journal: Journal, debug: bool = False) -> None:
    """Analyse each file, in `workers` processes, recording each in the journal as it finishes."""
    if not todo:
        return
    bar, say = _progress(len(todo), "luoshi corpus")

    def finish(item: Item, fields: list | None, result) -> None:
        journal.record(item, fields, result)
        if fields is None:
            say(f"luoshi: {item.rel}: {result}")
        if bar is not None:
            bar.update()

    try:
        if workers == 1 or len(todo) == 1:
            for item in todo:
                finish(item, *analyse_one(item.path, debug))
        else:
            _analyse_in_processes(todo, min(workers, len(todo)), finish, debug)
    finally:
        if bar is not None:
            bar.close()


def _progress(total: int, title: str):
    """A progress bar on a terminal (and a way to print above it), or none."""
    from .cli import print_error

    if not sys.stderr.isatty():
        return None, print_error
    from tqdm import tqdm

    bar = tqdm(total=total, unit="file", file=sys.stderr, desc=title, dynamic_ncols=True)
    return bar, lambda line: tqdm.write(line, file=sys.stderr)


def _ignore_interrupt() -> None:
    """In a worker: Ctrl-C is the parent's to handle (it lets the files under way finish, then stops)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _analyse_in_processes(todo: list[Item], workers: int, finish, debug: bool) -> None:
    """A few files in flight per process, results taken as they come.

    When a worker process dies (a crash, the kernel killing it for memory),
    the files then in flight are run again one at a time in a new pool: the
    one that kills its process alone is listed as unreadable, the others go on.
    """
    queue, alone = deque(todo), set()
    while queue:
        with ProcessPoolExecutor(workers, initializer=_ignore_interrupt) as pool:
            try:
                _feed(pool, queue, alone, workers, finish, debug)
            except KeyboardInterrupt:
                pool.shutdown(wait=True, cancel_futures=True)
                raise


def _feed(pool, queue: deque, alone: set, workers: int, finish, debug: bool) -> None:
    running: dict = {}

    def can_submit() -> bool:
        if not queue or len(running) >= 2 * workers:
            return False
        if any(item in alone for item in running.values()):
            return False
        return not (queue[0] in alone and running)

    while queue or running:
        try:
            while can_submit():
                running[pool.submit(analyse_one, queue[0].path, debug)] = queue[0]
                queue.popleft()
        except BrokenProcessPool:
            break
        done, _ = wait(running, return_when=FIRST_COMPLETED)
        if any(isinstance(f.exception(), BrokenProcessPool) for f in done):
            break
        for future in done:
            item, error = running.pop(future), future.exception()
            if error is None:
                finish(item, *future.result())
            else:  # analyse_one catches everything; this is a bug in passing the result back
                finish(item, None, f"internal error: {type(error).__name__}: {error}")
    else:
        return
    suspects = []
    for future, item in running.items():  # some may have finished before the pool broke
        if future.done() and future.exception() is None:
            finish(item, *future.result())
        else:
            suspects.append(item)
    if not suspects and not queue:
        return
    if not suspects:
        raise CorpusError("the worker processes stopped before analysing any file; try --workers 1")
    if len(suspects) == 1:
        finish(suspects[0], None, CRASHED)
    else:
        alone.update(suspects)
        queue.extendleft(reversed(suspects))


# ---------------------------------------------------------------- the table and the error file


def write_table(out: Path, journal: Journal, files: list[Item], keep: str = "all") -> int:
    """The rows kept of every finished file, in path order, a batch at a time; returns how many."""
    wanted, offset = KEEP[keep], len(FILE_COLUMNS)
    bar, _ = _progress(len(files), f"writing {out.name}")
    with open_table(out, COLUMNS) as table:
        batch: list[list] = []
        for item in files:
            batch.extend(row for row in journal.rows(item) if wanted(row[offset:]))
            if len(batch) >= BATCH:
                table.write(batch)
                batch = []
            if bar is not None:
                bar.update()
        table.write(batch)
    if bar is not None:
        bar.close()
    return table.rows


def write_errors(path: Path, journal: Journal, files: list[Item]) -> int:
    """path, reason of each file that could not be read (just the header when none); returns how many."""
    with open_table(path, ERROR_COLUMNS) as table:
        for item in files:
            if not journal.finished(item):
                table.write([[item.rel, journal.error(item) or "not analysed"]])
    return table.rows
