"""The bulletin as a Word document in 公文 layout, laid out with `layout` (shared by every document of the office):
A4 with the 公文 margins, the title in 方正小标宋简体, headings in 黑体 and 楷体_GB2312, the body in 仿宋_GB2312
(each named as w:eastAsia, with its fallback in the font table), page numbers "— 1 —"; the charts as inline
PNG pictures at the text width, each with its caption.
"""

from __future__ import annotations

import io

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt

from . import layout
from .bulletin import Bulletin, Figure, Heading, Paragraph, Table, Title, content

MAX_FIGURE_HEIGHT_MM = 200
SIGNATURE_INDENT = Pt(4 * layout.SIZE_3)  # 成文日期右空四字


def add_table(document, block: Table) -> None:
    total = sum(block.widths)
    widths = [layout.TEXT_WIDTH_MM * w / total for w in block.widths]
    rows = [list(r) for r in block.rows]
    if block.total and rows:
        rows[-1] = [[[(value, True)]] for value in rows[-1]]  # the total in bold
    layout.add_table(document, block.header, rows, widths, centred=sorted(block.numeric))
    layout.add_paragraph(document, indent=False)


def add_figure(document, block: Figure) -> None:
    from PIL import Image

    with Image.open(io.BytesIO(block.png)) as image:
        ratio = image.height / image.width
    width = min(layout.TEXT_WIDTH_MM * block.width, MAX_FIGURE_HEIGHT_MM / ratio)
    picture = layout.add_paragraph(document, indent=False, align=WD_ALIGN_PARAGRAPH.CENTER)
    picture.paragraph_format.line_spacing = 1.0  # an exact line height would crop the picture
    picture.paragraph_format.keep_with_next = True
    picture.add_run().add_picture(io.BytesIO(block.png), width=Mm(width))
    layout.add_paragraph(document, block.caption, indent=False, align=WD_ALIGN_PARAGRAPH.CENTER,
                         size=layout.SIZE_4)


def render(b: Bulletin, charts: bool = True) -> bytes:
    """The bulletin as .docx bytes."""
    document = layout.new_document()
    core = document.core_properties
    core.author, core.subject = b.plan.org.name, b.plan.title
    for block in content(b, charts):
        if isinstance(block, Title):
            core.title = block.text.replace("\n", "")
            layout.add_title(document, block.text)
        elif isinstance(block, Heading):
            layout.add_heading(document, block.text, block.level)
        elif isinstance(block, Paragraph):
            if block.style in ("signature", "date"):
                if block.style == "signature":
                    layout.add_paragraph(document, indent=False)
                p = layout.add_paragraph(document, block.text, indent=False, align=WD_ALIGN_PARAGRAPH.RIGHT)
                p.paragraph_format.right_indent = SIGNATURE_INDENT
            else:
                layout.add_paragraph(document, block.text, indent=block.style != "addressee")
        elif isinstance(block, Table):
            add_table(document, block)
        elif isinstance(block, Figure):
            add_figure(document, block)
    return layout.to_bytes(document)
