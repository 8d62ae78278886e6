"""What the etcd operators' sources share: the flags an operator sets itself, as settings
placed at the resource's anchor, and where in the resource a finding points."""

from __future__ import annotations

from typing import List, Sequence, Tuple

from ruamel.yaml.nodes import Node

from etcdlint.model import ORIGIN_TOOL_DEFAULT, FlagUse
from etcdlint.text.span import Span
from etcdlint.text.yamlnodes import get_path, map_get, map_get_pair, node_span, scalar_str


def default_uses(flags: Sequence[Tuple[str, str]], anchor: Span) -> List[FlagUse]:
    """The operator's own flags, each placed at ``anchor`` (it is not in the file)."""
    return [FlagUse(name, value, anchor, anchor, anchor, True, origin=ORIGIN_TOOL_DEFAULT)
            for name, value in flags]


def first_key_span(doc: Node, *paths: Tuple[str, ...]) -> Span:
    """The key of the first of ``paths`` that is in ``doc``; else ``kind``'s value."""
    for path in paths:
        parent = get_path(doc, *path[:-1]) if len(path) > 1 else doc
        pair = map_get_pair(parent, path[-1])
        if pair is not None:
            return node_span(pair[0])
    return node_span(map_get(doc, "kind"))


def describe(kind: str, doc: Node) -> str:
    name = scalar_str(get_path(doc, "metadata", "name"))
    namespace = scalar_str(get_path(doc, "metadata", "namespace"))
    return f"{kind} {namespace + '/' if namespace else ''}{name or '(unnamed)'}"
