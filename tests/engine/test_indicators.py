"""The indicator catalogue (engine/data/indicators.toml): the indicator as written → canonical key.

Tables of real indicator texts, grouped by where they come from:

- MAIN_TARGETS: the most frequent Statement.indicator values of main targets
  over ../shared/corpus/local (benchmarks/indicators.py lists them);
- NATIONAL: the State Council's reports, 1990 on;
- AFFIXES: the same names with the words reports put around them (全市,
  2023年, 济南市, **, 年均, 同比, 由2015年的 …);
- NOT_THE_SAME: names that must not match, or must match another indicator
  (农业增加值 is not 地区生产总值; 城镇 ≠ 农村 income; a zone's figures are not
  the place's);
- STATEMENTS: whole sentences through extract_statements and canonical_of,
  where the measure and the unit decide.
"""

from __future__ import annotations

import re

import pytest

from luoshi.engine.indicators import _fold, by_key, canonical_of, indicators, match_indicator
from luoshi.engine.model import Measure
from luoshi.engine.statements import extract_statements


def cases(*pairs):
    return [pytest.param(text, key, id=f"{text} → {key}") for text, key in pairs]


MAIN_TARGETS = cases(
    ("社会消费品零售总额", "retail_sales"),
    ("地区生产总值", "gdp"),
    ("固定资产投资", "fixed_asset_investment"),
    ("城镇登记失业率", "registered_unemployment"),
    ("居民消费价格涨幅", "cpi"),
    ("一般公共预算收入", "fiscal_revenue"),
    ("规模以上工业增加值", "industrial_value_added"),
    ("全社会固定资产投资", "fixed_asset_investment"),
    ("城镇新增就业", "new_urban_jobs"),
    ("人口自然增长率", "population_growth"),
    ("城镇居民人均可支配收入", "urban_income"),
    ("城镇调查失业率", "surveyed_unemployment"),
    ("城乡居民人均可支配收入", "urban_rural_income"),
    ("生产总值", "gdp"),
    ("农民人均纯收入", "rural_income"),
    ("地方一般公共预算收入", "fiscal_revenue"),
    ("规上工业增加值", "industrial_value_added"),
    ("农村居民人均可支配收入", "rural_income"),
    ("进出口总额", "trade"),
    ("居民消费价格总水平涨幅", "cpi"),
    ("外贸进出口总额", "trade"),
    ("实际利用外资", "foreign_investment"),
    ("居民消费价格指数涨幅", "cpi"),
    ("财政收入", "fiscal_revenue"),
    ("国内生产总值", "gdp"),
    ("公共财政预算收入", "fiscal_revenue"),
    ("地方财政收入", "fiscal_revenue"),
    ("外贸出口", "exports"),
    ("财政总收入", "total_fiscal_revenue"),
    ("单位生产总值能耗", "energy_intensity"),
    ("地方财政一般预算收入", "fiscal_revenue"),
    ("常住人口城镇化率", "urbanisation"),
    ("规模工业增加值", "industrial_value_added"),
    ("居民人均可支配收入", "resident_income"),
    ("粮食产量", "grain_output"),
    ("农村常住居民人均可支配收入", "rural_income"),
    ("服务业增加值", "services_value_added"),
    ("单位地区生产总值能耗", "energy_intensity"),
    ("万元生产总值能耗", "energy_intensity"),
    ("地方级财政收入", "fiscal_revenue"),
    ("城市居民人均可支配收入", "urban_income"),
    ("第三产业增加值", "services_value_added"),
    ("三产增加值", "services_value_added"),
    ("全体居民人均可支配收入", "resident_income"),
    ("新增城镇就业", "new_urban_jobs"),
    ("万元GDP能耗", "energy_intensity"),
    ("一般公共预算总收入", "total_fiscal_revenue"),
    ("实际利用外商直接投资", "foreign_investment"),
    ("城镇居民人均可支配收入实际", "urban_income"),
    ("出口总额", "exports"),
    ("森林覆盖率", "forest_coverage"),
    ("二氧化硫排放量", "so2"),
    ("氮氧化物排放量", "nox"),
    ("化学需氧量排放量", "cod"),
    ("主要污染物排放总量", "major_pollutants"),
    ("GDP", "gdp"),
    ("全员劳动生产率", "labour_productivity"),
    ("农牧民人均纯收入", "rural_income"),
    ("人均地区生产总值", "gdp_per_capita"),
    ("登记失业率", "registered_unemployment"),
    ("万元GDP综合能耗", "energy_intensity"),
    ("全社会研发投入占地区生产总值比重", "rd_intensity"),
    ("全社会研发投入强度", "rd_intensity"),
    ("研发经费支出占地区生产总值比重", "rd_intensity"),
    ("全社会研发经费支出相当于全市生产总值的比例", "rd_intensity"),
    ("研究与试验发展经费投入强度", "rd_intensity"),
    ("R&D经费支出占GDP比重", "rd_intensity"),
    ("全社会研究与试验发展经费支出占地区生产总值的比重", "rd_intensity"),
    ("实际利用内资", "domestic_investment"),
    ("人口出生率", "birth_rate"),
    ("CPI涨幅", "cpi"),
    ("人均预期寿命", "life_expectancy"),
    ("户籍人口城镇化率", "registered_urbanisation"),
    ("PM2.5平均浓度", "pm25"),
    ("空气质量优良天数比例", "good_air_days"),
    ("空气质量优良率", "good_air_days"),
    ("科技进步贡献率", "tech_progress_contribution"),
    ("万人发明专利拥有量", "invention_patents_per_10k"),
    ("服务业增加值占地区生产总值比重", "tertiary_share"),
    ("旅游总收入", "tourism_revenue"),
    ("农村劳动力转移就业", "rural_labour_transfer"),
    ("减少贫困人口", "poverty_reduction"),
    ("城镇和农村居民人均可支配收入", "urban_rural_income"),
    ("城镇居民人均可支配收入和农民人均纯收入均", "urban_rural_income"),  # one figure for both
    ("——农民人均年纯收入", "rural_income"),
    ("大口径财政收入", "total_fiscal_revenue"),
    ("一般公共预算收入按可比口径", "fiscal_revenue"),
    ("建筑业增加值", "construction_value_added"),
    ("高等教育毛入学率", "higher_education_enrolment"),
    ("港口集装箱吞吐量", "container_throughput"),
)

