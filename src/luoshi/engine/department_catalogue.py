"""Department catalogues as data, and department names mapped to their standard functions.

A catalogue is a list of departments: name, short names and aliases, kind
(部门, 街道, 镇, 国企, 其他) and duties (职责 keywords). Two come with luoshi:
`district` (a district government's, the demo's: ``luoshi/orgs/data/district.csv``)
and `national` (the State Council's ministries and commissions:
``data/departments/national.csv``); a user's own is a CSV or XLSX file with a
column 名称 (简称, 别名, 类型 and 职责 optional).

A catalogue of names alone already works: each name is mapped to its
FUNCTIONS (``data/departments/functions.toml``) by the stems found in it,
whatever its level prefix or short form, and takes that function's usual
duties.

>>> normalise_name("济南市市中区发展和改革局")
Name(core='发展和改革局', functions=('development',), kind='department')
>>> normalise_name("区教体局").functions, normalise_name("市公安局市中区分局").core
(('education', 'sports'), '公安分局')
>>> [d.name for d in Catalogue.from_names(["区财政局", "大观园街道办事处"]).departments if d.kind == "street"]
['大观园街道办事处']
"""

from __future__ import annotations

import csv
import io
import re
import tomllib
from dataclasses import dataclass, field
from functools import cache, cached_property
from importlib import resources
from pathlib import Path
from typing import TextIO

from .errors import LuoshiError

BUNDLED = ("district", "national")
REQUIRED = "名称"
_KIND_LABELS = {"部门": "department", "街道": "street", "镇": "town", "乡": "town", "乡镇": "town", "国企": "enterprise",
                "企业": "enterprise", "其他": "other"}
_KINDS = frozenset(_KIND_LABELS.values())
_LIST = re.compile(r"[、，,;；\s/|]+")


class CatalogueError(LuoshiError):
    """A catalogue that cannot be read; the message is one line naming the file (and line) and the reason."""


# ---------------------------------------------------------------- the table of functions


@dataclass(frozen=True)
class Function:
    key: str
    name: str
    stems: tuple[str, ...]
    duties: tuple[str, ...]
    bare: bool = False  # a stem alone names the body in a text (妇联, 人民银行)
    mentions: tuple[str, ...] = ()


@dataclass(frozen=True)
class Vocabulary:
    """functions.toml, read once."""

    functions: dict[str, Function]
    stems: dict[str, tuple[str, ...]]  # stem or compound short form → function keys
    scoring: dict[str, float]
    department_suffixes: tuple[str, ...]
    generic_suffixes: tuple[str, ...]
    not_before: dict[str, str]  # suffix → characters after which a short form is not a name (规划部署)
    cues: dict[str, tuple[str, ...]]
    groups: dict[str, tuple[str, ...]]  # 各街道 → kinds
    kinds: dict[str, tuple[str, ...]]  # kind → name endings
    level_prefixes: tuple[str, ...]
    level_ends: tuple[str, ...]
    stop: frozenset[str]

    @cached_property
    def stem_pattern(self) -> re.Pattern:
        return re.compile("|".join(map(re.escape, sorted(self.stems, key=lambda s: (-len(s), s)))))

    @cached_property
    def level_pattern(self) -> re.Pattern:
        """A run of level words and region names: 国家, 广东省, 济南市市中区, 鄂尔多斯市鄂托克旗."""
        fixed = "|".join(map(re.escape, self.level_prefixes))
        ends = "|".join(map(re.escape, self.level_ends))
        return re.compile(rf"(?:{fixed}|[\u4e00-\u9fff]{{0,8}}?(?:{ends}))+")


def _tuple(value) -> tuple[str, ...]:
    return tuple(value or ())


@cache
def vocabulary() -> Vocabulary:
    with resources.files("luoshi.engine").joinpath("data", "departments", "functions.toml").open("rb") as f:
        data = tomllib.load(f)
    functions = {
        key: Function(key, f["name"], _tuple(f["stems"]), _tuple(f["duties"]), bool(f.get("bare")), _tuple(f.get("mentions")))
        for key, f in data["function"].items()
    }
    stems: dict[str, tuple[str, ...]] = {}
    for f in functions.values():
        for stem in f.stems:
            stems[stem] = (*stems.get(stem, ()), f.key)
    for stem, keys in data["compound"].items():
        unknown = [k for k in keys if k not in functions]
        if unknown:
            raise ValueError(f"functions.toml: [compound] {stem} names unknown functions {unknown}")
        stems[stem] = tuple(keys)
    return Vocabulary(
        functions=functions,
        stems=stems,
        scoring={k: float(v) for k, v in data["scoring"].items()},
        department_suffixes=_tuple(data["suffixes"]["department"]),
        generic_suffixes=_tuple(data["suffixes"]["generic"]),
        not_before=dict(data["suffixes"].get("not_before", {})),
        cues={k: _tuple(v) for k, v in data["cues"].items()},
        groups={k: _tuple(v) for k, v in data["groups"].items()},
        kinds={k: _tuple(v) for k, v in data["kinds"].items()},
        level_prefixes=_tuple(data["levels"]["prefixes"]),
        level_ends=_tuple(data["levels"]["ends"]),
        stop=frozenset(data["stop"]["words"]),
    )


