#!/usr/bin/env python3
"""How well luoshi extracts statements and tasks, scored by the official scorers.

    python benchmarks/accuracy.py [--json] [--misses N]

Statements (../shared/eval/score.py, METRICS.md) on:
  - the sample report: ../shared/eval/seed_gold.jsonl, docs in ../shared/eval/docs;
  - each gold list benchmarks/gold/NAME.jsonl. Their docs are corpus files
    found by stem under ../shared/corpus. They cover only regions of each
    document, listed in benchmarks/gold/NAME.regions.jsonl and/or
    benchmarks/gold/regions.jsonl as {"doc", "start", "end"}; only predictions
    that start inside a region of their doc are scored.
and overall (micro: all gold and predictions together).
Tasks (../shared/eval/score_tasks.py, TASKS.md) on ../shared/eval/seed_tasks.jsonl,
and on benchmarks/gold/NAME.tasks.jsonl when there are such files.

Predictions are written to benchmarks/out/ (git ignores it) so that the
scorers can be run on them by hand.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from _common import CORPUS, EVAL, ROOT, environment, read_jsonl, require_shared
from luoshi import __version__, export
from luoshi.engine import analyse_file

GOLD_DIR = ROOT / "benchmarks" / "gold"
OUT_DIR = ROOT / "benchmarks" / "out"
WARNINGS: list[str] = []


@dataclass
class GoldSet:
    name: str
    kind: str  # "statements" or "tasks"
    gold: list[dict]
    regions: dict[str, list[tuple[int, int]]] | None = None  # None: the whole of every doc
    result: dict = field(default_factory=dict)
    misses: list[dict] = field(default_factory=list)
    spurious: list[dict] = field(default_factory=list)


def warn(message: str) -> None:
    WARNINGS.append(message)
    print(f"warning: {message}", file=sys.stderr)


def import_scorer(name: str):
    """The official scorer ../shared/eval/NAME.py as a module."""
    spec = importlib.util.spec_from_file_location(f"shared_eval_{name}", EVAL / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# ---------------------------------------------------------------- documents and predictions


@cache
def document_paths() -> dict[str, Path]:
    """Every document by its id (file stem): the corpus, then the eval docs."""
    paths = {p.stem: p for p in sorted(CORPUS.rglob("*.txt"))}
    paths.update({p.stem: p for p in sorted((EVAL / "docs").glob("*.txt"))})
    return paths


@cache
def document_text(doc: str) -> str:
    """The text as the scorer reads it (UTF-8), which gold offsets refer to."""
    return document_paths()[doc].read_text(encoding="utf-8")


@cache
def analyse(doc: str):
    """The engine's report on a document, or None (with a warning) when it fails."""
    try:
        return analyse_file(document_paths()[doc])
    except Exception as e:  # a failure is a result to show, not a reason to stop
        warn(f"{doc}: the engine failed: {type(e).__name__}: {e}")
        return None


def predictions(doc: str, kind: str) -> list[dict]:
    report = analyse(doc)
    return export.records(report, kind) if report else []


def in_regions(record: dict, regions: dict[str, list[tuple[int, int]]] | None) -> bool:
    if regions is None:
        return True
    return any(start <= record["start"] < end for start, end in regions.get(record["doc"], ()))


def predictions_for(gold_set: GoldSet) -> list[dict]:
    docs = sorted({g["doc"] for g in gold_set.gold})
    return [p for doc in docs for p in predictions(doc, gold_set.kind) if in_regions(p, gold_set.regions)]


def link_documents(docs: set[str], folder: Path) -> Path:
    """DOC.txt links in `folder` for the statement scorer, which wants every doc in one folder."""
    for doc in docs:
        (folder / f"{doc}.txt").symlink_to(document_paths()[doc].resolve())
    return folder


# ---------------------------------------------------------------- gold sets


def read_regions(*paths: Path) -> dict[str, list[tuple[int, int]]]:
    regions: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for path in paths:
        if path.exists():
            for row in read_jsonl(path):
                regions[row["doc"]].append((int(row["start"]), int(row["end"])))
    return dict(regions)


