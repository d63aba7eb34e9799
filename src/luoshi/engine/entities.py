"""Named projects, places and organisations a task mentions.

A name is a proper-name-like stem followed by a suffix of data/entities.toml
(京东产业园, 山东未来云谷, 中央活力区, 工业4.0产业基地), or a quoted name with
such a suffix (“书香市中”工程). The stem starts after the last verb or
function word before the suffix, and a stem that opens with a generic word
(重点项目, 一批基地) is no name. Precision matters more than recall.

>>> [(e.text, e.kind) for e in find_entities("加快京东产业园建设，建成山东未来云谷、工业4.0产业基地，推进重点项目。")]
[('京东产业园', 'project'), ('山东未来云谷', 'project'), ('工业4.0产业基地', 'project')]
"""

from __future__ import annotations

import re
import tomllib
from functools import lru_cache
from importlib import resources

from .model import Entity

_QUOTED = re.compile(r"[“《「]([^”》」\n]{2,16})[”》」]")
# The name characters that end right before a suffix.
_STEM_RUN = re.compile(r"[\u4e00-\u9fffA-Za-z0-9.·]+$")


@lru_cache(maxsize=1)
def vocabulary() -> dict:
    """The entity vocabulary (data/entities.toml)."""
    return tomllib.loads(resources.files(__package__).joinpath("data/entities.toml").read_text("utf-8"))


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern, dict[str, str], re.Pattern]:
    """The suffixes (longest first), their kinds, and the words a name starts after."""
    v = vocabulary()
    kind_of = {s: kind for kind, words in v["suffixes"].items() for s in words}
    suffix = re.compile("|".join(map(re.escape, sorted(kind_of, key=len, reverse=True))))
    cut = re.compile("|".join(map(re.escape, sorted(v["stems"]["verbs"], key=len, reverse=True))))
    return suffix, kind_of, cut


@lru_cache(maxsize=1)
def _generic() -> re.Pattern:
    return re.compile(
        "|".join(map(re.escape, sorted(vocabulary()["stems"]["generic"], key=len, reverse=True)))
    )


def find_entities(text: str, start: int = 0, end: int | None = None) -> tuple[Entity, ...]:
    """The named projects, places and organisations in text[start:end], in text order."""
    end = len(text) if end is None else end
    found: dict[tuple[int, int], Entity] = {}
    for e in (*_quoted(text, start, end), *_named(text, start, end)):
        if not any(s <= e.start and e.end <= t for s, t in found):
            found[(e.start, e.end)] = e
    return tuple(sorted(found.values(), key=lambda e: e.start))


def _quoted(text: str, start: int, end: int):
    """“书香市中”工程: a quoted name right before a suffix."""
    suffix, kind_of, _ = _patterns()
    for m in _QUOTED.finditer(text, start, end):
        s = suffix.match(text, m.end(), end)
        if s:
            yield Entity(text[m.start() : s.end()], kind_of[s.group()], m.start(), s.end())


def _named(text: str, start: int, end: int):
    """京东产业园: a proper-name-like stem before a suffix."""
    suffix, kind_of, cut = _patterns()
    stems = vocabulary()["stems"]
    window = stems["max_chars"] + 6
    for m in suffix.finditer(text, start, end):
        run = _STEM_RUN.search(text, max(start, m.start() - window), m.start())
        if not run:
            continue
        stem, s = run.group(), run.start()
        pieces = list(cut.finditer(stem))
        if pieces:  # the name starts after the last verb or function word
            s += pieces[-1].end()
            stem = stem[pieces[-1].end() :]
        if not stems["min_chars"] <= len(stem) <= stems["max_chars"] or stem.startswith(
            tuple(stems["quantifiers"])
        ):
            continue
        if stem.isascii() or stem[0].isdigit() or len(_generic().sub("", stem)) < 2:
            continue
        yield Entity(text[s : m.end()], kind_of[m.group()], s, m.end())
