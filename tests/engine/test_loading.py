"""The loader: txt encodings, docx, pdf, html main text, and an error for every bad file."""

from __future__ import annotations

import codecs
import io
import random
import zipfile
from importlib.resources import files

import docx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from luoshi.engine import loading
from luoshi.engine.errors import (
    AccessDeniedError,
    CorruptFileError,
    EmptyFileError,
    EncryptedFileError,
    FileTooLargeError,
    LoadError,
    MissingFileError,
    NotAFileError,
    NoTextError,
    ScannedPdfError,
    UndecodableTextError,
    UnsupportedTypeError,
)
from luoshi.engine.loading import Loaded, load, load_bytes

LINES = files("luoshi").joinpath("samples/seed-2023-shizhong.txt").read_text(encoding="utf-8").split("\n")
HEADER = "\n".join(LINES[1:12])  # title with spaces, date line, 区长  鞠正江, first paragraphs
PARAGRAPHS = [line for line in LINES[6:20] if line.strip()]
SHORT = LINES[13]  # a long paragraph to cut 30-character windows from


# --- builders ---------------------------------------------------------------------------------


def build_docx(*, text: bool = True) -> bytes:
    document = docx.Document()
    if text:
        document.add_heading("政府工作报告", level=0)
        document.add_paragraph(PARAGRAPHS[1])
        document.add_paragraph("")
        document.add_heading("一、2022年工作回顾", level=1)
        document.add_paragraph(PARAGRAPHS[3])
    else:
        document.add_paragraph("")
    t = document.add_table(rows=3, cols=3)
    rows = [("指标", "2022年", "增长"), ("地区生产总值", "1300亿元", "5%")] if text else []
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            t.cell(r, c).text = value
    if text:
        t.cell(2, 0).merge(t.cell(2, 1)).text = "合计"  # a merged cell appears once
    if text:
        document.add_paragraph(PARAGRAPHS[4])
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


DOCX_TEXT = "\n".join(
    ["政府工作报告", PARAGRAPHS[1], "", "一、2022年工作回顾", PARAGRAPHS[3]]
    + ["指标\t2022年\t增长", "地区生产总值\t1300亿元\t5%", "合计\t", PARAGRAPHS[4]]
)
PDF_PAGES = [
    ["政府工作报告", "地区生产总值增长5.5%，达到1300亿元。"],
    ["二、2023年工作安排", "（一）着力扩大内需"],
]


def build_pdf(pages=PDF_PAGES, encrypt: str | None = None) -> bytes:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    # A CID font built into reportlab: no font file needed on the machine.
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    out = io.BytesIO()
    c = canvas.Canvas(out, encrypt=encrypt)
    for lines in pages:
        c.setFont("STSong-Light", 12)
        for i, line in enumerate(lines):
            c.drawString(50, 800 - 20 * i, line)
        c.showPage()
    c.save()
    return out.getvalue()


def build_image_pdf() -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (300, 400), "white")
    ImageDraw.Draw(image).rectangle((20, 20, 280, 60), fill="black")  # a "line of print"
    out = io.BytesIO()
    image.save(out, format="PDF")
    return out.getvalue()


TITLE = "2023年济南市市中区政府工作报告"
MENU = "".join(
    f'<li><a href="/c{i}">{w}</a></li>'
    for i, w in enumerate(
        ["首页", "政务公开", "政务服务", "互动交流", "走进市中", "专题专栏", "信息公开目录", "政策解读"]
    )
)
FOOTER = (
    "主办单位：济南市市中区人民政府办公室 网站标识码：3701030001 鲁ICP备05001234号 鲁公网安备37010302000123号"
)
RELATED = '<ul class="related"><li><a href="/1">市中区召开区政府常务会议</a></li><li><a href="/2">市中区2022年国民经济和社会发展统计公报</a></li></ul>'


