#!/usr/bin/env python3
"""How well `luoshi verify` pairs each target with next year's result, and judges it.

    python benchmarks/verify.py [--quiet] [--errors] [--md FILE]

Pairs: every consecutive pair of national reports in ../shared/corpus/national
from 2012→2013 to 2017→2018 (the script lists which exist), and, held out,
two local pairs (广东省 2018→2019, 合肥市 2019→2020) whose gold was written
after the rules were fixed, from the engine's first run on them. For each
pair the targets of the first report (main targets and the tasks'
quantified targets) are verified against the second.

Gold: benchmarks/gold/verify_national.jsonl and verify_heldout.jsonl, one
line per target, judged by reading both reports: {"pair", "plan", "result"
(paths under ../shared/corpus), "target_start",
"target_num", "target", "result_start" (the result statement's start in the
result report, or null), "result_also" (other statements that say the same),
"result_words" (a result given only in words), "verdict", "note",
"not_a_target" (a number the engine takes for a target that is none: the
starting level of 由A提高到B, a forecast; dropping it is right)}.

Figures: pairing accuracy (the engine's result is the gold one, or both have
none), verdict accuracy, and on the targets the next report does report on:
recall (the right result found) and precision (of the results the engine
pairs, the right ones). Rows the engine gives that the gold lacks are listed.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter, defaultdict
from pathlib import Path

from _common import CORPUS, ROOT, environment, read_jsonl
from luoshi.engine import analyse_file
from luoshi.engine.verification import Verification, verify
from luoshi.verification_export import KIND_LABELS

GOLD = {"national": ROOT / "benchmarks" / "gold" / "verify_national.jsonl",
        "held out": ROOT / "benchmarks" / "gold" / "verify_heldout.jsonl"}
NATIONAL = CORPUS / "national"
YEARS = range(2012, 2018)


def pairs_available() -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    have, missing = [], []
    for year in YEARS:
        pair = (year, year + 1)
        exists = all((NATIONAL / f"national-{y}.txt").is_file() for y in pair)
        (have if exists else missing).append(pair)
    return have, missing


def paired_right(v: Verification, gold: dict) -> bool:
    if gold.get("result_words"):
        quote = v.evidence.quote if v.evidence is not None and v.result is None else ""
        return bool(quote) and (gold["result_words"] in quote or quote in gold["result_words"])
    if gold["result_start"] is None:
        return v.evidence is None
    starts = {gold["result_start"], *gold.get("result_also", ())}
    return v.result is not None and v.result.start in starts


def score(pairs: list[tuple[str, str, str]], gold_rows: list[dict], show_tables: bool, show_errors: bool) -> dict:
    """`pairs`: (label, plan path, result path under the corpus)."""
    gold = {(row["pair"], row["target_start"]): row for row in gold_rows}
    totals: Counter = Counter()
    per_pair: dict[str, Counter] = defaultdict(Counter)
    confusion: Counter = Counter()
    errors, unjudged, dropped = [], [], []
    for pair, plan_path, result_path in pairs:
        check = verify(analyse_file(CORPUS / plan_path), analyse_file(CORPUS / result_path))
        seen = set()
        if show_tables:
            print(f"\n## {pair}: {check.plan_doc} → {check.result_doc} (plan year {check.year})\n")
            print("| # | kind | target | result | verdict | gold |")
            print("|---|---|---|---|---|---|")
        for number, v in enumerate(check.items, 1):
            t = v.target
            row = gold.get((pair, t.start))
            seen.add(t.start)
            target_words = (t.statement.num if t.statement else t.indicator) + f" ({_short(t.indicator, 16)})"
            result_words = v.result.num if v.result is not None else (_short(v.evidence.quote, 24) if v.evidence else "—")
            if row is None:
                unjudged.append(f"{pair} {t.start} {t.indicator} {target_words}")
                mark = "not judged"
            else:
                c = per_pair[pair]
                c["targets"] += 1
                pair_ok, verdict_ok = paired_right(v, row), v.verdict.value == row["verdict"]
                c["paired"] += pair_ok
                c["verdict"] += verdict_ok
                reported = row["result_start"] is not None or bool(row.get("result_words"))
                c["gold_reported"] += reported
                c["found"] += reported and pair_ok
                engine_pairs = v.evidence is not None
                c["engine_pairs"] += engine_pairs
                c["engine_pairs_right"] += engine_pairs and pair_ok
                confusion[(row["verdict"], v.verdict.value)] += 1
                mark = ("ok" if pair_ok and verdict_ok else
                        f"{'' if pair_ok else 'PAIR '}{'' if verdict_ok else 'VERDICT→' + row['verdict']}")
                if not (pair_ok and verdict_ok):
                    want = row.get("result_num") or row.get("result_words") or "none"
                    errors.append(f"{pair} {KIND_LABELS[t.kind]} {target_words}: engine {result_words} {v.verdict.value}"
                                  f" | gold {want} {row['verdict']} ({row.get('note', '')})")
            if show_tables:
                print(f"| {number} | {t.kind} | {_cell(target_words)} | {_cell(result_words)} | {v.verdict.value} | {mark} |")
        for (p, start), row in gold.items():
            if p == pair and start not in seen:
                (dropped if row.get("not_a_target") else errors).append(
                    f"{pair} {row['target_num']} ({row['target'][:24]}): " +
                    ("not offered as a target (right)" if row.get("not_a_target") else "MISSING from the engine's targets"))
                if not row.get("not_a_target"):
                    per_pair[pair]["targets"] += 1
                    per_pair[pair]["missing"] += 1
    for c in per_pair.values():
        totals.update(c)
    if show_errors:
        print("\nDisagreements with the gold:")
        for line in errors:
            print("  " + line)
    return {"totals": totals, "per_pair": per_pair, "confusion": confusion, "unjudged": unjudged, "dropped": dropped,
            "errors": errors}


def _short(text: str, limit: int) -> str:
    text = "".join(text.split()).replace("\u200b", "")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def _rate(num: int, den: int) -> str:
    return f"{num}/{den} = {num / den:.3f}" if den else "—"


def report(name: str, found: dict, pairs, missing_pairs) -> str:
    t = found["totals"]
    lines = [
        f"### {name}",
        "",
        f"Pairs: {', '.join(label for label, _, _ in pairs)}"
        + (f"; missing from the corpus: {', '.join(missing_pairs)}" if missing_pairs else ""),
        f"Gold: {GOLD[name].relative_to(ROOT)}, {t['targets']} targets judged by reading both reports.",
        "",
        "| pair | targets | paired right | verdict right | reported in next year's review | found | engine pairs | right |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for pair, c in sorted(found["per_pair"].items()):
        lines.append(f"| {pair} | {c['targets']} | {c['paired']} | {c['verdict']} | {c['gold_reported']} | {c['found']} "
                     f"| {c['engine_pairs']} | {c['engine_pairs_right']} |")
    lines.append(f"| all | {t['targets']} | {t['paired']} | {t['verdict']} | {t['gold_reported']} | {t['found']} "
                 f"| {t['engine_pairs']} | {t['engine_pairs_right']} |")
    lines += [
        "",
        f"- pairing accuracy: {_rate(t['paired'], t['targets'])}",
        f"- verdict accuracy: {_rate(t['verdict'], t['targets'])}",
        f"- of the targets the next review reports on: found {_rate(t['found'], t['gold_reported'])} (recall)",
        f"- of the results the engine pairs: right {_rate(t['engine_pairs_right'], t['engine_pairs'])} (precision)",
        f"- targets missing from the engine's list: {t['missing']}; rows not in the gold: {len(found['unjudged'])}; "
        f"non-targets dropped: {len(found['dropped'])}",
        "",
        "Verdicts (gold → engine): " + ", ".join(
            f"{g}→{e} {n}" for (g, e), n in sorted(found["confusion"].items())),
        "",
    ]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quiet", action="store_true", help="do not print each pair's table")
    parser.add_argument("--errors", action="store_true", help="list the disagreements with the gold")
    parser.add_argument("--md", type=Path, metavar="FILE", help="also write the figures to FILE (Markdown)")
    args = parser.parse_args()
    if not NATIONAL.is_dir():
        print(f"error: {NATIONAL} is missing: this benchmark needs the shared corpus beside the project "
              "(../shared/corpus/national); nothing was measured", file=sys.stderr)
        return 2
    have, missing = pairs_available()
    print("national pairs available: " + ", ".join(f"{a}→{b}" for a, b in have))
    if missing:
        print("national pairs missing from the corpus: " + ", ".join(f"{a}→{b}" for a, b in missing))
    texts = ["## Year-end verification (`luoshi verify`)", ""]
    for name, path in GOLD.items():
        rows = read_jsonl(path)
        pairs = list(dict.fromkeys((r["pair"], r["plan"], r["result"]) for r in rows))
        absent = [label for label, a, b in pairs if not ((CORPUS / a).is_file() and (CORPUS / b).is_file())]
        pairs = [p for p in pairs if p[0] not in absent]
        print(f"\n# {name}")
        found = score(pairs, [r for r in rows if r["pair"] not in absent], not args.quiet, args.errors)
        texts.append(report(name, found, pairs, absent))
        if found["unjudged"]:
            print("rows not in the gold (judge them and add them):")
            for line in found["unjudged"]:
                print("  " + line)
    text = "\n".join(texts + [environment()]) + "\n"
    print("\n" + text)
    if args.md:
        args.md.parent.mkdir(parents=True, exist_ok=True)
        args.md.write_text(text, encoding="utf-8")
        print(f"wrote {args.md}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
