"""extract_statements, rule by rule, on real report sentences (eval/METRICS.md is the contract).

Tables, each one rule family, its groups named by where the text comes from:

- report sentences (tests/data/statements/sentences.jsonl): one sentence per
  gold line of the project's gold lists (SEED_2023 = the bundled sample,
  NATIONAL, PROVINCE, CITY = benchmarks/gold), extracted alone; plus the
  METRICS.md examples and real sentences outside the gold lists;
- exclusions: numbers that must give no statement (dates, names, ranks,
  thresholds, enumerations, policy packages, capacities in names);
- the whole bundled sample report against its gold list (seed_gold.jsonl);
- the GDP growth target of each national report (national_gdp_targets.csv).

sentences.jsonl was made once by a script: for each gold line, the sentence
holding its anchor (from the last 。；！？ or line start to the next 。；),
extracted alone; a few hundred kept, spread over kinds (unit, measure,
cmp, range, Chinese numerals, full-width digits) and documents, plus every
line that fails (an `xfail` field gives the reason). Each row keeps its
`doc` and the gold `num`; `anchor` is where `num` starts in `sentence`.

A case that fails today is a strict xfail whose reason names the bug.
The role is asserted only where the sentence itself says it (力争, 确保,
拟, 今年 → target; 预计, 去年 → result; the last before the number) and the
gold agrees: otherwise it depends on the part of the report.
"""

from __future__ import annotations

import json
import re
from functools import cache
from importlib.resources import files
from pathlib import Path

import pytest

from luoshi.engine import analyse_text
from luoshi.engine.indicators import canonical_of
from luoshi.engine.model import Statement
from luoshi.engine.statements import extract_statements

DATA = Path(__file__).resolve().parents[1] / "data" / "statements"
SAMPLE = files("luoshi").joinpath("samples/seed-2023-shizhong.txt").read_text(encoding="utf-8")
NUMERAL = re.compile(r"[0-9０-９零〇一二两三四五六七八九十百千万亿]")


def read_jsonl(name: str) -> list[dict]:
    with (DATA / name).open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def xfail(case, reason: str):
    return pytest.param(case, marks=pytest.mark.xfail(strict=True, reason=reason), id=case["id"])


def covering(statements: tuple[Statement, ...], anchor: int) -> list[Statement]:
    """The statements whose span holds `anchor` (METRICS.md: a prediction matches when it contains it)."""
    return [s for s in statements if s.start <= anchor < s.end]


def expected_fields(case: dict) -> dict:
    want = {
        "value": pytest.approx(case["value"], rel=1e-6),
        "value_high": None if case["value_high"] is None else pytest.approx(case["value_high"], rel=1e-6),
        "unit": case["unit"],
        "measure": case["measure"],
        "cmp": case["cmp"],
    }
    if case.get("role"):
        want["role"] = case["role"]
    return want


def fields(st: Statement, keys) -> dict:
    got = {"value": st.value, "value_high": st.value_high, "unit": st.unit, "measure": st.measure.value,
           "cmp": st.cmp.value, "role": st.role.value}
    return {k: got[k] for k in keys}


# --- Report sentences: value, value_high, unit, measure, cmp (and role where the sentence says it) -

def example(sentence, num, value, unit, measure, cmp, value_high=None, role=None, occurrence=0, xfail_reason=None):
    """A hand-written case: `num` (its `occurrence`) is the number as written in `sentence`."""
    anchor = -1
    for _ in range(occurrence + 1):
        anchor = sentence.index(num, anchor + 1)
    if len(sentence) > 24:  # the id: a window around the number
        case_id = sentence[max(0, anchor - 12) : anchor + len(num) + 4]
    else:
        case_id = sentence if len(re.findall(r"\d+", sentence)) == 1 else f"{sentence} [{num}]"
    case = {"id": case_id, "sentence": sentence, "anchor": anchor, "num": num, "value": value,
            "value_high": value_high, "unit": unit, "measure": measure, "cmp": cmp, "role": role}
    if xfail_reason:
        return xfail(case, xfail_reason)
    return pytest.param(case, id=case["id"])


def from_gold(group: str) -> list:
    """The sentences of one gold list (made by a script from benchmarks/gold and eval/seed_gold.jsonl)."""
    out = []
    for case in read_jsonl("sentences.jsonl"):
        if case["group"] != group:
            continue
        if case.get("xfail"):
            out.append(xfail(case, case["xfail"]))
        else:
            out.append(pytest.param(case, id=case["id"]))
    return out


