"""Deadlines from task texts: one table of real report sentences, grouped by where they come from."""

from datetime import date

import pytest

from luoshi.engine.deadlines import infer_deadline, quarter_milestones, spring_festival_eve

# (sentence, plan year, expected day, the words that say so). From the city reports of corpus/local.
CITY_REPORTS = [
    # 商洛市-2023
    ("秦岭云计算大数据中心年底前投入使用。", 2023, date(2023, 12, 31), "年底前"),
    ("项目开工率一季度达到50%、上半年达到80%、三季度达到100%。", 2023, date(2023, 9, 30), "三季度"),
    # 乌海市-2024
    ("确保一季度开工率达到70%、上半年全部开工，力争全年完成固定资产投资290亿元以上。", 2024, date(2024, 12, 31), "全年"),
    ("确保一季度完成非煤矿山整合，年底前基本完成煤矿整合。", 2024, date(2024, 12, 31), "年底前"),
    # 吕梁市-2023, 吕梁市-2022
    ("计划开工项目上半年开工75％，当年投资任务10月底完成85％。", 2023, date(2023, 10, 31), "10月底"),
    ("推动吕梁医疗卫生园区6月份建成投用，全力打造省内一流、国内领先的行业标杆。", 2022, date(2022, 6, 30), "6月份"),
    # 岳阳市-2023
    ("推动乙烯炼化一体化项目纳规并启动建设、己内酰胺项目二季度全面投产；", 2023, date(2023, 6, 30), "二季度"),
    # 日喀则市-2023
    ("总投资6.5亿元的21个建制村通畅项目3月底前开工建设，确保年内完成投资4.8亿元，力争年内竣工。", 2023,
     date(2023, 12, 31), "年内"),
    ("3月底前完成吉隆县、定日县、聂拉木县县城供氧试点工程。", 2023, date(2023, 3, 31), "3月底前"),
    # 邢台市-2024, 郑州市-2023, 太原市-2024
    ("总投资117.05亿元的133个国债项目6月底前全部开工。", 2024, date(2024, 6, 30), "6月底前"),
    ("高新产业园区REITs项目6月底前成功上市，航空港产业园区REITs项目等进入国家项目库。", 2023, date(2023, 6, 30), "6月底前"),
    ("清徐“公转铁”项目10月底前建成投运。", 2024, date(2024, 10, 31), "10月底前"),
    # 新乡市-2022: 当年 only says "this year's" investment; the day is September 30
    ("确保计划开工项目上半年全部开工，当年投资9月底前大头落地。", 2022, date(2022, 9, 30), "9月底前"),
    # 南京市-2024, 固原市-2022
    ("确保新开工重大项目上半年开工率达到75%、三季度全部开工。", 2024, date(2024, 9, 30), "三季度"),
    ("力保80个重点建设项目一季度开复工60％以上，二季度全部开工。", 2022, date(2022, 6, 30), "二季度"),
    # 保定市-2023, 六盘水市-2022: a later year when the text names no day of the plan year
    ("到2025年申报成功并基本建成陆港型国家物流枢纽。", 2023, date(2025, 12, 31), "到2025年"),
    ("到2026年工业总产值突破3300亿元、工业企业达到1.2万户。", 2022, date(2026, 12, 31), "到2026年"),
    # 娄底市-2022: 明年 is the year after the plan year
    ("预计明年上半年正式开工。", 2022, date(2023, 6, 30), "明年上半年"),
    # 阳泉市-2022: the eve of the plan year's Spring Festival (2022-02-01)
    ("243户灾后重建户春节前可搬迁入住。", 2022, date(2022, 1, 31), "春节前"),
    # 抚顺市-2022: a month alone is its last day
    ("转炉节能改造项目3月份复工，总投资9亿元的环保升级改造项目4月份开工。", 2022, date(2022, 4, 30), "4月份"),
    # 普洱市-2023: X月前 is before month X begins
    ("确保普洱市新殡仪馆4月前投入试运营，年内全面投入使用。", 2023, date(2023, 12, 31), "年内"),
    ("推动成渝高速扩容项目6月前控制性工程开工；", 2023, date(2023, 5, 31), "6月前"),
    # 年中, 汛前
    ("推动希尔顿欢朋酒店年中开业，带动宾馆酒店业向中高端发展。", 2023, date(2023, 6, 30), "年中"),
    ("300个防汛备汛项目汛前如期完工。", 2023, date(2023, 5, 31), "汛前"),
]

