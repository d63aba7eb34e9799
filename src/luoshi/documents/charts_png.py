"""Charts as PNG images for the documents: completion by area and by department, as horizontal stacked bars.

Drawn with Pillow (already needed by pdfplumber and fpdf2) rather than matplotlib: a few rectangles and labels
need no plotting library, and Pillow's FreeType reads the CJK fonts `fonts.find` gives (CFF .otf, .ttc faces)
directly. One bar a group, one segment a schedule state, in the order and colours of a printed legend; at the
right of each bar, the tasks done of all and the share done. Images are 1600 pixels wide at 254 dpi (16 cm).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from functools import lru_cache

from PIL import Image, ImageDraw, ImageFont

from luoshi.dashboard import queries

from . import fonts

WIDTH = 1600
DPI = 254  # 1600 px = 16 cm: the text width of an A4 公文 page (15.6 cm) at print resolution
COLOURS = {  # print colours: greens for good, amber for 欠进度, red for 逾期
    "done": "#1b5e20",
    "ahead": "#43a047",
    "on_track": "#90caf9",
    "behind": "#f9a825",
    "overdue": "#c62828",
}
INK = "#222222"
MUTED = "#888888"
TRACK = "#eeeeee"


def _font(size: int) -> ImageFont.FreeTypeFont:
    source = fonts.find("title")
    return _load(str(source.path), source.index, size)


@lru_cache(maxsize=16)
def _load(path: str, index: int, size: int) -> ImageFont.FreeTypeFont:
    try:
        return ImageFont.truetype(path, size, index=index)
    except OSError as e:
        raise fonts.FontMissing(f"cannot read the font {path}: {e}") from e


def clip(text: str, font: ImageFont.FreeTypeFont, width: float) -> str:
    """`text`, shortened with an ellipsis to fit `width` pixels."""
    if font.getlength(text) <= width:
        return text
    while text and font.getlength(text + "…") > width:
        text = text[:-1]
    return text + "…"


def completion_chart(groups: Sequence[queries.Tally], title: str = "") -> bytes:
    """A PNG of one stacked bar per group (its tasks by schedule state), with a legend; `title` is its alt text."""
    rows = list(groups)
    dense = len(rows) > 20
    size = 34 if dense else 40  # 40 px at 1600 px for 16 cm: 10.5 pt (五号) in print
    font, small = _font(size), _font(size - 4)
    row_h = round(size * 1.75)
    bar_h = round(size * 0.95)
    pad = 20
    legend_h = size + 44
    height = legend_h + max(1, len(rows)) * row_h + pad
    image = Image.new("RGB", (WIDTH, height), "white")
    draw = ImageDraw.Draw(image)

    x = pad
    for state in queries.SCHEDULE_ORDER:  # the legend, one swatch a state
        label = str(queries.SCHEDULE_LABELS[state])
        draw.rectangle((x, 14, x + size, 14 + size), fill=COLOURS[str(state)])
        draw.text((x + size + 10, 14 + size / 2), label, font=small, fill=INK, anchor="lm")
        x += size + 10 + int(small.getlength(label)) + 40

    if not rows:
        draw.text((pad, legend_h + row_h / 2), "暂无数据", font=font, fill=MUTED, anchor="lm")
        return _png(image)
    notes = [f"{g.done}/{g.total} · {g.share_done}%" for g in rows]
    note_w = max(small.getlength(n) for n in notes) + pad
    label_w = min(max(font.getlength(g.label) for g in rows) + pad, WIDTH * 0.36)
    left, right = pad + label_w, WIDTH - pad - note_w
    largest = max(g.total for g in rows) or 1
    for i, (group, note) in enumerate(zip(rows, notes, strict=True)):
        middle = legend_h + i * row_h + row_h / 2
        draw.text((pad, middle), clip(group.label, font, label_w - pad), font=font, fill=INK, anchor="lm")
        top, bottom = middle - bar_h / 2, middle + bar_h / 2
        draw.rectangle((left, top, right, bottom), fill=TRACK)
        x = left
        for state in queries.SCHEDULE_ORDER:
            n = group.counts[state]
            if not n:
                continue
            width = (right - left) * n / largest
            draw.rectangle((x, top, x + width, bottom), fill=COLOURS[str(state)])
            x += width
        draw.text((WIDTH - pad, middle), note, font=small, fill=INK, anchor="rm")
    return _png(image, title)


def _png(image: Image.Image, title: str = "") -> bytes:
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    if title:
        info.add_itxt("Title", title)
    out = io.BytesIO()
    image.save(out, "PNG", dpi=(DPI, DPI), pnginfo=info, optimize=True)
    return out.getvalue()
