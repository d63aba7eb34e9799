#!/usr/bin/env python3
"""How fast luoshi analyses reports, and how much memory it needs.

    python benchmarks/speed.py [--runs 3] [--sample-runs 20]

(a) `analyse_text` (everything: metadata, outline, statements, targets,
tasks) over every report of ../shared/corpus/national: the texts are read
first and only the analysis is timed, best of --runs; (b) the bundled sample
report alone, median of --sample-runs, in ms; (c) peak resident memory of a
fresh process that analyses the whole national corpus, and of one that only
reads it (the baseline). Pinned to one CPU where the system allows it.
Prints a Markdown table for BENCHMARKS.md. A script, not a test: it asserts
nothing about time.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

from _common import CORPUS, SAMPLE, environment, pin_to_one_core, require_shared
from luoshi.engine import analyse_text, load

NATIONAL = CORPUS / "national"


def read_texts(paths: list[Path]) -> list[tuple[str, str]]:
    """(doc, text) of each file, read the way the engine reads it."""
    return [(p.stem, load(p).text) for p in paths]


def analyse_all(texts: list[tuple[str, str]]) -> int:
    """Analyse every text; returns the number of statements found (so nothing is optimised away)."""
    return sum(len(analyse_text(text, doc=doc).statements) for doc, text in texts)


def best_time(texts: list[tuple[str, str]], runs: int) -> tuple[float, int]:
    """The fastest of `runs` passes over all texts, in seconds, and the statements found."""
    times, found = [], 0
    for _ in range(runs):
        began = time.perf_counter()
        found = analyse_all(texts)
        times.append(time.perf_counter() - began)
    return min(times), found


def median_ms(text: str, runs: int) -> float:
    analyse_text(text, doc=SAMPLE.stem)  # warm up the engine's caches once
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        analyse_text(text, doc=SAMPLE.stem)
        times.append(time.perf_counter() - began)
    return statistics.median(times) * 1000


def peak_memory_mb(analyse: bool) -> float:
    """Peak RSS in MB of a fresh process that reads (and, if `analyse`, analyses) the national corpus."""
    probe = [sys.executable, __file__, "--memory-probe", "analyse" if analyse else "read"]
    done = subprocess.run(probe, capture_output=True, text=True, check=True)
    return json.loads(done.stdout)["max_rss_kb"] / 1024


def memory_probe(mode: str) -> None:
    """The child of peak_memory_mb: prints its own peak RSS (Linux reports kB)."""
    texts = read_texts(sorted(NATIONAL.glob("*.txt")))
    if mode == "analyse":
        analyse_all(texts)
    print(json.dumps({"max_rss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))


def measure(runs: int, sample_runs: int) -> list[tuple[str, str]]:
    paths = sorted(NATIONAL.glob("*.txt"))
    if not paths:
        sys.exit(f"error: no reports in {NATIONAL}")
    megabytes = sum(p.stat().st_size for p in paths) / 1e6
    texts = read_texts(paths)
    seconds, found = best_time(texts, runs)
    sample_ms = median_ms(load(SAMPLE).text, sample_runs)
    peak, baseline = peak_memory_mb(analyse=True), peak_memory_mb(analyse=False)
    return [
        ("national corpus", f"{len(paths)} files, {megabytes:.2f} MB, {found} statements found"),
        (f"analysis time, best of {runs} (s)", f"{seconds:.2f}"),
        ("throughput (MB/s)", f"{megabytes / seconds:.2f}" if seconds else "—"),
        ("throughput (files/s)", f"{len(paths) / seconds:.1f}" if seconds else "—"),
        (f"sample report ({SAMPLE.stat().st_size / 1000:.0f} kB), median of {sample_runs} (ms)", f"{sample_ms:.1f}"),
        ("peak memory, analysing the national corpus (MB)", f"{peak:.1f}"),
        ("of which Python, luoshi and the texts alone (MB)", f"{baseline:.1f}"),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3, help="passes over the national corpus (best is kept)")
    parser.add_argument("--sample-runs", type=int, default=20, help="runs on the sample report (median is kept)")
    parser.add_argument("--memory-probe", choices=("read", "analyse"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    require_shared()
    pinned = pin_to_one_core()
    if args.memory_probe:
        memory_probe(args.memory_probe)
        return 0
    rows = measure(max(1, args.runs), max(1, args.sample_runs))
    print(f"Measured {time.strftime('%Y-%m-%d')}; {environment()}; {pinned}.\n")
    print("| measure | value |\n|---|---|")
    for name, value in rows:
        print(f"| {name} | {value} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
