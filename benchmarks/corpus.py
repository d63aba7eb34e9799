#!/usr/bin/env python3
"""Corpus mode (`luoshi corpus DIR --out FILE`): speed, and memory that does not grow with the number of files.

    python benchmarks/corpus.py [--workers 2] [--copies 2000] [--keep DIR]

(a) the whole national corpus (../shared/corpus/national) with --workers
processes, a fresh run: MB/s and files/s, wall clock of the whole command
(start-up, analysis, journal, table). (b) --copies copies of corpus files
(the local corpus, ../shared/corpus/local, taken in turn; copied into a
temporary folder, nested two levels) in one run: the resident memory of the
parent process and of each worker, sampled from /proc every 0.1 s, given
when 200, 1,000 and 2,000 files are finished (counted from the journal as it
grows) and at its peak, with the time taken. (c) the table of (b) written
again from its journal as .parquet and .xlsx (no file analysed): time and
the parent's peak memory. Prints Markdown for BENCHMARKS.md. The machine's
load average is printed too: other work on the cores slows every figure.
A script, not a test: it asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from _common import CORPUS, ROOT, environment, require_shared

NATIONAL = CORPUS / "national"
LOCAL = CORPUS / "local"
MARKS = (200, 1000, 2000)
PAGE_KB = os.sysconf("SC_PAGE_SIZE") // 1024


def corpus_command(folder: Path, out: Path, workers: int, *extra: str) -> list[str]:
    return [sys.executable, "-m", "luoshi", "corpus", str(folder), "--out", str(out), "--workers", str(workers),
            *extra]


def environment_for_luoshi() -> dict:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT / "src"), env.get("PYTHONPATH")]))
    return env


# ---------------------------------------------------------------- memory from /proc


def rss_mb(pid: int) -> float:
    """Resident memory of a process in MB (0 when it has gone)."""
    try:
        with open(f"/proc/{pid}/statm", encoding="ascii") as f:
            return int(f.read().split()[1]) * PAGE_KB / 1024
    except (OSError, IndexError, ValueError):
        return 0.0


def children(pid: int) -> list[int]:
    """The processes whose parent is `pid` (the workers of the pool)."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", encoding="utf-8", errors="replace") as f:
                    fields = f.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry))
    return found


class Sampler(threading.Thread):
    """Samples the parent's and the workers' memory, and the files finished (lines of the journal)."""

    def __init__(self, pid: int, journal: Path):
        super().__init__(daemon=True)
        self.pid, self.journal = pid, journal
        self.stop = threading.Event()
        self.finished, self.lines, self.read_to = 0, 0, 0
        self.peak_parent = self.peak_worker = 0.0
        self.at: dict[int, tuple[float, float, float, float]] = {}  # files → (s, parent, worker, peak so far)
        self.began = time.perf_counter()

    def run(self) -> None:
        while not self.stop.is_set():
            self.sample()
            self.stop.wait(0.1)

    def sample(self) -> None:
        parent = rss_mb(self.pid)
        worker = max((rss_mb(c) for c in children(self.pid)), default=0.0)
        self.peak_parent, self.peak_worker = max(self.peak_parent, parent), max(self.peak_worker, worker)
        self.count_lines()
        for mark in MARKS:
            if self.finished >= mark and mark not in self.at:
                self.at[mark] = (time.perf_counter() - self.began, parent, worker, self.peak_worker)

    def count_lines(self) -> None:
        try:
            with open(self.journal, "rb") as f:
                f.seek(self.read_to)
                data = f.read()
        except OSError:
            return
        self.read_to += len(data)
        self.lines += data.count(b"\n")
        self.finished = max(0, self.lines - 1)  # the first line is the journal's header


def run_sampled(command: list[str], journal: Path) -> tuple[Sampler, float, str]:
    began = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                               env=environment_for_luoshi())
    sampler = Sampler(process.pid, journal)
    sampler.start()
    _, err = process.communicate()
    seconds = time.perf_counter() - began
    sampler.stop.set()
    sampler.join()
    if process.returncode != 0:
        sys.exit(f"error: `{' '.join(command)}` failed ({process.returncode}):\n{err}")
    return sampler, seconds, err.strip().splitlines()[-1]


# ---------------------------------------------------------------- the runs


