"""How deeply YAML text can nest, known before it is composed.

ruamel.yaml's C composer (ruamel.yaml.clib 0.2.15, ``_ruamel_yaml.pyx``, ``_compose_node``)
recurses once per level of nesting on the C stack: measured here, it crashed the process
(SIGSEGV) between 20,000 and 40,000 levels with an 8 MiB stack, and between 1,500 and 2,000
with a 512 KiB one. Its pure composer (ruamel.yaml 0.19, ``composer.py``, ``compose_node``)
recurses on the Python stack instead, and stops cleanly at ``max_depth``.

``depth_bound`` is an upper bound of the nesting of a text, computed without parsing it:

- a block collection starts at the column of its first token, and that token is preceded on
  its line only by indentation and block indicators (``-``, ``?``, ``:``, each with a space or
  tab after it). A nested block collection starts further right, except a sequence under a
  mapping key, which may start at the key's column but cannot hold another one there. So block
  nesting is at most twice the longest such prefix of a line, plus its scalar.
- a flow collection opens with ``[`` or ``{`` and cannot span a document boundary (a ``---``
  or ``...`` line, which libyaml and ruamel.yaml's scanner both read as one in any context):
  flow nesting is at most the number of brackets in one document.

Texts whose bound passes ``MAX_DEPTH`` have their composed nodes measured exactly
(``too_deep``); texts whose bound passes ``C_SAFE_DEPTH`` go to the pure composer.
"""

from __future__ import annotations

import re
from typing import Optional

from ruamel.yaml.nodes import MappingNode, Node, SequenceNode

# The deepest nesting etcdlint reads (a document, its collections and its scalars each count
# one level). Real manifests stay far below it (a CustomResourceDefinition's schema, among the
# deepest, nests a few dozen levels); everything that walks nodes or compares data stays far
# from Python's recursion limit under it.
MAX_DEPTH = 200
# The C composer is safe below this many levels even on a 512 KiB stack.
C_SAFE_DEPTH = 1000

_PREFIX_FLOOR = 48  # shorter prefixes are not looked at: they bound block nesting below 100
_LONG_PREFIX = re.compile(r"^[ \t?:-]{%d,}" % (_PREFIX_FLOOR + 1), re.MULTILINE)
_DOCUMENT_BOUNDARY = re.compile(r"^(?:---|\.\.\.)(?=[ \t\r\n]|\Z)", re.MULTILINE)


def depth_bound(text: str) -> int:
    """An upper bound of how deeply ``text`` nests."""
    prefix = _PREFIX_FLOOR
    for match in _LONG_PREFIX.finditer(text):
        prefix = max(prefix, match.end() - match.start())
    block = 2 * prefix + 3
    flow = text.count("[") + text.count("{")
    if block + flow > MAX_DEPTH:
        flow = _max_brackets_per_document(text)
    return block + flow


def _max_brackets_per_document(text: str) -> int:
    most = start = 0
    count = text.count
    for match in _DOCUMENT_BOUNDARY.finditer(text):
        end = match.start()
        most = max(most, count("[", start, end) + count("{", start, end))
        start = end
    return max(most, count("[", start) + count("{", start))


def too_deep(root: Node, limit: int = MAX_DEPTH) -> Optional[Node]:
    """The first node (in the order of the text) nested deeper than ``limit`` levels, the root
    being level 1, or None. An alias is not a level: it is the node it names, met before."""
    seen = set()
    stack = [(root, 1)]
    while stack:
        node, depth = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if depth > limit:
            return node
        cls = node.__class__
        if cls is MappingNode:
            for key, value in reversed(node.value):
                stack.append((value, depth + 1))
                stack.append((key, depth + 1))
        elif cls is SequenceNode:
            stack.extend((item, depth + 1) for item in reversed(node.value))
    return None
