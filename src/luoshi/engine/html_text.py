"""The main text of a (Chinese government) web page, one line per block.

Menus, headers, footers, share buttons and "打印本页 关闭窗口" are left out.
The content is found by the names government sites give their content
containers (``zoom``, ``TRS_Editor``, …) and otherwise by where the page's
long, link-free Chinese text is.

>>> extract_main_text("<title>报告_某某区人民政府</title><div id='zoom'><p>各位代表：</p><p>现在，我代表区人民政府向大会报告工作。</p></div>")
'报告\\n各位代表：\\n现在，我代表区人民政府向大会报告工作。'
"""

from __future__ import annotations

import re

import lxml.html
from lxml import etree

_DROP = ("script", "style", "noscript", "iframe", "template", "svg", "object", "embed",
         "nav", "button", "select", "textarea", "input", "map")  # fmt: skip
_BLOCKS = frozenset({
    "address", "article", "aside", "blockquote", "caption", "center", "dd", "details", "dialog",
    "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2",
    "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "li", "main", "menu", "ol", "p", "pre",
    "section", "summary", "table", "tbody", "tfoot", "thead", "tr", "ul", "body", "html"
})  # fmt: skip
_CELLS = frozenset(("td", "th"))
# Ids and classes that government sites (TRS, 政府网站集约化平台, …) give their article text.
_CONTENT_NAMES = frozenset({
    "zoom", "trs_editor", "custom_unionstyle", "pages_content", "article", "artical", "content",
    "con", "detail", "article-content", "article_content", "articlecontent", "art_con", "artcon",
    "main-content", "main_content", "textcontent", "text-content", "wz_con", "wzcon", "nr",
    "news_content", "newscontent", "detail-content", "detail_content", "content-text",
    "xxgk_content", "view"
})  # fmt: skip
_TITLE_SPLIT = re.compile(r"\s*(?:_|\||｜| - | — | -- )\s*")
_SITE_NAME = re.compile(r"(?:人民政府|门户网站|政府网|网站|官网|首页)$")
_SPACES = re.compile(r"[ \t\n\r\f]+")
_CJK = re.compile(r"[\u3400-\u9fff]")
# Lines of page furniture that also turn up inside content containers.
_FURNITURE = re.compile(
    r"打印本页|打印此页|关闭窗口|关闭本页|[【\[](?:打印|关闭|收藏)[】\]]|字号[：:]|字体[：:]|【字体|分享到|扫一扫"
    r"|^\s*(?:上一篇|下一篇|主办单位|承办单位|主办|承办|技术支持|版权所有|发布时间|发布日期|发布机构|信息来源|来源"
    r"|浏览次数|阅读次数|访问量|当前位置|您现在的位置|您的位置)\s*[：:]"
    r"|ICP备|网站标识码|公网安备|返回顶部|网站地图|联系我们|设为首页|加入收藏|我要纠错"
)
_FURNITURE_MAX = 80  # only short lines are furniture: a report paragraph is never dropped
_MIN_GOOD = 10  # CJK characters a block needs to count as running text
_SHARE = 0.8  # the content holds at least this share of the page's running text


def declared_charset(data: bytes) -> str | None:
    """The charset a page declares in its <meta> (or XML declaration), as written."""
    head = data[:4096].decode("ascii", errors="replace")
    m = re.search(r"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", head, re.I)
    m = m or re.search(r"""<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""", head, re.I)
    return m.group(1) if m else None


def extract_main_text(html: str) -> str:
    """The page's title and main text, one line per block; raises ValueError if unparsable."""
    try:
        parser = lxml.html.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True)
        root = lxml.html.document_fromstring(html.encode("utf-8", errors="replace"), parser=parser)
    except (etree.ParserError, etree.XMLSyntaxError) as e:
        raise ValueError(str(e)) from None
    head_title = root.find(".//title")
    head_title = _collapse(head_title.text_content()) if head_title is not None else ""
    _drop_furniture(root)
    title = _page_title(root, head_title)
    content = _content(root)
    lines = _lines(content)
    if title and lines and not _holds_title(lines, title, content):
        lines.insert(0, title)
    return "\n".join(lines)


# --- cleaning -----------------------------------------------------------------


def _drop_furniture(root) -> None:
    for el in list(root.iter(*_DROP, "head")):
        el.drop_tree()
    for el in list(root.iter("header", "footer")):
        # <header> inside an <article> holds the article's title: keep it.
        if not any(a.tag in ("article", "main") for a in el.iterancestors()):
            el.drop_tree()
    for el in list(root.iter("form")):
        # Some sites (ASP.NET) wrap the whole page in a <form>: drop only small ones.
        if _cjk(el.text_content()) < 200:
            el.drop_tree()


