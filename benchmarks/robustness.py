#!/usr/bin/env python3
"""How the statement extractor holds up when a report's text is messy.

Each gold list is scored again on copies of its documents rewritten the way
real reports arrive: full-width digits and signs (１２．６％), ASCII punctuation
(, ; : ( ) instead of ，；：（）), lines broken every few dozen characters (text
copied out of a PDF), spaces inside numbers (1 300), and all of these at once.
Gold anchors are carried through each rewrite by a position map, so the same
gold is scored on every variant: a prediction is right when its span holds the
moved anchor and its value and unit are equal (detect), and its measure, cmp
and role too (strict).

    python benchmarks/robustness.py
"""

from __future__ import annotations

import argparse
import importlib.util
import random
from collections.abc import Callable
from pathlib import Path

from _common import EVAL, ROOT, environment, read_jsonl, require_shared
from luoshi.engine import analyse_text

Rewrite = Callable[[str], tuple[str, list[int]]]

_WIDE = {str(d): chr(0xFF10 + d) for d in range(10)} | {".": "．", "%": "％", "-": "－"}
_ASCII = {"，": ",", "；": ";", "：": ":", "（": "(", "）": ")", "！": "!", "？": "?"}


def _by_char(table: dict[str, str]) -> Rewrite:
    def rewrite(text: str) -> tuple[str, list[int]]:
        return "".join(table.get(c, c) for c in text), list(range(len(text) + 1))

    return rewrite


def _inserting(where: Callable[[str, int], str]) -> Rewrite:
    """A rewrite that inserts `where(text, i)` before character i."""

    def rewrite(text: str) -> tuple[str, list[int]]:
        out, moved = [], []
        pos = 0
        for i, c in enumerate(text):
            extra = where(text, i)
            out.append(extra)
            pos += len(extra)
            moved.append(pos)
            out.append(c)
            pos += 1
        moved.append(pos)
        return "".join(out), moved

    return rewrite


def _broken_lines(width: int = 37) -> Rewrite:
    state = {"col": 0}

    def where(text: str, i: int) -> str:
        if i == 0:
            state["col"] = 0
        if text[i] == "\n":
            state["col"] = 0
            return ""
        state["col"] += 1
        return "\n" if state["col"] % width == 0 else ""

    return _inserting(where)


def _spaced_numbers(seed: int = 7) -> Rewrite:
    rng = random.Random(seed)

    def where(text: str, i: int) -> str:
        inside = i > 0 and text[i - 1].isdigit() and text[i].isdigit()
        return rng.choice(["\u2009", " ", "\u00a0"]) if inside and rng.random() < 0.3 else ""

    return _inserting(where)


def _compose(*rewrites: Rewrite) -> Rewrite:
    def rewrite(text: str) -> tuple[str, list[int]]:
        moved = list(range(len(text) + 1))
        for r in rewrites:
            text, step = r(text)
            moved = [step[m] for m in moved]
        return text, moved

    return rewrite


VARIANTS: dict[str, Rewrite] = {
    "as read": _by_char({}),
    "full-width digits": _by_char(_WIDE),
    "ASCII punctuation": _by_char(_ASCII),
    "broken lines": _broken_lines(),
    "spaces in numbers": _spaced_numbers(),
    "all at once": _compose(_by_char(_WIDE), _by_char(_ASCII), _spaced_numbers(), _broken_lines()),
}


def _scorer():
    spec = importlib.util.spec_from_file_location("score", EVAL / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _gold_sets() -> dict[str, tuple[list[dict], list[dict] | None]]:
    sets = {"seed": (read_jsonl(EVAL / "seed_gold.jsonl"), None)}
    for path in sorted((ROOT / "benchmarks" / "gold").glob("*.jsonl")):
        if path.name.endswith((".regions.jsonl", ".tasks.jsonl")):
            continue
        regions = path.with_name(path.stem + ".regions.jsonl")
        sets[path.stem] = (read_jsonl(path), read_jsonl(regions) if regions.exists() else None)
    return sets


def _document(doc: str) -> str:
    for folder in (EVAL / "docs", *sorted((EVAL.parent / "corpus").rglob("*/"))):
        p = Path(folder) / f"{doc}.txt"
        if p.exists():
            return p.read_text(encoding="utf-8")
    raise FileNotFoundError(doc)


def score_variant(score, gold, regions, rewrite: Rewrite) -> tuple[float, float]:
    """Detect and strict F1 of one gold list on one rewrite of its documents."""
    tp = strict = npred = ngold = 0
    for doc in sorted({g["doc"] for g in gold}):
        text = _document(doc)
        new, moved = rewrite(text)
        wanted = [g for g in gold if g["doc"] == doc and not g.get("ignore")]
        ignored = [moved[score.anchor(text, g)] for g in gold if g["doc"] == doc and g.get("ignore")]
        spans = [(moved[r["start"]], moved[r["end"]]) for r in regions or [] if r["doc"] == doc]
        preds = [
            s for s in analyse_text(new, doc=doc).statements
            if (not spans or any(a <= s.start < b for a, b in spans))
            and not any(s.start <= a < s.end for a in ignored)
        ]
        used: set[int] = set()
        for g in wanted:
            a = moved[score.anchor(text, g)]
            for i, s in enumerate(preds):
                if i not in used and s.start <= a < s.end and score.same_value(s.value, g["value"]) and s.unit == g["unit"]:
                    used.add(i)
                    tp += 1
                    same = (s.measure.value, s.cmp.value, s.role.value) == (g["measure"], g["cmp"], g["role"])
                    strict += same and (g.get("value_high") is None or score.same_value(s.value_high, g["value_high"]))
                    break
        npred += len(preds)
        ngold += len(wanted)

    def f1(k: int) -> float:
        return 2 * k / (npred + ngold) if npred + ngold else 0.0

    return f1(tp), f1(strict)


def main() -> None:
    argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter).parse_args()
    require_shared()
    score = _scorer()
    sets = _gold_sets()
    print(environment())
    print()
    print("| variant | " + " | ".join(f"{name} detect / strict F1" for name in sets) + " |")
    print("|---|" + "---:|" * len(sets))
    for label, rewrite in VARIANTS.items():
        cells = [score_variant(score, gold, regions, rewrite) for gold, regions in sets.values()]
        print(f"| {label} | " + " | ".join(f"{d:.3f} / {s:.3f}" for d, s in cells) + " |")


if __name__ == "__main__":
    main()