METRICS_EXAMPLES = [
    example("新建5G基站793处、累计建成4067处", "793处", 793, "处", "level", "eq"),
    example("新建5G基站793处、累计建成4067处", "4067处", 4067, "处", "level", "eq"),
    example("全年地区生产总值增长5%", "5%", 5, "%", "change", "eq"),
    example("单位生产总值能耗下降3%", "3%", -3, "%", "change", "eq"),
    example("城镇化率提高2个百分点", "2个百分点", 2, "百分点", "change", "eq"),
    example("粮食增产74亿斤", "74亿斤", 7.4e9, "斤", "change", "eq"),
    example("新增城镇就业2.4万人", "2.4万人", 24000, "人", "level", "eq"),
    example("高新技术企业净增300家", "300家", 300, "家", "level", "eq"),
    example("农村自来水覆盖率达到100%", "100%", 100, "%", "level", "eq"),
    example("实现生产总值1.37万亿元", "1.37万亿元", 1.37e12, "元", "level", "eq"),
    example("经济增长6%-6.5%", "6%-6.5%", 6, "%", "change", "range", value_high=6.5),
    example("培育上市企业1至2家", "1至2家", 1, "家", "level", "range", value_high=2),
    example("一般公共预算收入增长12%以上", "12%", 12, "%", "change", "ge"),
    example("研发投入超过30亿元", "30亿元", 3e9, "元", "level", "ge"),
    example("地区生产总值突破千亿元", "千亿元", 1e11, "元", "level", "ge"),
    example("最低工资标准不低于15元", "15元", 15, "元", "level", "ge"),
    example("每年引进人才不少于200人", "200人", 200, "人", "level", "ge"),
    example("帮助4000多个市场主体获取纾困资金", "4000多个", 4000, "个", "level", "ge"),
    example("实施40余个项目", "40余个", 40, "个", "level", "ge"),
    example("城镇调查失业率控制在5.5%以内", "5.5%", 5.5, "%", "level", "le"),
    example("城镇登记失业率控制在3%以下", "3%", 3, "%", "level", "le"),
    example("赤字率不超过3%", "3%", 3, "%", "level", "le"),
    example("居民消费价格涨幅3%左右", "3%", 3, "%", "change", "approx"),
    example("减税降费约5000亿元", "5000亿元", 5e11, "元", "level", "approx"),
    example("节约资金近2000万元", "2000万元", 2e7, "元", "level", "approx"),
    example("惠及群众大约3000人", "3000人", 3000, "人", "level", "approx"),
    example("产业联盟企业扩充至136家", "136家", 136, "家", "level", "eq"),
    example("森林覆盖率提高至45%", "45%", 45, "%", "level", "eq"),
    example("高新技术企业增至219家", "219家", 219, "家", "level", "eq"),
    example("建成省级以上研发机构2家", "2家", 2, "家", "level", "eq"),
    example("空气质量良好以上天数243天", "243天", 243, "天", "level", "eq"),
    example("预计地区生产总值可达1300亿元", "1300亿元", 1.3e11, "元", "level", "eq", role="result"),
    example("由2.5万元提高到3万元", "2.5万元", 25000, "元", "level", "eq"),
    example("由2.5万元提高到3万元", "3万元", 30000, "元", "level", "eq"),
    example("进出口总额是上年的2.5倍", "2.5倍", 2.5, "倍", "change", "eq"),
    example("出口增长2倍", "2倍", 2, "倍", "change", "eq"),
    example("常住人口增加3.2万", "3.2万", 32000, "人", "change", "eq"),
    example("游客接待量突破500万", "500万", 5e6, "人次", "level", "ge"),
    example("单位生产总值能耗下降3%以上", "3%", -3, "%", "change", "ge"),
    example("实现进出口总额增长百分之五", "百分之五", 5, "%", "change", "eq"),
    example("城镇新增就业一千二百万人", "一千二百万人", 1.2e7, "人", "level", "eq"),
    example("筹集保障性租赁住房3000套（间）", "3000套（间）", 3000, "套", "level", "eq"),
    example("力争新增市场主体1.5万家以上", "1.5万家", 15000, "家", "level", "ge", role="target"),
    example("确保粮食产量稳定在1300万吨以上", "1300万吨", 1.3e7, "吨", "level", "ge", role="target"),
]
# Named apart from the gold sentences that happen to be the same phrase.
METRICS_EXAMPLES = [pytest.param(*p.values, marks=p.marks, id=f"METRICS.md: {p.id}") for p in METRICS_EXAMPLES]

# Real sentences outside the gold lists (the doc is named in a comment).
NATIONAL_OUTSIDE_GOLD = [
    # national-2017: a zero-width line between the number and its unit
    example("国内生产总值达到74.4\n\u200b\n万亿元，增长6.7%", "74.4", 7.44e13, "元", "level", "eq"),
    example("国内生产总值达到74.4\n\u200b\n万亿元，增长6.7%", "6.7%", 6.7, "%", "change", "eq"),
    example("人口已经达到１２亿", "１２亿", 1.2e9, "人", "level", "eq"),  # national-1995
    example("农业生产，由于不少地区自然灾害严重，夏粮减产一成以上。", "一成", -10, "%", "change", "ge"),  # national-1980
    example("有近百分之三十独立核算的国营工业企业亏损，今年的亏损额预计达四十多亿元。", "四十多亿元", 4e9, "元", "level",
            "ge", role="result"),
    example("城镇居民收入将增加四十多亿元，居住条件、集体福利和生活服务等方面，将继续有所改善。", "四十多亿元", 4e9, "元",
            "change", "ge"),
    example("由研究生院和大学分别经过严格的考核，授予博士学位十八人，硕士学位近一万五千人，学士学位三十多万人。", "三十多万人",
            3e5, "人", "level", "ge"),
    example("今年我们要力争使全国人口增长率降到千分之十左右，今后要继续努力使它逐年下降。", "千分之十", 10, "‰", "level",
            "approx", role="target"),
]

CITY_OUTSIDE_GOLD = [
    example("新建变电站42座，新增供电能力371万千伏安，全年新能源发电量达143亿千瓦时、增长44%，供电能力不断增强。",
            "371万千伏安", 3.71e6, "千伏安", "level", "eq"),
    example("新建变电站42座，新增供电能力371万千伏安，全年新能源发电量达143亿千瓦时、增长44%，供电能力不断增强。",
            "143亿千瓦时", 1.43e10, "千瓦时", "level", "eq"),
    example("实有经营主体超400万户，其中企业280多万户、增长两成，人工智能、低空经济等领域新登记经营主体实现倍增。",
            "两成", 20, "%", "change", "eq"),
    example("力戒形式主义为基层减负，全市性督查检查考核事项精简两成。", "两成", -20, "%", "change", "eq"),
    # 海口市-2023: a negative growth written with a minus sign
    example("部分经济指标未达预期：地区生产总值增长1.3%，地方一般公共预算收入（同口径）增长0.2%，固定资产投资增长-12.7%，"
            "社会消费品零售总额增长-5.1%。", "1.3%", 1.3, "%", "change", "eq"),
    example("部分经济指标未达预期：地区生产总值增长1.3%，地方一般公共预算收入（同口径）增长0.2%，固定资产投资增长-12.7%，"
            "社会消费品零售总额增长-5.1%。", "12.7%", -12.7, "%", "change", "eq"),
    example("外贸出口106.6亿元，增长-39.7%；", "39.7%", -39.7, "%", "change", "eq"),
]

