"""The report engine: text in, plain dataclasses out. No Django here.

>>> report = analyse_text("一、工作回顾\\n地区生产总值增长5%。", doc="x")
>>> report.doc
'x'
"""

from __future__ import annotations

from pathlib import Path

from .errors import LoadError, LuoshiError
from .loading import load
from .metadata import read_metadata
from .model import (
    Cmp,
    Entity,
    Level,
    MainTarget,
    Measure,
    Metadata,
    OutlineNode,
    PartKind,
    Report,
    Role,
    Statement,
    Task,
)
from .outline import build_outline
from .statements import extract_statements
from .targets import find_main_targets
from .tasks import extract_tasks

__all__ = [
    "Cmp",
    "Entity",
    "Level",
    "LoadError",
    "LuoshiError",
    "MainTarget",
    "Measure",
    "Metadata",
    "OutlineNode",
    "PartKind",
    "Report",
    "Role",
    "Statement",
    "Task",
    "analyse_file",
    "analyse_text",
    "load",
]


def analyse_text(text: str, doc: str = "", source: str = "", format: str = "txt") -> Report:
    """Run the whole engine over `text` (offsets refer to `text` unchanged)."""
    metadata = read_metadata(text, Path(source).name if source else doc)
    outline = build_outline(text)
    statements = extract_statements(text, outline, metadata)
    return Report(
        doc=doc,
        text=text,
        source=source,
        format=format,
        metadata=metadata,
        outline=outline,
        statements=statements,
        main_targets=find_main_targets(text, outline, statements),
        tasks=extract_tasks(text, outline, statements),
    )


def analyse_file(path: str | Path) -> Report:
    """Load a report file (txt, docx, pdf, html) and analyse it; raises LoadError."""
    loaded = load(path)
    return analyse_text(loaded.text, doc=Path(path).stem, source=loaded.source, format=loaded.format)
