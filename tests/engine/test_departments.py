"""Department suggestions (luoshi.engine.departments): names to functions, catalogues, and real task sentences."""

import io

import pytest

from luoshi.engine.department_catalogue import vocabulary
from luoshi.engine.departments import (
    Catalogue,
    CatalogueError,
    bundled_catalogue,
    load_catalogue,
    make_department,
    normalise_name,
    read_catalogue,
    suggest,
)


@pytest.fixture(scope="module")
def district() -> Catalogue:
    return bundled_catalogue("district")


@pytest.fixture(scope="module")
def national() -> Catalogue:
    return bundled_catalogue("national")


def lead(text, catalogue, **kw) -> str | None:
    found = suggest(text, catalogue, **kw)
    return found[0].department if found else None


# ---------------------------------------------------------------- names → functions

NAMES = [
    # name, core (without the level prefix), functions
    ("济南市市中区发展和改革局", "发展和改革局", ("development",)),
    ("区发展和改革局", "发展和改革局", ("development",)),
    ("市发改委", "发改委", ("development",)),
    ("国家发展改革委", "发展改革委", ("development",)),
    ("国家发展和改革委员会", "发展和改革委员会", ("development",)),
    ("区教育和体育局", "教育和体育局", ("education", "sports")),
    ("区教体局", "教体局", ("education", "sports")),
    ("教育部", "教育部", ("education",)),
    ("市医保局", "医保局", ("medical_insurance",)),
    ("国家医疗保障局", "医疗保障局", ("medical_insurance",)),
    ("区人社局", "人社局", ("hr",)),
    ("区人力资源和社会保障局", "人力资源和社会保障局", ("hr",)),
    ("人力资源社会保障部", "人力资源社会保障部", ("hr",)),
    ("县住建局", "住建局", ("housing",)),
    ("住房城乡建设部", "住房城乡建设部", ("housing",)),
    ("市工信局", "工信局", ("industry",)),
    ("浙江省经济和信息化厅", "经济和信息化厅", ("industry",)),
    ("区农业农村局", "农业农村局", ("agriculture",)),
    ("市农委", "农委", ("agriculture",)),
    ("鄂尔多斯市鄂托克旗农牧局", "农牧局", ("agriculture",)),
    ("区文旅局", "文旅局", ("culture",)),
    ("县文化广电和旅游局", "文化广电和旅游局", ("culture", "broadcasting")),
    ("市卫健委", "卫健委", ("health",)),
    ("国家卫生健康委", "卫生健康委", ("health",)),
    ("区市场监管局", "市场监管局", ("market",)),
    ("区市场监督管理局", "市场监督管理局", ("market",)),
    ("区应急局", "应急局", ("emergency",)),
    ("市大数据局", "大数据局", ("data",)),
    ("国家数据局", "数据局", ("data",)),
    ("区行政审批服务局", "行政审批服务局", ("approval",)),
    ("市公安局市中区分局", "公安分局", ("police",)),
    ("公安分局", "公安分局", ("police",)),
    ("市自然资源和规划局市中区分局", "自然资源和规划分局", ("natural_resources",)),
    ("市生态环境局市中区分局", "生态环境分局", ("ecology",)),
    ("广东省生态环境厅", "生态环境厅", ("ecology",)),
    ("国家税务总局济南市市中区税务局", "税务局", ("tax",)),
    ("中国人民银行", "人民银行", ("central_bank",)),
    ("国家金融监督管理总局", "金融监督管理总局", ("financial_regulation",)),
    ("区地方金融监督管理局", "地方金融监督管理局", ("local_finance",)),
    ("国务院国资委", "国资委", ("sasac",)),
    ("区政府办公室", "政府办公室", ("general_office",)),
    ("国务院办公厅", "办公厅", ("general_office",)),
    ("区残疾人联合会", "残疾人联合会", ("disabled",)),
    ("中国残联", "残联", ("disabled",)),
    ("全国妇联", "妇联", ("women",)),
    ("团市委", "团市委", ("youth",)),
    ("市总工会", "总工会", ("union",)),
    ("区科学技术协会", "科学技术协会", ("science_association",)),
    ("区科学技术局", "科学技术局", ("science",)),
    ("区城管局", "城管局", ("urban",)),
    ("区退役军人事务局", "退役军人事务局", ("veterans",)),
    ("区投资促进局", "投资促进局", ("investment_promotion",)),
    ("国家林草局", "林草局", ("forestry",)),
    ("国家粮食和物资储备局", "粮食和物资储备局", ("grain",)),
    ("海关总署", "海关总署", ("customs",)),
    ("国家国防科技工业局", "国防科技工业局", ("defence_industry",)),
]


