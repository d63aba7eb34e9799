"""Header fields read from real report headers (excerpts of public reports)."""

import pytest

from luoshi.engine.metadata import level_of, read_metadata
from luoshi.engine.model import Level

SEED = "\n政 府 工 作 报 告\n\n——2023年1月5日在济南市市中区\n第十九届人民代表大会第二次会议上\n区长  鞠正江\n各位代表：\n现在，我代表区人民政府向大会报告工作。"
NATIONAL_2017 = "\u200b\n\n\n政府工作报\n告\n\n\n——2017年3月5日在第十二届全国人民代表大会第五次会议上\n\n\n\n国务院总理\n\u3000李克强\n\n\n各位代表：\n\n现在，我代表国务院，向大会报告政府工作。"
NATIONAL_1957 = "\u200b\n\n\n政府工作报告\n\n\n1957年6月26日在第一届全国人民代表大会第四次會議上\n\n\n\n周恩来\n\n\n各位代表：\n"
NATIONAL_1955 = "各位代表：\n\n中华人民共和国国务院向第一届全国人民代表大会第二次会议提出关于发展国民经济第一个五年计划的报告。"
JILIN_2018 = "---\nsource: https://www.jl.gov.cn/x.html\ntitle: 政府工作报告\n---\n\n政府工作报告（2018年1月26日在吉林省第十三届人民代表大会第一次会议上 代省长  景俊海）\n\n各位代表：\n"
QINGHAI_2022 = "---\nsource: http://www.qinghai.gov.cn/x.html\ntitle: 政府工作报告\n---\n\n——2022年1月21日在青海省第十三届人民代表大会第七次会议上\n\n**省 长 信长星**\n\n各位代表:\n"
WUHAN_2023 = "武汉市政府工作报告（2023年1月5日 程用文）\n——2023年1月5日在武汉市第十五届人民代表大会第二次会议上\n\n市长 程用文\n\n各位代表：\n"
LVLIANG_2016 = "吕梁市政府工作报告 （2015年12月27日 王立伟 ）\n——2015年12月27日在吕梁市第三届人民代表大会第一次会议上\n\n吕梁市市长王立伟\n\n各位代表：\n"
CN_DATE = "政府工作报告\n——二〇二三年一月十五日在苏州市昆山市第十八届人民代表大会第三次会议上\n代市长 周伟\n各位代表：\n"
BARE = "各位代表：\n过去一年，我们做了很多工作。\n一、2021年工作回顾\n"

CASES = [
    (
        "seed-district",
        SEED,
        dict(
            title="政府工作报告",
            region="济南市市中区",
            level=Level.DISTRICT,
            date="2023-01-05",
            plan_year=2023,
            report_year=2022,
            meeting="济南市市中区第十九届人民代表大会第二次会议",
            speaker="鞠正江",
            post="区长",
        ),
    ),
    (
        "national-2017-broken-title",
        NATIONAL_2017,
        dict(
            title="政府工作报告",
            region="全国",
            level=Level.NATIONAL,
            date="2017-03-05",
            plan_year=2017,
            meeting="第十二届全国人民代表大会第五次会议",
            speaker="李克强",
            post="国务院总理",
        ),
    ),
    (
        "national-1957-traditional",
        NATIONAL_1957,
        dict(
            title="政府工作报告",
            level=Level.NATIONAL,
            date="1957-06-26",
            meeting="第一届全国人民代表大会第四次会议",
            post=None,
        ),
    ),
    (
        "national-1955-no-header",
        NATIONAL_1955,
        dict(
            title=None,
            level=Level.NATIONAL,
            date=None,
            meeting="第一届全国人民代表大会第二次会议",
            speaker=None,
        ),
    ),
    (
        "province-acting-in-title",
        JILIN_2018,
        dict(
            title="政府工作报告",
            region="吉林省",
            level=Level.PROVINCE,
            date="2018-01-26",
            speaker="景俊海",
            post="代省长",
        ),
    ),
    (
        "province-spaced-post",
        QINGHAI_2022,
        dict(
            region="青海省",
            level=Level.PROVINCE,
            plan_year=2022,
            report_year=2021,
            speaker="信长星",
            post="省长",
        ),
    ),
    (
        "city-title-with-note",
        WUHAN_2023,
        dict(
            title="武汉市政府工作报告",
            region="武汉市",
            level=Level.CITY,
            date="2023-01-05",
            speaker="程用文",
            post="市长",
        ),
    ),
    (
        "city-december-meeting",
        LVLIANG_2016,
        dict(
            region="吕梁市",
            level=Level.CITY,
            date="2015-12-27",
            plan_year=2016,
            report_year=2015,
            speaker="王立伟",
        ),
    ),
    (
        "county-city-chinese-date",
        CN_DATE,
        dict(region="苏州市昆山市", level=Level.COUNTY, date="2023-01-15", speaker="周伟", post="代市长"),
    ),
    (
        "bare-speech",
        BARE,
        dict(
            title=None,
            region=None,
            level=None,
            date=None,
            plan_year=2022,
            report_year=2021,
            speaker=None,
            post=None,
        ),
    ),
]