MADE_UP_TEXT_FORMS = [
    example("地区生产总值达到1300\u200b\n亿元。", "1300", 1.3e11, "元", "level", "eq"),
    example("地区生产总值达到1300\r\n亿元。", "1300", 1.3e11, "元", "level", "eq"),
    example("居民消費價格漲幅控制在3%以內", "3%", 3, "%", "change", "le"),
    example("經濟增長5%，全年收入3億元", "3億元", 3e8, "元", "level", "eq"),
    example("增长１２．６％", "１２．６％", 12.6, "%", "change", "eq"),
]

SEED_2023 = from_gold("SEED_2023")
NATIONAL = from_gold("NATIONAL")
PROVINCE = from_gold("PROVINCE")
CITY = from_gold("CITY")


@pytest.mark.parametrize(
    "case",
    METRICS_EXAMPLES + SEED_2023 + NATIONAL + PROVINCE + CITY + NATIONAL_OUTSIDE_GOLD + CITY_OUTSIDE_GOLD
    + MADE_UP_TEXT_FORMS,
)
def test_it_reads_a_sentence(case):
    sentence, anchor = case["sentence"], case["anchor"]
    assert sentence[anchor:].startswith(case["num"])  # the table itself is right
    found = covering(extract_statements(sentence), anchor)
    assert len(found) == 1, f"statements over {case['num']!r}: {[s.num for s in found]}"
    st = found[0]
    want = expected_fields(case)
    assert fields(st, want) == want
    span = sentence[st.start : st.end]
    assert NUMERAL.match(span), span  # the span starts with the number …
    assert st.num == span


# --- Exclusions: (text, the words that must give no statement, a number beside them that still counts)

METRICS_EXAMPLES_EXCLUDED = [
    ("2023年1月5日", "2023", None),
    ("2023年1月5日", "1月", None),
    ("2023年1月5日", "5日", None),
    ("2022年", "2022", None),
    ("十四五", "十四五", None),
    ("二十大", "二十大", None),
    ("第十九届", "十九", None),
    ("全省第3", "3", None),
    ("第5位", "5", None),
    ("首位", "首位", None),
    ("第一", "一", None),
    ("世界500强", "500", None),
    ("20强城市", "20", None),
    ("10分钟绿色生命通道", "10", None),
    ("营收过10亿元企业", "10亿元", None),
    ("6岁以下", "6岁", None),
    ("60岁以上", "60岁", None),
    ("100户以上的村", "100户", None),
    ("惠企纾困25条", "25条", None),
    ("稳增长30条", "30条", None),
    ("年产10万吨项目", "10万吨", None),
    ("三大战略", "三大", None),
    ("八个方面", "八个", None),
    ("两个维护", "两个", None),
    ("一山、两河、三园", "两河", None),
    ("(一)", "一", None),
    ("1.", "1", None),
]

SEED_2023_EXCLUDED = [
    ("——2023年1月5日在济南市市中区", "2023年1月5日", None),
    ("刚刚过去的2022年，是市中发展历程中极具考验、极不平凡的一年", "2022", None),
    ("是深入实施“十四五”规划的承前启后之年", "十四五", None),
    ("紧紧围绕“21234”总体发展思路，全力做好稳增长、保稳定、惠民生、防风险等各项工作", "21234", None),
    ("紧紧围绕21234总体发展思路", "21234", None),  # quotes dropped
    ("健全完善“1+11+17+N”一体化招商联动机制，加快构建全员招商、全域招商新格局。", "1+11+17+N", None),
    ("健全完善1+11+17+N一体化招商联动机制", "1+11+17+N", None),  # quotes dropped
    ("以构建“1+4+N”工作体系为抓手", "1+4+N", None),
    ("加快实施数据中心、5G基站等数字新基建工程", "5G", None),
    ("新建5G基站793处、累计建成4067处", "5G", "793处"),
    ("推动工业4.0产业基地、京东产业园、建材产业总部基地等优质项目尽快落地", "4.0", None),
    ("扎实做好12345市民服务热线工作，持续用力解决好群众的烦心事", "12345", None),
    ("全年承办12345市民服务热线31万件，综合满意率达99.94%", "12345", "31万件"),
    ("成功打赢“3.29”疫情阻击战，有效应对秋冬季疫情冲击", "3.29", None),
    ("深入学习贯彻党的二十大精神", "二十大", None),
    ("第十九届人民代表大会第二次会议上", "十九", None),
    ("实施省道103和英雄山路景观亮化提升工程，市容市貌更加靓丽", "103", None),
    ("创新实施“惠企纾困25条”，实现留抵退税10.4亿元", "25条", "10.4亿元"),
    ("创新实施惠企纾困25条，实现留抵退税10.4亿元", "25条", "10.4亿元"),  # quotes dropped
    ("重点盯引世界500强、中国500强、行业100强等企业项目", "500", None),
    ("重点盯引世界500强、中国500强、行业100强等企业项目", "100", None),
    ("成功入围“青年人才首选山东20强城市”", "20", None),
    ("成功入围青年人才首选山东20强城市", "20", None),  # quotes dropped
    ("创新建立“10分钟绿色生命通道”和“30分钟就医圈”", "10", None),
    ("创新建立10分钟绿色生命通道和30分钟就医圈", "30", None),  # quotes dropped
    ("新培育营收过亿元企业5家以上、过10亿元企业1-2家", "10亿元", "1-2家"),
    ("新培育营收过亿元企业5家以上、过10亿元企业1-2家", "亿元", "5家"),
    ("坚持把中央活力区、中央商埠区、能源互联网产业集聚区三大战略作为最有效的核心支撑", "三大", None),
    ("打造“一山、两河、三园”生态景观", "两河", None),
    ("打造一山、两河、三园生态景观", "三园", None),  # quotes dropped
    ("坚决做到“两个维护”", "两个", None),
    ("着重抓好八个方面工作", "八个", None),
    ("总量居全市首位", "首位", None),
    ("配套住宅一期年底交付", "一期", None),
    ("（一）着力打基础、谋长远，活力品质强区建设稳健开局", "一", None),
    ("二、2023年总体要求和主要预期目标", "2023", None),
    ("我们必须坚持发展第一要务", "一", None),
]

