"""The report's outline: parts, sections, items and paragraphs with their spans.

The normalised text is read as blocks: paragraphs whose soft line breaks are
joined again, each with the label it opens with (一、 （一） 1. 一是 第一， ——).
The top labels counted in order (第一部分…, 一、二、…, or short unlabelled
headings) make the parts; the labels under them nest in the order they first
appear. Each part gets a PartKind from the words of its heading
(data/outline.toml), or from the time words of its text when the heading
says nothing.

>>> parts = build_outline("各位代表：\\n一、2022年工作回顾\\n经济增长了5%。\\n二、2023年重点工作\\n（一）加快发展。要抓好项目。")
>>> [p.part_kind.value for p in parts]
['preamble', 'review', 'work']
>>> [n.heading for n in parts[2].walk()]
['2023年重点工作', '加快发展']
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources

from .model import OutlineNode, PartKind
from .normalize import Normalized, normalize

# Label styles that always hold the blocks after them (a heading with a
# summary sentence still heads the paragraphs below it); list labels hold
# blocks only when they stand alone as a heading.
_CONTAINER_STYLES = frozenset({"bu", "cn", "paren", "un"})
_PLAN_KINDS = frozenset({PartKind.FIVE_YEAR, PartKind.TARGETS, PartKind.WORK, PartKind.CONDUCT})
_SENTENCE_END = re.compile(r"[。！？!?]")
_NOISE = re.compile(r"[\s\u200b\u200c\u200d\ufeff\ue000-\uf8ff*]+")
_CONTENT = re.compile(r"[^\s\u200b\u200c\u200d\ufeff\ue000-\uf8ff*。！？!?]")
_SEPARATOR = re.compile(r"[-—=_]{3,}(?![^\n]*[。；])")
_CLAUSE = re.compile(r"[，,：:；;]")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_YEAR = re.compile(r"(?:19|20)\d\d年|[一二三四五六七八九〇○零]{4}年")
_FRONT_MATTER = re.compile(r"\s*---\n.*?\n---\n", re.S)
_YEAR_DIGITS = str.maketrans("〇○零一二三四五六七八九", "000123456789")
_LINE = re.compile(r"[^\n]+")
_EDGE = " \t\u3000\u200b\u200c\u200d\ufeff\u00a0*"


@lru_cache(maxsize=1)
def vocabulary() -> dict:
    """The outline vocabulary (data/outline.toml)."""
    return tomllib.loads(resources.files(__package__).joinpath("data/outline.toml").read_text("utf-8"))


@lru_cache(maxsize=4)
def normalized(text: str) -> Normalized:
    """`normalize(text)`, kept for the few calls that read the same text."""
    return normalize(text)


@lru_cache(maxsize=1)
def _label_pattern() -> re.Pattern:
    lab = vocabulary()["labels"]
    n, circ, dash = lab["numerals"], lab["circled"], re.escape(lab["dashes"])
    return re.compile(
        rf"(?P<bu>第(?P<bu_n>[{n}]+)部分[、，,.．：:]?)"
        rf"|(?P<paren>[（(](?P<paren_n>[{n}]+)[)）][、.．]?)"
        rf"|(?P<pnum>[（(](?P<pnum_n>\d{{1,2}})[)）][、.．]?)"
        rf"|(?P<shi>(?P<shi_n>[{n}]+)[是要])"
        rf"|(?P<di>第(?P<di_n>[{n}]+)[，,、：:])"
        rf"|(?P<cn>(?P<cn_n>[{n}]+)[、.．])"
        rf"|(?P<num>(?P<num_n>\d{{1,2}})[.．、](?![\d.．]))"
        rf"|(?P<circ>[{circ}])"
        rf"|(?P<dash>[{dash}]{{2,}})"
    )


def cn_number(s: str) -> int:
    """一 → 1, 十二 → 12, 二十三 → 23; ASCII digits as they are."""
    if s.isdigit():
        return int(s)
    digits = "一二三四五六七八九"
    if "十" not in s:
        return digits.index(s[-1]) + 1 if s and s[-1] in digits else 0
    tens, _, ones = s.partition("十")
    return (digits.index(tens) + 1 if tens else 1) * 10 + (digits.index(ones) + 1 if ones else 0)


def clean(s: str) -> str:
    """`s` without white space, zero-width spaces and ** marks."""
    return _NOISE.sub("", s)


@dataclass
class Block:
    """A paragraph or heading of the normalised text, label included."""

    start: int
    end: int
    bold_end: int = -1  # the closing ** of a bold heading that a body follows
    style: str = (
        ""  # label style: bu cn paren pnum shi di num circ dash, "un" (unlabelled heading), "" (paragraph)
    )
    num: int = 0
    label_end: int = -1
    head_s: int = -1
    head_e: int = -1
    heading_only: bool = False


# -- blocks -------------------------------------------------------------------


def _lines(t: str):
    """(start, end, bold, zero-width gap before) of each line holding text."""
    gap = False
    for m in _LINE.finditer(t):
        line = m.group()
        core = line.strip(_EDGE)
        if not core:
            gap = gap or "\u200b" in line
            continue
        s = m.start() + line.index(core[0], len(line) - len(line.lstrip(_EDGE)))
        bold = line.lstrip(" \t\u3000").startswith("**")
        yield s, s + len(core), bold, gap
        gap = False


def _ends_sentence(s: str, terminators: str) -> bool:
    s = s.rstrip(_EDGE)
    if not s:
        return False
    if s[-1] in terminators:
        return True
    return s[-1] in "”’」』）)" and len(s) > 1 and s[-2] in terminators


def _continues(t: str, cur: Block, s: int, e: int, gap: bool, v: dict) -> bool:
    """Does the line t[s:e] carry on the block `cur` (a soft line break)?"""
    text, line = t[cur.start : cur.end], t[s:e]
    if line[0] in v["continuations"] or text.rstrip(_EDGE)[-1] in v["openers"]:
        return True
    if _ends_sentence(text, v["terminators"]) or _label_pattern().match(line) or cur.bold_end == cur.end:
        return False
    if gap:  # a line holding only a zero-width space: the scraper's break
        return True
    m = _label_pattern().match(text)
    if m:
        rest = text[m.end() :]
        return m.lastgroup == "dash" or not _CONTENT.search(rest) or any(c in v["terminators"] for c in rest)
    if "\n" not in text and _is_short_heading(text, v):
        return False
    return len(text) > 4 or not all(c in vocabulary()["labels"]["numerals"] for c in clean(text))


def _is_short_heading(text: str, v: dict) -> bool:
    if len(text) > 2 * v["heading_max_chars"]:
        return False
    c = clean(text)
    return (
        len(c) <= v["heading_max_chars"]
        and len(_CJK.findall(c)) >= 2
        and not any(ch in v["terminators"] for ch in c)
        and not c.startswith(tuple(vocabulary()["closing"]["cues"]))
        and not any(w in c for w in v["not_heading"])
        and c[-1] not in v["not_heading_end"]
    )


def read_blocks(t: str) -> list[Block]:
    """The blocks of the normalised text `t`, soft line breaks joined."""
    v = vocabulary()["blocks"]
    blocks: list[Block] = []
    cur: Block | None = None
    opening = _opening_pattern().search(t, 0, 4000)
    front = _FRONT_MATTER.match(t)
    header_end = max(opening.start() if opening else -1, front.end() if front else -1)
    for s, e, bold, gap in _lines(t):
        if cur is not None and s > header_end and not bold and _continues(t, cur, s, e, gap, v):
            cur.end = e
            continue
        cur = Block(s, e)
        if bold:
            close = t.find("**", s, e + 2)
            cur.bold_end = close if close > s else e
        blocks.append(cur)
    numerals = vocabulary()["labels"]["numerals"]
    for b in blocks:
        _annotate(t, b, v, numerals)
    return blocks


def _annotate(t: str, b: Block, v: dict, numerals: str) -> None:
    """Set the label style, number and heading span of block `b`."""
    text = t[b.start : b.end]
    m = _label_pattern().match(text)
    if m and m.lastgroup:
        b.style, b.label_end = m.lastgroup, b.start + m.end()
        group = m.group(b.style + "_n") if b.style + "_n" in m.re.groupindex else None
        b.num = cn_number(group) if group else 0
    elif len(text) <= 4 and clean(text) and all(c in numerals for c in clean(text)):
        b.style, b.num, b.label_end = "cn", cn_number(clean(text)), b.end
    body = b.label_end if b.style else b.start
    while body < b.end and t[body] in _EDGE + "、.．，,：: ":
        body += 1
    if b.bold_end > body:
        b.head_s, b.head_e = body, b.bold_end
    else:
        end = _SENTENCE_END.search(t, body, b.end)
        b.head_s, b.head_e = body, (end.start() if end else b.end)
    b.heading_only = not _CONTENT.search(t, b.head_e, b.end)
    # An unlabelled heading names a part or a block; a line with a comma or a
    # colon in it is a sentence, even in bold.
    if not b.style and (b.bold_end == b.end or _is_short_heading(text, v)) and not _CLAUSE.search(text):
        b.style = "un"
    if not b.style and (b.heading_only or not _is_lead(t[b.head_s : b.head_e])):
        b.head_s = b.head_e = -1


def _is_lead(sentence: str) -> bool:
    """Is `sentence` a short lead sentence naming a piece of work?"""
    lead = vocabulary()["lead"]
    c = clean(sentence)
    return 2 <= len(c) <= lead["max_chars"] and not any(w in c for w in lead["not_lead"])


# -- parts --------------------------------------------------------------------


def _in_sequence(t: str, blocks: list[Block], idx: list[int]) -> list[int]:
    """The blocks of `idx` numbered 1, 2, 3… (one number may be skipped).

    Headings that stand alone (or in bold) are preferred: a numbered list of
    sentences inside a part is not a row of parts.
    """
    for strict in (True, False):
        out, expected = [], 1
        for i in idx:
            b = blocks[i]
            standalone = b.heading_only and t[b.end - 1] not in "。；;" or b.bold_end > 0
            if expected <= b.num <= expected + 1 and (standalone or not strict):
                out.append(i)
                expected = b.num + 1
        if len(out) >= 2:
            return out
    return []


def _part_heads(t: str, blocks: list[Block], first: int) -> list[int]:
    """Indexes of the blocks that head the parts (none before `first`).

    Of the label styles that count 1, 2, 3… (or unlabelled headings naming a
    part kind), the one that comes first is the top level.
    """
    by_style: dict[str, list[int]] = {}
    for i in range(first, len(blocks)):
        by_style.setdefault(blocks[i].style, []).append(i)
    un = by_style.get("un", [])
    un_cued = [i for i in un if classify_heading(clean(t[blocks[i].head_s : blocks[i].head_e]))]
    candidates = [
        heads
        for heads in (
            _in_sequence(t, blocks, by_style.get("bu", [])),
            un_cued if len(un_cued) >= 2 else [],
            _in_sequence(t, blocks, by_style.get("cn", [])),
            _in_sequence(t, blocks, by_style.get("paren", [])),
        )
        if heads
    ]
    # Plain unlabelled headings are parts when two of them come before any numbered one.
    first_numbered = min((heads[0] for heads in candidates), default=len(blocks))
    if sum(i < first_numbered for i in un) >= 2:
        candidates.append(un)
    if not candidates:
        return []
    heads = min(candidates, key=lambda heads: heads[0])
    # An unlabelled part heading before the numbered ones (首先报告2001年的工作).
    return [i for i in un if i < heads[0]][-1:] + heads


@lru_cache(maxsize=1)
def _opening_pattern() -> re.Pattern:
    words = "|".join(map(re.escape, vocabulary()["blocks"]["openings"]))
    return re.compile(rf"(?:{words})[：:，,！!]")


def _opening(t: str, blocks: list[Block]) -> int:
    """Index of the block that opens the speech (各位代表：), or 0."""
    m = _opening_pattern().search(t, 0, 4000)
    if m:
        for i, b in enumerate(blocks):
            if b.start <= m.end() <= b.end:
                return i
    return 0


def _preamble_end(t: str, blocks: list[Block], opening: int) -> int:
    """Index after the preamble of a report without part headings."""
    cues = vocabulary()["preamble"]["cues"]
    for i in range(opening, min(len(blocks), opening + 6)):
        if any(c in t[blocks[i].start : blocks[i].end] for c in cues):
            return i + 1
    return opening + 1


def _closing_start(t: str, blocks: list[Block], lo: int, hi: int) -> int:
    """Index where the closing words start among blocks[lo:hi], or hi."""
    cues = tuple(vocabulary()["closing"]["cues"])
    labelled = [i for i in range(lo + 1, hi) if blocks[i].style not in ("", "un")]
    if not labelled:  # only the last closing paragraph can be told from the part's own
        return next((i for i in range(hi - 1, lo, -1) if t.startswith(cues, blocks[i].start)), hi)
    return next((i for i in range(labelled[-1] + 1, hi) if t.startswith(cues, blocks[i].start)), hi)


def _appendix_start(t: str, blocks: list[Block], lo: int) -> int:
    """Index of the first block of an appendix (glossary, notes) after `lo`, or len(blocks)."""
    v = vocabulary()["blocks"]
    notes, headings = tuple(v["appendix_notes"]), tuple(v["appendix"])
    for i in range(lo + 1, len(blocks)):
        b = blocks[i]
        if t.startswith(notes, b.start) or b.style == "un" and t.startswith(headings, b.start):
            return i
        if _SEPARATOR.match(t, b.start):
            return i
    return len(blocks)


# -- kinds --------------------------------------------------------------------


@lru_cache(maxsize=1)
def _kind_rules() -> tuple:
    kinds = vocabulary()["kinds"]
    return tuple(
        (
            PartKind(kinds[k]["kind"]),
            tuple(kinds[k]["cues"]),
            tuple(kinds[k].get("unless", ())),
            kinds[k].get("year_unless", False),
        )
        for k in kinds["order"]
    )


def classify_heading(heading: str) -> PartKind | None:
    """The part kind a heading's words name, or None when they name none."""
    for kind, cues, unless, year_unless in _kind_rules():
        if any(c in heading for c in cues):
            if any(u in heading for u in unless) or year_unless and _YEAR.search(heading):
                continue
            return kind
    return None


