"""JSON patches (RFC 6902) on composed YAML nodes, as kustomize applies them.

kustomize applies them with evanphx/json-patch (api/filters/patchjson6902): a path is a JSON
pointer (RFC 6901: ``/``-separated, ``~1`` is ``/`` and ``~0`` is ``~``); ``add`` on a list
inserts before the index or, with ``-``, appends, on a map sets the key; ``replace`` needs
the key or index to exist; ``remove`` deletes it; ``move`` removes the value at ``from`` and
adds it at ``path``; ``copy`` adds the value at ``from`` at ``path`` too; ``test`` changes
nothing, and fails the build unless the value at ``path`` equals its ``value``. A path that
does not exist fails the build in kustomize: etcdlint then does not judge it, nor a ``test``
whose outcome it cannot be sure of (a scalar YAML 1.1 and 1.2 read differently).
Like the strategic merge, the result is a new node tree; leaves keep their positions (a
copied value keeps those of its source: the text that decided it).
"""

from __future__ import annotations

import re
from typing import List, Optional

from ruamel.yaml.nodes import MappingNode, Node, SequenceNode

from etcdlint.repo.kustomize.strategic_merge import Unmodelled, scalar
from etcdlint.text.yamlnodes import is_map, is_scalar, is_seq, map_get, scalar_str, seq_items
from etcdlint.text.jsonpointer import reference_tokens

OPS = ("add", "replace", "remove", "move", "copy", "test")


def pointer(path: str) -> List[str]:
    parts = reference_tokens(path)
    if parts is None:
        raise Unmodelled(f"JSON pointer {path!r} does not start with /")
    return parts


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
        where = map_get(op_node, "path")
        if op in ("move", "copy"):
            source = scalar_str(map_get(op_node, "from"))
            if source is None:
                raise Unmodelled(f"a JSON patch {op} without from")
            if op == "move" and (path + "/").startswith(source + "/") and path != source:
                raise Unmodelled(f"a JSON patch move of {source} into itself")
            value = _get(doc, pointer(source), source)
            if op == "move":
                if path == source:
                    continue
                doc = _at(doc, pointer(source), "remove", None, where, source)
            doc = _at(doc, pointer(path), "add", value, where, path)
            continue
        value = map_get(op_node, "value")
        if op != "remove" and value is None:
            raise Unmodelled(f"a JSON patch {op} without value")
        if op == "test":
            if not _equal(_get(doc, pointer(path), path), value, path):
                raise Unmodelled(f"JSON patch test of {path} fails: kustomize does not build "
                                 "this overlay")
            continue
        doc = _at(doc, pointer(path), op, value, where, path)
    return doc


def _get(node: Node, parts: List[str], path: str) -> Node:
    """The node at ``parts`` (a ``from``, or what a ``test`` compares)."""
    for head in parts:
        if is_map(node):
            at = _key_at(node.value, head)
            if at is None:
                raise Unmodelled(f"JSON patch path {path} (no {head!r})")
            node = node.value[at][1]
        elif is_seq(node):
            i = _index(head, path)
            if i >= len(node.value):
                raise Unmodelled(f"JSON patch path {path} (index {i} out of range)")
            node = node.value[i]
        else:
            raise Unmodelled(f"JSON patch path {path} (goes through a scalar)")
    return node


# Plain scalars YAML 1.1 reads as something other than a string where YAML 1.2 reads a string
# (or the other way): kustomize's JSON conversion and its YAML library may disagree on them.
_AMBIGUOUS = re.compile(r"(?i:y|n|yes|no|on|off)$|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$"
                        r"|[-+]?0[0-7_]+$|[-+]?0b[01_]+$|[-+]?[0-9][0-9_]*_[0-9_]*$|0o[0-7]+$")
_NULL = re.compile(r"(?:~|null|Null|NULL)?$")
_BOOL = re.compile(r"true|True|TRUE|false|False|FALSE$")
_INT = re.compile(r"[-+]?(?:[0-9]+|0x[0-9a-fA-F]+)$")
_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$"
                    r"|[-+]?\.(?:inf|Inf|INF)$|\.(?:nan|NaN|NAN)$")


def _equal(a: Node, b: Node, path: str) -> bool:
    """Whether two nodes hold the same JSON value (``Unmodelled`` where that is unsure)."""
    return _data(a, path) == _data(b, path)


def _data(node: Node, path: str) -> object:
    """A node as JSON sees it: quoted and block scalars are strings, plain ones resolve by
    YAML 1.2's core schema; a custom tag, or a plain scalar YAML 1.1 reads otherwise, is
    unsure."""
    if is_map(node):
        return {repr(_data(k, path)): _data(v, path) for k, v in node.value}
    if is_seq(node):
        return [_data(item, path) for item in node.value]
    text = node.value
    if node.tag is not None and not node.tag.startswith("tag:yaml.org,2002:"):
        return _unsure(path)
    if node.style:
        return ("str", text)
    if _AMBIGUOUS.match(text):
        return _unsure(path)
    if _NULL.match(text):
        return ("null",)
    if _BOOL.match(text):
        return ("bool", text.lower() == "true")
    if _INT.match(text):
        return ("num", float(int(text, 16 if "x" in text else 10)))
    if _FLOAT.match(text):
        if "inf" in text.lower() or "nan" in text.lower():
            return _unsure(path)
        return ("num", float(text))
    return ("str", text)


def _unsure(path: str) -> object:
    raise Unmodelled(f"JSON patch test of {path}: a value whose type etcdlint cannot be sure of")


def _at(node: Node, parts: List[str], op: str, value: Node, where: Node, path: str) -> Node:
    if not parts:
        if op == "remove":
            raise Unmodelled("removing the whole document")
        return value
    head, rest = parts[0], parts[1:]
    if is_map(node):
        pairs = list(node.value)
        at = _key_at(pairs, head)
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
            i = _index(head, path)
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


def _key_at(pairs, head: str) -> Optional[int]:
    """Where a mapping's ``(key, value)`` pairs give the key ``head`` (None: nowhere)."""
    return next((i for i, (k, _) in enumerate(pairs) if is_scalar(k) and k.value == head), None)


def _index(head: str, path: str) -> int:
    """A list index as a JSON pointer writes it (digits, no leading zero)."""
    if not head.isdigit() or (len(head) > 1 and head.startswith("0")):
        raise Unmodelled(f"JSON patch path {path} ({head!r} is not an index)")
    return int(head)
