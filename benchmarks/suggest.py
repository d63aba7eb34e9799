#!/usr/bin/env python3
"""How well luoshi suggests the lead department of a task (luoshi.engine.departments).

    python benchmarks/suggest.py [--misses N] [--json]

Gold: every benchmarks/gold/assignments*.jsonl, one task a line:
{"set", "doc", "text", "lead": [joint leads], "cooperating": [...], "title"?, "doubt"?}.
  - `national` (assignments.jsonl): sentences of the State Council's reports
    (2017, 2018, 2023) with the ministries that lead them, reasoned from the
    State Council's division-of-labour practice, scored against the bundled
    `national` catalogue;
  - `national-heldout` (assignments_heldout.jsonl): 32 sentences of the 2016
    report, written before the suggester was ever run on them. Its first run
    gave top-1 0.812 and lead-in-top-3 0.938; the tax words added to the
    function table after that run (营改增, 资源税 …) make later runs no
    longer blind;
  - `district` (assignments_district.jsonl): the 29 tasks of the sample
    report (济南市市中区 2023) with the 区 department that would lead each,
    scored against the bundled `district` catalogue.

Figures: top-1 lead accuracy (the suggested lead is one of the gold's joint
leads), lead in top 3 (one of them is among the first three suggestions),
and co-operating recall (gold co-operating departments found anywhere in the
suggestions). Items marked "doubt" are counted, and also reported apart.
Each set is scored twice: with its catalogue as bundled, and with the same
departments' names alone (their duties then come from the function table).

The gold carries its texts, so the figures need nothing else; when the
shared corpus is beside the project (../shared) the national quotes are also
checked against the reports, and a note says so when it is missing.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict

from _common import CORPUS, ROOT, environment, read_jsonl
from luoshi import __version__
from luoshi.engine.departments import Catalogue, bundled_catalogue, suggest

GOLD_DIR = ROOT / "benchmarks" / "gold"
CATALOGUE = {"national": "national", "national-heldout": "national", "district": "district"}


def load_gold() -> dict[str, list[dict]]:
    sets: dict[str, list[dict]] = defaultdict(list)
    for path in sorted(GOLD_DIR.glob("assignments*.jsonl")):
        for row in read_jsonl(path):
            sets[row["set"]].append(row)
    return dict(sets)


def check_quotes(rows: list[dict]) -> list[str]:
    """Problems with the quotes of gold rows that name a corpus doc and offset (empty when all are right)."""
    problems, texts = [], {}
    for row in rows:
        if "start" not in row:
            continue
        doc = row["doc"]
        if doc not in texts:
            found = next(CORPUS.rglob(f"{doc}.txt"), None)
            texts[doc] = found.read_text(encoding="utf-8") if found else None
        text = texts[doc]
        if text is None:
            problems.append(f"{doc}: not in {CORPUS}")
        elif text[row["start"]: row["start"] + len(row["text"])] != row["text"]:
            problems.append(f"{doc}@{row['start']}: quote differs: {row['text'][:30]}…")
    return problems


def score(name: str, rows: list[dict], names_only: bool = False) -> dict:
    catalogue = bundled_catalogue(CATALOGUE.get(name, "district"))
    if names_only:  # the same departments by their names alone: duties from the function table only
        catalogue = Catalogue.from_names([d.name for d in catalogue.departments], label=f"{catalogue.label}, names only")
    result = defaultdict(int)
    misses = []
    for row in rows:
        canon = {catalogue.find(n).name if catalogue.find(n) else n for n in row["lead"]}
        cooperating = {catalogue.find(n).name if catalogue.find(n) else n for n in row.get("cooperating", [])}
        got = suggest(row["text"], catalogue, title=row.get("title"))
        names = [s.department for s in got]
        top1 = bool(names) and names[0] in canon
        top3 = bool(canon.intersection(names[:3]))
        doubt = "doubt" in row
        result["items"] += 1
        result["top1"] += top1
        result["top3"] += top3
        result["none"] += not names
        result["coop_gold"] += len(cooperating)
        result["coop_found"] += len(cooperating.intersection(names))
        result["suggested_cooperating"] += max(0, len(names) - 1)
        result["doubtful"] += doubt
        result["doubtful_top1"] += doubt and top1
        if not top1:
            misses.append({"text": row.get("title") or row["text"][:60], "gold": sorted(canon),
                           "got": [f"{s.department} {s.score}" for s in got[:3]],
                           "reason": got[0].reason if got else "", "doubt": row.get("doubt", "")})
    n = result["items"] or 1
    return {
        "set": name + (" (names only)" if names_only else ""), "items": result["items"], "catalogue": catalogue.label,
        "departments": len(catalogue.departments),
        "top1": round(result["top1"] / n, 3), "top3": round(result["top3"] / n, 3),
        "no_suggestion": result["none"],
        "cooperating_recall": round(result["coop_found"] / result["coop_gold"], 3) if result["coop_gold"] else None,
        "cooperating_per_task": round(result["suggested_cooperating"] / n, 2),
        "doubtful": result["doubtful"],
        "top1_without_doubtful": round((result["top1"] - result["doubtful_top1"]) / max(1, n - result["doubtful"]), 3),
        "misses": misses,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--misses", type=int, default=0, metavar="N", help="show the first N misses of each set")
    parser.add_argument("--json", action="store_true", help="print the results as one JSON object")
    args = parser.parse_args()
    sets = load_gold()
    if not sets:
        print(f"error: no gold in {GOLD_DIR}/assignments*.jsonl", file=sys.stderr)
        return 2
    notes = []
    if CORPUS.is_dir():
        problems = [p for rows in sets.values() for p in check_quotes(rows)]
        notes.append(f"quotes checked against {CORPUS}: " + ("all found" if not problems else "; ".join(problems[:5])))
    else:
        notes.append(f"{CORPUS} is missing: the national quotes were not checked against the reports "
                     "(the figures do not need it: the gold carries its texts)")
    ordered = sorted(sets.items(), key=lambda kv: kv[0] != "national")
    results = [score(name, rows) for name, rows in ordered] + [score(name, rows, True) for name, rows in ordered]
    if args.json:
        print(json.dumps({"version": __version__, "environment": environment(), "notes": notes,
                          "results": results}, ensure_ascii=False, indent=1))
        return 0
    print(f"luoshi {__version__}; {environment()}.\n")
    print("| gold set | tasks | catalogue (departments) | top-1 lead | lead in top 3 | top-1 without doubtful "
          "| co-operating recall | co-operating suggested per task | no suggestion |")
    print("|---|---:|---|---:|---:|---:|---:|---:|---:|")
    for r in results:
        recall = "" if r["cooperating_recall"] is None else f"{r['cooperating_recall']:.3f}"
        print(f"| {r['set']} | {r['items']} | {r['catalogue']} ({r['departments']}) | {r['top1']:.3f} | "
              f"{r['top3']:.3f} | {r['top1_without_doubtful']:.3f} ({r['items'] - r['doubtful']}) | {recall} | "
              f"{r['cooperating_per_task']:.2f} | {r['no_suggestion']} |")
    print()
    for note in notes:
        print(f"Note: {note}.")
    for r in results:
        if args.misses and r["misses"]:
            print(f"\nMisses of {r['set']} (first {args.misses}):")
            for m in r["misses"][: args.misses]:
                doubt = f"  [doubt: {m['doubt']}]" if m["doubt"] else ""
                print(f"- {m['text']}\n    gold {', '.join(m['gold'])}; got {'; '.join(m['got']) or '—'}{doubt}\n"
                      f"    {m['reason']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
