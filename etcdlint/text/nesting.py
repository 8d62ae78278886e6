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
- a flow collection opens with ``[`` or ``{`` and cannot span a document boundary (``---``
  or ``...`` at the start of a line and before a blank, which libyaml's scanner,
  ``yaml_parser_fetch_next_token``, and ruamel.yaml's, ``check_document_start``, read as one
  in any context, even inside a flow collection or a quoted scalar): flow nesting is at most
  the number of brackets in one document.
- a line starts after LF, CR, NEL, LS or PS, for both parsers.

Texts whose bound passes ``MAX_DEPTH`` have their composed nodes measured exactly
(``too_deep``); texts whose bound passes ``C_SAFE_DEPTH`` go to the pure composer.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Optional

from ruamel.yaml.nodes import MappingNode, Node, SequenceNode

from etcdlint.text.lazy_regex import lazy

# The deepest nesting etcdlint reads (a document, its collections and its scalars each count
# one level). Real manifests stay far below it (a CustomResourceDefinition's schema, among the
# deepest, nests a few dozen levels); everything that walks nodes or compares data stays far
# from Python's recursion limit under it.
MAX_DEPTH = 200
# The C composer is safe below this many levels even on a 512 KiB stack.
C_SAFE_DEPTH = 1000

_PREFIX_FLOOR = 48  # shorter prefixes are not looked at: they bound block nesting below 100
_BOUNDARY = r"(?:---|\.\.\.)(?=[ \t\r\n\0\x85\u2028\u2029]|\Z)"
# libyaml and ruamel.yaml also end a line at a lone CR, NEL, LS or PS: slower patterns for
# the texts that hold one.
_AFTER_OTHER_BREAK = r"(?<=[\r\x85\u2028\u2029])"


@lru_cache(maxsize=None)
def _patterns(floor: int, other_breaks: bool):
    """(a line's indicator prefix longer than ``floor``, a document boundary)."""
    start = f"(?:^|{_AFTER_OTHER_BREAK})" if other_breaks else "^"
    return (re.compile(start + r"[ \t?:-]{%d,}" % (floor + 1), re.MULTILINE),
            lazy(start + _BOUNDARY, re.MULTILINE))  # (read only for a text of many brackets)


def _other_line_breaks(text: str) -> bool:
    return ("\r" in text and text.count("\r") != text.count("\r\n")) or "\x85" in text \
        or "\u2028" in text or "\u2029" in text


def depth_bound(text: str, floor: int = _PREFIX_FLOOR) -> int:
    """An upper bound of how deeply ``text`` nests (at least ``2 * floor + 3``)."""
    long_prefix, boundary = _patterns(floor, _other_line_breaks(text))
    prefix = floor
    for match in long_prefix.finditer(text):
        prefix = max(prefix, match.end() - match.start())
    block = 2 * prefix + 3
    flow = text.count("[") + text.count("{")
    if block + flow > MAX_DEPTH:
        flow = _max_brackets_per_document(text, boundary, MAX_DEPTH - block)
    return block + flow


def event_depth(text: str, beyond: Optional[int] = None) -> Optional[int]:
    """How deeply ``text`` nests, exactly, as libyaml's event parser reads it (which keeps its
    own stack, not the C one): a document, its collections and its scalars each count one
    level. None when the C parser is unavailable or refuses the text (its composer would too,
    or only for a ``:`` in a flow scalar: the pure composer then decides). What a text whose
    bracket count alone passes ``C_SAFE_DEPTH`` costs, instead of the pure composer (a JSON
    document of many small objects: each bracket counted as a level).

    With ``beyond``, the parser stops once the depth passes it (the depth so far is returned):
    libyaml's scanner checks every open flow level at each token, so reading the whole of a
    text of n nested brackets takes time in n squared (28 s for 100,000)."""
    try:
        from ruamel.yaml.cyaml import CParser
        from ruamel.yaml.error import YAMLError
        from ruamel.yaml.events import (MappingEndEvent, MappingStartEvent, SequenceEndEvent,
                                        SequenceStartEvent, StreamEndEvent)
    except ImportError:  # pragma: no cover - C extension unavailable
        return None
    starts, ends = (MappingStartEvent, SequenceStartEvent), (MappingEndEvent, SequenceEndEvent)
    parser = CParser(text)
    depth = most = 0
    try:
        while True:
            cls = parser.get_event().__class__
            if cls in starts:
                depth += 1
                if depth > most:
                    most = depth
                    if beyond is not None and most + 2 > beyond:
                        return most + 2
            elif cls in ends:
                depth -= 1
            elif cls is StreamEndEvent:
                return most + 2
    except YAMLError:
        return None
    finally:
        parser.dispose()


def _max_brackets_per_document(text: str, boundary, small: int) -> int:
    """At least the most brackets one document holds (a document of no more than ``small``
    characters is not counted: its length bounds them)."""
    most = start = 0
    count = text.count
    for match in boundary.finditer(text):
        end = match.start()
        length = end - start
        if length > small and length > most:
            most = max(most, count("[", start, end) + count("{", start, end))
        else:
            most = max(most, min(length, small))
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
