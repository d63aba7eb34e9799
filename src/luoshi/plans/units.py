"""The unit a target's numbers are shown and typed in, and the conversion to the base unit they are stored in.

The engine stores every value in its base unit (1300亿元 is 130000000000 with
the unit 元). Pages show a number the way reports write it, with 万 or 亿 when
it is large (cn_number); a target is shown in the scale of its own value, and
so are its figures: a target of 1300亿元 is shown, typed and reported in 亿元.

>>> from types import SimpleNamespace as T
>>> gdp = display_unit(T(value=1.3e11, baseline=None, unit="元"))
>>> gdp.label, gdp.to_base(650), gdp.format(6.5e10), gdp.from_base(6.5e10)
('亿元', 65000000000.0, '650亿元', 650.0)
>>> firms = display_unit(T(value=15000.0, baseline=None, unit="家"))
>>> firms.label, firms.to_base(1.2), firms.format(9000)
('万家', 12000.0, '0.9万家')
>>> display_unit(T(value=6.0, baseline=None, unit="%")).label
'%'
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal

SCALES = ((10**8, "亿"), (10**4, "万"))


def scale_of(value: float | None) -> tuple[int, str]:
    """The multiplier and its word a number is shown with: 1.3e11 → (10**8, "亿"), 15000 → (10**4, "万"), 6 → (1, "")."""
    if value is None or not math.isfinite(value):
        return 1, ""
    for size, word in SCALES:
        if abs(value) >= size:
            return size, word
    return 1, ""


def plain(value: float) -> str:
    """A number with at most four decimals and no trailing zeros: 6.0 → 6, 0.1 + 0.2 → 0.3."""
    text = f"{value:.4f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


@dataclass(frozen=True, slots=True)
class DisplayUnit:
    """A target's display unit: the multiplier (1, 10**4 or 10**8), its word (万, 亿) and the target's base unit."""

    multiplier: int
    word: str
    unit: str

    @property
    def label(self) -> str:
        """The unit as shown next to a number or an input: 亿元, 万家, %."""
        return f"{self.word}{self.unit}"

    def to_base(self, typed: float) -> float:
        """A number typed in this unit → the base unit it is stored in (exact in decimal: 1.15亿 → 115000000)."""
        return float(Decimal(repr(float(typed))) * self.multiplier)

    def from_base(self, value: float) -> float:
        """A stored value → the number shown in this unit."""
        return float(Decimal(repr(float(value))) / self.multiplier)

    def number(self, value: float | None) -> str:
        """A stored value as shown in this unit, without the unit: 6.5e10 → 650."""
        return "" if value is None else plain(self.from_base(value))

    def format(self, value: float | None) -> str:
        """A stored value as shown in this unit, with it: 6.5e10 → 650亿元."""
        return "" if value is None else f"{self.number(value)}{self.label}"


def display_unit(target) -> DisplayUnit:
    """The unit `target` (anything with value, baseline and unit) is shown in: the scale of its value, else of its
    baseline, else no scale."""
    reference = getattr(target, "value", None)
    if reference is None:
        reference = getattr(target, "baseline", None)
    multiplier, word = scale_of(reference)
    return DisplayUnit(multiplier, word, getattr(target, "unit", "") or "")
