"""What YAML aliases make of a composed document, measured without expanding them.

A composed document is a graph: an alias is the very node its anchor names. Nothing in
etcdlint that judges a file expands it, but the programs that read these files do: they
decode a document into data, each alias a copy of its node. go-yaml, which reads them for
Kubernetes (sigs.k8s.io/yaml), Helm, Docker Compose (compose-go) and Talos, refuses two
things there (gopkg.in/yaml.v2 and v3, ``decode.go``):

- an alias inside the value of its own anchor (``x: &x {y: *x}``): ``anchor 'x' value
  contains itself``;
- a document whose decoding comes mostly from aliases (a "billion laughs"): every node
  decoded is counted (``decodeCount``: an alias node, and each node of its expansion, again
  at each alias; a ``<<`` merge key is not decoded itself, its value is), those decoded
  inside an alias's expansion also apart (``aliasCount``); once there are more than 100 of
  these and more than 1,000 decoded, their ratio may not pass ``allowedAliasRatio``: 0.99 up
  to 400,000 decoded, 0.10 from 4,000,000 on, linear in between (``document contains
  excessive aliasing``). The check runs as each node is decoded: the first alias that
  passes the ratio is where the document fails.

``alias_problem`` finds either with one walk of the graph, in the order go-yaml decodes it
(each node's expanded size is known once its walk is over; an alias names a node met
before). Where some of etcdlint expands a document (a Kustomize build merges a patch into
a resource, copying what it adds), the depth of the expanded data counts too: ``expanded``.
"""

from __future__ import annotations

import re
from typing import Optional, Tuple

from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from etcdlint.text.lazy_regex import lazy
from etcdlint.text.nesting import MAX_DEPTH

RECURSIVE = "recursive"
EXCESSIVE = "excessive"
TOO_DEEP = "too deep"

_LOW, _HIGH = 400_000, 4_000_000
_LEAVING, _KEY = 1, 2
_MERGE_TAG = "tag:yaml.org,2002:merge"
_STR_TAG = "tag:yaml.org,2002:str"
# An anchor: ``&`` after a line start, a blank or a flow indicator, then a name.
_ANCHOR = lazy(r"(?:^|[ \t\[{,])&[^ \t\r\n,\[\]{}]", re.MULTILINE)


def may_have_aliases(text: str) -> bool:
    """False when ``text`` holds no anchor, hence no alias (checked without composing)."""
    return "&" in text and _ANCHOR.search(text) is not None


def allowed_alias_ratio(decoded: int) -> float:
    """go-yaml's ``allowedAliasRatio``."""
    if decoded <= _LOW:
        return 0.99
    if decoded >= _HIGH:
        return 0.10
    return 0.99 - 0.89 * ((decoded - _LOW) / (_HIGH - _LOW))


def _is_merge_key(node: Node) -> bool:
    return node.__class__ is ScalarNode and node.value == "<<" and (
        (not node.style and node.tag == _STR_TAG) or node.tag == _MERGE_TAG)


def alias_problem(root: Node, expanded: bool = False) -> Optional[Tuple[str, Node]]:
    """(what, where) for the first alias go-yaml refuses in the document ``root``, or None.

    ``what`` is ``RECURSIVE``, ``EXCESSIVE`` or (with ``expanded``) ``TOO_DEEP``: the data,
    aliases expanded, nests deeper than ``MAX_DEPTH`` levels. ``where`` is the node that
    holds the alias: the mapping key whose value it is, else the collection it is in.
    """
    decoded = 1  # the document node
    aliased = 0
    size = {}  # id -> nodes decoded for it, aliases expanded (once its walk is over)
    height = {}  # id -> levels it spans, aliases expanded (once its walk is over)
    reach = {}  # id of an open collection -> the deepest level reached inside it so far
    # (node, level, id of its parent, the node that holds it, leaving or a mapping key)
    stack = [(root, 1, None, root, 0)]
    while stack:
        node, level, parent, holder, role = stack.pop()
        key = id(node)
        if role == _LEAVING:
            size[key] = decoded - size[key]
            height[key] = reach.pop(key) - level + 1
            if parent is not None and reach[parent] < level + height[key] - 1:
                reach[parent] = level + height[key] - 1
            continue
        if key in reach:
            return RECURSIVE, holder
        if key in size:  # an alias: the node again, decoded in full once more
            n = size[key]
            decoded += 1 + n
            aliased += n
            if aliased > 100 and decoded > 1000 and \
                    aliased / decoded > allowed_alias_ratio(decoded):
                return EXCESSIVE, holder
            deepest = level + height[key] - 1
            if expanded and deepest > MAX_DEPTH:
                return TOO_DEEP, holder
            if parent is not None and reach[parent] < deepest:
                reach[parent] = deepest
            continue
        cls = node.__class__
        if role == _KEY and cls is ScalarNode and _is_merge_key(node):
            continue  # a merge key: go-yaml merges its value, it does not decode the key
        decoded += 1
        if cls is ScalarNode:
            size[key] = 1
            height[key] = 1
            if parent is not None and reach[parent] < level:
                reach[parent] = level
            continue
        size[key] = decoded - 1  # (where its count started: see ``leaving``)
        reach[key] = level
        stack.append((node, level, parent, holder, _LEAVING))
        if cls is MappingNode:
            for k, v in reversed(node.value):
                stack.append((v, level + 1, key, k, 0))
                stack.append((k, level + 1, key, node, _KEY))
        elif cls is SequenceNode:
            stack.extend((item, level + 1, key, node, 0) for item in reversed(node.value))
    return None