NATIONAL = cases(
    ("国民生产总值", "gdp"),  # 1992
    ("今年国民生产总值计划", "gdp"),  # 1993
    ("今年计划国内生产总值", "gdp"),  # 1994
    ("今年经济增长速度的宏观调控目标", "gdp"),  # 1995
    ("经济增长速度的调控目标", "gdp"),  # 1997
    ("经济增长速度", "gdp"),  # 1998
    ("今年经济增长预期目标", "gdp"),  # 2003
    ("中央提出今年经济增长预期目标", "gdp"),  # 2004
    ("国民经济增长速度", "gdp"),  # 1993, the revised 八五 average
    ("商品零售价格涨幅", "retail_prices"),  # 1990s price target
    ("全国财政收入", "fiscal_revenue"),
    ("赤字率", "deficit_ratio"),
    ("单位国内生产总值能耗", "energy_intensity"),
    ("单位国内生产总值二氧化碳排放", "co2_intensity"),
    ("居民消费价格涨幅", "cpi"),
    ("城镇新增就业", "new_urban_jobs"),
)

AFFIXES = cases(
    ("全市地区生产总值", "gdp"),
    ("全省生产总值", "gdp"),
    ("本市生产总值", "gdp"),
    ("全市实现地区生产总值", "gdp"),
    ("**地区生产总值", "gdp"),
    ("——社会消费品零售总额", "retail_sales"),
    ("一是地区生产总值", "gdp"),
    ("2023年全市城镇化率", "urbanisation"),
    ("到2025年常住人口城镇化率", "urbanisation"),
    ("“十四五”期间地区生产总值年均", "gdp"),
    ("济南市地区生产总值", "gdp"),
    ("新疆维吾尔自治区地区生产总值", "gdp"),
    ("地区生产总值年均", "gdp"),
    ("地区生产总值同比", "gdp"),
    ("国内生产总值比2000年", "gdp"),
    ("城镇化率由2015年的", "urbanisation"),
    ("全社会研发投入占GDP比重由", "rd_intensity"),
    ("规上工业增加值预计", "industrial_value_added"),
    ("粮食产量稳定", "grain_output"),
    ("粮食播种面积稳定", "grain_area"),
    ("一般公共预算收入同口径", "fiscal_revenue"),
    ("城镇居民人均可支配收入和", None),
    ("农村常住居民人均可支配收入年均", "rural_income"),
    ("2015年国内生产总值将", "gdp"),
    ("ＧＤＰ", "gdp"),
    ("gdp增速", "gdp"),
)

