"""Who does it: a lead department and co-operating ones suggested for a task, with the reason.

Rules, no model, every suggestion explained:

1. A department NAMED in the task's text wins: by its name, short name or
   alias (由区教育和体育局牵头, 市发改委), by its function (教育部门, 公安机关), or
   a group (各街道). A name followed in its clause by 牵头/负责 leads; one
   followed by 配合/协助 co-operates.
2. Otherwise the departments' duty keywords found in the text score, each
   weighted by its specificity over the catalogue (IDF: a word only one
   department holds counts most), more in the title (the lead sentence) than
   in the body. The best-scoring 部门 leads (streets and companies may
   co-operate); up to three more co-operate when they score enough.

The catalogues and the duties are data (see department_catalogue).

>>> from .department_catalogue import bundled_catalogue
>>> district = bundled_catalogue("district")
>>> [(s.department, s.role) for s in suggest("办好教育。由区财政局牵头，区教育和体育局配合，新建学校3所。", district)][:2]
[('区财政局', 'lead'), ('区教育和体育局', 'cooperating')]
>>> top = suggest("办好优质的普惠教育。新建、改扩建中小学幼儿园6处，推动学前教育普惠发展。", district)[0]
>>> top.department, top.role, top.reason
('区教育和体育局', 'lead', '职责匹配：教育（标题）、学前教育、中小学、幼儿园')
>>> suggest("加强党的建设", district)
[]
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass
from functools import lru_cache

from .department_catalogue import (
    BUNDLED,
    Catalogue,
    CatalogueError,
    Department,
    bundled_catalogue,
    load_catalogue,
    make_department,
    normalise_name,
    read_catalogue,
    vocabulary,
)

__all__ = [
    "BUNDLED", "Catalogue", "CatalogueError", "Department", "Suggestion", "bundled_catalogue", "load_catalogue",
    "make_department", "normalise_name", "read_catalogue", "split_title", "suggest",
]

LEAD, COOPERATING = "lead", "cooperating"
_SENTENCE_END = re.compile(r"[。！？!?；;\n]")
_CLAUSE_END = re.compile(r"[，。；：！？,;:!?\n]")


@dataclass(frozen=True)
class Suggestion:
    """One suggested department for a task.

    `department` is the catalogue's name (or a group's word, 各街道, with the
    units it stands for in `members`); `role` is "lead" or "cooperating";
    `score` the sum of its matched duty words' weights; `reason` says why,
    for people; `words` are the duty words that matched, best first; `named`
    is "lead", "cooperating" or "named" when the text names it.
    """

    department: str
    role: str
    score: float
    reason: str
    words: tuple[str, ...] = ()
    named: str = ""
    members: tuple[str, ...] = ()

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass
class _Candidate:
    key: str  # the department's name, or the group's word
    department: Department | None
    position: int = 0  # in the catalogue, for ties
    score: float = 0.0
    words: dict[str, float] | None = None
    title_words: frozenset[str] = frozenset()
    counts: Counter | None = None
    named: str = ""  # "lead", "named", "cooperating"
    named_at: int = -1
    mention: str = ""
    members: tuple[str, ...] = ()

    @property
    def kind(self) -> str:
        return self.department.kind if self.department else "group"


# ---------------------------------------------------------------- the catalogue's index


@dataclass(frozen=True)
class _Index:
    departments: tuple[Department, ...]
    weights: dict[str, float]  # duty word → weight (IDF and length)
    holders: dict[str, tuple[int, ...]]  # duty word → departments (by position) holding it
    inner: dict[str, tuple[str, ...]]  # duty word → the shorter duty words inside it
    keyword_pattern: re.Pattern | None
    mentions: dict[str, tuple[int, ...]]  # a way the text may name departments → departments
    mention_pattern: re.Pattern | None
    groups: dict[str, tuple[int, ...]]  # 各街道 → departments


def _alternation(words) -> re.Pattern | None:
    words = sorted(words, key=lambda w: (-len(w), w))
    return re.compile("|".join(map(re.escape, words))) if words else None


def _mention_forms(d: Department) -> set[str]:
    """The ways a text names this department: its names, its core name, its functions' short and generic forms."""
    vocab = vocabulary()
    forms = {n for n in d.names if len(n) >= 2}
    core = normalise_name(d.name).core
    if len(core) >= 3:
        forms.add(core)
    own = set(d.functions)
    for stem, keys in vocab.stems.items():
        if not own.intersection(keys) or not set(keys) <= own or len(stem) < 2:
            continue
        forms.update(stem + suffix for suffix in (*vocab.department_suffixes, *vocab.generic_suffixes))
        if any(vocab.functions[k].bare for k in keys):
            forms.add(stem)
    for key in d.functions:
        forms.update(vocab.functions[key].mentions)
    return forms


