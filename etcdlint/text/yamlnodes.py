"""Small helpers to walk a composed YAML node graph (``etcdlint.text.compose`` composes it):
mappings with merge keys, sequences, scalars and their YAML types, spans and tokens."""

from __future__ import annotations

from collections import Counter
from typing import Iterator, List, Optional, Sequence, Tuple

from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from etcdlint.text.lazy_regex import lazy
from etcdlint.text.span import Span
from etcdlint.text.tokens import Token, align, coarse_token, exact_token

MERGE_TAG = "tag:yaml.org,2002:merge"
NULL_TAG = "tag:yaml.org,2002:null"
STR_TAG = "tag:yaml.org,2002:str"


_NULLS = frozenset(("", "~", "null", "Null", "NULL"))
_BOOLS = frozenset(("true", "True", "TRUE", "false", "False", "FALSE"))
_INT = lazy(r"^(?:[-+]?0b[0-1_]+|[-+]?0o?[0-7_]+|[-+]?[0-9_]+|[-+]?0x[0-9a-fA-F_]+)$")
_FLOAT = lazy(
    r"^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+]?[0-9]+)?|[-+]?(?:[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)"
    r"|\.[0-9_]+(?:[eE][-+][0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$")


_NUMBER_START = frozenset("-+0123456789._")  # how every int and float starts
_NUMBER_SECOND = frozenset("0123456789._")  # after "-": -1, -0x1F, -1.5, -.inf, -_1


def scalar_kind(node: ScalarNode) -> str:
    """The YAML 1.2 type of a scalar: "str", "null", "bool", "int" or "float" (or the name of
    an explicit tag)."""
    tag = node.tag
    if tag != STR_TAG:
        return tag.rsplit(":", 1)[-1]
    if node.style:
        return "str"
    value = node.value
    if value in _NULLS:
        return "null"
    if value in _BOOLS:
        return "bool"
    if value[0] not in _NUMBER_START or value[0] == "-" and value[1:2] not in _NUMBER_SECOND:
        return "str"  # a name or a flag: no int or float starts like that
    if _INT.match(value):
        return "int"
    if _FLOAT.match(value):
        return "float"
    return "str"


def is_null(node: Node) -> bool:
    return isinstance(node, ScalarNode) and not node.style and node.tag == STR_TAG \
        and node.value in _NULLS or (isinstance(node, ScalarNode) and node.tag == NULL_TAG)


def node_span(node: Node) -> Span:
    return Span(node.start_mark.index, node.end_mark.index)


def is_map(node: object) -> bool:
    return isinstance(node, MappingNode)


def is_seq(node: object) -> bool:
    return isinstance(node, SequenceNode)


def is_scalar(node: object) -> bool:
    return isinstance(node, ScalarNode)


def map_items(node: Node) -> List[Tuple[Node, Node]]:
    """Key/value pairs of a mapping with ``<<`` merges applied (own keys win; last wins).

    Each merged node is flattened once per call, so merge "bombs" stay linear; merges of
    merges are followed with a stack of our own, so a chain of them, however long, does not
    reach Python's recursion limit.
    """
    if not isinstance(node, MappingNode):
        return []
    if not _has_merge(node):
        return node.value
    seen = {id(node)}
    # each frame: the mapping, its pairs still to read, the merge sources still to read,
    # the pairs merged into it so far, its own pairs
    stack = [[node, iter(node.value), None, [], []]]
    while True:
        frame = stack[-1]
        _, pairs, sources, merged, own = frame
        child = None
        while child is None:
            if sources is not None:
                src = next(sources, None)
                if src is None:
                    sources = frame[2] = None
                elif id(src) in seen or not isinstance(src, MappingNode):
                    pass
                elif not _has_merge(src):
                    merged.extend(src.value)
                else:
                    seen.add(id(src))
                    child = src
                continue
            pair = next(pairs, None)
            if pair is None:
                break
            key, value = pair
            if is_merge_key(key):
                sources = frame[2] = iter(value.value if isinstance(value, SequenceNode)
                                          else [value])
            else:
                own.append(pair)
        if child is not None:
            stack.append([child, iter(child.value), None, [], []])
            continue
        stack.pop()
        items = _merged_with_own(merged, own)
        if not stack:
            return items
        stack[-1][3].extend(items)


