"""Title, region, level, years, meeting, date and speaker from a report's header (stub)."""

from __future__ import annotations

from .model import Metadata


def read_metadata(text: str) -> Metadata:
    return Metadata()