@lru_cache(maxsize=1)
def _tense_patterns() -> tuple[re.Pattern, re.Pattern, float]:
    tense = vocabulary()["tense"]
    alt = lambda words: re.compile("|".join(map(re.escape, sorted(words, key=len, reverse=True))))  # noqa: E731
    return alt(tense["past"]), alt(tense["plan"]), tense["past_ratio"]


def classify_by_tense(text: str) -> PartKind:
    """REVIEW when the past words of `text` outnumber its plan words, else WORK."""
    past, plan, ratio = _tense_patterns()
    return PartKind.REVIEW if len(past.findall(text)) > ratio * len(plan.findall(text)) else PartKind.WORK


def _years(heading: str) -> list[int]:
    return [int(y[:-1].translate(_YEAR_DIGITS)) for y in _YEAR.findall(heading)]


def _part_kinds(headings: list[str], texts: list[str]) -> list[PartKind]:
    """The kinds of the parts with these headings and texts, in order.

    A heading that names only years before the latest year of the headings is
    a review; a part whose heading says nothing is work once a plan part came
    before it, else its tense decides. A report with no work part has its
    work in the last plan part whose heading names work or tasks.
    """
    # The plan year: the latest year named, leaving out far ones (2035年远景目标).
    years = [y for h in headings for y in _years(h)]
    latest = max((y for y in years if y <= min(years) + 2), default=0)
    kinds: list[PartKind] = []
    for heading, text in zip(headings, texts, strict=True):
        kind = classify_heading(heading)
        named = _years(heading)
        if named and max(named) < latest and kind in (None, PartKind.WORK, PartKind.TARGETS):
            kind = PartKind.REVIEW
        after_plan = any(k in _PLAN_KINDS for k in kinds)
        if kind is None:
            kind = PartKind.WORK if after_plan else classify_by_tense(text)
        elif kind is PartKind.REVIEW and after_plan and classify_by_tense(text) is not PartKind.REVIEW:
            kind = PartKind.WORK  # after the plan began, 推动高质量发展取得显著进展 is an aim
        kinds.append(kind)
    if PartKind.WORK not in kinds:
        plan = [i for i, k in enumerate(kinds) if k in (PartKind.TARGETS, PartKind.FIVE_YEAR)]
        if plan:
            kinds[plan[-1]] = PartKind.WORK
    return kinds


