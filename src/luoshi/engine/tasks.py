"""Tasks of the plan parts (stub)."""

from __future__ import annotations

from .model import OutlineNode, Statement, Task


def extract_tasks(text: str, outline: tuple[OutlineNode, ...], statements: tuple[Statement, ...] = ()) -> tuple[Task, ...]:
    return ()