@pytest.mark.parametrize(("name", "core", "functions"), NAMES, ids=[n for n, _, _ in NAMES])
def test_a_name_maps_to_its_functions_whatever_the_level_and_the_short_form(name, core, functions):
    parsed = normalise_name(name)
    assert (parsed.core, parsed.functions) == (core, functions)


@pytest.mark.parametrize(("name", "kind"), [
    ("大观园街道办事处", "street"), ("七里山街道", "street"), ("仲宫镇", "town"), ("区城市发展集团有限公司", "enterprise"),
    ("区财政局", "department"),
])
def test_a_name_tells_its_kind(name, kind):
    assert normalise_name(name).kind == kind


def test_a_name_without_a_known_function_has_none():
    assert normalise_name("区城市发展集团有限公司").functions == ()
    assert normalise_name("区老干部局").functions == ()


def test_the_function_table_is_consistent():
    vocab = vocabulary()
    for f in vocab.functions.values():
        assert f.stems and f.duties, f.key
        assert not set(f.duties) & vocab.stop, f.key
    assert all(set(keys) <= set(vocab.functions) for keys in vocab.stems.values())


# ---------------------------------------------------------------- catalogues


def test_the_bundled_catalogues_know_every_department_by_function(district, national):
    assert len(district.departments) >= 40 and len(national.departments) >= 60
    assert [d.name for d in national.departments if not d.functions] == []
    departments = [d for d in district.departments if d.kind == "department"]
    assert [d.name for d in departments if not d.functions] == []
    for name in ("国家发展改革委", "财政部", "教育部", "人民银行", "金融监管总局", "国家数据局", "全国妇联", "中国残联"):
        assert national.find(name) is not None, name
    assert national.find("银保监会").name == "金融监管总局"  # an old name finds today's body
    assert district.find("区教体局").name == "区教育和体育局"


def test_a_catalogue_of_names_alone_takes_the_functions_duties():
    catalogue = read_catalogue(io.StringIO("名称\n济南市教育局\n济南市财政局\n济南市公安局\n"))
    education = catalogue.find("济南市教育局")
    assert education.duties == () and "义务教育" in education.keywords
    assert lead("推动城乡义务教育一体化发展，抓紧消除城镇大班额", catalogue) == "济南市教育局"
    assert lead("依法开展扫黑除恶专项斗争", catalogue) == "济南市公安局"


def test_a_catalogue_reads_short_names_aliases_kinds_and_duties():
    text = "名称,简称,类型,职责,别名\n区财政局,区财政局,部门,预算、债务,财政局\n大观园街道办事处,大观园街道,街道,社区,\n"
    catalogue = read_catalogue(io.StringIO(text))
    finance, street = catalogue.departments
    assert (finance.short_names, finance.duties, finance.functions) == (("财政局",), ("预算", "债务"), ("finance",))
    assert (street.kind, street.short_names) == ("street", ("大观园街道",))


def test_a_catalogue_in_gbk_is_read(tmp_path):
    path = tmp_path / "mine.csv"
    path.write_bytes("名称,职责\n区统计局,统计\n".encode("gb18030"))
    assert load_catalogue(path).departments[0].name == "区统计局"


@pytest.mark.parametrize(("content", "message"), [
    ("部门,职责\n区财政局,预算\n", "mine.csv: no 名称 column (its columns are 部门, 职责)"),
    ("", "mine.csv: the file is empty"),
    ("名称\n", "mine.csv: no departments"),
    ("名称,类型\n区财政局,局\n", "mine.csv, line 2: unknown 类型 “局”"),
    ("名称,简称\n,区财政局\n", "mine.csv, line 2: 名称 is empty"),
])
def test_a_bad_catalogue_says_what_is_wrong_in_one_line(tmp_path, content, message):
    path = tmp_path / "mine.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(CatalogueError) as e:
        read_catalogue(path)
    assert message in str(e.value) and "\n" not in str(e.value)


def test_a_missing_catalogue_file_or_unknown_bundle_is_an_error(tmp_path):
    with pytest.raises(CatalogueError, match="cannot read it"):
        load_catalogue(tmp_path / "none.csv")
    with pytest.raises(CatalogueError, match="no such bundled catalogue"):
        bundled_catalogue("county")