# -- nodes --------------------------------------------------------------------


@dataclass
class _Node:
    block: Block
    kind: str
    depth: int
    children: list[_Node] = field(default_factory=list)

    def end(self) -> int:
        return self.children[-1].end() if self.children else self.block.end


def _nest(blocks: list[Block]) -> list[_Node]:
    """Nest blocks under their labels, in the order the label styles first appear."""
    roots: list[_Node] = []
    stack: list[tuple[str, _Node, bool]] = []  # (style, node, holds the blocks after it)

    def attach(node: _Node) -> None:
        (stack[-1][1].children if stack else roots).append(node)

    for b in blocks:
        if not b.style:
            while stack and not stack[-1][2]:
                stack.pop()
            attach(_Node(b, "paragraph", len(stack) + 1))
            continue
        level = next((k for k, entry in enumerate(stack) if entry[0] == b.style), None)
        if level is not None:
            del stack[level:]
        else:
            while stack and not stack[-1][2]:
                stack.pop()
        node = _Node(b, "item", len(stack) + 1)
        attach(node)
        holds = b.style in _CONTAINER_STYLES or b.heading_only and b.style != "dash"  # a bullet holds nothing
        stack.append((b.style, node, holds))
    roots = _hoist_list_tails(roots)
    for node in roots:
        if node.kind == "item" and (node.children or node.block.style in _CONTAINER_STYLES):
            node.kind = "section"
    return roots