# ---------------------------------------------------------------- names


@dataclass(frozen=True)
class Name:
    """What a department's name says: its core without the level prefix, its functions, its kind."""

    core: str
    functions: tuple[str, ...]
    kind: str


def find_stems(name: str) -> list[re.Match]:
    """The function stems in a name, longest first at each place, left to right."""
    return list(vocabulary().stem_pattern.finditer(name))


def normalise_name(name: str) -> Name:
    """济南市市中区发展和改革局 → 发展和改革局 (development); 区教体局 → 教体局 (education, sports)."""
    vocab = vocabulary()
    name = re.sub(r"\s+", "", name)
    matches = find_stems(name)
    core = None
    # The core starts at the last stem that only level words and region names precede
    # (国家税务总局济南市市中区税务局 → 税务局); without one, the level prefix is cut off.
    for m in reversed(matches):
        before = name[: m.start()]
        if not before or vocab.level_pattern.fullmatch(before) or _ends_with_level(before):
            core = name[m.start():]
            break
    kind = kind_of(name)
    if core is None and kind == "department":
        prefix = vocab.level_pattern.match(name)
        core = name[prefix.end():] if prefix and prefix.end() < len(name) - 2 else name
    core = re.sub(r"局[\u4e00-\u9fff]{1,8}?[区县市旗]分局$", "分局", core or name)  # 公安局市中区分局 → 公安分局
    functions = tuple(dict.fromkeys(k for m in find_stems(core) for k in vocab.stems[m.group()]))
    return Name(core=core, functions=functions, kind=kind)


def _ends_with_level(text: str) -> bool:
    """Does the text before a stem end like a level prefix (…市中区, …省, 国家)? Then what follows is the core."""
    vocab = vocabulary()
    return text.endswith(vocab.level_ends) or text.endswith(vocab.level_prefixes)


def kind_of(name: str) -> str:
    """street, town, enterprise or department, from the end of the name."""
    for kind, endings in vocabulary().kinds.items():
        if name.endswith(endings):
            return kind
    return "department"


# ---------------------------------------------------------------- catalogues


@dataclass(frozen=True)
class Department:
    """One department of a catalogue; `functions` and `keywords` come from its name and the function table."""

    name: str
    short_names: tuple[str, ...] = ()  # 简称 and 别名
    kind: str = "department"
    duties: tuple[str, ...] = ()  # its own 职责 keywords, as the catalogue gives them
    functions: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys((self.name, *self.short_names)))

    @property
    def keywords(self) -> tuple[str, ...]:
        """Its duties and its functions' usual duties, without the stop words."""
        vocab = vocabulary()
        words = [*self.duties, *(w for f in self.functions for w in vocab.functions[f].duties)]
        return tuple(w for w in dict.fromkeys(words) if w not in vocab.stop and len(w) >= 2)


def make_department(name: str, short_names=(), kind: str = "", duties=()) -> Department:
    """A Department with its functions and kind worked out from its name (then from its short names)."""
    name = name.strip()
    short_names = tuple(n for n in dict.fromkeys(s.strip() for s in short_names) if n and n != name)
    parsed = normalise_name(name)
    functions = parsed.functions
    for other in short_names:
        if functions:
            break
        functions = normalise_name(other).functions
    return Department(name=name, short_names=short_names, kind=kind or parsed.kind, duties=tuple(duties),
                      functions=functions)


@dataclass(frozen=True)
class Catalogue:
    """A catalogue's departments, in its order, and where it came from."""

    label: str
    departments: tuple[Department, ...] = field(default_factory=tuple)

    @classmethod
    def from_names(cls, names, label: str = "names") -> Catalogue:
        return cls(label, tuple(make_department(n) for n in dict.fromkeys(n.strip() for n in names) if n))

    def find(self, name: str) -> Department | None:
        """The department going by this name, short name or alias (or whose core name is this), else None."""
        for d in self.departments:
            if name in d.names:
                return d
        for d in self.departments:
            if normalise_name(d.name).core == name:
                return d
        return None


def split_list(text: str | None) -> tuple[str, ...]:
    """'项目、投资，经济运行' → ('项目', '投资', '经济运行')."""
    return tuple(dict.fromkeys(item for item in _LIST.split(text or "") if item))