def gov_page(container: str, charset: str = "utf-8", wrap_form: bool = False) -> str:
    """A page as government sites make them: menus, breadcrumb, title, content, share bar, footer."""
    body = "".join(f'<p style="text-indent:2em">\u3000\u3000{p}</p>\n' for p in PARAGRAPHS)
    table = "<table><tr><td>指标</td><td>增长</td></tr><tr><td>地区生产总值</td><td>5%</td></tr></table>"
    page = f"""<!DOCTYPE html><html><head>
<meta http-equiv="Content-Type" content="text/html; charset={charset}">
<title>{TITLE}_济南市市中区人民政府</title>
<style>.nav {{ color: red }} /* 样式 */</style>
<script>var msg = "欢迎访问济南市市中区人民政府门户网站，请使用新版浏览器";</script>
</head><body>
<div class="top"><img src="logo.png" alt="济南市市中区人民政府"><a href="/">长者模式</a> | <a href="/">无障碍</a></div>
<div class="nav"><ul>{MENU}</ul></div>
<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/zw">政务公开</a> &gt; 政府工作报告</div>
<div class="main">
  <div class="article-title">{TITLE}</div>
  <div class="info">发布时间：2023-01-10 来源：区政府办公室 【字体：<a>大</a> <a>中</a> <a>小</a>】</div>
  {container.format(body=body + table)}
  <div class="share">分享到：<a>微信</a> <a>微博</a></div>
  <div class="tools"><a href="javascript:window.print()">【打印本页】</a> <a href="javascript:window.close()">【关闭窗口】</a></div>
  {RELATED}
</div>
<div class="footer"><p>{FOOTER}</p><p><a href="/map">网站地图</a> | <a href="/contact">联系我们</a></p></div>
</body></html>"""
    return f'<form id="form1" action="x.aspx">{page}</form>' if wrap_form else page


HTML_LINES = [TITLE, *PARAGRAPHS, "指标\t增长", "地区生产总值\t5%"]
CONTAINERS = {
    "zoom": '<div id="zoom">{body}</div>',
    "trs-editor-in-zoom": '<div id="zoom"><div class="TRS_Editor"><div class="Custom_UnionStyle">{body}</div></div></div>',
    "unnamed-div": '<div class="x7">{body}</div>',
    # Furniture inside the content container: print bar, share buttons, links to other articles.
    "zoom-with-furniture": '<div id="zoom">{body}<p>【打印本页】【关闭窗口】</p><p>分享到：<a>微信</a> <a>微博</a></p>'
    + RELATED
    + "</div>",
    "br-separated": '<div class="TRS_Editor">{body}</div>',
    "article-with-h1": f"<article><header><h1>{TITLE}</h1></header>{{body}}</article>",
}


# --- txt --------------------------------------------------------------------------------------


def short_window(i: int) -> str:
    return SHORT[i * 30 : i * 30 + 30]


TEXT_CASES = {
    "utf-8": (HEADER, lambda t: t.encode("utf-8"), "utf-8"),
    "utf-8-bom": (HEADER, lambda t: codecs.BOM_UTF8 + t.encode("utf-8"), "utf-8-sig"),
    "gb18030": (HEADER, lambda t: t.encode("gb18030"), "gb18030"),
    "gbk": (HEADER, lambda t: t.encode("gbk"), "gb18030"),
    "utf-16-le-bom": (HEADER, lambda t: codecs.BOM_UTF16_LE + t.encode("utf-16-le"), "utf-16-le"),
    "utf-16-be-bom": (HEADER, lambda t: codecs.BOM_UTF16_BE + t.encode("utf-16-be"), "utf-16-be"),
    "utf-16-le": (HEADER, lambda t: t.encode("utf-16-le"), "utf-16-le"),
    "utf-16-be": (HEADER, lambda t: t.encode("utf-16-be"), "utf-16-be"),
    "crlf-and-fullwidth-kept": (
        "增长１２．６％\r\n\u3000\u3000各位代表：\r\n",
        lambda t: t.encode("gbk"),
        "gb18030",
    ),
    "gbk-title-only": ("政府工作报告", lambda t: t.encode("gbk"), "gb18030"),
    "big5-traditional": (None, lambda t: t.encode("big5"), "big5"),
    **{f"gbk-30-chars-{i}": (short_window(i), lambda t: t.encode("gbk"), "gb18030") for i in range(8)},
    **{
        f"utf-16-le-30-chars-{i}": (short_window(i), lambda t: t.encode("utf-16-le"), "utf-16-le")
        for i in range(3)
    },
}


@pytest.mark.parametrize("case", list(TEXT_CASES), ids=list(TEXT_CASES))
def test_it_decodes_txt_exactly(case, tmp_path):
    text, encode, encoding = TEXT_CASES[case]
    if text is None:
        import opencc

        text = opencc.OpenCC("s2tw").convert(HEADER)
    path = tmp_path / "report.txt"
    path.write_bytes(encode(text))
    loaded = load(path)
    assert loaded.text == text
    assert (loaded.format, loaded.encoding, loaded.source) == ("txt", encoding, str(path))


@pytest.mark.parametrize("name", ["a.text", "a.md", "A.TXT"])
def test_it_reads_other_text_extensions(name):
    assert load_bytes(HEADER.encode("gbk"), name).text == HEADER


# --- docx, pdf, html --------------------------------------------------------------------------


def test_it_reads_docx_paragraphs_and_tables_in_order():
    loaded = load_bytes(build_docx(), "report.docx")
    assert loaded.text == DOCX_TEXT
    assert loaded.format == "docx"


