"""Charts as inline SVG drawn on the server: data in, SVG text out.

No JavaScript and no CDN. Bars are placed with percentage x and width, so a
chart stretches to the width of its container while its text keeps its size:
readable on a phone, and on the wall screen with a larger `font_size`.
Colours are CSS classes (`seg-<key>` for a schedule state, `tone-<tone>` for
good / warn / bad, `bar` for a neutral bar), so the organisation's colour
scheme on <body data-scheme> applies. Every text is escaped.

>>> svg = bars([Bar("地区生产总值<GDP>", 50, "50%")], title="完成", scale=100)
>>> "&lt;GDP&gt;" in svg and 'width="50%"' in svg
True
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape


@dataclass(frozen=True)
class Segment:
    """One part of a stacked bar: a schedule state and how many tasks are in it."""

    key: str  # css class seg-<key>
    value: float
    label: str  # what the part is, for the tooltip


@dataclass(frozen=True)
class StackedRow:
    label: str
    segments: Sequence[Segment]
    note: str = ""  # shown at the right of the label line, e.g. "3/12 · 25%"


@dataclass(frozen=True)
class Bar:
    label: str
    value: float | None  # None: nothing to draw (no figure yet)
    note: str = ""
    marker: float | None = None  # a tick at this value: expected progress, the target
    tone: str = ""  # good / warn / bad, or "" for the neutral colour


@dataclass(frozen=True)
class Geometry:
    """Vertical layout of one row: the label line, then the bar under it."""

    font_size: float

    @property
    def label_height(self) -> float:
        return round(self.font_size * 1.45, 1)

    @property
    def bar_height(self) -> float:
        return round(self.font_size * 1.05, 1)

    @property
    def row_height(self) -> float:
        return round(self.label_height + self.bar_height + self.font_size * 0.75, 1)

    def height(self, rows: int) -> float:
        return round(rows * self.row_height + self.font_size * 0.3, 1)


def _num(value: float) -> str:
    """A number for an SVG attribute: no trailing zeros."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def _pct(value: float) -> str:
    return _num(value) + "%"


def clip(text: str, limit: int) -> str:
    """Shorten `text` to `limit` characters with an ellipsis (the full text stays in the tooltip).

    >>> clip("加快高质量发展，全力推进活力市中建设", 8)
    '加快高质量发展…'
    """
    if limit <= 0 or len(text) <= limit:
        return text
    return text[: limit - 1] + "…"


def _share(value: float, scale: float) -> float:
    """`value` as a percent of `scale`, kept within 0..100."""
    if scale <= 0 or value <= 0:
        return 0.0
    return min(100.0, value * 100.0 / scale)


def _open(title: str, height: float, font_size: float, css_class: str) -> str:
    t = escape(title)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart {css_class}" width="100%" height="{_num(height)}" '
        f'font-size="{_num(font_size)}" role="img" aria-label="{t}"><title>{t}</title>'
    )


def _empty(title: str, empty: str, font_size: float, css_class: str) -> str:
    g = Geometry(font_size)
    return (
        _open(title, g.row_height, font_size, css_class)
        + f'<text class="empty" x="0" y="{_num(g.label_height)}" fill="currentColor">{escape(empty)}</text></svg>'
    )


def _label_line(top: float, g: Geometry, label: str, note: str, label_chars: int, narrow_chars: int) -> str:
    """The label (clipped; a shorter one too, which CSS shows on a phone instead) and the note at the right."""
    baseline = _num(top + g.font_size * 1.1)
    tooltip = f"<title>{escape(label)}</title>"
    wide, narrow = clip(label, label_chars), clip(label, narrow_chars)
    if narrow == wide:
        parts = [f'<text class="label" x="0" y="{baseline}" fill="currentColor">{tooltip}{escape(wide)}</text>']
    else:
        parts = [f'<text class="label label-wide" x="0" y="{baseline}" fill="currentColor">{tooltip}{escape(wide)}</text>',
                 f'<text class="label label-narrow" x="0" y="{baseline}" fill="currentColor">{tooltip}'
                 f"{escape(narrow)}</text>"]
    if note:
        parts.append(f'<text class="note" x="100%" y="{baseline}" text-anchor="end" fill="currentColor">'
                     f"{escape(note)}</text>")
    return "".join(parts)


