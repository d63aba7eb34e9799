"""The vocabulary of quantified statements, read from ``data/units.toml`` and ``data/cues.toml``.

Units, multipliers, comparator words, change verbs, hedges, role cues and
exclusion contexts are data, edited without touching the rules. Every word
list comes back sorted longest first, the order regex alternations need.

>>> lex = lexicon()
>>> lex.unit("万千瓦") is None, lex.unit("千瓦"), lex.multipliers["亿"]
(True, ('千瓦', 'measure'), 100000000.0)
>>> lex.cmp_before["超过"], lex.cmp_after["左右"]
('ge', 'approx')
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources


def longest_first(words) -> tuple[str, ...]:
    """Unique words, longest first (then in order of the text, for stable regexes)."""
    return tuple(sorted(dict.fromkeys(words), key=lambda w: (-len(w), w)))


def _read(name: str) -> dict:
    with resources.files("luoshi.engine").joinpath("data", name).open("rb") as f:
        return tomllib.load(f)


def _word_map(groups: dict[str, list[str]]) -> dict[str, str]:
    """{"ge": ["以上", …]} → {"以上": "ge", …}."""
    return {word: key for key, words in groups.items() for word in words}


@dataclass(frozen=True)
class Lexicon:
    units: dict[str, tuple[str, str]]  # written → (base unit, kind)
    multipliers: dict[str, float]
    implied_units: dict[str, str]  # noun → unit
    cmp_before: dict[str, str]
    cmp_after: dict[str, str]
    inner_ge: tuple[str, ...]
    range_joiners: tuple[str, ...]
    change_up: tuple[str, ...]
    change_down: tuple[str, ...]
    to_level: tuple[str, ...]
    change_nouns: tuple[str, ...]
    from_words: tuple[str, ...]
    baselines: tuple[str, ...]
    new_things: tuple[str, ...]
    hedges: tuple[str, ...]
    hedge_not_after: tuple[str, ...]
    hedge_not_before: tuple[str, ...]
    baseline_before: tuple[str, ...]
    target_cues: tuple[str, ...]
    target_list_cues: tuple[str, ...]
    result_cues: tuple[str, ...]
    recall_verbs: tuple[str, ...]
    recall_set: tuple[str, ...]
    recall_not_after: tuple[str, ...]
    result_openers: tuple[str, ...]
    target_openers: tuple[str, ...]
    exclude_before: tuple[str, ...]
    exclude_after: tuple[str, ...]
    threshold_heads: tuple[str, ...]
    threshold_before: tuple[str, ...]
    policy_words: tuple[str, ...]
    measure_followers: tuple[str, ...]
    capacity_units: frozenset[str]
    indicator_heads: tuple[str, ...]
    indicator_pairs: dict[str, tuple[str, ...]]

    def unit(self, written: str) -> tuple[str, str] | None:
        return self.units.get(written)


@cache
def lexicon() -> Lexicon:
    """The lexicon, read once."""
    units_data, cues = _read("units.toml"), _read("cues.toml")
    units = {w: (base, kind) for kind, table in units_data["units"].items() for w, base in table.items()}
    cmp, measure, role, exclude = cues["cmp"], cues["measure"], cues["role"], cues["exclude"]
    return Lexicon(
        units=units,
        multipliers={k: float(v) for k, v in units_data["multipliers"].items()},
        implied_units=dict(units_data["implied"]),
        cmp_before=_word_map(cmp["before"]),
        cmp_after=_word_map(cmp["after"]),
        inner_ge=longest_first(cmp["inner_ge"]),
        range_joiners=longest_first(cmp["range_joiners"]),
        change_up=longest_first(measure["change_up"]),
        change_down=longest_first(measure["change_down"]),
        to_level=longest_first(measure["to_level"]),
        change_nouns=longest_first(measure["change_nouns"]),
        from_words=longest_first(measure["from_words"]),
        baselines=longest_first(measure["baselines"]),
        new_things=longest_first(measure["new_things"]),
        hedges=longest_first(cues["hedge"]["words"]),
        hedge_not_after=longest_first(cues["hedge"]["not_after"]),
        hedge_not_before=longest_first(cues["hedge"]["not_before"]),
        baseline_before=longest_first(role["baseline_before"]),
        target_cues=longest_first(role["target"]),
        target_list_cues=longest_first(role["target_list"]),
        result_cues=longest_first(role["result"]),
        recall_verbs=longest_first(role["recall_verbs"]),
        recall_set=longest_first(role["recall_set"]),
        recall_not_after=longest_first(role["recall_not_after"]),
        result_openers=longest_first(role["result_openers"]),
        target_openers=longest_first(role["target_openers"]),
        exclude_before=longest_first(exclude["before"]),
        exclude_after=longest_first(exclude["after"]),
        threshold_heads=longest_first(exclude["threshold_heads"]),
        threshold_before=longest_first(exclude["threshold_before"]),
        policy_words=longest_first(exclude["policy_words"]),
        measure_followers=longest_first(exclude["measure_followers"]),
        capacity_units=frozenset(exclude["capacity_units"]),
        indicator_heads=longest_first(cues["indicator"]["heads"]),
        indicator_pairs={k: tuple(v) for k, v in cues["indicator"]["pairs"].items()},
    )