def _page_title(root, head_title: str) -> str:
    """The article's title: the <title> without the site's name, or the heading it shortens."""
    first = _TITLE_SPLIT.split(head_title)[0] if head_title else ""
    if _SITE_NAME.search(first):
        first = ""  # the <title> is only the site's name
    for el in root.iter():
        names = f"{el.get('class', '')} {el.get('id', '')}".lower() if isinstance(el.tag, str) else ""
        if el.tag in ("h1", "h2", "h3") or "title" in names:
            text = _collapse(el.text_content())
            if text and (first in text if first else not _SITE_NAME.search(text)):
                return text
    return first


def _holds_title(lines: list[str], title: str, content) -> bool:
    """Whether the content starts with the title already (as a line of its own, not in a sentence)."""
    if any(True for _ in content.iter("h1")):
        return True
    title = re.sub(r"\s+", "", title)
    for line in lines[:3]:
        line = re.sub(r"\s+", "", line)
        if title in line and len(line) <= 2 * len(title) + 10:
            return True
    return False


# --- finding the content --------------------------------------------------------


def _content(root):
    """The element that holds the page's running text (see the module docstring)."""
    totals: dict = {}
    _score(root, totals, in_link=False)
    body = root.find("body")
    top = body if body is not None else root
    total = totals.get(top, 0)
    if total == 0:
        return top
    chain = [el for el in top.iter() if totals.get(el, 0) >= _SHARE * total]
    known = [el for el in chain if _is_content_name(el)]
    # The chain runs from the body inwards: take the innermost named container, else the innermost.
    return (known or chain)[-1]


def _score(el, totals: dict, in_link: bool) -> tuple[int, int]:
    """Record in `totals` the running text (CJK characters) under each element.

    Returns the element's inline text (CJK characters, and of those in links),
    which counts towards the nearest enclosing block.
    """
    in_link = in_link or el.tag == "a"
    own = _cjk(el.text)
    linked = own if in_link else 0
    below = 0
    for child in el:
        if isinstance(child.tag, str):
            c, lk = _score(child, totals, in_link)
            below += totals[child]
            own, linked = own + c, linked + lk
        tail = _cjk(child.tail)
        own, linked = own + tail, linked + (tail if in_link else 0)
    if el.tag in _BLOCKS or el.tag in _CELLS:
        good = own if own >= _MIN_GOOD and linked * 3 <= own else 0
        totals[el] = below + good
        return 0, 0
    totals[el] = below
    return own, linked


def _is_content_name(el) -> bool:
    names = [el.get("id", "")] + el.get("class", "").split()
    return any(n.lower() in _CONTENT_NAMES or n.lower().startswith("trs_editor") for n in names)


# --- lines ------------------------------------------------------------------------


class _Lines:
    """Text collected line by line, with how much of each line is link text."""

    def __init__(self) -> None:
        self.lines: list[tuple[str, int]] = []
        self.parts: list[str] = []
        self.linked = 0

    def add(self, text: str | None, in_link: bool) -> None:
        if text:
            text = _SPACES.sub(" ", text)
            self.parts.append(text)
            if in_link:
                self.linked += len(text.strip())

    def cell(self) -> None:
        if "".join(self.parts).strip():
            self.parts.append("\t")

    def end(self) -> None:
        line = "".join(self.parts).strip(" \u3000\u00a0")
        if line.strip():
            self.lines.append((line, self.linked))
        self.parts, self.linked = [], 0


def _lines(content) -> list[str]:
    out = _Lines()
    _walk(content, out, in_link=False)
    out.end()
    return [line for line, linked in out.lines if _is_text(line, linked)]


def _walk(el, out: _Lines, in_link: bool) -> None:
    tag = el.tag
    in_link = in_link or tag == "a"
    if tag in _BLOCKS or tag == "br":
        out.end()
    elif tag in _CELLS:
        out.cell()
    out.add(el.text, in_link)
    for child in el:
        if isinstance(child.tag, str):
            _walk(child, out, in_link)
        out.add(child.tail, in_link)
    if tag in _BLOCKS and tag not in ("td", "th"):
        out.end()


def _is_text(line: str, linked: int) -> bool:
    if not any(c.isalnum() for c in line):
        return False  # a lone "|" or "【" left by a menu
    if linked * 2 > len(line.strip()):
        return False  # mostly links: a menu, a list of other articles
    return not (len(line) <= _FURNITURE_MAX and _FURNITURE.search(line))


def _cjk(text: str | None) -> int:
    return len(_CJK.findall(text)) if text else 0


def _collapse(text: str) -> str:
    return _SPACES.sub(" ", text).strip(" \u3000\u00a0")
