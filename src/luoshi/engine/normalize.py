"""Normalise text for matching, and map every offset back to the text as read.

Rules match against a normalised copy: full-width digits and signs made ASCII
(１２．６％ → 12.6%), traditional characters made simplified, odd spaces
dropped (thin spaces inside numbers, the spaces of 政 府 工 作 报 告), and
lines that were broken inside a sentence joined again. Reporting always uses
the original offsets, which :meth:`Normalized.span` gives back.

>>> n = normalize("增长１２． ６％")
>>> n.text
'增长12.6%'
>>> n.span(2, 7)
(2, 8)
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

# Full-width ASCII (U+FF01–U+FF5E) → ASCII, for the characters that matter
# inside numbers. Chinese punctuation (，；：（）) stays as it is: the rules
# expect it, and accept the ASCII forms too.
_WIDTH = {chr(0xFF10 + i): str(i) for i in range(10)}
_WIDTH.update({"．": ".", "％": "%", "﹪": "%", "－": "-", "＋": "+", "～": "~", "﹣": "-", "／": "/"})
_WIDTH.update({chr(0xFF21 + i): chr(0x41 + i) for i in range(26)})
_WIDTH.update({chr(0xFF41 + i): chr(0x61 + i) for i in range(26)})
_WIDE = re.compile("[" + re.escape("".join(_WIDTH)) + "]")

# Spaces that carry no meaning in Chinese text. Kept only between two ASCII
# letters or digits-and-letters ("GDP per capita").
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200d\u2060\u202f\u205f\u3000\ufeff]+")
_ASCII_WORD = re.compile(r"[A-Za-z]")

# Zero-width characters: dropped everywhere. A line holding nothing else is
# not a blank line (web pages put them between a number and its unit).
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff"
# A line break, with any lines of nothing but invisible characters after it.
_HSPACE = " \t\r\u00a0\u2000-\u200a\u202f\u205f\u3000"
_BREAK = re.compile(rf"[{_HSPACE}{_INVISIBLE}]*\n(?:[{_HSPACE}]*[{_INVISIBLE}][{_INVISIBLE}{_HSPACE}]*\n)*[{_HSPACE}{_INVISIBLE}]*")
# The line before a soft break does not end a sentence, and neither line is a heading.
_TERMINATORS = frozenset("。；！？：;!?:")
_LABEL = r"""(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[)）]|\d+[、.．](?!\d)
              |第[一二三四五六七八九十]+[部章节，、]|[一二三四五六七八九十]+是|——|—)"""
_STARTS_WITH_LABEL = re.compile(_LABEL, re.VERBOSE)
_MAX_HEADING = 40

@lru_cache(maxsize=1)
def _t2s():
    try:
        import opencc
    except ImportError:  # pragma: no cover - opencc is a dependency
        return None
    return opencc.OpenCC("t2s")


@lru_cache(maxsize=1)
def _traditional() -> re.Pattern:
    """Traditional forms of frequent characters (data/traditional.txt).

    A text holding none of them is left alone: converting costs ~20 ms/MB.
    """
    path = resources.files("luoshi.engine").joinpath("data", "traditional.txt")
    chars = "".join(line.strip() for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("#"))
    return re.compile(f"[{re.escape(chars)}]")


def _simplify(text: str) -> str:
    """Traditional → simplified, character for character (lengths kept)."""
    conv = _t2s()
    if conv is None or not _traditional().search(text):
        return text
    out = conv.convert(text)
    if len(out) == len(text):
        return out
    # A phrase rule changed the length: fall back to single characters.
    chars = {c for c in text if ord(c) > 0x2E80}
    table = {}
    for c in chars:
        s = conv.convert(c)
        if len(s) == 1 and s != c:
            table[ord(c)] = s
    return text.translate(table)


@dataclass(frozen=True)
class Normalized:
    """A normalised copy of a text with a map back to the original offsets.

    The copy is made of runs of the original: run *k* starts at
    ``norm_starts[k]`` in the copy and at ``orig_starts[k]`` in the original.
    """

    text: str
    original: str
    norm_starts: tuple[int, ...]
    orig_starts: tuple[int, ...]

    def offset(self, i: int) -> int:
        """Original offset of normalised character ``i`` (``len(text)`` maps past the end)."""
        if i >= len(self.text):
            return len(self.original) if i == len(self.text) else self.offset(len(self.text) - 1) + 1
        k = bisect_right(self.norm_starts, i) - 1
        return self.orig_starts[k] + (i - self.norm_starts[k])

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original ``[start, end)`` of the normalised ``[start, end)``."""
        if end <= start:
            o = self.offset(start)
            return o, o
        return self.offset(start), self.offset(end - 1) + 1


def _is_heading(line: str) -> bool:
    """A heading, a Markdown mark-up line (**三、…**, ---) or a label with its heading."""
    if line.startswith(("**", "#")) or line.endswith("**") or not line.strip("-—=*_ "):
        return True
    return len(line) <= _MAX_HEADING and bool(_STARTS_WITH_LABEL.match(line)) and "。" not in line


def _line_ends_sentence(line: str) -> bool:
    line = line.rstrip("”’\"'）)")
    return not line or line[-1] in _TERMINATORS


def _deletions(text: str) -> list[tuple[int, int]]:
    """Spans of `text` to drop: meaningless spaces and in-sentence line breaks."""
    cuts: list[tuple[int, int]] = []
    for m in _SPACES.finditer(text):
        s, e = m.span()
        before = text[s - 1] if s else ""
        after = text[e] if e < len(text) else ""
        if _ASCII_WORD.match(before) and _ASCII_WORD.match(after):
            continue
        if before in ("", "\n") or after in ("", "\n"):
            continue  # indentation and trailing blanks: left to the line rules below
        cuts.append((s, e))
    line_start = 0
    for m in _BREAK.finditer(text):
        s, e = m.span()
        line = text[line_start:s].strip(" \t\r\u00a0\u3000" + _INVISIBLE)
        line_start = e
        if e >= len(text) or text[e] == "\n" or not line:
            continue  # a blank line: a paragraph break
        if _line_ends_sentence(line) or _is_heading(line) or _STARTS_WITH_LABEL.match(text, e):
            continue
        cuts.append((s, e))
    cuts.sort()
    return cuts


def _narrow(text: str) -> str:
    """Full-width digits and signs → ASCII (a scan first: most reports have none)."""
    if not _WIDE.search(text):
        return text
    return _WIDE.sub(lambda m: _WIDTH[m.group()], text)


@lru_cache(maxsize=8)
def normalize(text: str) -> Normalized:
    """Normalise `text` for matching; see the module docstring.

    Cached: the outline, the metadata and the statements of one report all
    ask for the same text.
    """
    flat = _simplify(_narrow(text))
    cuts = _deletions(flat)
    pieces, norm_starts, orig_starts = [], [], []
    pos, n = 0, 0
    for s, e in cuts:
        if s < pos:
            s = pos
        if s > pos:
            pieces.append(flat[pos:s])
            norm_starts.append(n)
            orig_starts.append(pos)
            n += s - pos
        pos = max(pos, e)
    if pos < len(flat) or not pieces:
        pieces.append(flat[pos:])
        norm_starts.append(n)
        orig_starts.append(pos)
    return Normalized("".join(pieces), text, tuple(norm_starts), tuple(orig_starts))