# Each rule of the module on a sentence made for it.
RULES = [
    ("9月30日前完成全部验收。", 2023, date(2023, 9, 30), "9月30日前"),
    ("下半年启动二期工程。", 2023, date(2023, 12, 31), "下半年"),
    ("第三季度末前完成招标。", 2023, date(2023, 9, 30), "第三季度末前"),
    ("前三季度完成投资的80%。", 2023, date(2023, 9, 30), "前三季度"),
    ("2024年底前全面完成改造。", 2023, date(2024, 12, 31), "2024年底前"),
    ("2024年6月底前完成改造。", 2023, date(2024, 6, 30), "2024年6月底前"),
    ("今年底前完成老旧小区改造。", 2023, date(2023, 12, 31), "今年底前"),
    ("十二月底前完成。", 2023, date(2023, 12, 31), "十二月底前"),
    ("6月中旬完成摸底。", 2023, date(2023, 6, 20), "6月中旬"),
    ("国庆前完成主干道提升。", 2023, date(2023, 9, 30), "国庆前"),
    ("元旦前全部结清农民工工资。", 2023, date(2023, 12, 31), "元旦前"),
    ("今年要把项目建设摆在突出位置。", 2023, date(2023, 12, 31), "今年"),
    ("2月底前完成方案。", 2024, date(2024, 2, 29), "2月底前"),
    # 2023年 without 到, 底, 前 or a part of the year is not a deadline
    ("2023年是全面贯彻党的二十大精神的开局之年。", 2023, date(2023, 12, 31), ""),
]

# Words that look like a deadline and are not one: the default, the end of the plan year.
NOT_DEADLINES = [
    ("加快建设现代化产业体系，推动经济实现质的有效提升。", 2023, date(2023, 12, 31), ""),
    ("每年年底前报送考核结果。", 2023, date(2023, 12, 31), ""),
    ("五年内建成区域中心城市。", 2023, date(2023, 12, 31), ""),
    ("3月份以来，我市部分地区发生输入性疫情，形势十分严峻。", 2023, date(2023, 12, 31), ""),
    ("1—11月份，固定资产投资增长13.6%，居全省第2位；", 2023, date(2023, 12, 31), ""),
    ("从7月起实施新政策。", 2023, date(2023, 12, 31), ""),
    ("地区生产总值比上年增长6%左右。", 2023, date(2023, 12, 31), ""),
    ("城镇化率由50.6%提高到2021年的55.1%。", 2023, date(2023, 12, 31), ""),
    ("春节期间做好保供稳价。", 2023, date(2023, 12, 31), ""),
    ("百年中山路焕发新活力。", 2023, date(2023, 12, 31), ""),
]

# What the rules do not read yet.
KNOWN_FAILURES = [
    pytest.param("二〇二四年底前全面完成。", 2023, date(2024, 12, 31), "二〇二四年底前",
                 marks=pytest.mark.xfail(strict=True, reason="years in Chinese numerals")),
    pytest.param("“十四五”末建成区域医疗中心。", 2023, date(2025, 12, 31), "“十四五”末",
                 marks=pytest.mark.xfail(strict=True, reason="five-year plan periods")),
]


@pytest.mark.parametrize(("text", "year", "day", "words"),
                         CITY_REPORTS + RULES + NOT_DEADLINES + KNOWN_FAILURES, ids=lambda v: str(v))
def test_it_infers_the_deadline(text, year, day, words):
    deadline = infer_deadline(text, year)
    assert (deadline.date, deadline.words) == (day, words)
    if words:
        assert text[deadline.start:deadline.end] == words
    else:
        assert deadline.is_default and (deadline.start, deadline.end) == (-1, -1)


def test_it_knows_the_spring_festival_of_each_year_and_falls_back_to_early_february():
    assert spring_festival_eve(2024) == date(2024, 2, 9)
    assert spring_festival_eve(2025) == date(2025, 1, 28)
    assert spring_festival_eve(2099) == date(2099, 2, 4)


@pytest.mark.parametrize(("deadline", "expected"), [
    (date(2023, 12, 31), [("2023-03-31", 25), ("2023-06-30", 50), ("2023-09-30", 75), ("2023-12-31", 100)]),
    (date(2023, 6, 30), [("2023-03-31", 50), ("2023-06-30", 100)]),
    (date(2023, 3, 31), [("2023-03-31", 100)]),
    (date(2023, 10, 31), [("2023-03-31", 25), ("2023-06-30", 50), ("2023-09-30", 75), ("2023-10-31", 100)]),
    (date(2024, 6, 30), [("2023-03-31", 17), ("2023-06-30", 33), ("2023-09-30", 50), ("2023-12-31", 67),
                         ("2024-03-31", 83), ("2024-06-30", 100)]),
], ids=str)
def test_it_sets_quarter_milestones(deadline, expected):
    assert [(m.date.isoformat(), m.expected) for m in quarter_milestones(deadline, 2023)] == expected
