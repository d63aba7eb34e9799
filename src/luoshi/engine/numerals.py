"""Read one number as written, with its multiplier and unit, into base units.

>>> t = "新增市场主体1.5万家以上"
>>> n = read_number(t, number_re().search(t))
>>> (n.value, n.unit, n.kind, t[n.start:n.end])
(15000.0, '家', 'counter', '1.5万家')
>>> t = "突破千亿元"
>>> n = read_number(t, number_re().search(t))
>>> (n.value, n.unit, n.chinese)
(100000000000.0, '元', True)
>>> parse_chinese("一千二百万"), parse_chinese("两"), parse_chinese("三点五")
(12000000.0, 2.0, 3.5)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import cn2an

from .lexicon import lexicon
from .patterns import CN_MAGNITUDES, inner_ge_re, multiplier_re, number_re, unit_re


@dataclass(frozen=True)
class Number:
    """A number found in the normalised text, in base units."""

    start: int
    end: int  # past the unit (or past the number when it has none)
    digits_end: int  # past the digits themselves
    value: float
    unit: str | None  # base unit
    kind: str | None  # measure, counter, rate, multiple
    has_multiplier: bool
    inner_ge: bool  # 4000多个, 40余个
    chinese: bool  # written in Chinese numerals
    written: str  # the digits as written


@lru_cache(maxsize=4096)
def parse_chinese(s: str) -> float | None:
    """Value of a Chinese numeral, or None when it is not one (千家 → None)."""
    if s[0] in CN_MAGNITUDES and s[0] != "十":
        s = "一" + s  # 千亿 → 一千亿
    try:
        value = cn2an.cn2an(s, "smart")
    except (ValueError, KeyError, IndexError, TypeError):
        return None
    return float(value)


def _parse_arabic(s: str) -> float:
    return float(s.replace(",", ""))


def _match_unit(text: str, pos: int) -> tuple[str, int] | None:
    m = unit_re().match(text, pos)
    return (m.group(), m.end()) if m else None


def read_number(text: str, m: re.Match) -> Number | None:
    """The number of match `m` with what follows it: 多/余, multiplier, unit."""
    lex = lexicon()
    if half := m.group("fraction"):  # 减少一半, 下降五成
        value = 50.0 if half == "一半" else 10 * parse_chinese(half[0])
        return Number(m.start(), m.end(), m.end(), value, "%", "fraction", False, False, True, half)
    written = m.group("arabic") or m.group("chinese") or m.group("pct_chinese")
    chinese = m.group("arabic") is None
    value = parse_chinese(written) if chinese else _parse_arabic(written)
    if value is None:
        return None
    start, pos = m.start(), m.end()
    if m.group("pct"):
        return Number(start, pos, pos, value, "%", "rate", False, False, chinese, written)
    digits_end = pos
    inner = False
    if g := inner_ge_re().match(text, pos):
        inner, pos = True, g.end()
    has_mult = False
    unit = _match_unit(text, pos)
    # 千瓦, 千米, 百分点 are units in their own right, not 千 + 瓦.
    if not (unit and unit[0][0] in lex.multipliers and len(unit[0]) > 1) and not chinese:
        if mult := multiplier_re().match(text, pos):
            value *= lex.multipliers[mult.group()]
            has_mult, pos = True, mult.end()
            if not inner and (g := inner_ge_re().match(text, pos)):
                inner, pos = True, g.end()
            if not _match_unit(text, pos) and (mult2 := multiplier_re().match(text, pos)):  # 4万多亿元
                value *= lex.multipliers[mult2.group()]
                pos = mult2.end()
            unit = _match_unit(text, pos)
    if unit is None:
        return Number(start, pos, digits_end, value, None, None, has_mult, inner, chinese, written)
    base, kind = lex.units[unit[0]]
    return Number(start, unit[1], digits_end, value, base, kind, has_mult, inner, chinese, written)


def find_numbers(text: str):
    """Every candidate number of `text`, in order."""
    end = 0
    for m in number_re().finditer(text):
        if m.start() < end:
            continue  # inside the multiplier or unit of the number before
        n = read_number(text, m)
        if n is not None:
            end = n.end
            yield n
