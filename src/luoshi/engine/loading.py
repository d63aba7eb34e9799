"""Read a report file (.txt, .docx, .pdf, .html) into text.

Offsets everywhere else in the engine refer to :attr:`Loaded.text` exactly as
returned here, so the loader never normalises: a .txt file comes back as its
decoded bytes (only a byte-order mark dropped). Every problem with a file is
raised as a :class:`~luoshi.engine.errors.LoadError` subclass whose message
names the file; no library exception escapes.
"""

from __future__ import annotations

import codecs
import io
import os
import re
import stat
import zipfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import PurePath

from . import html_text
from .errors import (
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

MAX_BYTES = 64 * 1024 * 1024

# The file types the loader reads, by extension.
FORMATS = {
    ".txt": "txt", ".text": "txt", ".md": "txt",
    ".docx": "docx",
    ".pdf": "pdf",
    ".html": "html", ".htm": "html", ".shtml": "html",
}  # fmt: skip
_SUPPORTED = "supported types are .txt, .docx, .pdf and .html"
_HINTS = {
    ".doc": "old Word .doc files cannot be read: open it in Word or WPS and save it as .docx",
    ".wps": "WPS .wps files cannot be read: open it in WPS and save it as .docx",
    ".rtf": "open it in Word or WPS and save it as .docx",
    ".xls": "spreadsheets cannot be read",
    ".xlsx": "spreadsheets cannot be read",
    ".et": "spreadsheets cannot be read",
    ".ofd": "OFD files cannot be read: export it as PDF first",
}

# Magic numbers, to say what a file really is when its name is wrong.
_MAGIC = (
    (b"PK\x03\x04", "a ZIP archive or an Office file such as .docx"),
    (b"%PDF", "a PDF file"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Office file such as .doc or .xls"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"Rar!", "a RAR archive"),
    (b"7z\xbc\xaf", "a 7z archive"),
    (b"\x1f\x8b", "a gzip archive"),
)
_OLE_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")
_OCR = "run OCR on it first"
# What the user is told, in one place so that it can be translated.
_SAY = {
    "missing": "file not found; check the file name and folder",
    "folder": "this is a folder, not a file; choose a report file inside it",
    "special": "this is not a regular file",
    "denied": "permission denied: you are not allowed to open this file",
    "empty": "the file is empty (0 bytes)",
    "blank": "the file contains no text (only blank space)",
    "not-text": "the text cannot be read: it is not Chinese text in UTF-8, GB18030/GBK, UTF-16 or Big5,"
    " or not a text file at all",
    "bad-docx": "this is not a valid Word .docx file (it may be damaged, or another kind of file renamed)",
    "doc-as-docx": "this is an old Word .doc file named .docx; open it in Word or WPS and save it as .docx",
    "locked-docx": "the Word file is protected with a password; remove it in Word or WPS and save again",
    "docx-bomb": "the Word file unpacks to more than 1 GB; it is not a normal report",
    "no-text-docx": f"the Word file contains no text; if its pages are pictures, {_OCR}",
    "bad-pdf": "this PDF is damaged and cannot be read",
    "no-pages": "the PDF has no pages; it may be damaged",
    "locked-pdf": "the PDF is protected with a password; remove the password and try again",
    "scanned": f"no text layer: this looks like a scanned PDF (its pages are pictures); {_OCR}",
    "unmapped": f"the PDF's text cannot be read (its fonts have no character map); {_OCR}",
    "binary-html": "this is not a web page: it contains binary data",
    "bad-html": "this web page cannot be read; it may be damaged",
    "no-text-html": "no main text was found in this web page",
}
_MAX_UNZIPPED = 1024 * 1024 * 1024  # a .docx that unpacks to more is a zip bomb, not a report

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: its BOM starts the same way
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_GB_FAMILY = {"gb2312", "gbk", "gb18030", "cp936", "euc_cn"}
# Tried besides the detector's answers: the detector is unreliable on short texts.
_EXTRA_ENCODINGS = ("gb18030", "utf-16-le", "utf-16-be", "big5")
_TIE = 0.05  # plausibility scores this close are a tie, won by the detector's order
_MIN_PLAUSIBLE = 0.5  # below this, no decoding reads as Chinese text: binary, or another language
_SCORE_CHARS = 4000
_CID = re.compile(r"\(cid:\d+\)")
# Control characters no text file has (tab, newlines and form feed allowed).
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")


@dataclass(frozen=True)
class Loaded:
    text: str
    format: str  # "txt", "docx", "pdf" or "html"
    source: str  # the path, or the upload's file name
    encoding: str | None = None  # for txt and html: the encoding the bytes were decoded with
    warnings: tuple[str, ...] = ()  # things a person may want to check, in plain words


def load(path: str | os.PathLike[str], *, max_bytes: int = MAX_BYTES) -> Loaded:
    """Read the report at `path`; raises a :class:`LoadError` subclass for a bad file."""
    name = os.fspath(path)
    info = _stat(name)
    _check_type(name)
    _check_size(name, info.st_size, max_bytes)
    try:
        with open(name, "rb") as f:
            data = f.read(max_bytes + 1)  # the file may have grown since stat
    except OSError as e:
        raise _os_error(name, e) from None
    return load_bytes(data, name, max_bytes=max_bytes)


def load_bytes(data: bytes, name: str, *, max_bytes: int = MAX_BYTES) -> Loaded:
    """Read a report from `data`, its type given by the extension of `name` (an upload's file name)."""
    fmt = _check_type(name)
    _check_size(name, len(data), max_bytes)
    if not data:
        raise EmptyFileError(name, _SAY["empty"])
    reader = {"txt": _read_txt, "docx": _read_docx, "pdf": _read_pdf, "html": _read_html}[fmt]
    try:
        loaded = reader(data, name)
    except LoadError:
        raise
    except Exception:  # a library failing on a damaged file: never show a traceback
        raise CorruptFileError(name, f"the file cannot be read as {fmt}; it may be damaged") from None
    if not loaded.text.strip():
        raise EmptyFileError(name, _SAY["blank"])
    return loaded


# --- checks -------------------------------------------------------------------------


def _stat(name: str) -> os.stat_result:
    try:
        info = os.stat(name)
    except OSError as e:
        raise _os_error(name, e) from None
    if not stat.S_ISREG(info.st_mode):
        raise NotAFileError(name, _SAY["folder" if stat.S_ISDIR(info.st_mode) else "special"])
    return info


def _os_error(name: str, e: OSError) -> LoadError:
    if isinstance(e, FileNotFoundError):
        return MissingFileError(name, _SAY["missing"])
    if isinstance(e, PermissionError):
        return AccessDeniedError(name, _SAY["denied"])
    if isinstance(e, IsADirectoryError):
        return NotAFileError(name, _SAY["folder"])
    return LoadError(name, f"the file cannot be read ({e.strerror or e})")


def _check_type(name: str) -> str:
    ext = PurePath(name).suffix.lower()
    if ext in FORMATS:
        return FORMATS[ext]
    what = f"'{ext}' files are not supported" if ext else "the file name has no extension"
    hint = _HINTS.get(ext)
    raise UnsupportedTypeError(name, f"{what}; {hint}; {_SUPPORTED}" if hint else f"{what}; {_SUPPORTED}")


def _check_size(name: str, size: int, max_bytes: int) -> None:
    if size > max_bytes:
        raise FileTooLargeError(name, f"the file is too large ({_mb(size)}; the limit is {_mb(max_bytes)})")


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MB" if n >= 1024 * 1024 else f"{n} bytes"


def _sniff(data: bytes) -> str | None:
    """What kind of binary file `data` is, in words, if we recognise it."""
    return next((kind for magic, kind in _MAGIC if data.startswith(magic)), None)


def _with_kind(reason: str, data: bytes) -> str:
    kind = _sniff(data)
    return f"{reason}; it looks like {kind}" if kind else reason


# --- text -----------------------------------------------------------------------


def _read_txt(data: bytes, name: str) -> Loaded:
    kind = _sniff(data)
    if kind:
        raise UndecodableTextError(
            name, f"this is not a text file: it looks like {kind}; give it the right extension"
        )
    text, encoding = decode_text(data)
    if text is None or _is_binary(text):
        raise UndecodableTextError(name, _SAY["not-text"])
    return Loaded(text=text, format="txt", source=name, encoding=encoding)


def decode_text(data: bytes) -> tuple[str | None, str | None]:
    """Decode the bytes of a text file: (text, encoding), or (None, None) if no encoding fits.

    A byte-order mark wins, then strict UTF-8 (unless there are NUL bytes,
    which only UTF-16 text has); otherwise charset-normalizer proposes
    encodings and the one whose decoding reads most like Chinese text wins.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            text = _strict(data[len(bom) :], encoding.removesuffix("-sig"))
            if text is not None:
                return text, encoding
    if b"\x00" not in data:
        text = _strict(data, "utf-8")
        if text is not None:
            return text, "utf-8"
    candidates = _utf16_candidates(data) if b"\x00" in data else _detected_candidates(data)
    scored = [(_plausibility(text), encoding) for encoding, text in candidates.items()]
    best = max((score for score, _ in scored), default=0.0)
    if best < _MIN_PLAUSIBLE:
        return None, None
    encoding = next(enc for score, enc in scored if score >= best - _TIE)
    return candidates[encoding], encoding


def _strict(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _utf16_candidates(data: bytes) -> dict[str, str]:
    # ASCII characters (digits, newlines) put a NUL in the high byte of a UTF-16
    # unit, so the side with more NULs goes first; 一 (U+4E00) puts one in the low byte.
    order = ("utf-16-le", "utf-16-be")
    if data[0::2].count(0) > data[1::2].count(0):
        order = order[::-1]
    # UTF-8 too: a UTF-8 file with a stray NUL is still text.
    return {enc: text for enc in (*order, "utf-8") if (text := _strict(data, enc)) is not None}


def _detected_candidates(data: bytes) -> dict[str, str]:
    """charset-normalizer's proposals in its order, then the encodings of Chinese text it may miss."""
    from charset_normalizer import from_bytes

    names = [_prefer_gb18030(match.encoding) for match in from_bytes(data)][:8]
    candidates: dict[str, str] = {}
    for encoding in [*names, *_EXTRA_ENCODINGS]:
        if encoding not in candidates and (text := _strict(data, encoding)) is not None:
            candidates[encoding] = text
    return candidates


def _prefer_gb18030(encoding: str) -> str:
    name = codecs.lookup(encoding).name
    return "gb18030" if name in _GB_FAMILY else name


def _plausibility(text: str) -> float:
    """The share of characters a Chinese report is made of; a wrong decoding scores low."""
    sample = text[:_SCORE_CHARS]
    return sum(map(_is_common, sample)) / max(1, len(sample))


@lru_cache(maxsize=8192)
def _is_common(c: str) -> bool:
    o = ord(c)
    if c in "\t\n\r" or 0x20 <= o < 0x7F or o in (0xB7, 0x2030):
        return True
    if 0x3000 <= o <= 0x303F or 0xFF01 <= o <= 0xFF5E or 0x2010 <= o <= 0x2027:
        return True  # CJK punctuation, full-width forms, dashes and quotes
    if 0x4E00 <= o <= 0x9FFF:
        # The 6763 characters of GB 2312 cover nearly all of a simplified
        # Chinese text; a wrong decoding gives rare characters or other scripts.
        try:
            c.encode("gb2312")
        except UnicodeEncodeError:
            return False
        return True
    return False


def _is_binary(text: str) -> bool:
    bad = len(_CONTROL.findall(text))
    return bad > max(2, len(text) // 100)


# --- docx -----------------------------------------------------------------------


def _read_docx(data: bytes, name: str) -> Loaded:
    _check_docx_container(data, name)
    import docx
    from docx.oxml.ns import qn

    try:
        body = docx.Document(io.BytesIO(data)).element.body
    except Exception:
        raise CorruptFileError(name, _SAY["bad-docx"]) from None
    lines = list(_docx_lines(body, qn("w:p"), qn("w:tbl")))
    if not any(line.strip() for line in lines):
        raise NoTextError(name, _SAY["no-text-docx"])
    return Loaded(text="\n".join(lines), format="docx", source=name)


def _check_docx_container(data: bytes, name: str) -> None:
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        if _OLE_ENCRYPTED in data:
            raise EncryptedFileError(name, _SAY["locked-docx"])
        raise CorruptFileError(name, _SAY["doc-as-docx"])
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            unpacked = sum(info.file_size for info in z.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        raise CorruptFileError(name, _with_kind(_SAY["bad-docx"], data)) from None
    if unpacked > _MAX_UNZIPPED:
        raise CorruptFileError(name, _SAY["docx-bomb"])


def _docx_lines(element, p_tag: str, tbl_tag: str):
    """One line per paragraph, one per table row (cells joined by a tab), in document order."""
    for child in element.iterchildren():
        if child.tag == p_tag:
            yield child.text
        elif child.tag == tbl_tag:
            for tr in child.tr_lst:
                yield "\t".join(_cell_text(tc, p_tag) for tc in tr.tc_lst)
        else:  # content controls (w:sdt) and the like hold paragraphs too
            yield from _docx_lines(child, p_tag, tbl_tag)


def _cell_text(tc, p_tag: str) -> str:
    # A cell's paragraphs (and those of tables nested in it) on the row's one line.
    return " ".join(p.text for p in tc.iter(p_tag) if p.text)


# --- pdf ------------------------------------------------------------------------


def _read_pdf(data: bytes, name: str) -> Loaded:
    if b"%PDF" not in data[:1024]:
        raise CorruptFileError(name, _with_kind(_SAY["bad-pdf"], data))
    pages = _pdf_pages(data, name)
    if not pages:
        raise CorruptFileError(name, _SAY["no-pages"])
    if not any(page.strip() for page in pages):
        raise ScannedPdfError(name, _SAY["scanned"])
    text = "\n".join(pages)
    warnings = []
    cids = len(_CID.findall(text))
    if cids:
        if cids * 2 > len(_CID.sub("", text).strip()):
            raise NoTextError(name, _SAY["unmapped"])
        # "(cid:123)" is a glyph pdfminer could not map, not text: keep no fake numbers.
        text = _CID.sub("\ufffd", text)
        warnings.append(f"characters that could not be read, shown as \ufffd: {cids}")
    empty = [str(i) for i, page in enumerate(pages, 1) if not page.strip()]
    if empty:
        warnings.append(f"pages without a text layer (scanned?), their text is missing: {', '.join(empty)}")
    return Loaded(text=text, format="pdf", source=name, warnings=tuple(warnings))


def _pdf_pages(data: bytes, name: str) -> list[str]:
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect

    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            pages = []
            for page in pdf.pages:
                pages.append(page.extract_text() or "")
                page.close()  # frees the page's parsed objects: reports can be long
            return pages
    except Exception as e:
        # pdfplumber wraps pdfminer's errors in its own exception.
        if any(isinstance(x, PDFPasswordIncorrect) for x in (e, e.__context__, *e.args)):
            raise EncryptedFileError(name, _SAY["locked-pdf"]) from None
        raise CorruptFileError(name, _SAY["bad-pdf"]) from None


# --- html -----------------------------------------------------------------------


def _read_html(data: bytes, name: str) -> Loaded:
    text, encoding, warnings = _decode_html(data)
    if _is_binary(text):
        raise CorruptFileError(name, _SAY["binary-html"])
    try:
        main = html_text.extract_main_text(text)
    except ValueError:
        raise CorruptFileError(name, _SAY["bad-html"]) from None
    if not main.strip():
        raise NoTextError(name, _SAY["no-text-html"])
    return Loaded(text=main, format="html", source=name, encoding=encoding, warnings=warnings)


def _decode_html(data: bytes) -> tuple[str, str, tuple[str, ...]]:
    declared = _declared_encoding(data)
    if declared and not data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = _strict(data, declared)
        if text is not None:
            return text, declared, ()
    text, encoding = decode_text(data)
    if text is not None:
        return text, encoding, ()
    # Pages saved from a browser may hold a few bad bytes: read the rest.
    encoding = declared or "utf-8"
    warning = f"some bytes are not valid {encoding} and were replaced by \ufffd"
    return data.decode(encoding, errors="replace"), encoding, (warning,)


def _declared_encoding(data: bytes) -> str | None:
    """The page's <meta> charset as a codec name; None if absent, unknown or UTF-16/32."""
    declared = html_text.declared_charset(data)
    try:
        encoding = _prefer_gb18030(declared) if declared else None
    except LookupError:
        return None
    # A page that says UTF-16 in ASCII bytes is not UTF-16 (browsers ignore it too).
    if encoding and encoding.replace("_", "-").startswith(("utf-16", "utf-32")):
        return None
    return encoding
