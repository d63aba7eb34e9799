"""The words of a report shown for a checked span: its clause, and the span in bold within it.

The engine's own quote is a window of characters around the number, which
may start or end mid-word (…共预算收入增长12.6%，规模以上工业增); the page and the
.xlsx show the clause instead, cut at the report's punctuation, with the
clause before it when the number's own clause is too short to say what it
counts (增长6.7% after 国内生产总值达到74.4万亿元). The quote stays a piece of the
text as read: its start is kept, so the span is found in it by offsets.
"""

from __future__ import annotations

import re

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString

# A clause ends at these; an ASCII comma only between words, not inside 1,200.
_BOUNDARY = re.compile(r"[，。；;！？!?：:\n]|,(?!\d)")
SUBJECT_CHARS = 6  # fewer characters than this before the span in its clause: take the clause before too
LIMIT = 160  # longest quote; a longer clause is cut around the span


def clause_around(text: str, start: int, end: int, number: bool = True) -> tuple[int, int]:
    """The start and end of the clause holding text[start:end]; with the clause before when `number` (the span
    is a number, not words that say what they are about) has too few characters before it in its own clause.

    >>> text = "国内生产总值达到74.4万亿元，增长6.7%，名列世界前茅。新增市场主体1.6万家。"
    >>> s, e = clause_around(text, text.index("6.7%"), text.index("6.7%") + 4); text[s:e]
    '国内生产总值达到74.4万亿元，增长6.7%'
    >>> s, e = clause_around(text, text.index("1.6万家"), text.index("1.6万家") + 5); text[s:e]
    '新增市场主体1.6万家'
    >>> s, e = clause_around("收入1,200元", 2, 8); "收入1,200元"[s:e]
    '收入1,200元'
    >>> text = "进出口回稳向好，国际收支基本平衡；"
    >>> s, e = clause_around(text, 8, 16, number=False); text[s:e]
    '国际收支基本平衡'
    """
    left = _clause_start(text, start)
    if number and start - left < SUBJECT_CHARS and left > 0:
        left = _clause_start(text, left - 1)
    right = _BOUNDARY.search(text, end)
    right = right.start() if right else len(text)
    while left < start and text[left].isspace():
        left += 1
    while right > end and text[right - 1].isspace():
        right -= 1
    if right - left > LIMIT:
        left, right = max(left, start - LIMIT // 2), min(right, end + LIMIT // 2)
    return left, right


def _clause_start(text: str, at: int) -> int:
    last = None
    for m in _BOUNDARY.finditer(text, max(0, at - 400), at):
        last = m
    return last.end() if last else max(0, at - 400)


def quoted(quote: str, quote_start: int | None, start: int | None, end: int | None, bold: bool = True) -> SafeString:
    """The quote as HTML, the span text[start:end] in bold when it lies in it.

    >>> str(quoted("新增<市场>主体1.6万家", 100, 108, 113))
    '新增&lt;市场&gt;主体<strong>1.6万家</strong>'
    >>> str(quoted("国际收支基本平衡", 5, 5, 13, bold=False))
    '国际收支基本平衡'
    """
    if not bold or None in (quote_start, start, end):
        return escape(quote)
    a, b = start - quote_start, end - quote_start
    if not 0 <= a <= b <= len(quote):
        return escape(quote)
    return format_html("{}<strong>{}</strong>{}", quote[:a], quote[a:b], quote[b:])