@pytest.mark.parametrize(("header", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_it_reads_the_header_fields(header, expected):
    metadata = read_metadata(header)
    for field, value in expected.items():
        assert getattr(metadata, field) == value, field


@pytest.mark.parametrize(
    ("region", "level"),
    [
        ("广东省", Level.PROVINCE),
        ("北京市", Level.PROVINCE),
        ("内蒙古自治区", Level.PROVINCE),
        ("随州市", Level.CITY),
        ("恩施土家族苗族自治州", Level.CITY),
        ("阿里地区", Level.CITY),
        ("济南市市中区", Level.DISTRICT),
        ("上海市浦东新区", Level.DISTRICT),
        ("苏州市昆山市", Level.COUNTY),
        ("鄂尔多斯市伊金霍洛旗", Level.COUNTY),
        ("海南省二届人大六次会议", None),
    ],
    ids=lambda x: str(x),
)
def test_it_tells_the_level_of_a_region(region, level):
    assert level_of(region) == level


# The plan year when the header gives no date or titled year: the reviewed year's next (a 2012年…工作回顾
# heading, else a paragraph opening on its year in the first 40% of the text, where the review is), else
# the file name's year. Excerpts of the reports' openings, long enough for the 40%.
NATIONAL_2005_NO_HEADER = (
    "各位代表：\n\n现在，我代表国务院，向大会作政府工作报告，请予审议，并请全国政协各位委员提出意见。\n\n\n\n\n\n"
    "一、过去一年工作回顾\n\n\n2004年，全国各族人民在中国共产党领导下，高举邓小平理论和“三个代表”重要思想伟大旗帜，团结奋进，锐意创新，"
    "社会主义现代化事业取得令人鼓舞的重大成就。\n\n过去一年，我们是在应对新的挑战和考验中前进的。近两年我国经济运行中出现了一些"
    "新问题，主要是粮食供求关系趋紧，固定资产投资膨胀，货币信贷投放过快，煤电油运紧张。如果任其发展下去，局部性问题就会演变为全局性"
    "问题。党中央、国务院审时度势，及时作出了加强宏观调控的决策和部署，按照果断有力、适时适度、区别对待、注重实效的原则，综合运用"
    "经济、法律手段和必要的行政手段，着力解决影响经济平稳较快发展的突出问题。经过全国上下共同努力，宏观调控取得明显成效。\n"
)
JIANGXI_2013_HEADING = (
    "---\nsource: http://www.jiangxi.gov.cn/x.html\ntitle: 政府工作报告\n---\n\n省长 鹿心社\n\n各位代表：\n\n"
    "现在，我代表省人民政府，向大会作政府工作报告，请予审议，并请各位省政协委员和列席会议的同志提出意见。\n\n"
    "**一、2012年及本届政府工作回顾**\n\n2012年是本届政府履职的最后一年。\n\n经济平稳较快发展。全省生产总值12948.5亿元，增长11%。\n"
)
BEIJING_2006_NO_YEAR = (
    "---\nsource: https://www.beijing.gov.cn/x.html\ntitle: 政府工作报告\n---\n\n各位代表：\n\n现在，我代表北京市人民政府，"
    "向大会作关于国民经济和社会发展第十一个五年规划纲要的报告，请各位代表连同《纲要（草案）》一并审议。\n\n一、“十五”时期的回顾\n\n"
    "过去五年，全市人民在党中央、国务院和中共北京市委的领导下，认真落实科学发展观。\n"
)
SEED_OPENING = "各位代表：\n现在，我代表区人民政府向大会报告工作，请予审议。\n一、过去一年工作回顾\n过去一年，我们做了很多工作。\n"

YEAR_FALLBACKS = [
    # (text, file name, plan_year, report_year)
    pytest.param(NATIONAL_2005_NO_HEADER, "", 2005, 2004, id="national-2005: review opens on 2004年，"),
    pytest.param(NATIONAL_2005_NO_HEADER, "national-2010.txt", 2005, 2004, id="national-2005: the text before the name"),
    pytest.param(JIANGXI_2013_HEADING, "", 2013, 2012, id="江西省-2013: 一、2012年及本届政府工作回顾"),
    pytest.param(BEIJING_2006_NO_YEAR, "北京市-2006.txt", 2006, 2005, id="北京市-2006: the file name's year"),
    pytest.param(BEIJING_2006_NO_YEAR, "", None, None, id="北京市-2006: no year anywhere"),
    pytest.param(SEED_OPENING, "2023年政府工作报告.docx", 2023, 2022, id="2023年政府工作报告.docx"),
    pytest.param(SEED_OPENING, "政府工作报告.docx", None, None, id="a name without a year"),
]


@pytest.mark.parametrize(("text", "name", "plan_year", "report_year"), YEAR_FALLBACKS)
def test_without_a_dated_header_the_year_comes_from_the_review_or_the_file_name(text, name, plan_year, report_year):
    metadata = read_metadata(text, name)
    assert (metadata.plan_year, metadata.report_year) == (plan_year, report_year)
    assert metadata.date is None
