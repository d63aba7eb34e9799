"""Year-end verification (luoshi.engine.verification): verdict rules on real sentences, and the pairing of
real excerpts of consecutive national reports (tests/data/verify, copied from the State Council's reports)."""

from pathlib import Path

import pytest

from luoshi.engine import analyse_file
from luoshi.engine.statements import extract_statements
from luoshi.engine.verification import Tolerance, Verdict, verdict_for, verify, with_tolerance

DATA = Path(__file__).parent.parent / "data" / "verify"
MET, PARTLY, NOT_MET, NOT_REPORTED = Verdict.MET, Verdict.PARTLY, Verdict.NOT_MET, Verdict.NOT_REPORTED


def statement(sentence: str):
    found = extract_statements(sentence)
    assert len(found) == 1, found
    return found[0]


# (target as the plan report writes it, result as the next report writes it, verdict).
# Both sentences as the national reports wrote them; the result's 去年 stands for the review's year.
REAL_PAIRS = [
    ("今年发展的主要预期目标是：国内生产总值增长6.5%左右。", "去年国内生产总值增长6.9%。", MET),  # 2017 → 2018
    ("今年经济社会发展的主要预期目标是：国内生产总值增长7%左右。", "去年国内生产总值增长6.9%。", MET),  # 2015 → 2016
    ("今年经济社会发展的主要预期目标是：国内生产总值增长7.5%左右。", "去年国内生产总值比上年增长7.4%。", MET),  # 2014
    ("今年主要预期目标是：国内生产总值增长6.5%－7%。", "去年国内生产总值增长6.7%。", MET),  # 2016: inside the range
    ("今年主要预期目标是：居民消费价格涨幅3%左右。", "去年居民消费价格上涨2%。", MET),  # a ceiling
    ("今年主要预期目标是：居民消费价格涨幅控制在4％左右。", "去年居民消费价格涨幅回落到2.6%。", MET),  # 2012: level vs change
    ("今年主要预期目标是：城镇登记失业率4.5%以内。", "年末城镇登记失业率4.02%。", MET),
    ("今年主要预期目标是：城镇新增就业1100万人以上。", "去年城镇新增就业1351万人。", MET),
    ("今年主要预期目标是：单位国内生产总值能耗下降3.4%以上。", "去年单位国内生产总值能耗下降5%。", MET),  # a decline
    ("今年也要再减少农村贫困人口1000万人以上。", "去年农村贫困人口减少1442万人。", MET),  # a count against a change
    ("今年广义货币M2预期增长13%左右。", "去年广义货币M2增长11.3%。", NOT_MET),  # 2016 → 2017: 1.7 points off
    ("今年要再取消和下放行政审批事项200项以上。", "去年取消和下放246项行政审批事项。", MET),
]

# A real target against results either side of its bounds (default tolerance: 0.5 points, 5%, partly within one more).
BOUNDS = [
    ("今年主要预期目标是：国内生产总值增长6%左右。", "去年国内生产总值增长5.8%。", MET),  # within ±0.5
    ("今年主要预期目标是：国内生产总值增长6%左右。", "去年国内生产总值增长5.5%。", MET),  # at the band's edge
    ("今年主要预期目标是：国内生产总值增长6%左右。", "去年国内生产总值增长5.2%。", PARTLY),  # close
    ("今年主要预期目标是：国内生产总值增长6%左右。", "去年国内生产总值增长4.9%。", NOT_MET),
    ("今年主要预期目标是：国内生产总值增长6%左右。", "去年国内生产总值增长7.2%。", MET),  # better than planned
    ("今年主要预期目标是：国内生产总值增长6.5%－7%。", "去年国内生产总值增长7.3%。", MET),  # above the range
    ("今年主要预期目标是：国内生产总值增长6.5%－7%。", "去年国内生产总值增长6.2%。", PARTLY),  # within tolerance below
    ("今年主要预期目标是：国内生产总值增长6.5%－7%。", "去年国内生产总值增长5.9%。", NOT_MET),
    ("今年主要预期目标是：城镇登记失业率4.5%以内。", "去年城镇登记失业率4.5%。", MET),  # at the ceiling
    ("今年主要预期目标是：城镇登记失业率4.5%以内。", "去年城镇登记失业率4.8%。", PARTLY),  # no band above a ceiling
    ("今年主要预期目标是：城镇登记失业率4.5%以内。", "去年城镇登记失业率5.1%。", NOT_MET),
    ("今年主要预期目标是：居民消费价格涨幅3%左右。", "去年居民消费价格上涨3.4%。", MET),  # a ceiling's band
    ("今年主要预期目标是：居民消费价格涨幅3%左右。", "去年居民消费价格上涨3.8%。", PARTLY),
    ("今年主要预期目标是：居民消费价格涨幅3%左右。", "去年居民消费价格上涨4.2%。", NOT_MET),
    ("今年主要预期目标是：城镇新增就业1100万人以上。", "去年城镇新增就业1060万人。", PARTLY),  # within 5% below
    ("今年主要预期目标是：城镇新增就业1100万人以上。", "去年城镇新增就业1000万人。", NOT_MET),
    ("今年主要预期目标是：单位国内生产总值能耗下降3.4%以上。", "去年单位国内生产总值能耗下降3.1%。", PARTLY),
    ("今年主要预期目标是：单位国内生产总值能耗下降3.4%以上。", "去年单位国内生产总值能耗上升0.5%。", NOT_MET),
    ("今年要再压减钢铁产能5000万吨左右。", "去年压减钢铁产能4800万吨。", MET),  # within 5% of 左右
    # 云南省 2009: a soft target (力争) gets the band of 左右; the same words without 力争 do not.
    ("今年主要预期目标是：力争县以上城镇污水处理率达到53%。", "去年县以上城镇污水处理率达到52.7%。", MET),
    ("今年主要预期目标是：县以上城镇污水处理率达到53%。", "去年县以上城镇污水处理率达到52.7%。", PARTLY),
    ("今年主要预期目标是：力争县以上城镇污水处理率达到53%。", "去年县以上城镇污水处理率达到52.2%。", PARTLY),
]


