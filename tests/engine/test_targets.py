"""The plan year's main targets (主要预期目标): which passage states them, on excerpts of real reports.

Each excerpt keeps the report's part headings and the paragraphs around its
cues, shortened (…) but otherwise as written. A report's five-year targets
(今后五年…主要目标是：, “十三五”…发展目标：到2020年) are never the plan year's,
even when they come first; a cue that only mentions targets (超额完成了…2005年
预期目标，) opens no passage.
"""

from __future__ import annotations

import pytest

from luoshi.engine import analyse_text

FIVE_YEAR_FIRST = [
    pytest.param(
        # 广东省-2018: the 今后五年 part comes before the 2018 work part
        "一、过去五年工作回顾\n过去五年，全省地区生产总值年均增长7.9%。\n\n"
        "二、今后五年的目标任务\n按照党的十九大确定的宏伟蓝图和国家“十三五”规划纲要的部署，根据省第十二次党代会和省委十二届二次、"
        "三次全会提出的要求，今后五年我省经济社会发展主要目标是：基本形成现代化经济体系，供给侧结构性改革取得重大进展，"
        "经济综合实力显著增强，经济质量优势显著提升，居民收入增长与经济增长同步。\n\n"
        "三、2018年工作安排\n今年我省经济社会发展的主要预期目标：地区生产总值增长7%左右，固定资产投资增长10%，"
        "社会消费品零售总额增长10%，进出口总额增长3%；地方一般公共预算收入增长9%；研发经费支出占地区生产总值比重达2.7%；"
        "居民消费价格涨幅控制在3%以内；居民人均可支配收入增长与经济增长基本同步；城镇新增就业110万人。",
        [("地区生产总值", 7, None, "approx"), ("固定资产投资", 10, None, "eq"), ("社会消费品零售总额", 10, None, "eq")],
        9,
        id="广东省-2018: 今后五年 part first",
    ),
    pytest.param(
        # 东莞市-2006: the review recalls 2005's targets (a mention); “十一五”时期's targets come next
        "一、过去五年工作回顾\n市政府…顺利战胜非典疫情和台风、洪涝等自然灾害，超额完成了市人大会议通过的“十五”计划任务和2005年"
        "预期目标，开创了改革开放和现代化建设的崭新局面。\n\n"
        "二、“十一五”时期的奋斗目标\n“十一五”时期我市经济社会发展的主要目标是：全市生产总值年均增长12%，到2010年达到4000亿元。\n\n"
        "三、2006年工作安排\n今年全市经济社会发展的主要预期目标是：生产总值比上年增长15%；单位生产总值能耗下降3%左右；"
        "市一般预算收入增长15%；全社会固定资产投资总额增长25%。为此，必须重点抓好以下工作。",
        [("生产总值比上年", 15, None, "eq"), ("单位生产总值能耗", -3, None, "approx")],
        4,
        id="东莞市-2006: a mention in the review, 十一五 targets first",
    ),
    pytest.param(
        # 鸡西市-2016: one part for both; 发展目标： names no period but opens on 到2020年 and 年均
        "二、“十三五”时期奋斗目标及2016年工作任务\n发展目标：到2020年，地区生产总值和城乡居民人均收入在2010年基础上翻一番，"
        "“十三五”期间年均分别增长8%和7%；规模以上工业增加值年均增长15%—20%；一般公共预算收入年均增长5%。\n\n"
        "经济社会发展的主要预期目标：地区生产总值增长6.5%—7%，规模以上工业增加值增长5%，固定资产投资增长7%。",
        [("地区生产总值", 6.5, 7, "range"), ("规模以上工业增加值", 5, None, "eq")],
        3,
        id="鸡西市-2016: 发展目标：到2020年 before the year's",
    ),
    pytest.param(
        # 北京市-2021: the sentence names the five-year plan, then 今年: the last time word decides
        "二、2021年工作安排\n按照上述要求，综合分析研判形势，对接“十四五”规划，提出今年全市经济社会发展的主要预期目标是："
        "地区生产总值增长6%以上，一般公共预算收入增长3%以上，城镇调查失业率低于5%，居民消费价格涨幅3%左右。",
        [("地区生产总值", 6, None, "ge"), ("一般公共预算收入", 3, None, "ge")],
        4,
        id="北京市-2021: 对接“十四五”规划，提出今年…",
    ),
]

PLAN_YEAR_IN_A_FIVE_YEAR_PART = [
    pytest.param(
        # 固原市-2022: the part's heading names the five years and 明年; the sentence before names the plan year
        "二、今后五年及明年目标任务\n今后五年，全市经济社会发展的主要目标是：综合实力迈上新台阶，地区生产总值年均增长7%。\n\n"
        "2022年是新一届政府履职赶考的开局之年，也是纵深推进先行区建设的关键一年。全市经济社会发展的主要预期目标是："
        "地区生产总值增长7％以上，固定资产投资增长10％左右。",
        [("地区生产总值", 7, None, "ge"), ("固定资产投资", 10, None, "approx")],
        2,
        id="固原市-2022: 开局之年",
    ),
    pytest.param(
        # 红河哈尼族彝族自治州-2025: the outline takes the part for a five-year one; the passage states the year's figures
        "二、争先跨越，实现“十四五”规划和“三年新突破”目标\n…高质量完成“十四五”规划和“三年新突破”目标任务，为“十五五”良好开局"
        "打牢基础。\n\n主要预期目标建议为:地区生产总值增长5%以上，产业投资增长7%以上，社会消费品零售总额增长5%。",
        [("地区生产总值", 5, None, "ge"), ("产业投资", 7, None, "ge"), ("社会消费品零售总额", 5, None, "eq")],
        3,
        id="红河州-2025: 十四五收官之年 in a five-year part",
    ),
]