def known_docs_only(name: str, gold: list[dict]) -> list[dict]:
    missing = sorted({g["doc"] for g in gold} - set(document_paths()))
    if missing:
        warn(f"{name}: no document found for {', '.join(missing)}: their gold lines are left out")
    return [g for g in gold if g["doc"] not in missing]


def own_gold_set(path: Path) -> GoldSet | None:
    kind = "tasks" if path.name.endswith(".tasks.jsonl") else "statements"
    name = path.name.removesuffix(".jsonl")
    try:
        gold = known_docs_only(name, read_jsonl(path))
        regions = read_regions(GOLD_DIR / "regions.jsonl", GOLD_DIR / f"{name}.regions.jsonl")
    except (ValueError, KeyError) as e:
        warn(f"{path.name}: cannot be read: {e}")
        return None
    unregioned = sorted({g["doc"] for g in gold} - set(regions))
    if unregioned:
        warn(f"{name}: no region for {', '.join(unregioned)}: all its predictions there are left out")
    return GoldSet(name, kind, gold, regions)


# Gold lists of other benchmarks in the same folder: suggest.py's and verify.py's.
OTHER_GOLD = ("assignments", "verify_")


def gold_sets() -> list[GoldSet]:
    sets = [
        GoldSet("seed (sample report)", "statements", read_jsonl(EVAL / "seed_gold.jsonl")),
        GoldSet("seed tasks (sample report)", "tasks", read_jsonl(EVAL / "seed_tasks.jsonl")),
    ]
    own = sorted(p for p in GOLD_DIR.glob("*.jsonl")
                 if not p.name.endswith("regions.jsonl") and not p.name.startswith(OTHER_GOLD))
    sets += [s for s in map(own_gold_set, own) if s is not None]
    return sets


def overall(sets: list[GoldSet], kind: str) -> GoldSet | None:
    """All sets of a kind as one (micro): their gold together, each doc's regions merged."""
    members = [s for s in sets if s.kind == kind and "error" not in s.result]
    if len(members) < 2:
        return None
    regions: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for s in members:
        for doc in {g["doc"] for g in s.gold}:
            regions[doc] += s.regions.get(doc, []) if s.regions is not None else [(0, 1 << 62)]
    return GoldSet("overall (micro)", kind, [g for s in members for g in s.gold], dict(regions))


# ---------------------------------------------------------------- scoring


def gold_outside_regions(gold_set: GoldSet, anchor) -> list[dict]:
    """Gold statements whose number lies outside every region (a gold-list slip: a sure miss)."""
    if gold_set.regions is None or gold_set.kind != "statements":
        return []
    outside = []
    for g in gold_set.gold:
        at = anchor(document_text(g["doc"]), g)
        if not any(start <= at < end for start, end in gold_set.regions.get(g["doc"], ())):
            outside.append(g)
    return outside


def score_set(gold_set: GoldSet, scorers: dict, docs: Path) -> None:
    preds = predictions_for(gold_set)
    slug = gold_set.name.split(" ")[0]
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    (OUT_DIR / f"pred-{gold_set.kind}-{slug}.jsonl").write_text(export.to_jsonl(preds), encoding="utf-8")
    try:
        if gold_set.kind == "tasks":
            outcome = scorers["tasks"].score(gold_set.gold, preds)
        else:
            outside = gold_outside_regions(gold_set, scorers["statements"].anchor)
            if outside:
                warn(f"{gold_set.name}: {len(outside)} gold statements lie outside every region, "
                     f"first: {outside[0]['doc']}: {outside[0]['quote']}")
            outcome = scorers["statements"].score(gold_set.gold, preds, docs)
    except (ValueError, KeyError, OSError) as e:  # a broken gold line: show it, score the rest
        gold_set.result = {"error": f"{type(e).__name__}: {e}"}
        warn(f"{gold_set.name}: cannot be scored: {e}")
        return
    gold_set.result, gold_set.misses, gold_set.spurious = outcome
    gold_set.result["docs"] = len({g["doc"] for g in gold_set.gold})


def score_all() -> list[GoldSet]:
    scorers = {"statements": import_scorer("score"), "tasks": import_scorer("score_tasks")}
    sets = gold_sets()
    with tempfile.TemporaryDirectory(prefix="luoshi-accuracy-") as folder:
        docs = link_documents({g["doc"] for s in sets for g in s.gold}, Path(folder))
        for gold_set in sets:
            score_set(gold_set, scorers, docs)
        for kind in ("statements", "tasks"):
            total = overall(sets, kind)
            if total is not None:
                score_set(total, scorers, docs)
                sets.append(total)
    return sets