def catalogue_rows(source: str | Path | bytes | TextIO, label: str | None = None) -> list[tuple[int, dict[str, str]]]:
    """The rows of a catalogue file (CSV or XLSX path, CSV bytes or a text stream) as (line, {column: cell}).

    The one reader of catalogue files, for the engine and the web app alike: it
    decodes, checks the header names 名称, skips blank rows and refuses a row
    without a name; what a row means is the caller's. Raises CatalogueError.
    """
    label = label or (Path(source).name if isinstance(source, str | Path) else "catalogue")
    if isinstance(source, str | Path):
        path = Path(source)
        if path.suffix.lower() in (".xlsx", ".xlsm"):
            return _rows_with_header(_xlsx_rows(path, label), label)
        if path.suffix.lower() == ".xls":
            raise CatalogueError(f"{label}: an old Excel .xls file; save it as .xlsx or CSV")
        try:
            source = path.read_bytes()
        except OSError as e:
            raise CatalogueError(f"{label}: cannot read it ({e.strerror or e})") from None
    text = _decode(source, label) if isinstance(source, bytes) else source.read()
    return _rows_with_header(list(csv.reader(io.StringIO(text.lstrip("\ufeff")))), label)


def read_catalogue(source: str | Path | bytes | TextIO, label: str | None = None) -> Catalogue:
    """A catalogue from a CSV or XLSX file (a path), CSV bytes or a text stream; raises CatalogueError."""
    label = label or (Path(source).name if isinstance(source, str | Path) else "catalogue")
    departments: list[Department] = []
    seen: set[str] = set()
    for line, cells in catalogue_rows(source, label):
        name = cells["名称"]
        if name in seen:
            continue  # listed twice: the first stands
        seen.add(name)
        kind = cells.get("类型", "")
        if kind and kind not in _KIND_LABELS and kind not in _KINDS:
            raise CatalogueError(f"{label}, line {line}: unknown 类型 “{kind}” (use 部门、街道、镇、国企 or 其他)")
        departments.append(make_department(
            name, (*split_list(cells.get("简称")), *split_list(cells.get("别名"))),
            _KIND_LABELS.get(kind, kind), split_list(cells.get("职责")),
        ))
    return Catalogue(label, tuple(departments))


def _decode(data: bytes, label: str) -> str:
    if data.startswith(b"PK\x03\x04"):
        raise CatalogueError(f"{label}: an Excel or zip file, not a CSV (name it .xlsx, or save it as CSV)")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise CatalogueError(f"{label}: not a text file (save it as CSV in UTF-8 or GBK)")


def _xlsx_rows(path: Path, label: str) -> list[list[str]]:
    try:
        import openpyxl
    except ImportError:
        raise CatalogueError(f"{label}: reading .xlsx needs openpyxl (pip install openpyxl); "
                             "or save the sheet as CSV") from None
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except FileNotFoundError:
        raise CatalogueError(f"{label}: cannot read it (No such file or directory)") from None
    except Exception as e:  # openpyxl raises many kinds for a damaged file
        raise CatalogueError(f"{label}: not a readable .xlsx file ({type(e).__name__})") from None
    try:
        sheet = book.worksheets[0]
        return [["" if c is None else str(c) for c in row] for row in sheet.iter_rows(values_only=True)]
    finally:
        book.close()


def _rows_with_header(rows: list[list[str]], label: str) -> list[tuple[int, dict[str, str]]]:
    rows = [[c.strip() for c in row] for row in rows]
    if not rows or not any(rows[0]):  # the first line names the columns
        raise CatalogueError(f"{label}: the file is empty; the first line must name the columns, e.g. 名称,简称,类型,职责")
    header = rows[0]
    if REQUIRED not in header:
        columns = ", ".join(h for h in header if h) or "none"
        raise CatalogueError(f"{label}: no {REQUIRED} column (its columns are {columns}); "
                             "the first line must name the columns, e.g. 名称,简称,类型,职责")
    at = {h: i for i, h in reversed(list(enumerate(header))) if h}
    out = []
    for line, row in enumerate(rows[1:], 2):
        if not any(row):
            continue
        cells = {h: (row[i] if i < len(row) else "") for h, i in at.items()}
        if not cells[REQUIRED]:
            raise CatalogueError(f"{label}, line {line}: {REQUIRED} is empty")
        out.append((line, cells))
    if not out:
        raise CatalogueError(f"{label}: no departments under the column names")
    return out


@cache
def bundled_catalogue(which: str) -> Catalogue:
    """`district` (the demo's district government, luoshi/orgs/data/district.csv) or `national` (the State Council)."""
    if which == "district":
        data = resources.files("luoshi.orgs").joinpath("data", "district.csv").read_bytes()
    elif which == "national":
        data = resources.files("luoshi.engine").joinpath("data", "departments", "national.csv").read_bytes()
    else:
        raise CatalogueError(f"{which}: no such bundled catalogue (use {' or '.join(BUNDLED)}, or a CSV/XLSX file)")
    return read_catalogue(data, label=which)


def load_catalogue(spec: str | Path) -> Catalogue:
    """A bundled catalogue by name (district, national) or a catalogue file (CSV, XLSX)."""
    if isinstance(spec, str) and spec in BUNDLED:
        return bundled_catalogue(spec)
    path = Path(spec)
    if path.is_dir():
        raise CatalogueError(f"{spec}: a folder, not a catalogue file")
    if not path.exists():
        raise CatalogueError(f"{spec}: cannot read it (No such file or directory)")
    return read_catalogue(path, label=str(spec))