def national_speed(work: Path, workers: int) -> list[tuple[str, str]]:
    paths = sorted(p for p in NATIONAL.rglob("*") if p.is_file())
    megabytes = sum(p.stat().st_size for p in paths) / 1e6
    out = work / "national.csv"
    began = time.perf_counter()
    done = subprocess.run(corpus_command(NATIONAL, out, workers, "--restart"), capture_output=True, text=True,
                          env=environment_for_luoshi())
    seconds = time.perf_counter() - began
    if done.returncode != 0:
        sys.exit(f"error: luoshi corpus failed on {NATIONAL}:\n{done.stderr}")
    began = time.perf_counter()
    subprocess.run([sys.executable, "-m", "luoshi", "--version"], capture_output=True, env=environment_for_luoshi())
    start_up = time.perf_counter() - began
    return [
        ("(a) national corpus", f"{len(paths)} files, {megabytes:.2f} MB, {workers} processes"),
        ("(a) wall clock, the whole command (s)", f"{seconds:.2f} (of which {start_up:.2f} starting Python and "
         "luoshi: `luoshi --version`)"),
        ("(a) throughput (MB/s)", f"{megabytes / seconds:.2f}"),
        ("(a) throughput (files/s)", f"{len(paths) / seconds:.1f}"),
        ("(a) summary line", done.stderr.strip().splitlines()[-1]),
    ]


def make_copies(folder: Path, copies: int) -> tuple[int, float]:
    """`copies` files taken in turn from the local corpus (or the national one), nested two levels."""
    sources = sorted(p for p in (LOCAL if LOCAL.is_dir() else NATIONAL).rglob("*.txt"))
    total = 0
    for i in range(copies):
        source = sources[i % len(sources)]
        target = folder / f"{i // 500:02d}" / f"{(i // 50) % 10}" / f"{i:05d}-{source.name}"
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
        total += source.stat().st_size
    return len(sources), total / 1e6


def copies_memory(work: Path, workers: int, copies: int) -> tuple[list[tuple[str, str]], Path]:
    folder = work / "copies"
    sources, megabytes = make_copies(folder, copies)
    out = work / "copies.csv"
    sampler, seconds, summary = run_sampled(corpus_command(folder, out, workers, "--restart"),
                                            out.with_suffix(".journal.jsonl"))
    rows = [("(b) copies", f"{copies} files ({sources} distinct sources, {megabytes:.1f} MB), {workers} processes"),
            ("(b) wall clock (s)", f"{seconds:.1f} ({megabytes / seconds:.2f} MB/s, {copies / seconds:.1f} files/s)")]
    for mark in MARKS:
        if mark in sampler.at:
            at, parent, worker, peak = sampler.at[mark]
            rows.append((f"(b) after {mark:,} files ({at:.0f} s): parent / largest worker RSS (MB)",
                         f"{parent:.0f} / {f'{worker:.0f}' if worker else '— (workers gone)'} "
                         f"(worker peak so far {peak:.0f})"))
    rows += [("(b) peak RSS over the run: parent / largest worker (MB)",
              f"{sampler.peak_parent:.0f} / {sampler.peak_worker:.0f}"),
             ("(b) table", f"{out.stat().st_size / 1e6:.1f} MB CSV; journal "
                           f"{out.with_suffix('.journal.jsonl').stat().st_size / 1e6:.1f} MB"),
             ("(b) summary line", summary)]
    return rows, folder


def rewrite(work: Path, folder: Path, workers: int) -> list[tuple[str, str]]:
    rows = []
    for fmt in ("parquet", "xlsx"):
        out = work / f"copies.{fmt}"  # the same name: the journal of (b) serves
        sampler, seconds, _ = run_sampled(corpus_command(folder, out, workers), work / "none")
        rows.append((f"(c) the table of (b) as .{fmt} from the journal: time (s), parent peak RSS (MB)",
                     f"{seconds:.1f}, {sampler.peak_parent:.0f} ({out.stat().st_size / 1e6:.1f} MB)"))
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--workers", type=int, default=2, help="processes (default: 2)")
    parser.add_argument("--copies", type=int, default=2000, help="files in run (b) (default: 2000)")
    parser.add_argument("--keep", type=Path, metavar="DIR", help="work here and keep the files (default: a "
                        "temporary folder, deleted)")
    parser.add_argument("--skip-rewrite", action="store_true", help="leave out (c)")
    args = parser.parse_args()
    require_shared()
    if not NATIONAL.is_dir():
        sys.exit(f"error: {NATIONAL} is missing: the benchmark needs the shared national corpus")
    load = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="luoshi-corpus-") as temporary:
        work = args.keep or Path(temporary)
        work.mkdir(parents=True, exist_ok=True)
        rows = national_speed(work, args.workers)
        more, folder = copies_memory(work, args.workers, args.copies)
        rows += more
        if not args.skip_rewrite:
            rows += rewrite(work, folder, args.workers)
    print(f"Measured {time.strftime('%Y-%m-%d')}; {environment()}; load average {load:.2f} at the start "
          f"(other processes on the same cores), {os.getloadavg()[0]:.2f} at the end.\n")
    print("| measure | value |\n|---|---|")
    for name, value in rows:
        print(f"| {name} | {value} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
