"""The Chinese fonts of the documents' PDF and charts: where they are found, and how they are made embeddable.

A font is looked for in this order, for the body (仿宋) and for titles (小标宋 or 黑体):

1. LUOSHI_FONT_BODY / LUOSHI_FONT_TITLE: a font file (.ttf, .otf, .ttc; `PATH#N` for face N of a collection);
2. the faces 公文 are set in, when the system has them (仿宋_GB2312, 仿宋, FangSong; 方正小标宋简体, 黑体, SimHei),
   found with fontconfig (`fc-list`);
3. Noto Serif SC and Noto Sans SC from the PyPI package pylopdf-fonts-zh-cn (SIL Open Font License), a
   dependency of luoshi: there wherever luoshi was installed with pip, offline intranets included;
4. any font of the system that covers Chinese (`fc-list :lang=zh`), e.g. Debian's fonts-noto-cjk.

Found nowhere: FontMissing, whose message names the package to install.

Most Chinese fonts today (Noto CJK, Source Han) have CFF (PostScript) outlines. fpdf2 embeds those as FontFile3
with an encoding CMap that pdfminer (pdfplumber) cannot read: the PDF would show, but its text could not be
extracted. So `truetype_subset` cuts the characters a document uses out of the font (fontTools) and turns CFF
outlines into TrueType ones (cu2qu): the PDF embeds a small TrueType subset (FontFile2, Identity-H) that every
reader extracts. A face of a .ttc collection is read the same way.
"""

from __future__ import annotations

import functools
import io
import os
import shutil
import subprocess
from dataclasses import dataclass
from importlib import util
from pathlib import Path

ROLES = ("body", "title")
ENV = {"body": "LUOSHI_FONT_BODY", "title": "LUOSHI_FONT_TITLE"}
PACKAGE = "pylopdf-fonts-zh-cn"
PACKAGE_MODULE = "pylopdf_fonts_zh_cn"
PACKAGE_FILES = {"body": "NotoSerifSC-Regular.otf", "title": "NotoSansSC-Regular.otf"}
# The faces of 公文 (GB/T 9704): the body in 仿宋, titles in 小标宋 (or 黑体), by the names systems give them.
OFFICIAL = {
    "body": ("仿宋_GB2312", "FangSong_GB2312", "仿宋", "FangSong", "STFangsong", "华文仿宋"),
    "title": ("方正小标宋简体", "方正小标宋_GBK", "FZXiaoBiaoSong-B05S", "黑体", "SimHei", "STHeiti", "华文黑体"),
}
HEAVY = ("小标宋", "XiaoBiaoSong", "黑体", "SimHei", "Heiti", "Bold", "Heavy", "Black")
# Among any Chinese fonts: the family words preferred for each role (a song face for the body, a sans for titles).
LIKED = {"body": ("Serif CJK SC", "Song", "Ming", "宋", "Serif"), "title": ("Sans CJK SC", "Hei", "黑", "Sans")}
MISSING = (f"no Chinese font found for the PDF: install the Python package {PACKAGE} (pip install {PACKAGE}), or "
           "a system font (Debian: apt-get install fonts-noto-cjk), or name a font file in {env}")


class FontMissing(Exception):
    """No Chinese font was found (the message says what to install)."""


@dataclass(frozen=True)
class FontSource:
    """A font file, the face of it to use (0 unless a collection), where it was found and whether it is heavy."""

    path: Path
    index: int = 0
    name: str = ""
    origin: str = ""  # env, system, package or fallback
    heavy: bool = False  # a bold or heavy face: titles need no faux bold

    @property
    def label(self) -> str:
        face = f"#{self.index}" if self.index else ""
        return f"{self.name or self.path.stem} ({self.path}{face}, {self.origin})"


def find(role: str) -> FontSource:
    """The font for `role` (body or title), from the first place that has one (see the module)."""
    if role not in ROLES:
        raise ValueError(f"unknown font role {role!r}")
    return _find(role, os.environ.get(ENV[role], "").strip())


@functools.lru_cache(maxsize=8)
def _find(role: str, configured: str) -> FontSource:
    if configured:
        return from_setting(configured, ENV[role])
    system = system_fonts()
    found = official_font(role, system) or package_font(role) or any_chinese_font(role, system)
    if found is None:
        raise FontMissing(MISSING.format(env=ENV[role]))
    return found


def from_setting(value: str, variable: str) -> FontSource:
    """`PATH` or `PATH#N` (face N of a .ttc) from an environment variable; a missing file is an error."""
    path, _, index = value.partition("#")
    font = Path(path).expanduser()
    if not font.is_file():
        raise FontMissing(f"{variable}={value}: no such font file")
    try:
        face = int(index or 0)
    except ValueError:
        raise FontMissing(f"{variable}={value}: the face after # should be a number") from None
    return FontSource(font, face, font.stem, "env", heavy=any(w.lower() in font.stem.lower() for w in HEAVY))


@dataclass(frozen=True)
class SystemFont:
    families: tuple[str, ...]
    style: str
    path: Path
    index: int