def _track(y: float, g: Geometry) -> str:
    return f'<rect class="track" x="0" y="{_num(y)}" width="100%" height="{_num(g.bar_height)}" rx="2"/>'


def stacked_bars(rows: Sequence[StackedRow], *, title: str, scale: float | None = None, font_size: float = 13,
                 label_chars: int = 20, narrow_chars: int = 11, empty: str = "暂无数据") -> str:
    """Horizontal stacked bars, one a row, scaled to the largest row total (or `scale`)."""
    if not rows:
        return _empty(title, empty, font_size, "stacked")
    g = Geometry(font_size)
    largest = scale if scale is not None else max(sum(max(s.value, 0) for s in r.segments) for r in rows)
    out = [_open(title, g.height(len(rows)), font_size, "stacked")]
    for i, row in enumerate(rows):
        top = i * g.row_height
        bar_y = top + g.label_height
        out.append('<g class="row">')
        out.append(_label_line(top, g, row.label, row.note, label_chars, narrow_chars))
        out.append(_track(bar_y, g))
        x = 0.0
        for seg in row.segments:
            width = _share(seg.value, largest)
            width = min(width, 100.0 - x)
            if width <= 0:
                continue
            out.append(
                f'<rect class="seg seg-{escape(seg.key)}" x="{_pct(x)}" y="{_num(bar_y)}" width="{_pct(width)}" '
                f'height="{_num(g.bar_height)}"><title>{escape(row.label)} · {escape(seg.label)}：'
                f"{escape(_num(seg.value))}</title></rect>"
            )
            x += width
        out.append("</g>")
    out.append("</svg>")
    return "".join(out)


def bars(rows: Sequence[Bar], *, title: str, scale: float | None = None, font_size: float = 13,
         label_chars: int = 20, narrow_chars: int = 11, empty: str = "暂无数据") -> str:
    """Horizontal bars from zero, one a row, with an optional marker tick; scaled to `scale` or the largest value."""
    if not rows:
        return _empty(title, empty, font_size, "bars")
    g = Geometry(font_size)
    if scale is None:
        values = [v for r in rows for v in (r.value, r.marker) if v is not None]
        scale = max(values, default=0)
    out = [_open(title, g.height(len(rows)), font_size, "bars")]
    for i, row in enumerate(rows):
        top = i * g.row_height
        bar_y = top + g.label_height
        out.append('<g class="row">')
        out.append(_label_line(top, g, row.label, row.note, label_chars, narrow_chars))
        out.append(_track(bar_y, g))
        if row.value is not None:
            css = f"bar tone-{escape(row.tone)}" if row.tone else "bar"
            out.append(
                f'<rect class="{css}" x="0" y="{_num(bar_y)}" width="{_pct(_share(row.value, scale))}" '
                f'height="{_num(g.bar_height)}" rx="2"><title>{escape(row.label)}：{escape(row.note or _num(row.value))}'
                "</title></rect>"
            )
        if row.marker is not None:
            x = _pct(_share(row.marker, scale))
            out.append(
                f'<line class="marker" x1="{x}" x2="{x}" y1="{_num(bar_y - g.font_size * 0.25)}" '
                f'y2="{_num(bar_y + g.bar_height + g.font_size * 0.25)}" stroke="currentColor" stroke-width="2"/>'
            )
        out.append("</g>")
    out.append("</svg>")
    return "".join(out)


def legend(items: Sequence[tuple[str, str]]) -> str:
    """An HTML legend for stacked bars: (key, label) pairs, each with its seg-<key> swatch."""
    cells = "".join(
        f'<li><span class="swatch seg-{escape(key)}" aria-hidden="true"></span>{escape(label)}</li>'
        for key, label in items
    )
    return f'<ul class="legend">{cells}</ul>'
