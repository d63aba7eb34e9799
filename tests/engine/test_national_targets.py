"""The GDP growth target of every national report from 1990 on, found from the whole report.

tests/data/national/ holds the State Council's reports of 1990 on (public
documents, gzip-compressed copies of ../shared/corpus/national) and
gdp_targets.csv, the table checked by reading each report (the same as
benchmarks/gold/national_gdp_targets.csv): for each report the quote of its
plan-year GDP growth target with value, value_high and cmp, or empty cells
when the report states none (2000, 2001, 2002).

The target is what the corpus table marks `plan_year_target` for indicator
gdp (tests/test_cli_corpus.py runs `luoshi corpus` over the same copies):
role target, canonical indicator gdp, measure change, the plan year's, the
main target's (else the first), multi-year averages left out:
luoshi.engine.targets.plan_year_target, and plan_year_targets for every
indicator at once.
"""

from __future__ import annotations

import csv
import gzip
from functools import cache
from pathlib import Path

import pytest

from luoshi.engine import Measure, Report, Role, analyse_text
from luoshi.engine.indicators import canonical_of
from luoshi.engine.targets import plan_year_target, plan_year_targets

DATA = Path(__file__).resolve().parents[1] / "data" / "national"


def read_table() -> list[dict]:
    with (DATA / "gdp_targets.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


TABLE = read_table()


@cache
def report(doc: str) -> Report:
    with gzip.open(DATA / f"{doc}.txt.gz", "rt", encoding="utf-8") as f:
        return analyse_text(f.read(), doc=doc)


def number(cell: str) -> float | None:
    return float(cell) if cell else None


def test_the_table_covers_every_national_report_from_1990_on():
    files = {p.name.removesuffix(".txt.gz") for p in DATA.glob("national-*.txt.gz")}
    assert {row["doc"] for row in TABLE} == files
    assert min(int(doc.split("-")[1]) for doc in files) >= 1990
    assert len(files) == 27


@pytest.mark.parametrize("row", [r for r in TABLE if r["value"]], ids=lambda r: f"{r['doc']}: {r['quote']}")
def test_it_finds_the_plan_year_gdp_growth_target_of_the_whole_report(row):
    r = report(row["doc"])
    found = plan_year_target(r)
    assert found is not None
    got = (found.value, found.value_high, found.cmp.value, found.measure, found.unit, found.role)
    assert got == (number(row["value"]), number(row["value_high"]), row["cmp"], Measure.CHANGE, "%", Role.TARGET)
    assert canonical_of(found).key == "gdp"
    at = r.text.index(row["quote"])  # the first time the report states it
    assert at <= found.start < found.end <= at + len(row["quote"]), r.text[found.start : found.end]


@pytest.mark.parametrize("row", [r for r in TABLE if not r["value"]], ids=lambda r: r["doc"])
def test_it_finds_no_gdp_target_where_the_report_states_none(row):
    assert plan_year_target(report(row["doc"])) is None


@pytest.mark.parametrize("row", TABLE, ids=lambda r: r["doc"])
def test_the_targets_of_all_indicators_at_once_agree(row):
    r = report(row["doc"])
    assert plan_year_targets(r).get("gdp") == plan_year_target(r)


def gdp_targets(r: Report) -> list:
    return [s for s in r.statements if s.role is Role.TARGET and getattr(canonical_of(s), "key", None) == "gdp"]


@pytest.mark.parametrize(
    ("doc", "value", "value_high", "plan_value"),
    [
        # 按调整后的“八五”计划，国民经济增长速度由原定平均每年百分之六调高到百分之八至九
        pytest.param("national-1993", 8.0, 9.0, 8.0, id="八五 8-9% against 1993's 8%"),
        # “十五”期间年均经济增长速度预期目标为7％左右, and no figure for 2001 itself
        pytest.param("national-2001", 7.0, None, None, id="十五 7% in 2001, which has no plan-year figure"),
    ],
)
def test_it_tells_the_plan_year_target_from_a_five_year_average(doc, value, value_high, plan_value):
    r = report(doc)
    average = [s for s in gdp_targets(r) if (s.value, s.value_high) == (value, value_high)]
    assert average, "the five-year figure is a GDP target of the report"
    found = plan_year_target(r)
    assert found not in average
    assert getattr(found, "value", None) == plan_value
