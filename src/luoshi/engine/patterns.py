"""Every regular expression of the statement rules, built from named parts.

The word lists come from the lexicon (data files); this module only says how
they combine. All patterns run on the normalised text (see normalize.py):
ASCII digits, ASCII ``.``/``%``/``-``, no spaces inside numbers.
"""

from __future__ import annotations

import re
from functools import cache

from .lexicon import lexicon, longest_first


def alternation(words) -> str:
    """A regex alternation of literal words, longest first."""
    return "|".join(re.escape(w) for w in longest_first(words))


CN_DIGITS = "零〇一二两三四五六七八九"
CN_MAGNITUDES = "十百千万亿"

# An Arabic number: 1,300 (thousands separators) or 12.6.
ARABIC = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?(?!\d)|\d+(?:\.\d+)?"
# A Chinese numeral: 一千二百万, 三点五, 千亿.
CHINESE = rf"[{CN_DIGITS}{CN_MAGNITUDES}]+(?:点[{CN_DIGITS}]+)?"


@cache
def number_re() -> re.Pattern:
    """A number with what may follow it inside `num`: 4000多, 1.5万, 百分之五.

    Groups: ``pct`` (百分之 in front), ``arabic`` or ``chinese``.
    Chinese numerals are only taken when a multiplier, unit or 多/余 follows,
    so 一年来, 统一, 三大战略 never come up.
    """
    lex = lexicon()
    after_chinese = alternation(list(lex.units) + list(lex.inner_ge))
    # Every branch starts with a character class, so the regex engine can skip
    # ahead to the next candidate character instead of trying every position.
    return re.compile(
        rf"""
        (?=[\d{CN_DIGITS}{CN_MAGNITUDES}])           # fast skip to a digit or numeral
        (?:
            (?P<pct>百分之|千分之)               # 百分之五, 千分之十: a rate in words
            (?P<pct_chinese>{CHINESE}|{ARABIC})
          | (?P<arabic>{ARABIC})
          | (?<![\d.{CN_DIGITS}{CN_MAGNITUDES}])  # a whole Chinese numeral, not its tail
            (?P<chinese>{CHINESE})
            (?=(?:{after_chinese}))             # …that a unit or 多/余 follows
          | (?:(?<=翻)|(?<=翻了)|(?<=翻近)|(?<=翻了近))(?P<doubling>[一两二三四])番  # 翻了一番: 2 倍
          | (?P<fraction>一半|[一两二三四五六七八九]成(?![为员功果本立长绩就效型熟套片规]))  # 减少一半, 下降五成
        )
        """,
        re.VERBOSE,
    )


@cache
def unit_re() -> re.Pattern:
    """A unit as written, longest first (个百分点 before 个, 千瓦时 before 千瓦)."""
    return re.compile(alternation(lexicon().units))


@cache
def multiplier_re() -> re.Pattern:
    return re.compile(alternation(lexicon().multipliers))


@cache
def inner_ge_re() -> re.Pattern:
    return re.compile(alternation(lexicon().inner_ge))


@cache
def range_joiner_re() -> re.Pattern:
    """The joiner of a range, only when a number follows it (6%-6.5%, 1至2家)."""
    return re.compile(rf"(?:{alternation(lexicon().range_joiners)})(?=\d|[{CN_DIGITS}十])")


# Where a clause ends (the indicator does not reach past these) and where a
# sentence ends (a hedge reaches to it).
CLAUSE_END = re.compile(r"[，,；;。：:！？!?\n、（）()“”\"]")
SENTENCE_END = re.compile(r"[；;。！？!?\n]")
# A full stop: the wording that makes a number a result or a target
# (今年…主要预期目标是：A；B；C。) reaches across semicolons to it.
FULL_STOP = re.compile(r"[。！？!?\n]")

# Between the names of a list of indicators: 城镇和农村, 工业、农业及服务业.
LIST_CONJUNCTION = re.compile(r"以及|及|和|与|、")

# Quoted names and titles: “21234”, 《…》; a number inside is part of a name.
QUOTED = re.compile(r"“[^“”\n]{0,24}”|\"[^\"\n]{0,24}\"|《[^《》\n]{0,40}》|「[^「」\n]{0,24}」|‘[^‘’\n]{0,24}’")

# Next to ASCII letters or plus signs it is a name: 5G, G20, C919, 1+11+17+N.
NAME_NEIGHBOUR = re.compile(r"[A-Za-z+＋]")


@cache
def words_at_end_re(words: tuple[str, ...]) -> re.Pattern:
    """Matches one of `words` at the end of a string."""
    return re.compile(rf"(?:{alternation(words)})$")


@cache
def words_at_start_re(words: tuple[str, ...]) -> re.Pattern:
    return re.compile(alternation(words))
