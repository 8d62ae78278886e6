"""Structural checks of a document that configures etcd (not of etcd's settings)."""

from __future__ import annotations

from typing import Iterator, List

from ruamel.yaml.nodes import Node, ScalarNode

from etcdlint.model import Diagnostic
from etcdlint.text.yamlnodes import is_merge_key, mappings_with_duplicate_keys, node_span
from etcdlint.text.shown import shown_value


def duplicate_keys(path: str, documents: List[Node]) -> Iterator[Diagnostic]:
    """A key given twice in one mapping: kubectl rejects it; other tools keep one silently."""
    for pairs in mappings_with_duplicate_keys(documents):
        yield from _report(path, pairs)


def _report(path: str, pairs) -> Iterator[Diagnostic]:
    from etcdlint.rules import BY_CODE

    rule = BY_CODE["ETCD212"]
    first_line = {}
    for key, _ in pairs:
        if key.__class__ is not ScalarNode or is_merge_key(key):
            continue
        if key.value in first_line:
            yield Diagnostic(rule.code, None, rule.severity,
                             f"key {shown_value(key.value)!r} appears twice in this mapping (first on line "
                             f"{first_line[key.value]}): kubectl refuses the document, other "
                             "tools keep one of the two silently", path, node_span(key))
        else:
            first_line[key.value] = key.start_mark.line + 1