@lru_cache(maxsize=32)
def _index(catalogue: Catalogue) -> _Index:
    vocab = vocabulary()
    departments = catalogue.departments
    holders: dict[str, list[int]] = defaultdict(list)
    for i, d in enumerate(departments):
        for word in d.keywords:
            holders[word].append(i)
    n = len(departments)
    bonus = vocab.scoring["length_bonus"]
    # IDF scaled to 1 for a word only one department holds, whatever the catalogue's size
    weights = {w: math.log(1 + n / len(h)) / math.log(1 + n) * (1 + bonus * max(0, min(len(w), 6) - 2))
               for w, h in holders.items()}
    inner = {w: tuple(v for v in holders if v != w and v in w) for w in holders}
    mentions: dict[str, list[int]] = defaultdict(list)
    for i, d in enumerate(departments):
        for form in _mention_forms(d):
            mentions[form].append(i)
    groups = {word: tuple(i for i, d in enumerate(departments) if d.kind in kinds)
              for word, kinds in vocab.groups.items()}
    groups = {w: g for w, g in groups.items() if g}
    return _Index(
        departments=departments, weights=weights, holders={w: tuple(h) for w, h in holders.items()},
        inner={w: v for w, v in inner.items() if v}, keyword_pattern=_alternation(holders),
        mentions={f: tuple(dict.fromkeys(h)) for f, h in mentions.items()},
        mention_pattern=_alternation([*mentions, *groups]), groups=groups,
    )


# ---------------------------------------------------------------- suggesting


def split_title(text: str) -> tuple[str, str]:
    """The title of a task's text (its lead sentence, or that sentence's first clause when it is long) and the rest.

    >>> split_title("办好教育。新建学校。")
    ('办好教育', '新建学校。')
    >>> split_title("深化公立医院综合改革，协调推进医疗价格、人事薪酬、药品流通、医保支付改革")
    ('深化公立医院综合改革', '协调推进医疗价格、人事薪酬、药品流通、医保支付改革')
    """
    text = text.strip()
    m = _SENTENCE_END.search(text)
    title, rest = (text[: m.start()], text[m.end():]) if m else (text, "")
    if len(title) > vocabulary().scoring["title_max_chars"]:
        clause = _CLAUSE_END.search(title)
        if clause and clause.start() >= 4:
            return title[: clause.start()], title[clause.end():] + ("。" + rest if rest else "")
    return title, rest


def suggest(text: str, catalogue: Catalogue, title: str | None = None, most: int | None = None) -> list[Suggestion]:
    """The lead department (first) and up to `most` co-operating ones for a task; [] when nothing points to one.

    `title` is the task's title (its lead sentence); without it the first
    sentence of `text` (or its first clause, when long: see split_title) is
    taken as the title and the rest as the body. Suggestions are ranked: the
    lead, then the co-operating ones named in the text, then the others by score.
    """
    vocab = vocabulary()
    scoring = vocab.scoring
    most = int(scoring["most_cooperating"]) if most is None else most
    candidates = _rank(text, catalogue, title)
    if not candidates:
        return []
    named = [c for c in candidates if c.named]
    by_score = [c for c in candidates if not c.named or c.named == COOPERATING]
    by_score.sort(key=lambda c: (-c.score, c.position))
    lead = next((c for c in named if c.named != COOPERATING), None)
    if lead is None:
        scored = [c for c in by_score if c.named != COOPERATING and c.score >= scoring["min_lead"]]
        lead = next((c for c in scored if c.kind == "department"), scored[0] if scored else None)
    if lead is None:
        lead = next((c for c in named), None)
        if lead is None:
            return []
    best = max((c.score for c in candidates if not c.named), default=0.0)
    bar = max(scoring["min_cooperating"], scoring["cooperating_ratio"] * max(lead.score, best))
    others = [c for c in named if c is not lead]
    others += [c for c in by_score if c is not lead and c not in others and c.score >= bar]
    return [_suggestion(lead, LEAD)] + [_suggestion(c, COOPERATING) for c in others[:most]]


