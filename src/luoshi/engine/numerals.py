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

import math
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
    multiplier: float  # 1.0 when none is written
    inner_ge: bool  # 4000多个, 40余个
    chinese: bool  # written in Chinese numerals
    written: str  # the digits as written


_LONGEST_NUMERAL = 24


@lru_cache(maxsize=4096)
def parse_chinese(s: str) -> float | None:
    """Value of a Chinese numeral, or None when it is not one (千家 → None)."""
    if len(s) > _LONGEST_NUMERAL:
        return None  # no quantity is written with so many characters
    if s[0] in CN_MAGNITUDES and s[0] != "十":
        s = "一" + s  # 千亿 → 一千亿
    try:
        value = float(cn2an.cn2an(s, "smart"))
    except (ValueError, KeyError, IndexError, TypeError, OverflowError):
        return None
    return value if math.isfinite(value) else None


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
        return Number(m.start(), m.end(), m.end(), value, "%", "fraction", 1.0, False, True, half)
    if times := m.group("doubling"):  # 翻一番 is 2 倍, 翻两番 4 倍; 翻一番多 at least
        end = m.end()
        inner = text.startswith("多", end)
        return Number(m.start(), end + inner, end, 2.0 ** parse_chinese(times), "倍", "multiple", 1.0, inner,
                      True, times)
    written = m.group("arabic") or m.group("chinese") or m.group("pct_chinese")
    chinese = m.group("arabic") is None
    value = parse_chinese(written) if chinese else _parse_arabic(written)
    if value is None or not math.isfinite(value):
        return None
    start, pos = m.start(), m.end()
    if m.group("pct"):
        base = "‰" if m.group("pct") == "千分之" else "%"
        return Number(start, pos, pos, value, base, "rate", 1.0, False, chinese, written)
    digits_end = pos
    inner = False
    if g := inner_ge_re().match(text, pos):
        inner, pos = True, g.end()
    factor = 1.0
    unit = _match_unit(text, pos)
    # 千瓦, 千米, 百分点 are units in their own right, not 千 + 瓦. A Chinese
    # numeral holds its own multiplier, unless 多 cut it short (四十多亿元).
    if not (unit and unit[0][0] in lex.multipliers and len(unit[0]) > 1) and (not chinese or inner):
        while (mult := multiplier_re().match(text, pos)) and not _own_unit(text, pos):
            factor *= lex.multipliers[mult.group()]
            pos = mult.end()
            if not inner and (g := inner_ge_re().match(text, pos)):  # 1.5万多
                inner, pos = True, g.end()
        unit = _match_unit(text, pos)
    value *= factor
    if not math.isfinite(value):
        return None
    if unit is None:
        return Number(start, pos, digits_end, value, None, None, factor, inner, chinese, written)
    base, kind = lex.units[unit[0]]
    return Number(start, unit[1], digits_end, value, base, kind, factor, inner, chinese, written)


def _own_unit(text: str, pos: int) -> bool:
    """A unit that starts with a multiplier's character: 千瓦, 千米, 百分点."""
    unit = _match_unit(text, pos)
    return bool(unit) and unit[0][0] in lexicon().multipliers and len(unit[0]) > 1


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