NATIONAL_EXCLUDED = [
    ("今年要重点做好八个方面工作。", "八个", None),  # national-2016
    ("今年要着重抓好以下九个方面工作：", "九个", None),  # national-2008
    ("认真落实国务院关于鼓励引导民间投资新36条", "36条", None),  # national-2011
    ("今明两年继续提高企业退休人员基本养老金，人均每年增长10%", "两年", "10%"),  # national-2009
    ("去年全球通胀达到40多年来新高，国内价格稳定面临较大压力", "40多年", None),  # national-2023
    ("去年世界经济增速为6年来最低", "6年", None),  # national-2016
    ("粮食产量实现“十二连增”，居民消费价格涨幅保持较低水平", "十二", None),  # national-2016
    ("圆满完成神舟七号载人航天飞行", "七号", None),  # national-2009
    ("启动实施《中国制造2025》，设立国家新兴产业创业投资引导基金", "2025", None),  # national-2016
    ("推进全国新增千亿斤粮食生产能力建设", "千亿斤", None),  # national-2009: a programme's name
    ("认真实施“八七扶贫攻坚计划 ”，多安排一些资金", "八七", None),  # national-1995
    ("今年广义货币M2预期增长13%左右，社会融资规模余额增长13%左右", "M2", "13%"),  # national-2016
    ("“三北”防护林二期工程提前一年建成，京九铁路全线进入施工高潮", "二期", None),  # national-1995
    ("“三北”防护林二期工程提前一年建成，京九铁路全线进入施工高潮", "一年", None),
    ("“三北”防护林二期工程提前一年建成，京九铁路全线进入施工高潮", "京九", None),
    ("重点地区细颗粒物（PM2.5）浓度继续下降", "2.5", None),  # national-2010
]

PROVINCE_EXCLUDED = [
    ("实施促进民营企业高质量发展31条，民营经济增加值增长9%、出口增长10%", "31条", "9%"),  # 浙江省-2020
    ("继续实施“1千万亩高标准农田工程”规划，建设高标准农田200万亩", "1千万亩", "200万亩"),  # 四川省-2012
    ("深入实施现代农业千亿示范工程", "千亿", None),  # 四川省-2012
    ("三次产业比重由2007年的19.2∶44∶36.8调整为13.8∶52.8∶33.4", "19.2", None),  # 四川省-2012: shares
    ("三次产业比重由2007年的19.2∶44∶36.8调整为13.8∶52.8∶33.4", "52.8", None),
]

