"""The bulletin as a PDF in 公文 layout, with its Chinese fonts embedded, written with fpdf2.

Why fpdf2: pure Python, it embeds a subset of a TrueType font as a CID font (Type0, Identity-H, FontFile2, with a
ToUnicode map), so the PDF shows the same on any computer and its text can be extracted and searched. reportlab
embeds only TrueType outlines too, but lays out tables less easily. The fonts come from `fonts.find` (the 公文
faces when the system has them, else Noto Serif SC / Noto Sans SC from pylopdf-fonts-zh-cn), cut to the
characters of the document and given TrueType outlines by `fonts.truetype_subset`.

Layout as the .docx: A4, margins 37/35/28/26 mm, the title 22 pt centred (faux bold, drawn filled and stroked,
when the title face is not heavy itself), the body 16 pt on 29-point lines, the first indented two characters,
tables at 12 pt with their header repeated on each page, charts at the text width, "— 1 —" at the foot.
"""

from __future__ import annotations

import io
import tempfile
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import TableBordersLayout, TextMode, WrapMode, XPos, YPos
from fpdf.fonts import FontFace

from . import fonts
from .bulletin import Block, Bulletin, Figure, Heading, Paragraph, Table, Title, content, text_of

PT = 25.4 / 72  # millimetres a point
LEFT, TOP, RIGHT, BOTTOM = 28, 37, 26, 35
TEXT_WIDTH = 210 - LEFT - RIGHT  # 156 mm
TITLE_SIZE, BODY_SIZE, TABLE_SIZE, PAGE_NUMBER_SIZE, CAPTION_SIZE = 22, 16, 12, 14, 14
LINE = 29 * PT  # 22 lines on the 225 mm text block
MAX_FIGURE_HEIGHT = 200


class BulletinPDF(FPDF):
    """A4 公文 pages with "— N —" at the foot, 7 mm under the text block."""

    def footer(self) -> None:
        self.set_y(-BOTTOM + 7)
        self.set_font("body", size=PAGE_NUMBER_SIZE)
        self.cell(0, 8, f"— {self.page_no()} —", align="C")


def _table(pdf: FPDF, block: Table) -> None:
    pdf.set_font("body", size=TABLE_SIZE)
    aligns = tuple("CENTER" if c in block.numeric else "LEFT" for c in range(len(block.header)))
    with pdf.table(col_widths=block.widths, width=TEXT_WIDTH, text_align=aligns, line_height=TABLE_SIZE * PT * 1.45,
                   headings_style=FontFace(family="title", size_pt=TABLE_SIZE), repeat_headings=1,
                   borders_layout=TableBordersLayout.ALL, padding=1.2, v_align="MIDDLE") as table:
        header = table.row()
        for value in block.header:
            header.cell(value, align="CENTER")
        for i, values in enumerate(block.rows):
            total = block.total and i == len(block.rows) - 1
            row = table.row(style=FontFace(family="title", size_pt=TABLE_SIZE) if total else None)
            for value in values:
                row.cell(value)
    pdf.ln(4)


def _figure(pdf: FPDF, block: Figure) -> None:
    from PIL import Image

    with Image.open(io.BytesIO(block.png)) as image:
        ratio = image.height / image.width
    width = min(TEXT_WIDTH * block.width, MAX_FIGURE_HEIGHT / ratio)
    height = width * ratio
    if pdf.get_y() + height + 12 > pdf.page_break_trigger:
        pdf.add_page()
    pdf.image(io.BytesIO(block.png), x=LEFT + (TEXT_WIDTH - width) / 2, y=pdf.get_y(), w=width, h=height,
              alt_text=block.caption)
    pdf.set_y(pdf.get_y() + height + 2)
    pdf.set_font("body", size=CAPTION_SIZE)
    pdf.multi_cell(0, CAPTION_SIZE * PT * 1.6, block.caption, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(3)


def _text(pdf: FPDF, text: str, family: str = "body", size: float = BODY_SIZE, indent: bool = True,
          align: str = "J", right: float = 0) -> None:
    """A paragraph on 29-point lines, its first line indented two characters, broken between any characters."""
    pdf.set_font(family, size=size)
    with pdf.text_columns(text_align=align, line_height=LINE / (size * PT), wrapmode=WrapMode.CHAR,
                          r_margin=RIGHT + right) as column, \
            column.paragraph(first_line_indent=2 * size * PT if indent else 0) as paragraph:
        paragraph.write(text)


def _blocks(pdf: FPDF, blocks: list[Block], title_heavy: bool) -> None:
    for block in blocks:
        if isinstance(block, Title):
            pdf.set_font("title", size=TITLE_SIZE)
            # A face that is not heavy itself is made bold by stroking its outlines too (in a saved graphics
            # state, q … Q, so the text after it is only filled).
            bold = {} if title_heavy else {"text_mode": TextMode.FILL_STROKE, "line_width": TITLE_SIZE * PT * 0.03}
            with pdf.local_context(**bold):
                pdf.multi_cell(0, 36 * PT, block.text, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            pdf.ln(LINE)
        elif isinstance(block, Heading):
            _text(pdf, block.text, "title" if block.level == 1 else "body", align="L")
        elif isinstance(block, Paragraph):
            if block.style == "signature":
                pdf.ln(LINE)
            if block.style in ("signature", "date"):
                _text(pdf, block.text, indent=False, align="R", right=4 * BODY_SIZE * PT)  # 右空四字
            else:
                _text(pdf, block.text, indent=block.style != "addressee")
        elif isinstance(block, Table):
            _table(pdf, block)
        elif isinstance(block, Figure):
            _figure(pdf, block)


def render(b: Bulletin, charts: bool = True) -> bytes:
    """The bulletin as PDF bytes, its fonts embedded (fonts.FontMissing when no Chinese font is found)."""
    blocks = content(b, charts)
    body, title = fonts.find("body"), fonts.find("title")
    text = text_of(blocks) + "—"
    pdf = BulletinPDF(orientation="P", unit="mm", format="A4")
    pdf.set_margins(LEFT, TOP, RIGHT)
    pdf.set_auto_page_break(True, margin=BOTTOM)
    pdf.c_margin = 0
    title_text = next((blk.text.replace("\n", "") for blk in blocks if isinstance(blk, Title)), "")
    pdf.set_title(title_text)
    pdf.set_author(b.plan.org.name)
    pdf.set_subject(b.plan.title)
    pdf.set_creator("luoshi")
    pdf.set_lang("zh-CN")
    with tempfile.TemporaryDirectory(prefix="luoshi-fonts-") as folder:
        for family, source in (("body", body), ("title", title)):
            path = Path(folder) / f"{family}.ttf"
            path.write_bytes(fonts.truetype_subset(source, text))
            pdf.add_font(family, "", str(path))
        pdf.add_page()
        _blocks(pdf, blocks, title.heavy)
        return bytes(pdf.output())
