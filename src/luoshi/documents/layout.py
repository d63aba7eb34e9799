"""公文 layout for the office's Word documents, after GB/T 9704-2012 (党政机关公文格式), shared by every document.

- A4 portrait, margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm.
- The title in 方正小标宋简体 二号 (22 pt), centred; headings of the first level in 黑体, of the second in
  楷体_GB2312; the body in 仿宋_GB2312 三号 (16 pt), lines exactly 28 pt apart (22 lines to a page), each
  paragraph indented two characters.
- Page numbers in 宋体 四号 (14 pt) as "— 1 —", odd pages on the right and even pages on the left, one
  character in from the edge of the text.

The government fonts (方正小标宋简体, 仿宋_GB2312, 楷体_GB2312) are often missing on a computer: each is set as
the East Asian font of its runs (w:rFonts/@w:eastAsia), and the document's font table names the usual
Windows font for it (w:altName: 宋体, 仿宋, 楷体), which Word and WPS take when the first is not installed.
Latin letters and digits of the body are set in Times New Roman.

>>> doc = new_document()
>>> round(doc.sections[0].top_margin.mm), round(doc.sections[0].left_margin.mm)
(37, 28)
>>> cn_numeral(1), cn_numeral(10), cn_numeral(12), cn_numeral(21)
('一', '十', '十二', '二十一')
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

import docx
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn
from docx.shared import Mm, Pt


@dataclass(frozen=True)
class Face:
    """A typeface: the East Asian face wanted, the one to take when it is missing, and the Latin face."""

    name: str
    fallback: str
    latin: str = "Times New Roman"
    family: str = "roman"  # the font table's family: roman (with serifs) or modern


TITLE_FACE = Face("方正小标宋简体", "宋体", "Times New Roman")
HEI_FACE = Face("黑体", "SimHei", "Times New Roman", "modern")
KAI_FACE = Face("楷体_GB2312", "楷体", "Times New Roman", "modern")
BODY_FACE = Face("仿宋_GB2312", "仿宋", "Times New Roman", "modern")
SONG_FACE = Face("宋体", "SimSun", "宋体")  # page numbers: 半角宋体阿拉伯数字
FACES = (TITLE_FACE, HEI_FACE, KAI_FACE, BODY_FACE, SONG_FACE)

# Chinese type sizes, in points.
SIZE_2 = 22  # 二号: the title
SIZE_3 = 16  # 三号: the body
SIZE_4 = 14  # 四号: page numbers
SIZE_SMALL_4 = 12  # 小四: tables
SIZE_5 = 10.5  # 五号

PAGE_MM = (210, 297)
MARGINS_MM = {"top": 37, "bottom": 35, "left": 28, "right": 26}
FOOTER_MM = 28  # from the bottom edge: the page number sits about 7 mm below the text
LINE_PT = 28  # the body's line pitch: 22 lines on a page
TEXT_WIDTH_MM = PAGE_MM[0] - MARGINS_MM["left"] - MARGINS_MM["right"]  # 156 mm

_CN_DIGITS = "零一二三四五六七八九"


def cn_numeral(n: int) -> str:
    """1 → 一, 10 → 十, 15 → 十五, 20 → 二十, 99 → 九十九: the numbers of headings (一、二、)."""
    if n < 10:
        return _CN_DIGITS[n]
    tens, ones = divmod(n, 10)
    return f"{_CN_DIGITS[tens] if tens > 1 else ''}十{_CN_DIGITS[ones] if ones else ''}"


def set_font(target, face: Face, size: float | None = None, bold: bool | None = None) -> None:
    """Set the faces (East Asian and Latin), size and weight of a run or a style."""
    font = target.font
    font.name = face.latin
    rpr = target.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attribute), None)  # a theme font would win over the faces set here
    fonts.set(qn("w:eastAsia"), face.name)
    if size is not None:
        font.size = Pt(size)
    if bold is not None:
        font.bold = bold


def _space(paragraph, line_pt: float | None = LINE_PT, before: float = 0, after: float = 0) -> None:
    fmt = paragraph.paragraph_format
    fmt.space_before, fmt.space_after = Pt(before), Pt(after)
    if line_pt is None:
        fmt.line_spacing = 1.0
    else:
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = Pt(line_pt)


def new_document(landscape: bool = False) -> docx.document.Document:
    """An empty document in 公文 layout: page, margins, default faces and page numbers."""
    doc = docx.Document()
    section = doc.sections[0]
    width, height = Mm(PAGE_MM[0]), Mm(PAGE_MM[1])
    if landscape:
        section.orientation, width, height = WD_ORIENT.LANDSCAPE, height, width
    section.page_width, section.page_height = width, height
    section.top_margin, section.bottom_margin = Mm(MARGINS_MM["top"]), Mm(MARGINS_MM["bottom"])
    section.left_margin, section.right_margin = Mm(MARGINS_MM["left"]), Mm(MARGINS_MM["right"])
    section.footer_distance = Mm(FOOTER_MM)
    _default_faces(doc)
    normal = doc.styles["Normal"]
    set_font(normal, BODY_FACE, SIZE_3)
    _space(normal)
    _name_fallbacks(doc)
    add_page_numbers(doc)
    return doc


def _default_faces(doc) -> None:
    """The document's default run properties: the body faces, and Chinese as the East Asian language."""
    rpr = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    fonts = rpr.find(qn("w:rFonts"))
    fonts.attrib.clear()
    for attribute in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(attribute), BODY_FACE.latin)
    fonts.set(qn("w:eastAsia"), BODY_FACE.name)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")