NOT_THE_SAME = cases(
    ("农业增加值", "primary_value_added"),  # not 地区生产总值
    ("海洋生产总值", None),
    ("绿色经济占地区生产总值比重", None),
    ("一般公共预算收入占地区生产总值比重", None),
    ("数字经济核心产业增加值占地区生产总值比重", None),
    ("高新技术产业增加值", None),
    ("民营经济增加值", None),
    ("工业投资", "industrial_investment"),  # not 固定资产投资
    ("投资", None),
    ("年均", None),
    ("经济", None),  # a level of 经济 is not GDP (see CHANGE_ONLY)
    ("贫困人口", None),
    ("合同利用外资", None),
    ("新增高新技术企业", None),
    ("占一般公共预算支出的", None),
    ("城市污水处理率", None),
    ("阿勒泰地区", None),
    ("城镇调查失业率和城镇登记失业率", None),
    ("二氧化硫和氮氧化物排放总量", None),
    ("开发区规上工业增加值", None),  # a zone's figure, not the place's
    ("中心城区空气质量优良率", None),
    ("经济区生产总值", None),
    ("全省山区县规模以上工业增加值", None),
    ("人均地区生产总值", "gdp_per_capita"),
    ("单位地区生产总值能耗", "energy_intensity"),
    ("工业增加值", "industry_value_added"),
    ("规模以上工业总产值", "industrial_output_value"),
    ("农村居民人均可支配收入", "rural_income"),
    ("城镇居民人均可支配收入", "urban_income"),
    ("居民人均可支配收入", "resident_income"),
    ("城乡居民人均可支配收入", "urban_rural_income"),
    ("粮食播种面积", "grain_area"),
    ("第三产业增加值占地区生产总值比重", "tertiary_share"),
    ("财政总收入", "total_fiscal_revenue"),
    ("城镇登记失业率", "registered_unemployment"),
)


@pytest.mark.parametrize(("text", "key"), MAIN_TARGETS + NATIONAL + AFFIXES + NOT_THE_SAME)
def test_it_maps_the_indicator_as_written_to_its_canonical_key(text, key):
    assert getattr(match_indicator(text), "key", None) == key


CHANGE_ONLY = [
    pytest.param("经济", Measure.CHANGE, "gdp", id="经济(增长7%) → gdp"),
    pytest.param("今年的经济", Measure.CHANGE, "gdp", id="今年的经济(增长预期为7%) → gdp"),
    pytest.param("经济", Measure.LEVEL, None, id="经济 as a level → none"),
    pytest.param("第三产业", Measure.CHANGE, "services_value_added", id="第三产业(增长8%) → services"),
    pytest.param("居民收入", Measure.CHANGE, "resident_income", id="居民收入(增长7%) → resident income"),
    pytest.param("居民收入", None, None, id="居民收入 without a measure → none"),
]


@pytest.mark.parametrize(("text", "measure", "key"), CHANGE_ONLY)
def test_some_names_are_the_indicator_only_as_a_change(text, measure, key):
    assert getattr(match_indicator(text, measure), "key", None) == key


def statement_cases(*rows):
    return [pytest.param(sentence, keys, id=sentence) for sentence, keys in rows]


