"""Whether text edits only swap the text of single-line scalars, so that the YAML structure
cannot change (``--client-cert-auth=false`` made ``--client-cert-auth=true`` inside one
sequence item).

Each edit must replace a non-empty part of one scalar node, as the composer placed it, by
non-empty text (a removal or an insertion proves nothing), and the scalar's token, edited,
must still be one scalar token of the same style that ends where it ended:

- plain: on one line, with the composed value as its very text; edited, it starts with no
  indicator (``-``, ``?`` and ``:`` only before a non-blank), holds no ``: `` and no `` #``,
  ends with neither a blank nor ``:``, is no document marker, and inside a flow collection
  holds no ``,[]{}`` (nor a new ``:``);
- single-quoted: quotes at both ends, every quote inside doubled;
- double-quoted: quotes at both ends, no quote and no backslash inside (no escape to read);
- every character printable (no line break, no tab), before and after.

A block scalar, a mapping key, an anchored or tagged node (its token starts with ``&`` or
``!``), a text that may hold aliases (an edit would show through them too) or two edits in one
scalar: no proof. What follows the token is left as it was, and what ends a plain scalar
there (a line break, `` #``, a flow indicator) does not depend on the text before it.
"""

from __future__ import annotations

from bisect import bisect_right
from typing import Dict, List, Optional, Sequence, Tuple

from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from etcdlint.text.aliases import may_have_aliases
from etcdlint.text.span import Span

_PLAIN_NEVER_FIRST = frozenset(",[]{}#&*!|>'\"%@` ")
_PLAIN_FIRST_BEFORE_NON_BLANK = frozenset("-?:")
_FLOW_INDICATORS = frozenset(",[]{}")


def only_scalar_replacements(text: str, documents: Sequence[Node],
                             edits: Sequence[Tuple[Span, str]]) -> bool:
    """Whether every edit of ``edits`` (spans of ``text``, composed as ``documents``, and the
    text put there) provably replaces the text of one scalar by another's (see above)."""
    if not edits or not documents or may_have_aliases(text):
        return False
    starts = [doc.start_mark.index for doc in documents]
    children: Dict[int, Tuple[List[int], List[Node]]] = {}
    touched = set()
    for span, replacement in edits:
        start, end = span
        if start >= end or not replacement:
            return False
        k = bisect_right(starts, start) - 1
        found = _scalar_at(documents[k], start, end, children) if k >= 0 else None
        if found is None:
            return False
        node, flow = found
        if id(node) in touched:
            return False
        touched.add(id(node))
        if not _still_one_scalar(text, node, start, end, replacement, flow):
            return False
    return True


def _scalar_at(node: Node, start: int, end: int, children) -> Optional[Tuple[ScalarNode, bool]]:
    """The scalar node (not a mapping key) whose span holds ``[start, end)`` and whether it
    lies in a flow collection; None when no scalar holds it all."""
    flow = False
    while True:
        if node.start_mark.index > start or end > node.end_mark.index:
            return None
        cls = node.__class__
        if cls is ScalarNode:
            return node, flow
        if cls is not SequenceNode and cls is not MappingNode:
            return None
        flow = flow or bool(node.flow_style)
        known = children.get(id(node))
        if known is None:  # (kept for the call: many edits in one long list stay linear)
            nodes = node.value if cls is SequenceNode else [n for pair in node.value
                                                            for n in pair]
            known = children[id(node)] = ([n.start_mark.index for n in nodes], nodes)
        at = bisect_right(known[0], start) - 1
        if at < 0 or cls is MappingNode and at % 2 == 0:  # (before them all, or a key)
            return None
        node = known[1][at]


def _still_one_scalar(text: str, node: ScalarNode, start: int, end: int, replacement: str,
                      flow: bool) -> bool:
    begin = node.start_mark.index
    old = text[begin:node.end_mark.index]
    new = old[:start - begin] + replacement + old[end - begin:]
    if not (old.isprintable() and new.isprintable()):
        return False
    style = node.style
    if not style:
        return old == node.value and _plain(new, flow) and \
            not (flow and ":" in replacement)
    if style == "'":
        return _single_quoted(old) == node.value and _single_quoted(new) is not None
    if style == '"':
        return _double_quoted(old) == node.value and _double_quoted(new) is not None
    return False  # a block scalar


def _plain(token: str, flow: bool) -> bool:
    if not token or token[0] in _PLAIN_NEVER_FIRST or token[-1] in " :":
        return False
    if token[0] in _PLAIN_FIRST_BEFORE_NON_BLANK and token[1:2] in ("", " "):
        return False
    if token.startswith(("---", "...")) or ": " in token or " #" in token:
        return False
    return not (flow and any(c in _FLOW_INDICATORS for c in token))


def _single_quoted(token: str) -> Optional[str]:
    """The value of a single-quoted token on one line; None when it is not one."""
    if len(token) < 2 or token[0] != "'" or token[-1] != "'":
        return None
    inner = token[1:-1]
    if "'" in inner.replace("''", ""):
        return None
    return inner.replace("''", "'")


def _double_quoted(token: str) -> Optional[str]:
    """The value of a double-quoted token on one line without escapes; None otherwise."""
    if len(token) < 2 or token[0] != '"' or token[-1] != '"':
        return None
    inner = token[1:-1]
    if '"' in inner or "\\" in inner:
        return None
    return inner
