"""Moving composed nodes to another place of a larger text.

A text composed on its own has marks counted from its first character; placed at ``offset``
in a larger text (a Kustomize build is made of the files it read), each of its nodes' marks
moves by ``offset``. Composing the text behind ``offset`` characters of padding instead would
cost as much as the text before it: what a build of many files cannot afford.
"""

from __future__ import annotations

from collections import namedtuple
from typing import Iterable

from ruamel.yaml.nodes import Node

# A mark of a node moved into a larger text: what etcdlint reads of a mark (``index``, and
# ``line``/``column`` for the curious), made at C speed.
ShiftedMark = namedtuple("ShiftedMark", "name index line column")
_new = tuple.__new__


def shift_marks(documents: Iterable[Node], offset: int, lines: int = 0) -> None:
    """Move every node of ``documents`` (just composed, not yet shared) by ``offset``
    characters and ``lines`` lines. A node an alias repeats is moved once (a moved node's
    marks are ``ShiftedMark``s); the column stays that of the text composed on its own (the
    right one when ``offset`` starts a line of the larger text; else only ``index`` and, when
    given, ``line`` are meaningful after)."""
    if offset == 0 and lines == 0:
        return
    stack = list(documents)
    pop, push = stack.pop, stack.append
    while stack:
        node = pop()
        start = node.start_mark
        if type(start) is ShiftedMark:
            continue
        end = node.end_mark
        node.start_mark = _new(ShiftedMark, (start.name, start.index + offset,
                                             start.line + lines, start.column))
        node.end_mark = _new(ShiftedMark, (end.name, end.index + offset, end.line + lines,
                                           end.column))
        value = node.value
        if isinstance(value, str):  # (a scalar)
            continue
        for item in value:
            if type(item) is tuple:
                push(item[0])
                push(item[1])
            else:
                push(item)