@pytest.mark.parametrize(("target", "result", "verdict"), REAL_PAIRS + BOUNDS, ids=lambda x: str(x))
def test_verdict(target, result, verdict):
    assert verdict_for(statement(target), statement(result))[0] is verdict


REASONS = [
    ("今年主要预期目标是：国内生产总值增长6%左右。", "去年国内生产总值增长5.8%。", "目标增长6%左右，实际增长5.8%，在±0.5个百分点内"),
    ("今年主要预期目标是：城镇新增就业1100万人以上。", "去年城镇新增就业1351万人。", "目标1100万人以上，实际1351万人，达到目标"),
    ("今年主要预期目标是：国内生产总值增长6.5%－7%。", "去年国内生产总值增长6.2%。", "目标增长6.5-7%，实际增长6.2%，差0.3个百分点，接近目标"),
    ("今年主要预期目标是：城镇新增就业1100万人以上。", "去年城镇新增就业1000万人。", "目标1100万人以上，实际1000万人，差100万人"),
    ("今年主要预期目标是：单位国内生产总值能耗下降3.4%以上。", "去年单位国内生产总值能耗下降5%。", "目标下降3.4%以上，实际下降5%，达到目标"),
]


@pytest.mark.parametrize(("target", "result", "reason"), REASONS, ids=lambda x: str(x))
def test_reason(target, result, reason):
    assert verdict_for(statement(target), statement(result))[1] == reason


TOLERANCES = [
    (Tolerance(), PARTLY),
    (with_tolerance(points=0.7), MET),  # a wider band
    (with_tolerance(points=0.25), NOT_MET),  # 0.6 short: beyond 0.25 + 0.25
    (with_tolerance(points=0.25, partly=2.0), PARTLY),  # …but within 0.25 + 2 × 0.25
]


@pytest.mark.parametrize(("tolerance", "verdict"), TOLERANCES, ids=str)
def test_tolerance_is_configurable(tolerance, verdict):
    target, result = statement("今年主要预期目标是：国内生产总值增长6%左右。"), statement("去年国内生产总值增长5.4%。")
    assert verdict_for(target, result, tolerance)[0] is verdict


def test_share_tolerance_for_levels():
    target, result = statement("今年要再压减钢铁产能5000万吨左右。"), statement("去年压减钢铁产能4600万吨。")
    assert verdict_for(target, result)[0] is PARTLY  # 8% short: beyond 5%, within 10%
    assert verdict_for(target, result, with_tolerance(share=0.1))[0] is MET


# ---------------------------------------------------------------- pairing on real excerpts


@pytest.fixture(scope="module")
def year_2017():
    return analyse_file(DATA / "national-2017-excerpt.txt"), analyse_file(DATA / "national-2018-excerpt.txt")


@pytest.fixture(scope="module")
def year_2015():
    return analyse_file(DATA / "national-2015-excerpt.txt"), analyse_file(DATA / "national-2016-excerpt.txt")


