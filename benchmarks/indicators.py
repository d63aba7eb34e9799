#!/usr/bin/env python3
"""How much of the corpus the indicator catalogue covers (engine/data/indicators.toml).

    python benchmarks/indicators.py [--sample N] [--seed S] [--top N] [--jobs J] [--json]

Runs the engine over the reports of ../shared/corpus (national/ and every
local/**/*.txt, or a random sample of N local files plus all national ones)
and reports:
  - the share of statements mapped to a canonical indicator (canonical_of);
  - the same share for the main targets (主要预期目标 with a number);
  - the statements per canonical indicator;
  - the most frequent indicator texts left unmapped, main targets and all.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from _common import CORPUS, environment, require_shared
from luoshi.engine import LuoshiError, analyse_file
from luoshi.engine.indicators import canonical_of, indicators


def corpus_files(sample: int | None, seed: int) -> list[Path]:
    national = sorted((CORPUS / "national").glob("*.txt"))
    local = sorted((CORPUS / "local").rglob("*.txt"))
    if sample is not None and sample < len(local):
        local = sorted(random.Random(seed).sample(local, sample))
    return national + local


def count_file(path: Path) -> dict:
    """The counts of one report (run in a worker process)."""
    try:
        report = analyse_file(path)
    except LuoshiError as e:
        return {"error": f"{path.name}: {e}"}
    mains = {m.statement.start for m in report.main_targets if m.statement is not None}
    out = {"statements": 0, "mapped": 0, "main": 0, "main_mapped": 0,
           "keys": Counter(), "unmapped": Counter(), "main_unmapped": Counter()}
    for s in report.statements:
        ind = canonical_of(s)
        main = s.start in mains
        out["statements"] += 1
        out["main"] += main
        if ind is not None:
            out["mapped"] += 1
            out["main_mapped"] += main
            out["keys"][ind.key] += 1
        else:
            out["unmapped"][s.indicator] += 1
            if main:
                out["main_unmapped"][s.indicator] += 1
    return out


def share(part: int, whole: int) -> str:
    return f"{part / whole:.1%}" if whole else "n/a"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sample", type=int, help="only N random local reports (all national ones are kept)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--top", type=int, default=30, help="how many unmapped indicator texts to list")
    parser.add_argument("--jobs", type=int, default=1, help="worker processes")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    require_shared()

    files = corpus_files(args.sample, args.seed)
    started = time.perf_counter()
    total = {"statements": 0, "mapped": 0, "main": 0, "main_mapped": 0, "files": 0,
             "keys": Counter(), "unmapped": Counter(), "main_unmapped": Counter()}
    errors = []
    with ProcessPoolExecutor(max_workers=args.jobs) as pool:
        for counts in pool.map(count_file, files, chunksize=8):
            if "error" in counts:
                errors.append(counts["error"])
                continue
            total["files"] += 1
            for key, value in counts.items():
                total[key] += value
    seconds = time.perf_counter() - started

    if args.json:
        print(json.dumps({
            "files": total["files"], "errors": errors, "statements": total["statements"], "mapped": total["mapped"],
            "main_targets": total["main"], "main_mapped": total["main_mapped"],
            "per_indicator": dict(total["keys"].most_common()),
            "unmapped_main": total["main_unmapped"].most_common(args.top),
            "unmapped": total["unmapped"].most_common(args.top),
        }, ensure_ascii=False, indent=1))
        return

    print(f"{environment()}.")
    scope = f"a sample of {args.sample} local reports (seed {args.seed})" if args.sample else "all local reports"
    print(f"Corpus: the national reports and {scope}: {total['files']} files in {seconds:.0f} s; "
          f"{len(indicators())} canonical indicators.\n")
    print("| statements | mapped | share | main targets | mapped | share |")
    print("|---:|---:|---:|---:|---:|---:|")
    print(f"| {total['statements']} | {total['mapped']} | {share(total['mapped'], total['statements'])} "
          f"| {total['main']} | {total['main_mapped']} | {share(total['main_mapped'], total['main'])} |\n")
    print("Statements per canonical indicator: " + ", ".join(f"{k} {v}" for k, v in total["keys"].most_common()))
    for title, counter in (("main targets", total["main_unmapped"]), ("all statements", total["unmapped"])):
        print(f"\nMost frequent unmapped indicator texts ({title}):\n")
        print("| indicator as written | statements |")
        print("|---|---:|")
        for text, n in counter.most_common(args.top):
            print(f"| {text or '(none)'} | {n} |")
    if errors:
        print(f"\n{len(errors)} files could not be read:", *errors[:10], sep="\n  ", file=sys.stderr)


if __name__ == "__main__":
    main()