MENTIONS_AFTER_THE_PASSAGE = [
    pytest.param(
        # 朔州市-2020: 2020年主要预期目标， after the list only says how they were set
        "二、2020年工作安排\n…确保“十三五”规划圆满收官，高起点编制“十四五”规划，奋力建设生态美、产业兴、百姓富的塞上绿洲、美丽朔州。\n\n"
        "经济社会发展的主要预期目标为：地区生产总值同比增长6.5%左右，规模以上工业增加值增长7%。\n\n"
        "各位代表，2020年主要预期目标，与省委、省政府下达的任务以及市委经济工作会议确定的预期指标是一致的。",
        [("地区生产总值同比", 6.5, None, "approx"), ("规模以上工业增加值", 7, None, "eq")],
        2,
        id="朔州市-2020: 2020年主要预期目标，与…一致",
    ),
    pytest.param(
        # 孝感市-2020: 目标， followed by a clause that ends in a colon: the list follows
        "二、2020年工作安排\n今年的主要预期目标，坚持“两保持一优先”定位：地区生产总值增长7.5%左右，地方一般公共预算收入增长6%。",
        [("地区生产总值", 7.5, None, "approx"), ("地方一般公共预算收入", 6, None, "eq")],
        2,
        id="孝感市-2020: 目标，坚持…定位：",
    ),
    pytest.param(
        # national-1995: 目标，定为百分之八至九
        "二、促进国民经济持续、快速、健康发展\n保持适当的经济增长速度。\n综合分析各方面的条件，今年经济增长速度的宏观调控目标，"
        "定为百分之八至九。现在国际国内时机有利。",
        [("今年经济增长速度的宏观调控目标", 8, 9, "range")],
        1,
        id="national-1995: 调控目标，定为百分之八至九",
    ),
]

CUE_WORDINGS = [
    pytest.param("二、2021年工作安排\n统筹考虑各方面因素，**今年主要预期指标是：**地区生产总值增长8%-8.5%，规模以上工业增加值增长7.5%左右。",
                 [("地区生产总值", 8, 8.5, "range")], 2, id="太原市-2021: 主要预期指标是："),
    pytest.param("二、2021年工作安排\n今年全市经济社会发展目标为：生产总值增长6.5%左右。一般公共预算收入增长6.5%左右。",
                 [("生产总值", 6.5, None, "approx"), ("一般公共预算收入", 6.5, None, "approx")], 2,
                 id="临沂市-2021: 发展目标为："),
    pytest.param("三、2026年发展主要目标和工作安排\n五年看头年，全局看开局。今年经济社会发展主要预期目标安排：地区生产总值增长5%—5.5%，"
                 "在实际工作中努力争取更好结果；城镇调查失业率控制在5%左右。",
                 [("地区生产总值", 5, 5.5, "range")], 2, id="杭州市-2026: 主要预期目标安排："),
    pytest.param("二、2018年工作安排\n今年全市经济社会发展的主要目标分为两类：一是预期性指标。地区生产总值增长8%；固定资产投资增长10%。",
                 [("地区生产总值", 8, None, "eq"), ("固定资产投资", 10, None, "eq")], 2,
                 id="南京市-2018: 主要目标分为两类："),
]

FIVE_YEAR_ONLY = [
    pytest.param(
        # national-2001: only the “十五” plan's targets; the plan year states none
        "二、“十五”期间的奋斗目标和指导方针\n根据“十五”期间的形势和任务，《纲要》提出今后五年经济和社会发展的主要目标是："
        "国民经济保持较快发展速度，经济结构战略性调整取得明显成效；科技、教育加快发展，国民素质进一步提高。",
        id="national-2001: 今后五年 only",
    ),
    pytest.param(
        # 杭州市-2012: 今后5年 written with a digit
        "（三）今后五年发展的主要目标\n今后5年，杭州经济社会发展的主要目标是：全面完成“十二五”规划，力争提前1年实现全市生产总值达到"
        "10000亿元。",
        id="杭州市-2012: 今后5年",
    ),
    pytest.param(
        # national-2000: the review says a target was reached
        "一、1999年国内工作回顾\n国民经济发展质量提高。\n国内生产总值增长率达到预期目标，经济结构有所调整，经济效益明显改善。",
        id="national-2000: 达到预期目标，",
    ),
]


def found(text: str) -> list[tuple]:
    report = analyse_text(text)
    for t in report.main_targets:
        assert text[t.start : t.end], t
        if t.statement is not None:
            assert text[t.statement.start : t.statement.end] == t.statement.num
    return [
        (t.indicator, t.statement.value, t.statement.value_high, t.statement.cmp.value)
        if t.statement is not None else (t.indicator, None, None, None)
        for t in report.main_targets
    ]


@pytest.mark.parametrize(
    ("text", "first", "count"),
    FIVE_YEAR_FIRST + PLAN_YEAR_IN_A_FIVE_YEAR_PART + MENTIONS_AFTER_THE_PASSAGE + CUE_WORDINGS,
)
def test_it_finds_the_plan_years_main_targets(text, first, count):
    got = found(text)
    assert got[: len(first)] == [(i, v, h, c) for i, v, h, c in first]
    assert len(got) == count, got


@pytest.mark.parametrize("text", FIVE_YEAR_ONLY)
def test_a_five_year_passage_or_a_mention_gives_no_main_targets(text):
    assert found(text) == []


def test_the_five_year_passages_worded_target_is_not_a_main_target():
    text = FIVE_YEAR_FIRST[0].values[0]
    indicators = [t[0] for t in found(text)]
    assert "居民收入增长与经济增长同步" not in indicators
    assert "居民人均可支配收入增长与经济增长基本同步" in indicators