def table(check) -> list[tuple]:
    """(the target's number or words, the result's number or None, the verdict) per target."""
    out = []
    for v in check.items:
        target = v.target.statement.num if v.target.statement else v.target.indicator
        out.append((target, v.result.num if v.result is not None else None, v.verdict.value))
    return out


# Judged by reading both excerpts. 2018 reviews five years: only 刚刚过去的2017年 speaks of the plan year, so
# the five-year figures beside it (退出钢铁产能1.7亿吨以上, 贫困人口减少6800多万, 易地扶贫搬迁830万人) pair with nothing.
EXPECTED_2017 = [
    ("6.5%", "6.9%", "met"),
    ("3%", None, "not_reported"),
    ("1100万人", "1351万人", "met"),
    ("4.5%", None, "met"),  # in words: 失业率为多年来最低
    ("国际收支基本平衡", None, "not_reported"),
    ("居民收入和经济增长基本同步", "7.3%", "met"),  # 居民收入增长7.3% against 国内生产总值增长6.9%
    ("3.4%", None, "not_reported"),  # not the GDP's 6.9%: another indicator
    ("5000万吨", None, "not_reported"),
    ("1.5亿吨", None, "not_reported"),
    ("5000万千瓦", None, "not_reported"),
    ("1000万", None, "not_reported"),
    ("340万人", None, "not_reported"),
    ("30%", None, "not_reported"),
    ("20万公里", None, "not_reported"),
    ("3万个", None, "not_reported"),
    ("450元", None, "not_reported"),  # 由每人每年420元提高到450元: 420元 is no target
    ("85%", None, "not_reported"),
]

EXPECTED_2015 = [
    ("7%", "6.9%", "met"),
    ("3%", None, "met"),  # in words: 居民消费价格涨幅保持较低水平
    ("1000万人", "1312万人", "met"),
    ("4.5%", None, "not_reported"),
    ("6%", None, "not_met"),  # in words: 去年我国进出口总额出现下降，预期增长目标未能实现
    ("国际收支基本平衡", None, "not_reported"),
    ("居民收入增长与经济发展同步", "7.4%", "met"),
    ("3.1%", "5.6%", "met"),
    ("7%", "6.9%", "met"),  # 经济增长预期7%左右: the GDP target restated
    ("6000万", "6434万", "met"),
    ("20万公里", None, "not_reported"),
    ("20多万", None, "not_reported"),
    ("1000万人", "1442万人", "met"),
    ("740万套", None, "not_reported"),
    ("580万套", None, "not_reported"),
    ("110万套", None, "not_reported"),
    ("366万户", "432万户", "met"),
    ("100万户", None, "not_reported"),
    ("3.1%", None, "met"),  # 各项约束性指标超额完成
    ("2%", None, "met"),
    ("3%", None, "met"),
    ("5%", None, "met"),
]


def test_pairs_2017_with_2018(year_2017):
    check = verify(*year_2017)
    assert check.year == 2017 and check.notes == ()
    assert table(check) == EXPECTED_2017


def test_pairs_2015_with_2016(year_2015):
    assert table(verify(*year_2015)) == EXPECTED_2015


@pytest.mark.parametrize("which", ["year_2017", "year_2015"])
def test_spans_are_kept(which, request):
    plan, result = request.getfixturevalue(which)
    for v in verify(plan, result).items:
        t = v.target
        if t.statement is not None:
            assert plan.text[t.start : t.end] == t.statement.num
        else:
            assert plan.text[t.start : t.end] == t.indicator
        if v.result is not None:
            assert result.text[v.result.start : v.result.end] == v.result.num
            assert v.evidence.quote == v.result.quote
        elif v.evidence is not None:
            assert result.text[v.evidence.start : v.evidence.end] == v.evidence.quote


def test_reasons_are_chinese_and_say_what_was_found(year_2017):
    items = verify(*year_2017).items
    assert items[0].reason == "目标增长6.5%左右，实际增长6.9%，达到目标"
    assert items[1].reason.startswith("下一年报告没有报告这一指标的结果；报告只总体说“刚刚过去的2017年")
    assert "请人工核对" not in items[4].reason and items[4].reason.startswith("目标没有数值")


def test_reports_not_of_consecutive_years_are_noted(year_2015, year_2017):
    check = verify(year_2015[0], year_2017[1])
    assert check.year == 2015
    assert check.notes and "不是相邻年份" in check.notes[0]


def test_year_given_overrides_the_reports(year_2017):
    check = verify(*year_2017, year=2016)
    assert check.year == 2016
    assert [v.verdict for v in check.items] == [NOT_REPORTED] * len(check.items)  # 2017年 results are not 2016's