def _hoist_list_tails(nodes: list[_Node]) -> list[_Node]:
    """The last item of a list of one-sentence items (1. … 10. …) holds none of the paragraphs after it."""
    out: list[_Node] = []
    for node in nodes:
        node.children = _hoist_list_tails(node.children)
        prev = out[-1] if out else None
        out.append(node)
        if (
            prev is not None
            and node.children
            and node.block.style not in _CONTAINER_STYLES
            and prev.block.style == node.block.style
            and not prev.children
        ):
            out.extend(node.children)
            node.children = []
    return out


def _freeze(n: Normalized, node: _Node, part_kind: PartKind) -> OutlineNode:
    b, t = node.block, n.text
    start, end = n.span(b.start, node.end())
    heading, hs, he = "", -1, -1
    if b.head_s >= 0:
        heading = clean(t[b.head_s : b.head_e]).strip("。：:")
        hs, he = n.span(b.head_s, b.head_e)
    return OutlineNode(
        kind=node.kind,
        start=start,
        end=end,
        label=clean(t[b.start : b.label_end]).rstrip("、.．，,：:") if b.style not in ("", "un") else "",
        heading=heading,
        heading_start=hs,
        heading_end=he,
        part_kind=part_kind,
        children=tuple(_freeze(n, c, part_kind) for c in node.children),
    )