def test_an_xlsx_catalogue_is_read(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    book.active.append(["名称", "简称", "职责"])
    book.active.append(["区教育和体育局", "区教体局", None])
    book.active.append(["区卫生健康局", None, "健康"])
    book.save(tmp_path / "mine.xlsx")
    catalogue = load_catalogue(tmp_path / "mine.xlsx")
    assert [d.name for d in catalogue.departments] == ["区教育和体育局", "区卫生健康局"]
    assert lead("新建中小学幼儿园8处", catalogue) == "区教育和体育局"


# ---------------------------------------------------------------- named in the text

NAMED = [
    # text, catalogue, lead, a co-operating department (or None)
    ("办好教育。由区财政局牵头，区教育和体育局配合，新建学校3所。", "district", "区财政局", "区教育和体育局"),
    ("由区教育和体育局牵头，做好招商引资", "district", "区教育和体育局", None),
    ("市发改委要做好重大项目谋划储备", "district", "区发展和改革局", None),
    ("区教体局负责，区卫健局配合，做好学生体检", "district", "区教育和体育局", "区卫生健康局"),
    ("教育部门要加强校园周边交通安全管理", "district", "区教育和体育局", None),
    ("各街道要加强网格化管理，及时化解矛盾纠纷", "district", "各街道", None),
    ("发挥好工会、共青团、妇联等群团组织作用", "national", "全国总工会", "共青团中央"),
    ("国家发展改革委、商务部牵头，全面实施市场准入负面清单制度", "national", "国家发展改革委", "商务部"),
]


@pytest.mark.parametrize(("text", "which", "expected", "cooperating"), NAMED, ids=[t for t, *_ in NAMED])
def test_a_department_named_in_the_text_wins(district, national, text, which, expected, cooperating):
    found = suggest(text, {"district": district, "national": national}[which])
    assert found[0].department == expected and found[0].role == "lead" and found[0].named
    assert "文中点名" in found[0].reason
    if cooperating:
        assert cooperating in [s.department for s in found[1:]]


def test_a_department_named_to_cooperate_does_not_lead(district):
    found = suggest("区财政局配合做好义务教育经费保障", district)
    assert found[0].department == "区教育和体育局" and not found[0].named
    assert (found[1].department, found[1].named, found[1].role) == ("区财政局", "cooperating", "cooperating")


def test_a_group_stands_for_its_members(district):
    group = next(s for s in suggest("由区民政局牵头，各街道配合，推进社区治理", district) if s.department == "各街道")
    assert group.role == "cooperating" and "大观园街道办事处" in group.members and len(group.members) == 8


def test_a_short_form_inside_another_word_is_no_name(district):
    assert all(not s.named for s in suggest("加快科技规划部署，推进新局面", district))


def test_a_department_name_is_no_duty_word(district):
    found = suggest("区财政局要做好招商引资", district)
    assert found[0].department == "区财政局" and "财政" not in found[0].words


# ---------------------------------------------------------------- duty words: real task sentences

NATIONAL_TASKS = [
    ("改革完善增值税制度，按照三档并两档方向调整税率水平，重点降低制造业、交通运输等行业税率", {"财政部", "税务总局"}),
    ("在全国推开“证照分离”改革，重点是照后减证，各类证能减尽减、能合则合，进一步压缩企业开办时间", {"市场监管总局"}),
    ("工程建设项目审批时间再压减一半", {"住房城乡建设部"}),
    ("推进中央与地方财政事权和支出责任划分改革，抓紧制定收入划分改革方案，完善转移支付制度", {"财政部"}),
    ("深化多层次资本市场改革，推动债券、期货市场发展", {"证监会"}),
    ("深化利率汇率市场化改革，保持人民币汇率在合理均衡水平上的基本稳定", {"人民银行"}),
    ("深化养老保险制度改革，建立企业职工基本养老保险基金中央调剂制度", {"人力资源社会保障部"}),
    ("深化公立医院综合改革，协调推进医疗价格、人事薪酬、药品流通、医保支付改革", {"国家卫生健康委"}),
    ("开展柴油货车、船舶超标排放专项治理，继续淘汰老旧车", {"生态环境部"}),
    ("落实第二轮土地承包到期后再延长30年的政策。探索宅基地所有权、资格权、使用权分置改革", {"农业农村部"}),
    ("新建改建农村公路20万公里", {"交通运输部"}),
    ("创建全域旅游示范区，降低重点国有景区门票价格", {"文化和旅游部"}),
    ("扎实做好退役军人安置、管理和保障工作", {"退役军人事务部"}),
    ("扩大跨省异地就医直接结算范围，把基层医院和外出农民工、外来就业创业人员等全部纳入", {"国家医保局"}),
    ("做好北京冬奥会、冬残奥会筹办工作，多渠道增加全民健身场所和设施", {"体育总局"}),
    ("积极应对人口老龄化，发展居家、社区和互助式养老，推进医养结合，提高养老院服务质量", {"民政部"}),
    ("创新信访工作方式，依法及时解决群众合理诉求", {"国家信访局"}),
    ("推广国际贸易“单一窗口”，实现全国通关一体化", {"海关总署"}),
    ("完成退耕还林还草1200万亩以上，加强荒漠化、石漠化治理", {"国家林草局"}),
    ("今年拟安排地方政府专项债券3.8万亿元", {"财政部"}),
    ("深入实施种业振兴行动", {"农业农村部"}),
    ("实施自由贸易试验区提升战略", {"商务部"}),
]


@pytest.mark.parametrize(("text", "leads"), NATIONAL_TASKS, ids=[t for t, _ in NATIONAL_TASKS])
def test_a_national_task_gets_its_ministry(national, text, leads):
    assert lead(text, national) in leads


DISTRICT_TASKS = [
    # the title and the first sentences of the sample report's tasks (济南市市中区 2023)
    ("加快扩大招商引资", "聚力招大引强，发挥商协会等专业招商力量，实施委托招商，努力做大总部经济、楼宇经济。", "区投资促进局"),
    ("着力实施科技创新", "力争新增高新技术企业52家，国家科技型中小企业库在库企业400家以上。", "区科学技术局"),
    ("强力实施城市更新行动", "稳步实施城中村和老旧片区更新，全力加快2700套安置房建设。", "区住房和城乡建设局"),
    ("强力实施乡村建设行动", "深入实施农村人居环境整治巩固提升五年行动，加快美丽乡村示范村建设。", "区农业农村局"),
    ("高质量打造数字政府", "优化完善“一网通办”，推动政务服务事项网上运行应上尽上。", "区大数据局"),
    ("办好优质的普惠教育", "建成中小学幼儿园8处，推动学前教育普惠发展。", "区教育和体育局"),
    ("提供更优的健康服务", "加强医联体建设，完善城乡一体化医疗卫生服务体系。", "区卫生健康局"),
    ("擦亮叫响文化品牌", "加快商埠区历史建筑活化利用，积极开发文创产品。", "区文化和旅游局"),
    ("大力加强城市管理", "扎实开展市容环境提升行动，强化门头牌匾、空中飞线、垃圾分类等专项治理。", "区城市管理局"),
    ("大力实施生态治理", "深入推进环境污染防治，持续打好蓝天、碧水、净土保卫战。", "市生态环境局市中区分局"),
    ("切实筑牢安全底线", "健全完善安全生产责任体系，着力强化防灾减灾救灾能力建设。", "区应急管理局"),
    ("全面提升依法行政水平", "坚持宪法法律至上，坚持权责法定、依法行政。认真落实“八五”普法规划。", "区司法局"),
]


@pytest.mark.parametrize(("title", "body", "expected"), DISTRICT_TASKS, ids=[t for t, _, _ in DISTRICT_TASKS])
def test_a_district_task_gets_its_bureau(district, title, body, expected):
    assert lead(f"{title}。{body}", district, title=title) == expected
    names_only = Catalogue.from_names([d.name for d in district.departments])
    assert lead(f"{title}。{body}", names_only) == expected


def test_a_suggestion_explains_itself(district):
    found = suggest("办好优质的普惠教育。建成中小学幼儿园8处，推动学前教育普惠发展。", district)
    first = found[0]
    assert (first.role, first.named) == ("lead", "")
    assert first.reason.startswith("职责匹配：") and "教育（标题）" in first.reason
    assert first.words[0] == "教育" and first.score > 0
    assert set(first.as_dict()) == {"department", "role", "score", "reason", "words", "named", "members"}


def test_at_most_three_cooperating_above_the_threshold(district):
    text = ("构建完善的保障体系。坚持“就业优先”战略，不断优化多渠道就业体系，落实全链条创业扶持政策，更大力度保障"
            "高校毕业生、农民工、退役军人等重点群体就业，新增城镇就业1.78万人。完善社会救助体系，提高困难群众救助标准。"
            "拓展多渠道租赁住房保障体系，新筹集房源4700套（间）。实施全民参保扩面行动。提高居民医保补助标准。")
    found = suggest(text, district)
    assert found[0].department == "区人力资源和社会保障局"
    assert 1 <= len(found) - 1 <= 3 and all(s.role == "cooperating" for s in found[1:])
    assert [s.score for s in found[1:]] == sorted((s.score for s in found[1:]), reverse=True)
    assert len(suggest(text, district, most=1)) == 2


def test_no_word_no_suggestion(district):
    assert suggest("加强党的建设", district) == []
    assert suggest("", district) == []
    assert suggest("强化政治建设，进一步锤炼忠诚品格，深入开展主题教育", district) == []


def test_a_street_cooperates_rather_than_leads(district):
    found = suggest("推进兴隆片区村庄人居环境整治", district)
    assert found[0].department == "区农业农村局"


def test_suggestions_are_the_same_every_time(national):
    text = "深化混合所有制改革，在电力、石油、天然气、铁路、民航、电信、军工等领域迈出实质性步伐"
    assert suggest(text, national) == suggest(text, national)
    fresh = Catalogue(national.label, tuple(make_department(d.name, d.short_names, d.kind, d.duties)
                                            for d in reversed(national.departments)))
    # only ties may fall the other way when the catalogue's order changes
    assert [s.score for s in suggest(text, fresh)] == [s.score for s in suggest(text, national)]