CITY_EXCLUDED = [
    ("100家以上主营业务收入过10亿元企业", "10亿元", "100家"),  # 株洲市-2016
    ("培育10家以上主营业务收入过100亿元企业，100家以上主营业务收入过10亿元企业", "100亿元", "10家"),  # 株洲市-2016
    ("力争主营业务收入过百亿元企业达到13户，过10亿元企业125户以上", "百亿元", "13户"),  # 烟台市-2011
    ("力争主营业务收入过百亿元企业达到13户，过10亿元企业125户以上", "10亿元", "125户"),
    ("新增产值10亿元以上企业3家，新增规上企业30家", "10亿元", "3家"),  # 鄂州市-2018
    ("年产值亿元以上企业达30家，农产品加工转化率达68%", "亿元", "30家"),  # 防城港市-2021
    ("新引进绿色能源5G基站装备等10亿元产业类项目22个、50亿元项目5个", "10亿元", "22个"),  # 蚌埠市-2020
    ("新引进绿色能源5G基站装备等10亿元产业类项目22个、50亿元项目5个", "50亿元", "5个"),
    ("5个营业收入超过2000亿元的产业园区、10个营业收入超过1000亿元的产", "2000亿元", "5个"),  # 宜宾市-2014
    ("推动稀土集团、汇明集团、孚能科技营收超50亿元，力争营收过百亿企业实现零突破", "百亿", "50亿元"),  # 赣州市-2020
    ("重点推进五千万元以上产业项目32 个，总投资202 亿元", "五千万元", "32 个"),  # 七台河市-2016
    ("新开工投资五千万元以上项目330个，其中亿元以上项目150个", "五千万元", "330个"),  # 阜新市-2014
    ("新开工投资五千万元以上项目330个，其中亿元以上项目150个", "亿元", "150个"),
    ("6岁以下儿童接种七种疫苗全部由政府免费提供", "6岁", None),  # 重庆市-2007
    ("对6岁以下残疾儿童进行抢救性康复", "6岁", None),  # 莱芜市-2014
    ("提升60岁以上人群接种率，筑牢群体免疫屏障", "60岁", None),  # 双鸭山市-2023
    ("10万名60岁以上老人领取养老金", "60岁", "10万名"),  # 鹰潭市-2014
    ("在300户以上的村推广建设公共厕所，30%以上的村完成生活污水治理任务", "300户", None),  # 威海市-2020
    ("30户以上的村民组全部通硬化路", "30户", None),  # 贵阳市-2018
    ("2019年，全市生产总值完成1362.4亿元，增长6.5%，排名全省第3", "第3", "1362.4亿元"),  # 晋城市-2020
    ("增速居全省第3位", "3位", None),  # 信阳市-2014
    ("全社会研发投入占生产总值比重达3.1%、居全国省会城市第5位", "5位", "3.1%"),  # 合肥市-2015
    ("扬州高新区列全省高新区第9位", "9位", None),  # 扬州市-2021
    ("我市群众安全感率居全省第二名", "第二名", None),  # 三明市-2023
    ("州直固定资产投资增长74%，增速创近十年来新高、位居全疆第一", "第一", "74%"),  # 伊犁哈萨克自治州-2021
    ("房地产开发投资、施工面积等6项主要指标居全省第一方阵", "第一", None),  # 滁州市-2020
    ("零陵年产10万吨高硅硅锰合金及年产3万吨微碳锰铁项目", "10万吨", None),  # 永州市-2025
    ("零陵年产10万吨高硅硅锰合金及年产3万吨微碳锰铁项目", "3万吨", None),
    ("争取中泰化学年产10万吨轻质碳酸钙项目落地", "10万吨", None),  # 博尔塔拉蒙古自治州-2020
    ("欧亚、来思尔乳业各年产20万吨项目投产", "20万吨", None),  # 大理白族自治州-2022
    ("完成年产新型干法水泥1200万吨项目布局，产能跃居全区前列", "1200万吨", None),  # 河池市-2015
    ("全力争取中缅石油炼化二期1000万吨项目落地楚雄", "1000万吨", None),  # 楚雄彝族自治州-2021
    ("中储粮40万吨项目成功落地", "40万吨", None),  # 玉溪市-2024
    ("建成年产10万吨碳酸锂生产线2条", "10万吨", "2条"),  # 永州市-2023
    ("推动塔城地区5个年产120万吨及以上煤矿项目建设，稳步提升煤炭产量", "120万吨", "5个"),  # 伊犁哈萨克自治州-2023
    ("加快推进大龙电厂2×66万千瓦二期技改、西南能矿2×30万千瓦等重大电力项目落地", "66万千瓦", None),  # 铜仁市-2014
    ("启动建设泓泰兴和勃盛两个18 万吨合成氨30 万吨尿素项目", "18 万吨", None),  # 七台河市-2016
    ("启动建设泓泰兴和勃盛两个18 万吨合成氨30 万吨尿素项目", "30 万吨", None),
    ("全省在建最大煤化工项目宝泰隆30 万吨稳定轻烃、投资25 亿元的隆鹏清洁化学品项目进展顺利", "30 万吨", "25 亿元"),
    ("重点推进宝泰隆30 万吨稳定轻烃、5 万吨LNG 及隆鹏公司清洁化学品项目建设", "5 万吨", None),  # 七台河市-2016
    ("千万吨炼油、百万吨乙烯等重大项目建成投产", "百万吨", None),  # 抚顺市-2016
    ("千万吨炼油、百万吨乙烯等重大项目建成投产", "千万吨", None),
    ("加快500千伏湘潭西变电站等电网项目建设", "500", None),  # 湘潭市-2021: a voltage class
    ("苏州大学4个学科进入ESI全球前1‰", "1‰", "4个"),  # 苏州市-2024
    ("16个学科进入ESI全球前1%", "1%", "16个"),  # 宁波市-2024
    ("及时出台了稳增长30条等系列政策措施", "30条", None),  # 成都市-2016
    ("狠抓“稳外贸20条”落实，着力稳定企业资金链", "20条", None),  # 东莞市-2020
    pytest.param("狠抓稳外贸20条落实，着力稳定企业资金链", "20条", None, id="狠抓稳外贸20条落实 (quotes dropped)",
                 marks=pytest.mark.xfail(strict=True, reason="稳外贸 is not a policy word: an unquoted 稳外贸20条 is "
                                                             "taken as a count of 20 条")),
    ("全力抓好16条百亿特色产业链", "百亿", None),  # 三明市-2021
    ("万元生产总值能耗下降3.8%", "万元", "3.8%"),  # 广州市-2013
    ("万元生产总值耗电、耗水分别下降1.4%和2.2%", "万元", "2.2%"),  # 厦门市-2015
    ("大阳古镇、炎帝陵荣膺4A级景区", "4A", None),  # 晋城市-2020
    ("提升“9·8”等签约项目履约率", "9·8", None),  # 泉州市-2011
    ("成功应对“5·12”特大暴雨、“暹芭”台风等极端天气灾害", "5·12", None),  # 中山市-2023
    ("加入长三角G60科创走廊", "60", None),  # 合肥市-2019
    ("大力推进传统制造业改造提升2.0版，加快培育世界级智能电气产业集群", "2.0", None),  # 温州市-2021
    ("粮食生产实现“六连增”", "六", None),  # 湖州市-2023
    ("较好地完成了市七届人大五次会议确定的目标任务和十方面民生实事项目", "十方面", None),  # 湖州市-2016
    ("“十项民生工程”涉及的124个指标全面完成", "十项", "124个"),  # 宜宾市-2014
    ("继续实施高新技术企业五年倍增计划，今年达到68家", "五年", "68家"),  # 晋城市-2020
    ("市委市政府出台推进医改、林改、乡村振兴、沙县小吃产业发展四个再出发行动方案", "四个", None),  # 三明市-2022
    ("抓住耕地和种子两个要害，坚持科技和改革双轮驱动", "两个", None),  # 新乡市-2023
    ("2015年是“十二五”收官之年", "十二五", None),  # 大连市-2016
    pytest.param("为本市常住60周岁以上老人免费接种流感疫苗3万剂。", "60周岁", None, id="60周岁以上老人"),  # 中山市-2023
]


def excluded_cases(*groups):
    return [c if hasattr(c, "marks") else pytest.param(*c, id=f"{c[1]} in {c[0]}") for g in groups for c in g]