def _rank(text: str, catalogue: Catalogue, title: str | None = None) -> list[_Candidate]:
    """Every department the text points to: the named ones in their order, then the others by score."""
    index = _index(catalogue)
    if title is None:
        title, body = split_title(text)
    else:
        body = text[len(title):] if text.startswith(title) else text
    candidates: dict[str, _Candidate] = {}

    def candidate(i: int) -> _Candidate:
        d = index.departments[i]
        return candidates.setdefault(d.name, _Candidate(d.name, d, i))

    full = f"{title}。{body}" if body else title
    found = list(_mentions(index, full))
    # A department's name is no duty word: 区财政局牵头 says nothing of 财政 work.
    masked = list(full)
    for start, end, _, _ in found:
        masked[start:end] = "＿" * (end - start)
    masked = "".join(masked)
    _score(index, masked[: len(title)], masked[len(title) + 1:], candidate)
    for start, _end, form, role in found:
        if form in index.groups:
            members = index.groups[form]
            c = candidates.setdefault(form, _Candidate(form, None, len(index.departments),
                                                       members=tuple(index.departments[i].name for i in members)))
            targets = [c]
        else:
            targets = [candidate(i) for i in index.mentions[form]]
        for c in targets:
            if not c.named or _stronger(role, c.named):
                c.named, c.named_at, c.mention = role, start, form
    order = {LEAD: 0, "named": 1, COOPERATING: 2}
    named = sorted((c for c in candidates.values() if c.named),
                   key=lambda c: (order[c.named], c.department is None, c.named_at))
    rest = sorted((c for c in candidates.values() if not c.named and c.score > 0), key=lambda c: (-c.score, c.position))
    return named + rest


def _stronger(role: str, than: str) -> bool:
    return {LEAD: 2, "named": 1, COOPERATING: 0}[role] > {LEAD: 2, "named": 1, COOPERATING: 0}[than]


def _score(index: _Index, title: str, body: str, candidate) -> None:
    """Each department's duty words in the title and the body; the body's count less and less (`body_decay`)."""
    scoring = vocabulary().scoring
    if index.keyword_pattern is None:
        return
    in_title = Counter(m.group() for m in index.keyword_pattern.finditer(title))
    in_body = Counter(m.group() for m in index.keyword_pattern.finditer(body))
    parts: dict[int, list[tuple[str, float, float]]] = defaultdict(list)  # department → (word, title, body)
    for word in sorted(in_title.keys() | in_body.keys()):
        t = scoring["title_weight"] if in_title[word] else 0.0
        b = 1 + scoring["repeat_bonus"] * min(in_body[word] - 1, 2) if in_body[word] else 0.0
        credited = set(index.holders[word])
        for i in index.holders[word]:
            parts[i].append((word, index.weights[word] * t, index.weights[word] * b))
        for inner in index.inner.get(word, ()):  # 医疗 in 医疗保险: a share for those without the longer word
            share = scoring["partial_credit"] * index.weights[inner]
            for i in (i for i in index.holders[inner] if i not in credited):
                parts[i].append((inner, share * t, share * b))
                credited.add(i)
    decay = scoring["body_decay"]
    for i, found in sorted(parts.items()):
        c = candidate(i)
        c.words, c.counts = {}, Counter()
        body_parts = sorted((b for _, _, b in found if b), reverse=True)
        c.score = sum(t for _, t, _ in found) + sum(b * decay**k for k, b in enumerate(body_parts))
        for word, t, b in found:
            c.words[word] = c.words.get(word, 0.0) + t + b
            c.counts[word] = max(c.counts[word], in_body[word])
            if t:
                c.title_words = c.title_words | {word}


def _mentions(index: _Index, text: str):
    """(start, end, form, role) for each place the text names departments; role: lead, named or cooperating."""
    if index.mention_pattern is None:
        return
    vocab = vocabulary()
    lead_cues, coop_cues = vocab.cues["lead"], vocab.cues["cooperating"]
    for m in index.mention_pattern.finditer(text):
        form, end = m.group(), m.end()
        guard = next((chars for suffix, chars in vocab.not_before.items() if form.endswith(suffix)), "")
        if end < len(text) and text[end] in guard:
            continue
        stop = _CLAUSE_END.search(text, end)
        after = text[end: stop.start() if stop else len(text)]
        cues = [(after.find(c), LEAD) for c in lead_cues if c in after]
        cues += [(after.find(c), COOPERATING) for c in coop_cues if c in after]
        role = min(cues)[1] if cues else "named"
        yield m.start(), end, form, role


def _suggestion(c: _Candidate, role: str) -> Suggestion:
    words = tuple(sorted(c.words or {}, key=lambda w: -(c.words or {})[w]))
    shown = []
    for w in words[:6]:
        marks = "（标题）" if w in c.title_words else ""
        n = (c.counts or Counter())[w]
        shown.append(w + marks + (f"×{n}" if n > 1 else ""))
    matched = f"职责匹配：{'、'.join(shown)}" if shown else ""
    if c.named:
        how = {LEAD: "牵头", COOPERATING: "配合", "named": ""}[c.named]
        said = f"文中点名“{c.mention}”" + (f"（{how}）" if how else "")
        reason = said + (f"；{matched}" if matched else "")
    else:
        reason = matched
    return Suggestion(department=c.key, role=role, score=round(c.score, 2), reason=reason, words=words,
                      named=c.named, members=c.members)
