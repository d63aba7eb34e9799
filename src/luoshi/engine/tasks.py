"""Tasks of the plan parts (eval/TASKS.md).

A task is a paragraph of a work part that opens with a lead sentence naming
the work, or a listed item (1. （1） 一是 第一， ——), or, in a part or section
written as plain paragraphs, each paragraph. Section headings are the tasks'
areas; the paragraphs that open a section or part before its first task only
summarise it and are left out.

>>> from .outline import build_outline
>>> text = "二、2023年重点工作\\n（一）加快发展，建设强市。要抓好三件事。\\n加快构建产业体系。推进项目。\\n办好民生实事。新建学校3所。"
>>> [(t.area, t.title) for t in extract_tasks(text, build_outline(text))]
[('加快发展，建设强市', '加快构建产业体系'), ('加快发展，建设强市', '办好民生实事')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from .entities import find_entities
from .model import OutlineNode, PartKind, Statement, Task
from .outline import classify_heading, clean, vocabulary

_TASK_PARTS = frozenset({PartKind.WORK, PartKind.CONDUCT})
_NOT_TASK_AREAS = frozenset({PartKind.TARGETS, PartKind.FIVE_YEAR, PartKind.REVIEW, PartKind.PROBLEMS})
_SENTENCE_END = re.compile(r"[。！？!?]")
_CLAUSE_END = re.compile(r"[，；：,;:]")


@dataclass
class _Draft:
    """A task being gathered: its node, title span and area."""

    area: str
    title: str
    title_start: int
    title_end: int
    start: int
    end: int
    part_kind: PartKind
    livelihood: bool = False
    lead: bool = False  # a paragraph's task, which the paragraphs after it may go on


def extract_tasks(
    text: str, outline: tuple[OutlineNode, ...], statements: tuple[Statement, ...] = ()
) -> tuple[Task, ...]:
    """The tasks of the report's work parts, in text order."""
    drafts: list[_Draft] = []
    for part in outline:
        if part.part_kind in _TASK_PARTS:
            drafts.extend(_container_tasks(text, part, part.heading, part.part_kind))
    return tuple(_finish(text, d, statements) for d in drafts)


def _finish(text: str, d: _Draft, statements: tuple[Statement, ...]) -> Task:
    return Task(
        area=d.area,
        title=d.title,
        start=d.start,
        end=d.end,
        title_start=d.title_start,
        title_end=d.title_end,
        part_kind=d.part_kind,
        livelihood=d.livelihood,
        statements=tuple(s for s in statements if d.start <= s.start < d.end),
        entities=find_entities(text, d.start, d.end),
    )


def _container_tasks(text: str, node: OutlineNode, area: str, kind: PartKind) -> list[_Draft]:
    """The tasks among the children of a part, section or heading item."""
    children = node.children
    structured = any(
        c.heading_start >= 0 and c.kind == "paragraph" or c.kind != "paragraph" for c in children
    )
    drafts: list[_Draft] = []
    livelihood = _introduces_livelihood(text[node.start : node.end] if not children else node.heading)
    # What stands before the first section (or the first item, without sections)
    # introduces the container: a summary, the general requirements.
    sections = [i for i, c in enumerate(children) if c.kind == "section"]
    first_label = sections[0] if sections else 0
    for i, child in enumerate(children):
        in_list = livelihood and child.kind == "item"
        livelihood = in_list or _introduces_livelihood(text[child.start : child.end])
        if i < first_label:
            continue  # paragraphs before the first labelled child introduce them
        if _states_policy(text, child):
            continue
        if child.kind == "paragraph" and (not structured or child.heading_start < 0):
            if text[child.end - 1] in "：:" or drafts and not drafts[-1].lead and _sums_up(text, child):
                continue  # it opens a list, or sums up the items before it
            if structured and drafts and drafts[-1].lead and _goes_on(text, drafts[-1].end, child):
                drafts[-1].end = child.end
            elif not structured or drafts:
                drafts.append(_paragraph_task(text, child, area, kind))
                drafts[-1].lead = True
            continue
        if child.children and _holds_tasks(child):
            if classify_heading(child.heading) not in _NOT_TASK_AREAS:
                drafts.extend(_container_tasks(text, child, child.heading or area, kind))
            continue
        draft = _node_task(text, child, area, kind)
        draft.livelihood = in_list
        draft.lead = child.kind == "paragraph"
        drafts.append(draft)
    return drafts


def _goes_on(text: str, prev_end: int, node: OutlineNode) -> bool:
    """Does a paragraph without a lead sentence go on with the task before it?

    Yes when only a scraper's zero-width break parts them, or when it opens
    like a summary (我们要…, 同时…); otherwise it is a piece of work of its own.
    """
    if "\u200b" in text[prev_end : node.start]:
        return True
    opening = text[node.start : node.start + 12].lstrip()
    return opening.startswith(tuple(vocabulary()["tasks"]["summary_openers"])) or _sums_up(text, node)


def _first_sentence(text: str, node: OutlineNode) -> str:
    m = _SENTENCE_END.search(text, node.start, node.end)
    return text[node.start : m.start() if m else node.end]


def _states_policy(text: str, node: OutlineNode) -> bool:
    """Does the node open with a statement of state policy (国防, 民族宗教, 港澳台, 外交)?"""
    words = vocabulary()["tasks"]["state_policy"]
    first = clean(_first_sentence(text, node))
    return first.startswith(tuple(words)) or sum(w in first for w in words) >= 2


def _sums_up(text: str, node: OutlineNode) -> bool:
    return any(w in _first_sentence(text, node) for w in vocabulary()["tasks"]["summary_words"])


def _holds_tasks(node: OutlineNode) -> bool:
    """Does a heading node hold tasks of its own (lead paragraphs, items), not only its body?"""
    return node.kind == "section" or any(c.kind != "paragraph" or c.heading_start >= 0 for c in node.children)


def _introduces_livelihood(sentence: str) -> bool:
    words = vocabulary()["tasks"]["livelihood"]
    s = clean(sentence)
    return bool(s) and s[-1] in "：:" and any(w in s for w in words)


def _node_task(text: str, node: OutlineNode, area: str, kind: PartKind) -> _Draft:
    """The task of a labelled item or a lead paragraph: its heading is the title."""
    if node.heading_start < 0:
        return _paragraph_task(text, node, area, kind)
    title, end = _title(node.heading, node.heading_start, node.heading_end)
    return _Draft(area, title, node.heading_start, end, node.heading_start, node.end, kind)


def _paragraph_task(text: str, node: OutlineNode, area: str, kind: PartKind) -> _Draft:
    """The task of a plain paragraph: its first sentence is the title."""
    start = node.start if node.heading_start < 0 else node.heading_start
    m = _SENTENCE_END.search(text, start, node.end)
    stop = m.start() if m else node.end
    title, end = _title(clean(text[start:stop]), start, stop)
    return _Draft(area, title, start, end, start, node.end, kind)


def _title(sentence: str, start: int, end: int) -> tuple[str, int]:
    """A title of at most title_max_chars: a long first sentence is cut at its first clause."""
    limit = vocabulary()["tasks"]["title_max_chars"]
    sentence = sentence.rstrip("。：:；;，,")
    if len(sentence) <= limit:
        return sentence, end
    m = _CLAUSE_END.search(sentence)
    cut = sentence[: m.start()] if m and m.start() >= 4 else sentence[:limit]
    return cut, min(end, start + len(cut))


def with_statements(task: Task, statements: tuple[Statement, ...]) -> Task:
    """`task` with the statements whose start lies inside it."""
    return replace(task, statements=tuple(s for s in statements if task.start <= s.start < task.end))