def test_it_reads_the_chinese_text_layer_of_a_pdf():
    loaded = load_bytes(build_pdf(), "report.pdf")
    assert loaded.text == "\n".join("\n".join(lines) for lines in PDF_PAGES)
    assert (loaded.format, loaded.warnings) == ("pdf", ())


def test_it_warns_about_pdf_pages_without_text():
    text_pdf = build_pdf([["政府工作报告"], []])
    loaded = load_bytes(text_pdf, "report.pdf")
    assert loaded.text.startswith("政府工作报告")
    assert loaded.warnings == ("pages without a text layer (scanned?), their text is missing: 2",)


@pytest.mark.parametrize("container", list(CONTAINERS), ids=list(CONTAINERS))
def test_it_keeps_only_the_main_text_of_a_government_page(container):
    page = gov_page(CONTAINERS[container])
    if container == "br-separated":  # paragraphs as text between <br>, not in <p>
        page = page.replace('<p style="text-indent:2em">', "").replace("</p>\n", "<br>\n")
    loaded = load_bytes(page.encode("utf-8"), "report.html")
    assert loaded.text.split("\n") == HTML_LINES


@pytest.mark.parametrize(
    ("charset", "encode", "form"),
    [
        ("gb2312", lambda s: s.encode("gbk"), False),  # declares gb2312, uses GBK-only characters
        ("utf-8", lambda s: codecs.BOM_UTF8 + s.encode("utf-8"), False),
        ("gbk", lambda s: s.encode("gbk"), True),  # ASP.NET: the whole page inside a <form>
    ],
    ids=["gb2312-declared", "utf-8-bom", "page-in-form"],
)
def test_it_decodes_html_and_survives_page_wrappers(charset, encode, form):
    page = gov_page(CONTAINERS["zoom"], charset=charset, wrap_form=form)
    assert load_bytes(encode(page), "report.shtml").text.split("\n") == HTML_LINES


def test_it_gives_the_same_result_from_a_path_and_from_bytes(tmp_path):
    for name, data in [
        ("a.txt", HEADER.encode("gbk")),
        ("a.docx", build_docx()),
        ("a.htm", gov_page(CONTAINERS["zoom"]).encode()),
    ]:
        path = tmp_path / name
        path.write_bytes(data)
        assert load(path) == Loaded(**{**vars(load_bytes(data, name)), "source": str(path)})


# --- bad files --------------------------------------------------------------------------------


def ole(payload: bytes = b"") -> bytes:
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + payload


