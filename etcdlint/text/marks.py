"""Moving composed nodes to another place of a larger text.

A text composed on its own has marks counted from its first character; placed at ``offset``
in a larger text (a Kustomize build is made of the files it read), each of its nodes' marks
moves by ``offset``. Composing the text behind ``offset`` characters of padding instead would
cost as much as the text before it: what a build of many files cannot afford.
"""

from __future__ import annotations

from typing import Iterable

from ruamel.yaml.error import StreamMark
from ruamel.yaml.nodes import Node


def shift_marks(documents: Iterable[Node], offset: int) -> None:
    """Move every node of ``documents`` (just composed, not yet shared) by ``offset``
    characters. A node an alias repeats is moved once; only ``index`` is meaningful after
    (line and column stay those of the text composed on its own)."""
    if offset == 0:
        return
    seen = set()
    stack = list(documents)
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        node.start_mark = _moved(node.start_mark, offset)
        node.end_mark = _moved(node.end_mark, offset)
        value = node.value
        if isinstance(value, list):
            for item in value:
                if isinstance(item, tuple):
                    stack.extend(item)
                else:
                    stack.append(item)


def _moved(mark, offset: int) -> StreamMark:
    return StreamMark(mark.name, mark.index + offset, mark.line, mark.column)