# Sentences from reports (or in their words): the canonical key of each statement, in order.
STATEMENTS = statement_cases(
    ("今年主要预期目标是：地区生产总值增长6%左右", ["gdp"]),
    ("全市实现地区生产总值1300亿元，增长5%", ["gdp", "gdp"]),
    ("实现地区生产总值1300亿元增长5%", ["gdp", "gdp"]),
    ("全市实现地区生产总值1300亿元，比上年增长5%", ["gdp", "gdp"]),
    ("综合分析国内外的有利条件和制约因素，今年的经济增长预期为7％左右。", ["gdp"]),
    ("综合分析各方面的条件，今年经济增长速度的宏观调控目标，定为百分之八至九。", ["gdp"]),
    ("城镇新增就业1.2万人", ["new_urban_jobs"]),
    ("新增城镇就业岗位5000个", [None]),  # posts counted in 个, not people
    ("粮食产量稳定在1000万吨以上", ["grain_output"]),
    ("粮食播种面积稳定在1000万亩", ["grain_area"]),
    ("城镇登记失业率控制在4.5%以内", ["registered_unemployment"]),
    ("城镇化率由53.2%提高到60%", ["urbanisation", "urbanisation"]),
    ("城镇居民人均可支配收入由2.5万元提高到3万元", ["urban_income", "urban_income"]),
    ("城镇和农村居民人均可支配收入分别增长8%和9%", ["urban_income", "rural_income"]),
    ("城乡居民人均可支配收入分别增长5%和7.8%", ["urban_income", "rural_income"]),  # 七台河市-2016
    ("城乡居民人均可支配收入增长7%", ["urban_rural_income"]),
    ("城镇居民人均可支配收入和农民人均纯收入均增长10%", ["urban_rural_income"]),
    ("城镇居民人均可支配收入和农民人均纯收入分别增长10%和8%", ["urban_income", "rural_income"]),
    ("固定资产投资增速比上年回落32.7个百分点", [None]),  # a change of the growth rate, not of investment
    ("地区生产总值达到5000亿元，年均增长11%以上", ["gdp", "gdp"]),
    ("二氧化硫和氮氧化物排放总量分别下降2%和3%", ["so2", "nox"]),
    ("居民消费价格涨幅控制在3%左右", ["cpi"]),
    ("森林覆盖率提高至45%", ["forest_coverage"]),
)


@pytest.mark.parametrize(("sentence", "keys"), STATEMENTS)
def test_it_maps_whole_statements_where_measure_and_unit_decide(sentence, keys):
    found = [getattr(canonical_of(s), "key", None) for s in extract_statements(sentence)]
    assert found == keys


# --- The catalogue itself ---------------------------------------------------------

def test_it_holds_at_least_25_indicators_with_stable_ascii_keys():
    keys = [ind.key for ind in indicators()]
    assert len(keys) >= 25
    assert len(set(keys)) == len(keys)
    assert all(re.fullmatch(r"[a-z][a-z0-9_]*", k) for k in keys)
    assert len({ind.name for ind in indicators()}) == len(keys)
    assert indicators() is indicators()


@pytest.mark.parametrize("ind", indicators(), ids=lambda ind: ind.key)
def test_every_name_of_an_indicator_maps_back_to_it(ind):
    assert ind.synonyms[0] == ind.name
    assert ind.measure in (None, Measure.CHANGE, Measure.LEVEL)
    assert ind.unit
    for name in ind.synonyms:
        assert match_indicator(name) is ind, name
        assert _fold(_fold(name)) == _fold(name), name  # a fold inside a fold would never match
    for name in ind.change_synonyms:
        assert match_indicator(name) is None and match_indicator(name, Measure.CHANGE) is ind, name


@pytest.mark.parametrize(
    ("key", "names"),
    [
        ("gdp", ["地区生产总值", "国内生产总值", "生产总值", "GDP", "国民生产总值", "经济增长", "经济增长速度"]),
        ("fiscal_revenue", ["一般公共预算收入", "地方一般公共预算收入", "地方级收入", "财政收入"]),
        ("cpi", ["居民消费价格涨幅", "居民消费价格上涨", "CPI", "物价"]),
        ("new_urban_jobs", ["城镇新增就业", "新增城镇就业"]),
        ("trade", ["进出口总额", "外贸进出口"]),
        ("rd_intensity", ["研发经费投入强度", "R&D经费支出占GDP比重"]),
    ],
)
def test_it_knows_the_names_the_issue_lists(key, names):
    assert [getattr(match_indicator(n), "key", None) for n in names] == [key] * len(names)
    assert by_key(key).key == key