def system_fonts() -> list[SystemFont]:
    """The fonts covering Chinese that fontconfig knows (none when fc-list is not installed)."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return []
    try:
        out = subprocess.run([fc_list, "--format", "%{family}\t%{style}\t%{file}\t%{index}\n", ":lang=zh"],
                             capture_output=True, text=True, timeout=30, check=False).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    fonts = []
    for line in out.splitlines():
        parts = line.split("\t")
        if len(parts) != 4 or not parts[2]:
            continue
        families = tuple(f.strip() for f in parts[0].split(",") if f.strip())
        fonts.append(SystemFont(families, parts[1], Path(parts[2]), int(parts[3]) if parts[3].isdigit() else 0))
    fonts.sort(key=lambda f: (str(f.path), f.index))
    return fonts


def _regular(font: SystemFont) -> bool:
    return any(w in font.style for w in ("Regular", "Normal", "Book", "Medium")) or not font.style


def official_font(role: str, fonts: list[SystemFont]) -> FontSource | None:
    """The first of the 公文 faces for `role` the system has."""
    for wanted in OFFICIAL[role]:
        for font in fonts:
            if wanted in font.families and (_regular(font) or role == "title"):
                heavy = role == "title" and any(w in wanted for w in HEAVY[:5]) or "Bold" in font.style
                return FontSource(font.path, font.index, wanted, "system", heavy)
    return None


def package_font(role: str) -> FontSource | None:
    """Noto Serif SC (body) or Noto Sans SC (title) from pylopdf-fonts-zh-cn, when installed."""
    spec = util.find_spec(PACKAGE_MODULE)
    if spec is None or not spec.submodule_search_locations:
        return None
    for folder in spec.submodule_search_locations:
        path = Path(folder) / PACKAGE_FILES[role]
        if path.is_file():
            return FontSource(path, 0, path.stem, "package")
    return None


def any_chinese_font(role: str, fonts: list[SystemFont]) -> FontSource | None:
    """A system font covering Chinese, the likeliest for `role` first (a bold sans for titles)."""
    if not fonts:
        return None

    def rank(font: SystemFont) -> tuple:
        names = " ".join(font.families)
        liked = next((i for i, w in enumerate(LIKED[role]) if w in names), len(LIKED[role]))
        bold = "Bold" in font.style
        return (liked, (not bold) if role == "title" else bold, "Mono" in names, str(font.path), font.index)

    best = min(fonts, key=rank)
    return FontSource(best.path, best.index, best.families[0] if best.families else best.path.stem, "fallback",
                      heavy="Bold" in best.style)


# Embedding --------------------------------------------------------------------------------------------------

# Always in the subset: what page numbers, dates and tables may print besides the document's own text.
BASIC = "0123456789—–-−.,:;%()/·×＋+ \u3000、，。：；（）《》“”‘’？！…"
DROPPED_TABLES = ("VORG", "BASE", "GSUB", "GPOS", "GDEF", "DSIG", "JSTF", "MATH", "fvar", "gvar", "avar",
                  "HVAR", "VVAR", "MVAR", "STAT", "cvar", "vhea", "vmtx")


def truetype_subset(font: FontSource, text: str) -> bytes:
    """A TrueType font (glyf outlines) holding the glyphs of `text` (and BASIC), cut from `font`."""
    return _truetype_subset(font.path, font.index, "".join(sorted(set(text + BASIC))))


@functools.lru_cache(maxsize=16)
def _truetype_subset(path: Path, index: int, chars: str) -> bytes:
    from fontTools import subset
    from fontTools.ttLib import TTFont

    try:
        ttfont = TTFont(str(path), fontNumber=index, lazy=False) if path.suffix.lower() in (".ttc", ".otc") \
            else TTFont(str(path), lazy=False)
    except Exception as e:  # a file fontTools cannot read is as good as none
        raise FontMissing(f"cannot read the font {path}: {e}") from e
    options = subset.Options()
    options.layout_features = []
    options.hinting = False
    options.notdef_outline = True
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.drop_tables += list(DROPPED_TABLES)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=[ord(c) for c in chars if c not in "\n\r\t\f\v"])
    subsetter.subset(ttfont)
    if "glyf" not in ttfont:
        _cff_to_glyf(ttfont)
    for tag in DROPPED_TABLES:
        if tag in ttfont:
            del ttfont[tag]
    out = io.BytesIO()
    ttfont.save(out)
    return out.getvalue()


def _cff_to_glyf(ttfont) -> None:
    """Replace the CFF (or CFF2) outlines of `ttfont` by quadratic TrueType ones, in place."""
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import newTable

    glyph_set = ttfont.getGlyphSet()
    order = ttfont.getGlyphOrder()
    glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = {}
    for name in order:
        pen = TTGlyphPen(glyph_set)
        glyph_set[name].draw(Cu2QuPen(pen, max_err=1.0, reverse_direction=True))
        glyf.glyphs[name] = pen.glyph()
    for tag in ("CFF ", "CFF2"):
        if tag in ttfont:
            del ttfont[tag]
    ttfont["glyf"] = glyf
    ttfont["loca"] = newTable("loca")
    maxp = ttfont["maxp"]
    maxp.tableVersion = 0x00010000
    for field in ("maxZones", "maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs",
                  "maxStackElements", "maxSizeOfInstructions", "maxComponentElements"):
        setattr(maxp, field, 0)
    maxp.maxZones = 1
    post = ttfont["post"]
    post.formatType = 3.0  # no glyph names: CID fonts have none worth keeping
    ttfont["head"].glyphDataFormat = 0
    ttfont.sfntVersion = "\x00\x01\x00\x00"
