"""The plan year's main targets (stub)."""

from __future__ import annotations

from .model import MainTarget, OutlineNode, Statement


def find_main_targets(
    text: str, outline: tuple[OutlineNode, ...], statements: tuple[Statement, ...]
) -> tuple[MainTarget, ...]:
    return ()
