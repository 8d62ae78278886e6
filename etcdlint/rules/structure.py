"""Structural checks of a document that configures etcd (not of etcd's settings)."""

from __future__ import annotations

from typing import Iterator, List

from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from etcdlint.model import Diagnostic
from etcdlint.text.yamlnodes import is_merge_key, node_span


def duplicate_keys(path: str, documents: List[Node]) -> Iterator[Diagnostic]:
    """A key given twice in one mapping: kubectl rejects it; other tools keep one silently."""
    stack = list(documents)
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
                if len(keys) != len(set(keys)):
                    yield from _report(path, pairs)
            stack.extend(v for _, v in pairs if v.__class__ is not ScalarNode)
        elif cls is SequenceNode:
            stack.extend(v for v in node.value if v.__class__ is not ScalarNode)


def _report(path: str, pairs) -> Iterator[Diagnostic]:
    from etcdlint.rules import BY_CODE

    rule = BY_CODE["ETCD212"]
    first_line = {}
    for key, _ in pairs:
        if key.__class__ is not ScalarNode or is_merge_key(key):
            continue
        if key.value in first_line:
            yield Diagnostic(rule.code, None, rule.severity,
                             f"key {key.value!r} appears twice in this mapping (first on line "
                             f"{first_line[key.value]}): kubectl refuses the document, other "
                             "tools keep one of the two silently", path, node_span(key))
        else:
            first_line[key.value] = key.start_mark.line + 1