@pytest.mark.parametrize(
    ("text", "words", "kept"),
    excluded_cases(METRICS_EXAMPLES_EXCLUDED, SEED_2023_EXCLUDED, NATIONAL_EXCLUDED, PROVINCE_EXCLUDED, CITY_EXCLUDED),
)
def test_it_gives_no_statement_for(text, words, kept):
    statements = extract_statements(text)
    start = text.index(words)
    end = start + len(words)
    assert [s.num for s in statements if s.start < end and start < s.end] == []
    if kept is not None:  # the count beside a threshold, a name or a rank still counts
        assert covering(statements, text.index(kept)), f"{kept!r} was dropped too"


# --- The whole bundled sample report against its gold list -----------------------------------------

@cache
def sample_statements() -> tuple[Statement, ...]:
    return extract_statements(SAMPLE)


def seed_gold_cases() -> list:
    gold = read_jsonl("seed_gold.jsonl")
    quotes = [g["quote"] for g in gold]
    return [pytest.param(g, id=g["quote"] if quotes.count(g["quote"]) == 1 else f"{g['quote']} [{g['num']}]")
            for g in gold]


def anchor_of(text: str, gold: dict) -> int:
    """METRICS.md: the first character of `num` inside the `occurrence`-th `quote`."""
    pos = -1
    for _ in range(gold["occurrence"] + 1):
        pos = text.index(gold["quote"], pos + 1)
    return pos + gold["quote"].index(gold["num"])


@pytest.mark.parametrize("gold", seed_gold_cases())
def test_it_finds_each_gold_statement_of_the_sample_report(gold):
    anchor = anchor_of(SAMPLE, gold)
    found = covering(sample_statements(), anchor)
    assert len(found) == 1, f"statements over {gold['num']!r}: {[s.num for s in found]}"
    want = {**expected_fields(gold), "role": gold["role"]}
    assert fields(found[0], want) == want


def test_it_gives_the_sample_statements_in_order_with_spans_in_the_text():
    statements = sample_statements()
    assert [s.start for s in statements] == sorted(s.start for s in statements)
    for s in statements:
        assert 0 <= s.start < s.end <= len(SAMPLE)
        assert SAMPLE[s.start : s.end] == s.num
        assert NUMERAL.match(s.num), s.num


# --- The GDP growth target of each national report (benchmarks/gold/national_gdp_targets.csv) ------

def gdp(doc, sentence, quote, value, value_high, cmp, xfail_reason=None):
    marks = [pytest.mark.xfail(strict=True, reason=xfail_reason)] if xfail_reason else []
    return pytest.param(sentence, quote, value, value_high, cmp, id=f"{doc}: {quote}", marks=marks)


NATIONAL_GDP_TARGETS = [
    gdp("national-1992", "今年计划要求，在保持社会总需求与总供给基本平衡的基础上，国民生产总值增长百分之六，全社会固定资产投资增长百分之八。",
        "国民生产总值增长百分之六", 6.0, None, "eq"),
    gdp("national-1993", "今年国民生产总值计划增长百分之八，是留有余地的。", "今年国民生产总值计划增长百分之八", 8.0, None, "eq"),
    gdp("national-1994", "根据这个要求，今年计划国内生产总值增长百分之九。", "今年计划国内生产总值增长百分之九", 9.0, None, "eq"),
    gdp("national-1995", "综合分析各方面的条件，今年经济增长速度的宏观调控目标，定为百分之八至九。",
        "今年经济增长速度的宏观调控目标，定为百分之八至九", 8.0, 9.0, "range"),
    gdp("national-1997", "今年要保持国民经济持续、快速、健康发展，经济增长速度的调控目标定为８％，物价上涨幅度比去年的实际涨幅低一些。",
        "经济增长速度的调控目标定为８％", 8.0, None, "eq"),
    gdp("national-1998", "今年国民经济宏观调控的主要目标是：经济增长速度8 ％，商品零售价格涨幅控制在3 ％以内。", "经济增长速度8 ％", 8.0,
        None, "eq"),
    gdp("national-1999", "综合分析国内外的有利条件和制约因素，今年的经济增长预期为7％左右。", "今年的经济增长预期为7％左右", 7.0, None,
        "approx"),
    gdp("national-2003", "综合分析国内外各种情况，今年经济增长预期目标为7%左右，这是必要的，经过努力也是可以实现的。",
        "今年经济增长预期目标为7%左右", 7.0, None, "approx"),
    gdp("national-2004", "中央提出今年经济增长预期目标为7%左右，既考虑了保持宏观调控目标的连续性，也考虑了经济增长速度与能源、重要原材料、"
        "交通运输等实际条件的衔接，减轻对资源和环境的压力。", "今年经济增长预期目标为7%左右", 7.0, None, "approx"),
    gdp("national-2005", "综合考虑国内外各种因素，今年经济社会发展主要预期目标是：国内生产总值增长8%左右；", "国内生产总值增长8%左右",
        8.0, None, "approx"),
    gdp("national-2006", "综合考虑各种因素，2006年国民经济和社会发展的主要预期目标是：国内生产总值增长8%左右，单位国内生产总值能耗降低4%左右；",
        "国内生产总值增长8%左右", 8.0, None, "approx"),
    gdp("national-2007", "综合考虑各种因素，今年国民经济和社会发展的主要目标是：在优化结构、提高效益和降低消耗、保护环境的基础上，"
        "国内生产总值增长8%左右；", "国内生产总值增长8%左右", 8.0, None, "approx"),
    gdp("national-2008", "今年国民经济和社会发展的预期目标是：在优化结构、提高效益、降低消耗、保护环境的基础上，国内生产总值增长8%左右；",
        "国内生产总值增长8%左右", 8.0, None, "approx"),
    gdp("national-2009", "今年国民经济和社会发展的主要预期目标是：国内生产总值增长8%左右，经济结构进一步优化；", "国内生产总值增长8%左右",
        8.0, None, "approx"),
    gdp("national-2010", "国内生产总值增长8％左右；", "国内生产总值增长8％左右", 8.0, None, "approx"),
    gdp("national-2011", "国内生产总值增长8%左右；", "国内生产总值增长8%左右", 8.0, None, "approx"),
    gdp("national-2012", "国内生产总值增长7.5％；", "国内生产总值增长7.5％", 7.5, None, "eq"),
    gdp("national-2013", "今年经济社会发展的主要预期目标是：国内生产总值增长7.5%左右，发展的协调性进一步增强；",
        "国内生产总值增长7.5%左右", 7.5, None, "approx"),
    gdp("national-2014", "今年经济社会发展的主要预期目标是：国内生产总值增长7.5%左右，居民消费价格涨幅控制在3.5%左右，城镇新增就业1000万人以上，"
        "城镇登记失业率控制在4.6%以内，国际收支基本平衡，努力实现居民收入增长和经济发展同步。", "国内生产总值增长7.5%左右", 7.5, None,
        "approx"),
    gdp("national-2015", "今年经济社会发展的主要预期目标是：国内生产总值增长7%左右，居民消费价格涨幅3%左右，城镇新增就业1000万人以上，"
        "城镇登记失业率4.5%以内，进出口增长6%左右，国际收支基本平衡，居民收入增长与经济发展同步。", "国内生产总值增长7%左右", 7.0, None,
        "approx"),
    gdp("national-2016", "今年发展的主要预期目标是：国内生产总值增长6.5%－7%，居民消费价格涨幅3%左右，城镇新增就业1000万人以上，"
        "城镇登记失业率4.5%以内，进出口回稳向好，国际收支基本平衡，居民收入增长和经济增长基本同步。", "国内生产总值增长6.5%－7%", 6.5, 7.0,
        "range"),
    gdp("national-2017", "今年发展的主要预期目标是：国内生产总值增长6.5%左右，在实际工作中争取更好结果；", "国内生产总值增长6.5%左右",
        6.5, None, "approx"),
    gdp("national-2018", "今年发展主要预期目标是：国内生产总值增长6.5%左右；", "国内生产总值增长6.5%左右", 6.5, None, "approx"),
    gdp("national-2023", "今年发展主要预期目标是：国内生产总值增长5%左右；", "国内生产总值增长5%左右", 5.0, None, "approx"),
]