# ---------------------------------------------------------------- printing


def statement_row(s: GoldSet) -> str:
    r = s.result
    if "error" in r:
        return f"| {s.name} | {len({g['doc'] for g in s.gold})} | {len(s.gold)} | error: {r['error']} |"
    d, t, a = r["detect"], r["strict"], r["attribute_accuracy"]
    cells = [s.name, r["docs"], r["gold"], r["pred"], d["precision"], d["recall"], d["f1"],
             t["precision"], t["recall"], t["f1"], a["measure"], a["cmp"], a["role"], r["indicator_overlap"]]
    return "| " + " | ".join(f"{c:.3f}" if isinstance(c, float) else str(c) for c in cells) + " |"


def task_row(s: GoldSet) -> str:
    r = s.result
    if "error" in r:
        return f"| {s.name} | {len(s.gold)} | error: {r['error']} |"
    cells = [s.name, r["docs"], r["gold"], r["pred"], r["precision"], r["recall"], r["f1"],
             r["area_accuracy"], r["span_overlap"]]
    return "| " + " | ".join(f"{c:.3f}" if isinstance(c, float) else str(c) for c in cells) + " |"


def print_tables(sets: list[GoldSet]) -> None:
    print(f"luoshi {__version__}; {environment()}.\n")
    print("Statements (detect: value and unit at the gold number; strict: also measure, cmp, role, range end)\n")
    print("| gold set | docs | gold | predicted | detect P | detect R | detect F1 | strict P | strict R | strict F1 "
          "| measure | cmp | role | indicator overlap |")
    print("|---|" + "---:|" * 13)
    for s in sets:
        if s.kind == "statements":
            print(statement_row(s))
    print("\nTasks\n")
    print("| gold set | docs | gold | predicted | P | R | F1 | area accuracy | span overlap |")
    print("|---|" + "---:|" * 8)
    for s in sets:
        if s.kind == "tasks":
            print(task_row(s))


def describe_miss(item: dict) -> str:
    """A missed gold line or a spurious prediction, in one line."""
    if "num" in item and "start" not in item:  # gold statement
        return f"{item['doc']}: {item['quote']}  [{item['num']} → {item['value']} {item['unit']}]"
    if "num" in item:  # predicted statement
        return (f"{item['doc']}: {item['start']}-{item['end']} {item['num']} → {item['value']} {item['unit']} "
                f"{item['indicator']}")
    return f"{item['doc']}: {item.get('start')} {str(item.get('title'))[:40]}"


def print_misses(sets: list[GoldSet], limit: int) -> None:
    for s in sets:
        if s.name.startswith("overall") or "error" in s.result:
            continue
        for label, items in (("missed gold", s.misses), ("spurious predictions", s.spurious)):
            print(f"\n-- {s.name}: {label} ({len(items)}), first {min(limit, len(items))}:")
            for item in items[:limit]:
                print(f"  {describe_miss(item)}")


def as_json(sets: list[GoldSet], limit: int) -> dict:
    def entry(s: GoldSet) -> dict:
        extra = {"misses": s.misses[:limit], "spurious": s.spurious[:limit]} if limit else {}
        return {**s.result, **extra}

    return {
        "luoshi": __version__,
        "environment": environment(),
        "statements": {s.name: entry(s) for s in sets if s.kind == "statements"},
        "tasks": {s.name: entry(s) for s in sets if s.kind == "tasks"},
        "warnings": WARNINGS,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--json", action="store_true", help="print all results as one JSON object")
    parser.add_argument("--misses", type=int, default=0, metavar="N", help="also show up to N misses and N spurious")
    args = parser.parse_args()
    require_shared()
    sets = score_all()
    if args.json:
        print(json.dumps(as_json(sets, args.misses), ensure_ascii=False, indent=2))
        return 0
    print_tables(sets)
    if args.misses:
        print_misses(sets, args.misses)
    return 0


if __name__ == "__main__":
    sys.exit(main())
