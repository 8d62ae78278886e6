"""JSON patches (RFC 6902) on composed YAML nodes: ``add``, ``replace`` and ``remove``.

kustomize applies them with evanphx/json-patch (api/filters/patchjson6902): a path is a JSON
pointer (RFC 6901: ``/``-separated, ``~1`` is ``/`` and ``~0`` is ``~``); ``add`` on a list
inserts before the index or, with ``-``, appends, on a map sets the key; ``replace`` needs
the key or index to exist; ``remove`` deletes it. Any other operation (``test``, ``move``,
``copy``), or a path that does not exist, is not modelled: the build is then not judged.
Like the strategic merge, the result is a new node tree; leaves keep their positions.
"""

from __future__ import annotations

from typing import List

from ruamel.yaml.nodes import MappingNode, Node, SequenceNode

from etcdlint.repo.strategic_merge import Unmodelled, scalar
from etcdlint.text.yamlnodes import is_map, is_scalar, is_seq, map_get, scalar_str, seq_items

OPS = ("add", "replace", "remove")


def pointer(path: str) -> List[str]:
    if path == "":
        return []
    if not path.startswith("/"):
        raise Unmodelled(f"JSON pointer {path!r} does not start with /")
    return [part.replace("~1", "/").replace("~0", "~") for part in path[1:].split("/")]


def apply_operations(doc: Node, operations: Node) -> Node:
    for op_node in seq_items(operations):
        if not is_map(op_node):
            raise Unmodelled("a JSON patch operation that is not a mapping")
        op = scalar_str(map_get(op_node, "op"))
        path = scalar_str(map_get(op_node, "path"))
        if op not in OPS:
            raise Unmodelled(f"JSON patch operation {op!r}")
        if path is None:
            raise Unmodelled("a JSON patch operation without path")
        value = map_get(op_node, "value")
        if op != "remove" and value is None:
            raise Unmodelled(f"a JSON patch {op} without value")
        doc = _at(doc, pointer(path), op, value, map_get(op_node, "path"), path)
    return doc


def _at(node: Node, parts: List[str], op: str, value: Node, where: Node, path: str) -> Node:
    if not parts:
        if op == "remove":
            raise Unmodelled("removing the whole document")
        return value
    head, rest = parts[0], parts[1:]
    if is_map(node):
        pairs = list(node.value)
        at = next((i for i, (k, _) in enumerate(pairs) if is_scalar(k) and k.value == head),
                  None)
        if rest:
            if at is None:
                raise Unmodelled(f"JSON patch path {path} (no {head!r})")
            pairs[at] = (pairs[at][0], _at(pairs[at][1], rest, op, value, where, path))
        elif op == "add":
            if at is None:
                pairs.append((scalar(head, where), value))
            else:
                pairs[at] = (pairs[at][0], value)
        elif at is None:
            raise Unmodelled(f"JSON patch path {path} (no {head!r} to {op})")
        elif op == "replace":
            pairs[at] = (pairs[at][0], value)
        else:
            del pairs[at]
        return MappingNode(node.tag, pairs, node.start_mark, node.end_mark,
                           flow_style=node.flow_style)
    if is_seq(node):
        items = list(node.value)
        if head == "-" and op == "add" and not rest:
            items.append(value)
        else:
            if not head.isdigit() or (len(head) > 1 and head.startswith("0")):
                raise Unmodelled(f"JSON patch path {path} ({head!r} is not an index)")
            i = int(head)
            if rest:
                if i >= len(items):
                    raise Unmodelled(f"JSON patch path {path} (index {i} out of range)")
                items[i] = _at(items[i], rest, op, value, where, path)
            elif op == "add":
                if i > len(items):
                    raise Unmodelled(f"JSON patch path {path} (index {i} out of range)")
                items.insert(i, value)
            elif i >= len(items):
                raise Unmodelled(f"JSON patch path {path} (index {i} out of range)")
            elif op == "replace":
                items[i] = value
            else:
                del items[i]
        return SequenceNode(node.tag, items, node.start_mark, node.end_mark,
                            flow_style=node.flow_style)
    raise Unmodelled(f"JSON patch path {path} (goes through a scalar)")
