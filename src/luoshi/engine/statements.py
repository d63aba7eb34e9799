"""Quantified statements (stub)."""

from __future__ import annotations

from .model import Metadata, OutlineNode, Statement


def extract_statements(
    text: str, outline: tuple[OutlineNode, ...] = (), metadata: Metadata | None = None
) -> tuple[Statement, ...]:
    return ()
