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
from typing import Dict, List, Optional

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
    """``doc`` with the JSON patch ``operations`` applied (a new tree; ``doc`` is unchanged).

    The nodes on the paths the operations change are copied once for the whole patch (then
    changed in place), and each mapping's keys are looked up through an index: a patch of
    many operations costs about as much as its operations, not their number times the size
    of what they change."""
    patcher = _Patcher(doc)
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
            value = patcher.get(pointer(source), source)
            if op == "move":
                if path == source:
                    continue
                patcher.change(pointer(source), "remove", None, where, source)
            else:
                patcher.disown(value)  # (now in two places: never changed in place again)
            patcher.change(pointer(path), "add", value, where, path)
            continue
        value = map_get(op_node, "value")
        if op != "remove" and value is None:
            raise Unmodelled(f"a JSON patch {op} without value")
        if op == "test":
            if not _equal(patcher.get(pointer(path), path), value, path):
                raise Unmodelled(f"JSON patch test of {path} fails: kustomize does not build "
                                 "this overlay")
            continue
        patcher.change(pointer(path), op, value, where, path)
    return patcher.root


class _Patcher:
    """One JSON patch applied to one document: the nodes it made are changed in place."""

    def __init__(self, root: Node) -> None:
        self.root = root
        self.owned: Dict[int, Node] = {}  # id -> a node this patch made
        self.keys: Dict[int, Dict[str, int]] = {}  # id of a mapping -> first index of each key
        self.indexed: List[Node] = []  # the mappings of ``keys``, kept alive (ids stay theirs)

    def _key_at(self, node: MappingNode, head: str) -> Optional[int]:
        index = self.keys.get(id(node))
        if index is None:
            index = {}
            for i, (k, _) in enumerate(node.value):
                if is_scalar(k):
                    index.setdefault(k.value, i)
            self.keys[id(node)] = index
            self.indexed.append(node)
        return index.get(head)

    def _own(self, node: Node) -> Node:
        """``node`` itself when this patch made it, else a copy this patch owns."""
        if id(node) in self.owned:
            return node
        if is_map(node):
            copy: Node = MappingNode(node.tag, list(node.value), node.start_mark, node.end_mark,
                                     flow_style=node.flow_style)
            index = self.keys.get(id(node))
            if index is not None:
                self.keys[id(copy)] = dict(index)
                self.indexed.append(copy)
        else:
            copy = SequenceNode(node.tag, list(node.value), node.start_mark, node.end_mark,
                                flow_style=node.flow_style)
        self.owned[id(copy)] = copy
        return copy

    def disown(self, value: Node) -> None:
        """A value now in two places: copied again before any change."""
        stack = [value]
        while stack:
            node = stack.pop()
            if self.owned.pop(id(node), None) is None:
                continue
            if is_map(node):
                stack.extend(v for _, v in node.value)
            elif is_seq(node):
                stack.extend(node.value)

    def get(self, parts: List[str], path: str) -> Node:
        """The node at ``parts`` (a ``from``, or what a ``test`` compares)."""
        node = self.root
        for head in parts:
            node = self._child(node, head, path)
        return node

    def _child(self, node: Node, head: str, path: str) -> Node:
        if is_map(node):
            at = self._key_at(node, head)
            if at is None:
                raise Unmodelled(f"JSON patch path {path} (no {head!r})")
            return node.value[at][1]
        if is_seq(node):
            i = _index(head, path)
            if i >= len(node.value):
                raise Unmodelled(f"JSON patch path {path} (index {i} out of range)")
            return node.value[i]
        raise Unmodelled(f"JSON patch path {path} (goes through a scalar)")

    def change(self, parts: List[str], op: str, value: Optional[Node], where: Node,
               path: str) -> None:
        if not parts:
            if op == "remove":
                raise Unmodelled("removing the whole document")
            self.root = value
            return
        if not (is_map(self.root) or is_seq(self.root)):
            raise Unmodelled(f"JSON patch path {path} (goes through a scalar)")
        node = self.root = self._own(self.root)
        for head in parts[:-1]:
            child = self._child(node, head, path)
            if not (is_map(child) or is_seq(child)):
                raise Unmodelled(f"JSON patch path {path} (goes through a scalar)")
            owned = self._own(child)
            if owned is not child:
                if is_map(node):
                    at = self._key_at(node, head)
                    node.value[at] = (node.value[at][0], owned)
                else:
                    node.value[int(head)] = owned
            node = owned
        self._last(node, parts[-1], op, value, where, path)

    def _last(self, node: Node, head: str, op: str, value: Optional[Node], where: Node,
              path: str) -> None:
        if is_map(node):
            at = self._key_at(node, head)
            if op == "add":
                if at is None:
                    self.keys[id(node)][head] = len(node.value)
                    node.value.append((scalar(head, where), value))
                else:
                    node.value[at] = (node.value[at][0], value)
            elif at is None:
                raise Unmodelled(f"JSON patch path {path} (no {head!r} to {op})")
            elif op == "replace":
                node.value[at] = (node.value[at][0], value)
            else:
                del node.value[at]
                del self.keys[id(node)]  # (the keys after it moved: indexed again if needed)
            return
        items = node.value
        if head == "-" and op == "add":
            items.append(value)
            return
        i = _index(head, path)
        if op == "add":
            if i > len(items):
                raise Unmodelled(f"JSON patch path {path} (index {i} out of range)")
            items.insert(i, value)
        elif i >= len(items):
            raise Unmodelled(f"JSON patch path {path} (index {i} out of range)")
        elif op == "replace":
            items[i] = value
        else:
            del items[i]


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


def _index(head: str, path: str) -> int:
    """A list index as a JSON pointer writes it (digits, no leading zero)."""
    if not head.isdigit() or (len(head) > 1 and head.startswith("0")):
        raise Unmodelled(f"JSON patch path {path} ({head!r} is not an index)")
    return int(head)
