"""Read a report file into text (stub: .txt in UTF-8 only, replaced by the real loader)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .errors import LoadError


@dataclass(frozen=True)
class Loaded:
    text: str
    format: str
    source: str


def load(path: str | Path) -> Loaded:
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8-sig")
    except OSError as e:
        raise LoadError(str(p), f"cannot be read ({e.strerror})") from None
    return Loaded(text=text, format="txt", source=str(p))
