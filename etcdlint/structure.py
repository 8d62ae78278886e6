"""Structural checks of a document that configures etcd (not of etcd's settings)."""

from __future__ import annotations

from typing import Iterator, List

from ruamel.yaml.nodes import Node, ScalarNode

from etcdlint.model import Diagnostic
from etcdlint.yamlnodes import MERGE_TAG, node_span, walk_mappings


def duplicate_keys(path: str, documents: List[Node]) -> Iterator[Diagnostic]:
    """A key given twice in one mapping: kubectl rejects it; other tools keep one silently."""
    from etcdlint.rules import BY_CODE

    rule = BY_CODE["ETCD212"]
    for doc in documents:
        for mapping in walk_mappings(doc):
            keys = [k.value for k, _ in mapping.value if isinstance(k, ScalarNode)]
            if len(keys) == len(set(keys)):
                continue
            seen = {}
            for key, _ in mapping.value:
                if not isinstance(key, ScalarNode) or key.tag == MERGE_TAG:
                    continue
                if key.value in seen:
                    first = seen[key.value]
                    yield Diagnostic(rule.code, None, rule.severity,
                                     f"key {key.value!r} appears twice in this mapping (first on "
                                     f"line {first}): kubectl refuses the document, other tools "
                                     "keep one of the two silently", path, node_span(key))
                else:
                    seen[key.value] = key.start_mark.line + 1