def _name_fallbacks(doc) -> None:
    """Declare each face in the font table with its fallback (w:altName) and the GB2312 character set."""
    part = doc.part.part_related_by(RT.FONT_TABLE)
    table = parse_xml(part.blob)
    for face in FACES:
        for old in table.findall(qn("w:font")):
            if old.get(qn("w:name")) == face.name:
                table.remove(old)
        table.append(parse_xml(
            f'<w:font xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" w:name="{face.name}">'
            f'<w:altName w:val="{face.fallback}"/><w:charset w:val="86"/><w:family w:val="{face.family}"/>'
            '<w:pitch w:val="variable"/></w:font>'))
    from lxml import etree

    part._blob = etree.tostring(table, xml_declaration=True, encoding="UTF-8", standalone=True)


def _field(paragraph, instruction: str) -> None:
    """A field (PAGE, NUMPAGES) whose result Word fills in; "1" until it does."""
    for kind in ("begin", "instr", "separate", "result", "end"):
        run = paragraph.add_run()
        set_font(run, SONG_FACE, SIZE_4)
        if kind == "instr":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = f" {instruction} "
            run._r.append(instr)
        elif kind == "result":
            run.text = "1"
        else:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)


def _page_number(footer, align) -> None:
    paragraph = footer.paragraphs[0]
    paragraph.alignment = align
    _space(paragraph, None)
    if align == WD_ALIGN_PARAGRAPH.RIGHT:
        paragraph.paragraph_format.right_indent = Pt(SIZE_4)
    else:
        paragraph.paragraph_format.left_indent = Pt(SIZE_4)
    set_font(paragraph.add_run("— "), SONG_FACE, SIZE_4)
    _field(paragraph, "PAGE")
    set_font(paragraph.add_run(" —"), SONG_FACE, SIZE_4)


def add_page_numbers(doc) -> None:
    """"— 1 —" at the foot of every page: odd pages on the right, even pages on the left."""
    doc.settings.odd_and_even_pages_header_footer = True
    for section in doc.sections:
        _page_number(section.footer, WD_ALIGN_PARAGRAPH.RIGHT)
        _page_number(section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT)


def add_title(doc, text: str):
    """The document's title, 方正小标宋简体 二号 (bold, so that the fallback 宋体 still reads as a title),
    centred, with a blank line after it."""
    paragraph = doc.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _space(paragraph, 35, after=LINE_PT)
    set_font(paragraph.add_run(text), TITLE_FACE, SIZE_2, bold=True)
    return paragraph


def add_heading(doc, text: str, level: int = 1):
    """A heading in the body: level 1 (一、…) in 黑体, level 2 (（一）…) in 楷体_GB2312; indented like the body."""
    paragraph = doc.add_paragraph()
    _space(paragraph)
    paragraph.paragraph_format.first_line_indent = Pt(2 * SIZE_3)
    paragraph.paragraph_format.keep_with_next = True
    set_font(paragraph.add_run(text), HEI_FACE if level == 1 else KAI_FACE, SIZE_3)
    return paragraph


def add_paragraph(doc, text: str = "", indent: bool = True, align=None, face: Face = BODY_FACE,
                  size: float = SIZE_3, bold: bool | None = None):
    """A paragraph of the body: 仿宋_GB2312 三号, indented two characters."""
    paragraph = doc.add_paragraph()
    _space(paragraph)
    if indent:
        paragraph.paragraph_format.first_line_indent = Pt(2 * size)
    if align is not None:
        paragraph.alignment = align
    if text:
        set_font(paragraph.add_run(text), face, size, bold)
    return paragraph


def _repeat_as_header(row) -> None:
    trpr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    trpr.append(header)


def _cell_text(cell, text, size: float, face: Face, align, bold: bool | None = None) -> None:
    """Fill a cell: each line of `text` its own paragraph; a list of (text, bold) pairs makes runs."""
    lines = text if isinstance(text, list) else str(text).split("\n")
    first = cell.paragraphs[0]
    for i, line in enumerate(lines):
        paragraph = first if i == 0 else cell.add_paragraph()
        paragraph.alignment = align
        _space(paragraph, None)
        parts = line if isinstance(line, list) else [(line, bold)]
        for part, weight in parts:
            set_font(paragraph.add_run(part), face, size, weight)
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER


def add_table(doc, headers: Sequence[str], rows: Sequence[Sequence], widths_mm: Sequence[float],
              size: float = SIZE_SMALL_4, centred: Sequence[int] = ()):
    """A ruled table: a header row in 黑体 repeated on every page, then `rows` in 仿宋 at `size`.

    A cell's value is text (its lines become paragraphs) or a list of lines, each a list of (text, bold)
    runs. The columns of `centred` (indexes) are centred, the others aligned left.
    """
    table = doc.add_table(rows=1, cols=len(headers))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for cell, header in zip(table.rows[0].cells, headers, strict=True):
        _cell_text(cell, header, size, HEI_FACE, WD_ALIGN_PARAGRAPH.CENTER)
    _repeat_as_header(table.rows[0])
    for values in rows:
        cells = table.add_row().cells
        for i, (cell, value) in enumerate(zip(cells, values, strict=True)):
            align = WD_ALIGN_PARAGRAPH.CENTER if i in centred else WD_ALIGN_PARAGRAPH.LEFT
            _cell_text(cell, value if value is not None else "", size, BODY_FACE, align)
    for column, width in zip(table.columns, widths_mm, strict=True):
        column.width = Mm(width)  # the grid, which LibreOffice and WPS follow
    for row in table.rows:
        for cell, width in zip(row.cells, widths_mm, strict=True):
            cell.width = Mm(width)  # each cell, which Word follows
    return table


def to_bytes(doc) -> bytes:
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