@pytest.mark.parametrize(("sentence", "quote", "value", "value_high", "cmp"), NATIONAL_GDP_TARGETS)
def test_it_reads_the_national_gdp_growth_target(sentence, quote, value, value_high, cmp):
    anchor = sentence.index(quote) + re.search(r"百分之|[0-9０-９]", quote).start()
    found = covering(extract_statements(sentence), anchor)
    assert len(found) == 1, [s.num for s in found]
    want = {"value": pytest.approx(value), "value_high": None if value_high is None else pytest.approx(value_high),
            "cmp": cmp, "measure": "change", "unit": "%"}
    assert fields(found[0], want) == want
    assert getattr(canonical_of(found[0]), "key", None) == "gdp", found[0].indicator


# --- Role from the paragraph and the part: (doc, excerpt with its real part headings, number, role) --
# analyse_text reads the headings into parts (review or plan) as in the whole report: the opening
# words and two parts at least make an outline.

OPENING = "各位代表：\n现在，我代表人民政府，向大会报告工作，请予审议。\n"


def in_part(doc, text, num, role, occurrence=0):
    text = OPENING + text
    anchor = -1
    for _ in range(occurrence + 1):
        anchor = text.index(num, anchor + 1)
    return pytest.param(text, anchor, role, id=f"{doc}: {text[max(0, anchor - 14) : anchor + len(num)]} → {role}")


NATIONAL_2013 = (
    "一、过去五年工作回顾\n2012年，在世界各大经济体增长全面减速、各种风险不断暴露的情况下，我们合理把握政策力度，保持财政预算支出"
    "规模不变，优化支出结构，扭转经济下滑趋势，全面实现年初确定的主要目标，国内生产总值增长7.8%，城镇新增就业1266万人，居民消费价格"
    "涨幅回落到2.6%，为今年经济发展打下好的基础。\n二、今年经济社会发展的总体要求、主要预期目标和宏观经济政策\n"
    "今年经济社会发展的主要预期目标是：国内生产总值增长7.5%左右。"
)
NATIONAL_2011 = (
    "二、“十二五”时期的主要目标和任务\n“十二五”时期，国内生产总值年均增长7%。\n三、2011年的工作\n2011年，是“十二五”开局之年，"
    "做好今年的工作对于完成“十二五”各项目标任务至关重要。过去一年，我们的各项工作取得了很大成绩。国内生产总值增长10.3%，居民消费价格"
    "涨幅控制在 3.3%，城镇新增就业1168万人，国际收支状况有所改善。这为做好今年的工作打下了良好基础。\n"
    "今年经济社会发展的主要预期目标是：国内生产总值增长8%左右；"
)
HUNAN_2011 = (
    "一、2010年及“十一五”时期全省积极应对各种严峻挑战，经济社会发展取得显著成就\n全省生产总值增长14.5%。\n"
    "二、坚持走“四化两型”的路子，全力推进今年及“十二五”各项工作\n坚持为民办实事。去年，为民办实事共完成28项指标，其中超额完成21项。"
    "今年，突出抓好九个方面、32个为民办实事项目。农村基础设施，改造2000公里县乡公路，建成8000公里乡镇到村水泥（沥青）路，解决农村"
    "300万人饮水安全问题。"
)
GUANGXI_2021 = (
    "二、“十四五”发展主要目标和重点任务\n“十四五”时期，地区生产总值年均增长6%。\n三、2021年主要工作\n主要预期目标是：地区生产总值"
    "增长7.5%以上，规模以上工业增加值增长8%以上，财政收入增长5%左右，固定资产投资增长15%以上，社会消费品零售总额增长12%以上，进出口"
    "总额增长7%以上，完成国家下达的节能减排降碳目标，居民人均可支配收入增长与经济增长基本同步，城镇新增就业30万人，城镇登记失业率控制在"
    "4.5%以内，居民消费价格涨幅3%左右，粮食产量稳定在1370万吨。"
)
LVLIANG_2016 = (
    "一、本届政府工作回顾\n农村义务教育段学生营养餐改善计划惠及 37.3 万学生，中职教育免费等助学政策惠及 32.69 万贫困学生；\n"
    "二、“十三五”时期目标任务和工作重点\n今后五年，地区生产总值年均增长7%。"
)
ENSHI_2016 = (
    "一、“十二五”时期工作回顾\n全州生产总值增长8%。\n二、“十三五”经济社会发展主要目标和任务\n为实现上述目标，全州将实施投资10亿元"
    "以上的重大项目100个（类），力争五年完成投资6000亿元以上。"
)