def _part(n: Normalized, blocks: list[Block], headed: bool, kind: PartKind) -> OutlineNode:
    """A part node of `blocks`; the first block is its heading when `headed`.

    The preamble's blocks (title, header lines) stay flat paragraphs.
    """
    head = blocks[0] if headed else Block(blocks[0].start, blocks[0].start)
    body = blocks[1:] if headed else blocks
    children = [_Node(b, "paragraph", 1) for b in body] if kind == PartKind.PREAMBLE else _nest(body)
    part = _freeze(n, _Node(head, "part", 0, children), kind)
    return replace(part, kind="part", start=n.span(blocks[0].start, blocks[0].end)[0])


def build_outline(text: str) -> tuple[OutlineNode, ...]:
    """The parts of the report, each with its sections, items and paragraphs."""
    n = normalized(text)
    t = n.text
    blocks = read_blocks(t)
    if not blocks:
        return ()
    opening = _opening(t, blocks)
    heads = _part_heads(t, blocks, opening + 1)
    first = heads[0] if heads else _preamble_end(t, blocks, opening)
    bounds = [first, *heads[1:]] if heads else ([first] if first < len(blocks) else [])
    appendix = _appendix_start(t, blocks, bounds[-1]) if bounds else len(blocks)
    stops = [*bounds[1:], appendix][: len(bounds)]
    closing = _closing_start(t, blocks, bounds[-1], appendix) if bounds else appendix
    spans = [(s, min(e, closing), heads != []) for s, e in zip(bounds, stops, strict=True) if s < closing]
    parts: list[OutlineNode] = []
    if first > 0:
        parts.append(_part(n, blocks[: min(first, appendix)], False, PartKind.PREAMBLE))
    heads_text = [clean(t[blocks[s].head_s : blocks[s].head_e]) if headed else "" for s, _, headed in spans]
    texts = [t[blocks[s].start : blocks[e - 1].end] for s, e, _ in spans]
    for (s, e, headed), kind in zip(spans, _part_kinds(heads_text, texts), strict=True):
        parts.append(_part(n, blocks[s:e], headed, kind))
    if closing < appendix:
        parts.append(_part(n, blocks[closing:appendix], False, PartKind.CLOSING))
    if appendix < len(blocks):
        parts.append(_part(n, blocks[appendix:], False, PartKind.OTHER))
    return tuple(parts)


def locate(outline: tuple[OutlineNode, ...], offset: int) -> tuple[OutlineNode, ...]:
    """The nodes, outermost first, whose span holds `offset`."""
    path: list[OutlineNode] = []
    nodes = outline
    while True:
        for node in nodes:
            if node.start <= offset < node.end:
                path.append(node)
                nodes = node.children
                break
        else:
            return tuple(path)


def part_kind_at(outline: tuple[OutlineNode, ...], offset: int) -> PartKind:
    """The kind of the part that holds `offset` (OTHER outside every part)."""
    path = locate(outline, offset)
    return path[0].part_kind if path else PartKind.OTHER
