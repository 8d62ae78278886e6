"""Edits that write a Helm value in the style of the file that holds it.

A value already written is replaced in place (its quotes kept). A missing one is added
beside its siblings, with the maps it needs (``auth:``, ``client:``) created at the
indentation the map already uses; in Argo CD ``helm.parameters`` it becomes a new
``name``/``value`` item, in a k3s ``set`` map a new ``"a.b.c": "value"`` entry. Values inside
a string are edited only in a literal block (``|``), where lines are kept as written; flow
maps and folded or quoted strings are left alone (no fix is offered).
"""

from __future__ import annotations

from typing import Callable, Optional, Tuple

from ruamel.yaml.nodes import Node, ScalarNode

from etcdlint.model import Edit, Span
from etcdlint.text.yamlnodes import is_map, map_items, node_span, seq_items

Path = Tuple[str, ...]


def replace_value(value, text: str, new: str) -> Optional[Edit]:
    """Replace a written value's token (a scalar, in a layer that may be edited)."""
    layer = value.layer
    if value.node is None or not isinstance(value.node, ScalarNode) or \
            not getattr(layer, "editable", True):
        return None
    span = value.value_span
    old = text[span.start:span.end]
    if value.node.style in ("'", '"') and not getattr(layer, "typed_strings", False):
        return None  # a quoted "false" is a string (true to the chart): not a boolean to flip
    return Edit(span, new, old)


class Writer:
    """Somewhere a missing value can be written."""

    def write(self, path: Path, value: str, text: str) -> Optional[Edit]:  # pragma: no cover
        raise NotImplementedError


class MapWriter(Writer):
    """Under a block mapping (``prefix`` keys first: ``values`` under a Flux ``spec``)."""

    def __init__(self, node: Optional[Node], prefix: Path = (),
                 to_outer: Callable[[Span], Span] = lambda s: s, editable: bool = True) -> None:
        self.node = node
        self.prefix = prefix
        self.to_outer = to_outer
        self.editable = editable

    def write(self, path: Path, value: str, text: str) -> Optional[Edit]:
        if not self.editable or not is_map(self.node):
            return None
        keys = self.prefix + path
        node = self.node
        depth = 0
        while depth < len(keys):
            child = _child(node, keys[depth])
            if child is None:
                break
            if not is_map(child) or not child.value or child.flow_style:
                return None  # a scalar, an empty or a flow map: not written here
            node, depth = child, depth + 1
        if depth == len(keys):
            return None
        return _insert_under(node, keys[depth:], value, text, self.to_outer)


class ListItemWriter(Writer):
    """A new ``name``/``value`` item after the last one of a block list (Argo parameters)."""

    def __init__(self, node: Node) -> None:
        self.node = node

    def write(self, path: Path, value: str, text: str) -> Optional[Edit]:
        items = seq_items(self.node)
        if not items or self.node.flow_style:
            return None
        span = node_span(items[-1])
        return Edit(span, f"{'.'.join(path)}={value}", "", "insert-after", "env")


class DottedMapWriter(Writer):
    """A new ``a.b.c: "value"`` entry of a block map (k3s ``set``, whose values are strings)."""

    def __init__(self, node: Node) -> None:
        self.node = node

    def write(self, path: Path, value: str, text: str) -> Optional[Edit]:
        entries = map_items(self.node)
        if not entries or self.node.flow_style:
            return None
        key, last = entries[-1]
        span = Span(node_span(key).start, node_span(last).end)
        return Edit(span, f'{".".join(path)}="{value}"', "", "insert-after", "map")


def _child(node: Node, key: str) -> Optional[Node]:
    found = None
    for k, v in map_items(node):
        if isinstance(k, ScalarNode) and k.value == key:
            found = v
    return found


def _insert_under(node: Node, keys: Path, value: str, text: str,
                  to_outer: Callable[[Span], Span]) -> Optional[Edit]:
    entries = map_items(node)
    if not entries or node.flow_style:
        return None
    first = to_outer(node_span(entries[0][0])).start
    line_start = text.rfind("\n", 0, first) + 1
    lead = text[line_start:first]
    if lead.strip(" -") != "" or "\t" in lead:
        return None
    column = len(lead)
    step = _indent_step(entries, text, column, to_outer)
    last_key, last_value = entries[-1]
    end = to_outer(node_span(last_value)).end
    if end <= to_outer(node_span(last_key)).start:
        end = to_outer(node_span(last_key)).end
    while end > first and text[end - 1] in " \t\r\n":
        end -= 1
    at = text.find("\n", end)
    newline = "\r\n" if at > 0 and text[at - 1] == "\r" else "\n"
    if at < 0:
        at = len(text)
    elif text[at - 1] == "\r":
        at -= 1
    lines = [f"{newline}{' ' * (column + step * i)}{key}:" for i, key in enumerate(keys[:-1])]
    lines.append(f"{newline}{' ' * (column + step * (len(keys) - 1))}{keys[-1]}: {value}")
    return Edit(Span(at, at), "".join(lines), "")


def _indent_step(entries, text: str, column: int, to_outer) -> int:
    for _, value in entries:
        if is_map(value) and value.value and not value.flow_style:
            start = to_outer(node_span(value.value[0][0])).start
            inner = start - (text.rfind("\n", 0, start) + 1)
            if inner > column:
                return inner - column
    return 2