# Plan-year targets written inside a part that the heading makes a review: the list opener reaches
# across the list's clauses (主要调控目标是:, 今年全省计划：, 年初确定的主要预期目标是：).
NINGXIA_2002 = (
    "一、国民经济持续快速发展“十五”计划开局良好\n过去的一年，是我们进入新世纪的第一年，我国政治经济生活中大事多、喜事多。\n"
    "经济发展速度加快。全年完成国内生产总值298亿元，比上年增长10.1%，高出全国平均水平2.8个百分点。第二产业增长11.3%，"
    "工业经济运行质量提高，建筑业继续保持强劲增势。…国民经济和各项社会事业都取得了新成就，实现了“十五”计划的良好开局。"
    "成功地举办了第二届宁夏银川国际摩托旅游节、大漠黄河国际旅游节、投资贸易洽谈会暨宁夏枸杞节。…出台了招商引资、引进人才等一系列"
    "政策措施。…加快了小流域治理和沙漠化整治步伐。…极大地调动了广大科技人员奋力攻关、勇于创新的积极性。\n"
    "2002年是实施“十五”计划的关键一年，也是实现本届政府任期目标的最后一年。…以改革开放和现代化建设的新成就迎接党的十六大和"
    "自治区第九次党代会的召开。主要调控目标是:国内生产总值增长9%;其中第一产业增长3.5%，第二产业增长10.8%（工业增长9.5%，"
    "建筑业增长16%），第三产业增长9.5%。\n二、深入实施西部大开发战略打造加快发展的坚实基础\n计划安排重点建设项目16个。"
)
ZHEJIANG_1995 = (
    "一、1994年回顾和1995年工作的基本要求\n去年全省国内生产总值增长20%。\n考虑到抑制通货膨胀和实际发展的需要，今年全省计划："
    "国内生产总值比上年增长13%，其中第一产业增长3%，第二产业增长16%，第三产业增长13%；全社会固定资产投资增长20%。\n"
    "二、着力提高经济增长质量，促进国民经济持续快速健康发展\n今年要新增电力装机100万千瓦。"
)
GANZHOU_2020 = (
    "一、2019年以来工作回顾\n全市生产总值增长8.5%。\n年初确定的主要预期目标是：生产总值增长8.5%左右，规上工业增加值增长8.6%"
    "左右，财政总收入增长5%以上，一般公共预算收入增长4%以上。\n二、2020年工作重点\n新增高新技术企业200家以上。"
)

ROLE_IN_CONTEXT = [
    # a target recalled as met: its figures are results (全面实现年初确定的主要目标，…)
    in_part("national-2013", NATIONAL_2013, "7.8%", "result"),
    in_part("national-2013", NATIONAL_2013, "1266万人", "result"),
    in_part("national-2013", NATIONAL_2013, "2.6%", "result"),
    in_part("national-2013", NATIONAL_2013, "7.5%", "target"),
    # a plan part's paragraph with a sentence opening on 过去一年: its next sentences report results
    in_part("national-2011", NATIONAL_2011, "10.3%", "result"),
    in_part("national-2011", NATIONAL_2011, "1168万人", "result"),
    in_part("national-2011", NATIONAL_2011, "8%", "target"),  # the next paragraph: its own
    # …and a sentence opening on 今年 ends that reach
    in_part("湖南省-2011", HUNAN_2011, "28项", "result"),
    in_part("湖南省-2011", HUNAN_2011, "300万人", "target"),
    # 完成国家下达的…目标 in a plan's list is a target, not a recall
    in_part("广西壮族自治区-2021", GUANGXI_2021, "30万人", "target"),
    in_part("广西壮族自治区-2021", GUANGXI_2021, "1370万吨", "target"),
    # in the review a target cue counts in the number's own clause only (…改善计划惠及37.3万学生，…惠及32.69万)
    in_part("吕梁市-2016", LVLIANG_2016, "32.69 万", "result"),
    # 为实现上述目标: still to do
    in_part("恩施土家族苗族自治州-2016", ENSHI_2016, "100个", "target"),
    # the year's targets listed in a part read as the review
    in_part("宁夏回族自治区-2002", NINGXIA_2002, "10.1%", "result"),
    in_part("宁夏回族自治区-2002", NINGXIA_2002, "9%", "target"),
    in_part("宁夏回族自治区-2002", NINGXIA_2002, "3.5%", "target"),
    in_part("浙江省-1995", ZHEJIANG_1995, "3%", "target"),
    in_part("浙江省-1995", ZHEJIANG_1995, "20%", "target", occurrence=1),
    in_part("赣州市-2020", GANZHOU_2020, "8.6%", "target"),
    in_part("赣州市-2020", GANZHOU_2020, "4%", "target"),
]


@pytest.mark.parametrize(("text", "anchor", "role"), ROLE_IN_CONTEXT)
def test_it_reads_the_role_from_the_paragraph_and_the_part(text, anchor, role):
    report = analyse_text(text)
    assert len(report.outline) >= 3, "the excerpt's parts are read"
    found = covering(report.statements, anchor)
    assert len(found) == 1, [s.num for s in found]
    assert found[0].role.value == role