def _merged_with_own(merged: List[Tuple[Node, Node]],
                     own: List[Tuple[Node, Node]]) -> List[Tuple[Node, Node]]:
    if not merged:
        return own
    keys = {k.value for k, _ in own if isinstance(k, ScalarNode)}
    return [(k, v) for k, v in merged if not (isinstance(k, ScalarNode) and k.value in keys)] + own


def is_merge_key(key: Node) -> bool:
    """``<<`` written plain (or tagged ``!!merge``): a merge key."""
    return isinstance(key, ScalarNode) and key.value == "<<" and (
        (not key.style and key.tag == STR_TAG) or key.tag == MERGE_TAG)


def mappings_with_duplicate_keys(documents: Sequence[Node]) -> Iterator[list]:
    """The ``(key, value)`` pairs of every mapping under ``documents`` (each node visited
    once, aliases included) that gives a scalar key other than the merge key ``<<`` twice."""
    stack = list(documents or ())
    seen = set()
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        cls = node.__class__
        if cls is MappingNode:
            pairs = node.value
            if len(pairs) > 1:
                keys = [k.value for k, _ in pairs if k.__class__ is ScalarNode]
                if len(keys) != len(set(keys)):  # (merge keys set aside only then: rare)
                    keys = [k.value for k, _ in pairs
                            if k.__class__ is ScalarNode and not is_merge_key(k)]
                    if len(keys) != len(set(keys)):
                        yield pairs
            stack.extend(v for _, v in pairs if v.__class__ is not ScalarNode)
        elif cls is SequenceNode:
            stack.extend(v for v in node.value if v.__class__ is not ScalarNode)


def duplicated_entries(documents: Sequence[Node]) -> List[Tuple[int, int]]:
    """``(start, end)`` of every entry, key to end of value, whose key is given more than once
    in its mapping (merge keys ``<<`` aside): no fix may touch one, since editing or removing
    one occurrence can bring back the other."""
    found: List[Tuple[int, int]] = []
    for pairs in mappings_with_duplicate_keys(documents):
        counts = Counter(k.value for k, _ in pairs
                         if k.__class__ is ScalarNode and not is_merge_key(k))
        found.extend((k.start_mark.index, v.end_mark.index) for k, v in pairs
                     if k.__class__ is ScalarNode and counts.get(k.value, 0) > 1)
    return found


def _has_merge(node: MappingNode) -> bool:
    for key, _ in node.value:
        if key.value == "<<" and is_merge_key(key):
            return True
    return False


def map_get(node: Optional[Node], key: str) -> Optional[Node]:
    """The value under ``key`` (the last one when a key repeats), or None."""
    if not isinstance(node, MappingNode):
        return None
    found = None
    for k, v in (node.value if not _has_merge(node) else map_items(node)):
        if k.value == key and isinstance(k, ScalarNode):
            found = v
    return found


def map_get_pair(node: Optional[Node], key: str) -> Optional[Tuple[Node, Node]]:
    found = None
    for k, v in map_items(node) if node is not None else ():
        if isinstance(k, ScalarNode) and k.value == key:
            found = (k, v)
    return found


def get_path(node: Optional[Node], *keys: str) -> Optional[Node]:
    for key in keys:
        node = map_get(node, key)
        if node is None:
            return None
    return node


def seq_items(node: Optional[Node]) -> List[Node]:
    return list(node.value) if isinstance(node, SequenceNode) else []


def scalar_str(node: Optional[Node]) -> Optional[str]:
    """The text of a scalar (null becomes None); None for non-scalars."""
    if not isinstance(node, ScalarNode):
        return None
    if node.value in _NULLS and is_null(node):
        return None
    return node.value


def scalar_token(node: ScalarNode, text: str) -> Token:
    """A token for a scalar, each character placed in the source when possible."""
    value = "" if node.value in _NULLS and is_null(node) else node.value
    span = node_span(node)
    source = text[span.start:span.end]
    style = node.style
    if style in (None, "") and source == value:
        return exact_token(value, span.start)
    if style in ("'", '"') and source[1:-1] == value:
        return Token(value, span, base=span.start + 1)
    placed = align(value, source, span.start, skip_header=style in ("|", ">"))
    if placed is None:
        return coarse_token(value, span)
    return Token(value, span, placed[0], placed[1])
