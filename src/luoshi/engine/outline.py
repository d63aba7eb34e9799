"""The report's outline: parts, sections, items and paragraphs with their spans (stub)."""

from __future__ import annotations

from .model import OutlineNode


def build_outline(text: str) -> tuple[OutlineNode, ...]:
    return ()


def locate(outline: tuple[OutlineNode, ...], offset: int) -> tuple[OutlineNode, ...]:
    """The nodes, outermost first, whose span holds `offset`."""
    path: list[OutlineNode] = []
    nodes = outline
    while True:
        for node in nodes:
            if node.start <= offset < node.end:
                path.append(node)
                nodes = node.children
                break
        else:
            return tuple(path)