def zipped(name: str, content: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr(name, content)
    return out.getvalue()


BAD_BYTES = {
    "empty-txt": ("a.txt", lambda: b"", EmptyFileError),
    "empty-docx": ("a.docx", lambda: b"", EmptyFileError),
    "empty-pdf": ("a.pdf", lambda: b"", EmptyFileError),
    "blank-txt": ("a.txt", lambda: " \n\u3000\u3000\r\n\t".encode(), EmptyFileError),
    "blank-utf-16": ("a.txt", lambda: codecs.BOM_UTF16_LE + "\n \n".encode("utf-16-le"), EmptyFileError),
    "doc": ("报告.doc", lambda: ole(), UnsupportedTypeError),
    "xls": ("a.xls", lambda: ole(), UnsupportedTypeError),
    "png": ("a.png", lambda: b"\x89PNG\r\n", UnsupportedTypeError),
    "unknown-ext": ("a.xyz", lambda: b"x", UnsupportedTypeError),
    "no-ext": ("report", lambda: b"x", UnsupportedTypeError),
    "random-bytes-txt": ("a.txt", lambda: random.Random(0).randbytes(4000), UndecodableTextError),
    "controls-txt": ("a.txt", lambda: "政府\x01\x02\x03\x04工作报告".encode() * 20, UndecodableTextError),
    "png-named-txt": ("a.txt", lambda: b"\x89PNG\r\n\x1a\n" + bytes(range(256)), UndecodableTextError),
    "docx-named-txt": ("a.txt", build_docx, UndecodableTextError),
    "utf-16-junk-txt": ("a.txt", lambda: b"\x00\x01\x02\x03" * 50, UndecodableTextError),
    "not-a-zip-docx": ("a.docx", lambda: "政府工作报告".encode(), CorruptFileError),
    "truncated-docx": ("a.docx", lambda: build_docx()[:3000], CorruptFileError),
    "zip-without-word-docx": ("a.docx", lambda: zipped("hello.txt", b"hi"), CorruptFileError),
    "old-doc-named-docx": ("a.docx", lambda: ole(b"WordDocument"), CorruptFileError),
    "encrypted-docx": ("a.docx", lambda: ole("EncryptedPackage".encode("utf-16-le")), EncryptedFileError),
    "docx-without-text": ("a.docx", lambda: build_docx(text=False), NoTextError),
    "scanned-pdf": ("a.pdf", build_image_pdf, ScannedPdfError),
    "encrypted-pdf": ("a.pdf", lambda: build_pdf(encrypt="secret"), EncryptedFileError),
    "garbage-pdf": ("a.pdf", lambda: b"%PDF-1.4\n garbage", CorruptFileError),
    "truncated-pdf": ("a.pdf", lambda: build_pdf()[:900], CorruptFileError),
    "png-named-pdf": ("a.pdf", lambda: b"\x89PNG\r\n\x1a\n" + bytes(64), CorruptFileError),
    "menus-only-html": ("a.html", lambda: f"<html><body><ul>{MENU}</ul></body></html>".encode(), NoTextError),
    "script-only-html": ("a.html", lambda: "<script>var a='政府工作报告';</script>".encode(), NoTextError),
}


@pytest.mark.parametrize("case", list(BAD_BYTES), ids=list(BAD_BYTES))
def test_it_raises_a_specific_error_for_each_bad_file(case, tmp_path):
    name, make, error = BAD_BYTES[case]
    data = make()
    with pytest.raises(LoadError) as from_bytes:
        load_bytes(data, name)
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(LoadError) as from_path:
        load(path)
    assert (from_bytes.type, from_path.type) == (error, error)
    assert str(from_bytes.value).startswith(f"{name}: ")
    assert str(from_path.value).startswith(f"{path}: ")
    error_value = from_path.value  # no chained library traceback is shown with it
    assert error_value.__cause__ is None and (
        error_value.__context__ is None or error_value.__suppress_context__
    )


def test_it_names_the_supported_types():
    with pytest.raises(
        UnsupportedTypeError, match=r"\.doc.*save it as \.docx.*\.txt, \.docx, \.pdf and \.html"
    ):
        load_bytes(b"x", "报告.doc")


@pytest.mark.parametrize(
    ("setup", "error"),
    [
        (lambda p: None, MissingFileError),
        (lambda p: p.mkdir(), NotAFileError),
    ],
    ids=["missing", "directory"],
)
def test_it_rejects_paths_that_are_no_file(setup, error, tmp_path):
    path = tmp_path / "report.txt"
    setup(path)
    with pytest.raises(error, match=f"^{path}: "):
        load(path)


def test_it_reports_permission_denied(tmp_path, monkeypatch):
    path = tmp_path / "report.txt"
    path.write_text("政府工作报告", encoding="utf-8")

    def denied(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(loading, "open", denied, raising=False)  # as root, chmod 000 would not stop us
    with pytest.raises(AccessDeniedError, match=f"^{path}: permission denied"):
        load(path)


def test_it_checks_the_size_before_reading(tmp_path, monkeypatch):
    path = tmp_path / "report.txt"
    path.write_bytes(b"x" * 101)
    monkeypatch.setattr(
        loading, "open", lambda *a, **k: pytest.fail("read before the size check"), raising=False
    )
    with pytest.raises(FileTooLargeError, match=r"too large \(101 bytes; the limit is 100 bytes\)"):
        load(path, max_bytes=100)
    with pytest.raises(FileTooLargeError):
        load_bytes(b"x" * 101, "a.txt", max_bytes=100)


@settings(max_examples=150, deadline=None)
@given(data=st.binary(max_size=3000), name=st.sampled_from(["a.txt", "a.docx", "a.pdf", "a.html"]))
def test_it_never_lets_a_library_exception_escape(data, name):
    try:
        loaded = load_bytes(data, name)
    except LoadError as e:
        assert str(e).startswith(f"{name}: ")
    else:
        assert loaded.text.strip()


@pytest.mark.parametrize(
    ("pages", "text", "warnings"),
    [
        (
            ["增长(cid:17)5%", "二、工作安排"],
            "增长\ufffd5%\n二、工作安排",
            ("characters that could not be read, shown as \ufffd: 1",),
        ),
        (["(cid:4511)(cid:1705)(cid:1789)", "(cid:4692)"], None, ()),
    ],
    ids=["a-few-unmapped-glyphs", "only-unmapped-glyphs"],
)
def test_it_never_passes_on_pdfminer_cid_placeholders(pages, text, warnings, monkeypatch):
    # Fonts without a character map come out of pdfminer as "(cid:123)": no fake number 123 may reach the engine.
    monkeypatch.setattr(loading, "_pdf_pages", lambda data, name: pages)
    if text is None:
        with pytest.raises(NoTextError, match=r"^a\.pdf: .*OCR"):
            load_bytes(b"%PDF-1.4", "a.pdf")
    else:
        loaded = load_bytes(b"%PDF-1.4", "a.pdf")
        assert (loaded.text, loaded.warnings) == (text, warnings)
