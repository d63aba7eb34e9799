"""The catalogue of canonical indicators, and which one a statement is about.

The same indicator goes by many names (地区生产总值 / 国内生产总值 / GDP;
城镇新增就业 / 新增城镇就业). ``data/indicators.toml`` lists each canonical
indicator with its names; :func:`match_indicator` maps the indicator as a
report writes it (Statement.indicator) to one, :func:`canonical_of` a whole
statement, whose unit must fit too.

A name matches only as a whole, once the words reports put around it are
taken off (全市, 2023年, 今年, 力争 before it; 总额, 增速, 同比 after it):
海洋生产总值 is not 地区生产总值, 人均地区生产总值 is not 地区生产总值.

>>> match_indicator("全市地区生产总值").key
'gdp'
>>> match_indicator("新增城镇就业").name
'城镇新增就业'
>>> match_indicator("海洋生产总值") is None, match_indicator("人均地区生产总值").key
(True, 'gdp_per_capita')
>>> match_indicator("经济") is None, match_indicator("经济", Measure.CHANGE).key
(True, 'gdp')
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from importlib import resources

from .model import Measure, Statement
from .patterns import alternation


@dataclass(frozen=True)
class Indicator:
    key: str  # stable id, ASCII: "gdp", "fiscal_revenue"
    name: str  # canonical Chinese name: "地区生产总值"
    measure: Measure | None  # usual measure, None when both are usual
    unit: str  # usual unit as people read it: "%", "亿元", "万人"
    synonyms: tuple[str, ...]  # the names reports give it, the canonical name first
    units: frozenset[str] = frozenset()  # base units a statement of it may have (empty: any)
    change_synonyms: tuple[str, ...] = ()  # names that mean it only for a change: 经济(增长7%)
    note: str = ""


@dataclass(frozen=True)
class _Catalogue:
    indicators: tuple[Indicator, ...]
    by_name: dict[str, Indicator]  # folded synonym → indicator
    by_change_name: dict[str, Indicator]  # folded change synonym → indicator
    fold: dict[str, str]
    fold_re: re.Pattern
    prefix_re: re.Pattern
    suffix_re: re.Pattern
    anchor_re: re.Pattern  # a word of time


# Taken off the front besides the listed prefixes: list marks and labels
# (——, **, 一是, （1）), a year or period (到2025年, “十四五”期间).
_LEAD = r"""
    [\s\-—–－·•●○■□★☆*＊#、，,：:；;.．(（)）“”"]+
  | [一二三四五六七八九十]+是
  | [（(]?[一二三四五六七八九十\d]{1,2}[)）.．、]
  | (?:到|至|在|截至)?(?:19|20)\d\d年(?:末|底|全年)?
  | “?[十][一二三四五六七八九]?五”?(?:期间|时期|末)?
"""
# …and the place of the report (济南市, 历城区, 新疆维吾尔自治区): at least two
# characters before 省/市/区…, so 城市, 市区, 山区 and 地区 stay; not a zone
# inside it (开发区, 高新区, 中心城区: their figures are not the place's).
_PLACE = r"""
    [\u4e00-\u9fff]{2,8}?(?<!{zones})(?:自治区|自治州|自治县|特别行政区|省|市|区|县|州|盟|旗)
"""
# Taken off the end besides the listed suffixes: a comparison base (比2020年, 较上年的, 由2015年的).
_TRAIL = r"(?:比|较|与|由|从)(?:(?:19|20)\d\d年|上年|去年|上年同期|年初)(?:的|末|底|相比)?"


def _place(zones: list[str]) -> str:
    """The regex of a place name, not ending in one of the `zones` (开发, 高新 …)."""
    behind = "".join(f"(?<!{re.escape(z)})" for z in zones)
    return _PLACE.replace("(?<!{zones})", behind)


def _read() -> dict:
    with resources.files("luoshi.engine").joinpath("data", "indicators.toml").open("rb") as f:
        return tomllib.load(f)


@cache
def _catalogue() -> _Catalogue:
    data = _read()
    fold = dict(data["fold"])
    fold_re = re.compile(alternation(fold))
    affixes = data["affixes"]
    cat = _Catalogue(
        indicators=(),
        by_name={},
        by_change_name={},
        fold=fold,
        fold_re=fold_re,
        prefix_re=re.compile(rf"(?:{alternation(affixes['prefixes'])}|{_LEAD}|{_place(affixes['zones'])})", re.VERBOSE),
        suffix_re=re.compile(rf"(?:{alternation(affixes['suffixes'])}|{_TRAIL})$"),
        anchor_re=re.compile(rf"{alternation(affixes['anchors'])}|(?:19|20)\d\d年"),
    )
    out = []
    for row in data["indicator"]:
        ind = Indicator(
            key=row["key"],
            name=row["name"],
            measure=Measure(row["measure"]) if row.get("measure") else None,
            unit=row["unit"],
            synonyms=tuple(dict.fromkeys([row["name"], *row["synonyms"]])),
            units=frozenset(row.get("units", ())),
            change_synonyms=tuple(row.get("change_synonyms", ())),
            note=row.get("note", "").strip(),
        )
        out.append(ind)
        _register(cat.by_name, ind, ind.synonyms, cat)
        _register(cat.by_change_name, ind, ind.change_synonyms, cat)
    both = set(cat.by_name) & set(cat.by_change_name)
    if both:
        raise ValueError(f"indicators.toml: {sorted(both)} are both names and change names")
    return replace(cat, indicators=tuple(out))


def _register(table: dict[str, Indicator], ind: Indicator, names, cat: _Catalogue) -> None:
    for name in names:
        key = _fold(name, cat)
        if table.get(key, ind) is not ind:
            raise ValueError(f"indicators.toml: {name!r} names both {table[key].key} and {ind.key}")
        table[key] = ind


def indicators() -> tuple[Indicator, ...]:
    """The catalogue, in the order of the data file."""
    return _catalogue().indicators


def by_key(key: str) -> Indicator:
    """The indicator of a key; KeyError when there is none."""
    for ind in indicators():
        if ind.key == key:
            return ind
    raise KeyError(key)


_WIDE = str.maketrans(
    {chr(0xFF01 + i): chr(0x21 + i) for i in range(94)} | {"\u3000": " "}
)  # full-width ASCII (ＧＤＰ, ＆) → ASCII
_NOISE = re.compile(r"[\s\"'“”‘’《》「」【】]")


def _fold(text: str, cat: _Catalogue | None = None) -> str:
    """Width, case, spaces, quotes and the [fold] spellings made one: 国内生产总值, ｇｄｐ → GDP."""
    cat = cat or _catalogue()
    plain = _NOISE.sub("", text.translate(_WIDE)).upper()
    return cat.fold_re.sub(lambda m: cat.fold[m.group()], plain)


def _candidates(text: str):
    """The folded `text`, then with ever more of its prefixes, then suffixes, taken off.

    After a word of time (中央提出今年|经济增长预期目标) the text starts again.
    """
    cat = _catalogue()
    folded = _fold(text, cat)
    starts = [folded]
    times = list(cat.anchor_re.finditer(folded))
    if times and times[-1].end() < len(folded):
        starts.append(folded[times[-1].end() :])
    for core in starts:
        yield core
        while (m := cat.prefix_re.match(core)) and m.end() < len(core):
            core = core[m.end() :]
            yield core
        while (m := cat.suffix_re.search(core)) and m.start() > 0:
            core = core[: m.start()]
            yield core


def match_indicator(text: str, measure: Measure | None = None) -> Indicator | None:
    """The canonical indicator of an indicator as written, or None.

    With `measure` CHANGE, names that are the indicator only as a change
    count too (经济 in 经济增长7%).
    """
    return _match(text, measure is Measure.CHANGE)


@lru_cache(maxsize=65536)  # reports repeat their indicators; a corpus run asks for each many times
def _match(text: str, change: bool) -> Indicator | None:
    cat = _catalogue()
    for candidate in _candidates(text):
        found = cat.by_name.get(candidate)
        if found is None and change:
            found = cat.by_change_name.get(candidate)
        if found is not None:
            return found
    return None


def canonical_of(statement: Statement) -> Indicator | None:
    """The canonical indicator of a statement: its indicator text, when its measure and unit fit."""
    found = match_indicator(statement.indicator, statement.measure)
    if found is None:
        return None
    if found.units and statement.unit not in found.units:
        return None
    return found
