"""Tasks of real reports against small hand-made golds (tests/data/outline/*.tasks.jsonl)."""

import json
import re
from pathlib import Path

import pytest

from luoshi.engine.entities import find_entities
from luoshi.engine.model import Cmp, Measure, Role, Statement
from luoshi.engine.outline import build_outline
from luoshi.engine.tasks import extract_tasks

DATA = Path(__file__).parent.parent / "data" / "outline"
_PUNCT = re.compile(r"[\s\u3000\u200b，。、；：！？,.;:!?“”‘’\"'（）()《》【】\[\]—\-…·]")


def norm(s: str) -> str:
    return _PUNCT.sub("", s or "")


def tasks_of(doc: str):
    text = (DATA / f"{doc}.txt").read_text(encoding="utf-8")
    return text, extract_tasks(text, build_outline(text))


def gold_of(doc: str) -> list[dict]:
    with open(DATA / f"{doc}.tasks.jsonl", encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def score(gold: list[dict], tasks) -> tuple[float, float]:
    """F1 and area accuracy, matched as eval/score_tasks.py matches them."""
    used, matched = set(), []
    for g in gold:
        for i, t in enumerate(tasks):
            if i not in used and (norm(t.title) == norm(g["title"]) or abs(t.start - g["start"]) <= 2):
                used.add(i)
                matched.append((g, t))
                break
    p = len(matched) / len(tasks) if tasks else 0.0
    r = len(matched) / len(gold)
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    area = sum(norm(g["area"]) == norm(t.area) for g, t in matched) / len(matched) if matched else 0.0
    return f1, area


GOLDS = [
    ("seed-district", "seed-2023-shizhong", 0.95),
    ("national-2017", "national-2017", 0.95),
    ("province-henan-2022", "henan-2022", 0.95),
    ("city-hangzhou-2019", "hangzhou-2019", 0.95),
]


@pytest.mark.parametrize(("doc", "least"), [g[1:] for g in GOLDS], ids=[g[0] for g in GOLDS])
def test_it_finds_the_gold_tasks(doc, least):
    _, tasks = tasks_of(doc)
    f1, area = score(gold_of(doc), tasks)
    assert f1 >= least
    assert area >= 0.95


@pytest.mark.parametrize("doc", [g[1] for g in GOLDS], ids=[g[0] for g in GOLDS])
def test_it_starts_a_task_at_its_title_without_label(doc):
    text, tasks = tasks_of(doc)
    for task in tasks:
        assert task.start == task.title_start < task.title_end <= task.end
        assert norm(text[task.title_start : task.title_end]).startswith(norm(task.title)[:4])
        assert not task.title.endswith("。")
        assert not re.match(r"[（(]?[一二三四五六七八九十\d]+[）)、.．]", task.title)


def test_it_takes_the_part_heading_as_area_where_no_section_stands_above():
    _, tasks = tasks_of("seed-2023-shizhong")
    conduct = [t for t in tasks if t.part_kind == "conduct"]
    assert [t.title for t in conduct] == [
        "全面提升依法行政水平",
        "全面提升科学理政水平",
        "全面提升务实勤政水平",
        "全面提升从严治政水平",
    ]
    assert {t.area for t in conduct} == {"全面加强政府自身建设"}


def test_it_marks_the_items_of_a_list_of_livelihood_projects():
    _, tasks = tasks_of("hangzhou-2019")
    gold = [g["title"] for g in gold_of("hangzhou-2019") if g.get("livelihood")]
    assert len(gold) == 10
    assert [t.title for t in tasks if t.livelihood] == gold


def test_it_leaves_out_the_review_the_targets_and_the_closing():
    text, tasks = tasks_of("national-2017")
    assert all(t.part_kind == "work" for t in tasks)
    assert min(t.start for t in tasks) > text.index("三、2017年重点工作任务")
    assert max(t.end for t in tasks) < text.index("我国是统一的多民族国家")


def test_it_treats_plain_paragraphs_as_tasks_titled_by_their_first_sentence():
    text = "各位代表：\n一、2022年工作回顾\n经济增长了5%。\n二、2023年工作安排\n今年要把稳增长放在首位，扩大有效投资，全年开工项目100个。\n要深化改革开放，优化营商环境。\n"
    tasks = extract_tasks(text, build_outline(text))
    assert [t.title for t in tasks] == [
        "今年要把稳增长放在首位，扩大有效投资，全年开工项目100个",
        "要深化改革开放，优化营商环境",
    ]
    assert {t.area for t in tasks} == {"2023年工作安排"}


def test_it_attaches_the_statements_that_start_inside_a_task():
    text, _ = tasks_of("seed-2023-shizhong")
    outline = build_outline(text)
    at = text.index("新增城镇就业1.78万人") + 6
    statement = Statement(
        at, at + 5, "1.78万人", "城镇新增就业", Measure.LEVEL, 17800, "人", Cmp.EQ, Role.TARGET
    )
    tasks = extract_tasks(text, outline, (statement,))
    holding = [t for t in tasks if t.statements]
    assert [t.title for t in holding] == ["构建完善的保障体系"]


@pytest.mark.parametrize(
    ("sentence", "names"),
    [
        ("加快京东产业园建设，建成山东未来云谷。", ["京东产业园", "山东未来云谷"]),
        ("推进中央活力区开发，打造工业4.0产业基地。", ["中央活力区", "工业4.0产业基地"]),
        ("实施“书香市中”工程。", ["“书香市中”工程"]),
        ("发挥未来网络研究院、电力研究院等平台作用。", ["未来网络研究院", "电力研究院"]),
        ("加快项目建设，推进重点项目，建设一批产业园。", []),
        ("优化营商环境，完善现代产业园配套。", []),
    ],
    ids=["projects", "place-and-base", "quoted", "list", "generic", "generic-stem"],
)
def test_it_finds_named_entities_and_not_generic_phrases(sentence, names):
    found = find_entities(sentence)
    assert [e.text for e in found] == names
    assert all(sentence[e.start : e.end] == e.text for e in found)


def test_it_gives_each_task_the_entities_inside_it():
    text, tasks = tasks_of("seed-2023-shizhong")
    first = tasks[0]
    assert "京东产业园" in [e.text for e in first.entities]
    assert all(first.start <= e.start < e.end <= first.end for e in first.entities)
