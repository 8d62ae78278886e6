"""Helm values as a chart sees them: layers merged the way Helm merges them, each value
placed where it was written.

A release's values come in layers, lowest first: the values files, the inline values, then
``--set``-style name/value pairs (Argo CD ``helm.parameters``, k3s ``set``). Maps merge key by
key (a ``null`` removes the key); anything else is replaced whole. A layer whose content
cannot be read (a ``valuesFrom`` Secret, an Argo ``valueFiles`` entry inside the chart)
makes every value it could hold unknown. Values files are read as Helm reads them
(``sigs.k8s.io/yaml``, YAML 1.1: ``yes`` and ``on`` are booleans); a string holding a
template (``{{``) or a Flux substitution (``${``) is unknown.
"""

from __future__ import annotations

import re
from typing import Callable, Optional, Sequence, Tuple, Union

from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from etcdlint.model import Span
from etcdlint.records import record
from etcdlint.text.tokens import Token
from etcdlint.text.yamlnodes import is_map, map_items, node_span, scalar_token

Path = Tuple[str, ...]
_TRUE = frozenset("y Y yes Yes YES true True TRUE on On ON".split())
_FALSE = frozenset("n N no No NO false False FALSE off Off OFF".split())
_NULL = frozenset(("", "~", "null", "Null", "NULL"))
_INT = re.compile(r"[-+]?(0|[1-9][0-9_]*)$")
_TEMPLATED = ("{{", "${")


class Unknown:
    """A value etcdlint cannot know; ``why`` says where it comes from."""

    __slots__ = ("why", "refused")

    def __init__(self, why: str, refused: bool = False) -> None:
        self.why = why
        self.refused = refused  # a side file the repository layer refused to read: say so

    def __repr__(self) -> str:
        return f"Unknown({self.why!r})"


@record
class Value:
    """A value written in some layer: its data (bool, int, str, None; the node itself for a
    collection), where it was written (``span``: key and value; ``value_span``: the value)."""

    data: object
    path: Path
    span: Span
    value_span: Span
    token: Optional[Token] = None
    node: Optional[Node] = None
    layer: Optional["Layer"] = None


Found = Union[Value, Unknown, None]


def truthy(data: object) -> bool:
    """Go template truth, as ``{{ if }}`` decides it."""
    if isinstance(data, (MappingNode, SequenceNode)):
        return bool(data.value)
    if isinstance(data, bool):
        return data
    if isinstance(data, (int, float)):
        return data != 0
    if isinstance(data, (list, dict, tuple)):
        return bool(data)
    return data is not None and data != ""


def is_templated(text: str) -> bool:
    return any(mark in text for mark in _TEMPLATED)


def scalar_data(node: ScalarNode) -> object:
    """The value Helm reads from a scalar of a values file (YAML 1.1)."""
    value = node.value
    if node.style:
        return value
    if value in _NULL:
        return None
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    if _INT.match(value):
        return int(value.replace("_", ""))
    return value


def set_data(text: str, force_string: bool = False) -> object:
    """The value Helm's ``--set`` gives a string (``--set-string`` keeps it a string)."""
    if force_string:
        return text
    low = text.lower()
    if low == "true":
        return True
    if low == "false":
        return False
    if low == "null":
        return None
    if re.fullmatch(r"[-+]?(0|[1-9][0-9]*)", text):
        return int(text)
    return text


class Layer:
    """One source of values. ``get`` returns a Value, an Unknown, or None (not set here)."""

    label = "values"

    def get(self, path: Path) -> Found:  # pragma: no cover - interface
        raise NotImplementedError


class MapLayer(Layer):
    """A values map: inline in the file, or inside a string (``to_outer`` maps positions)."""

    typed_strings = False  # a quoted scalar is a string

    def __init__(self, root: Optional[Node], text: str, label: str,
                 to_outer: Callable[[Span], Span] = lambda s: s, editable: bool = True) -> None:
        self.root = root
        self.text = text
        self.label = label
        self.to_outer = to_outer
        self.editable = editable  # False inside a folded or quoted string

    def node_at(self, path: Path) -> Optional[Node]:
        node = self.root
        for key in path:
            if not is_map(node):
                return None
            node = _get(node, key)
        return node

    def get(self, path: Path) -> Found:
        node = self.root
        if node is None:
            return None
        key_node = None
        for depth, key in enumerate(path):
            if isinstance(node, ScalarNode):
                if scalar_data(node) is None:  # ``auth: null`` drops the chart's whole map
                    return self._value(None, path[:depth], node, key_node)
                return Unknown(f"{'.'.join(path[:depth])} is not a map")
            if not is_map(node):
                return Unknown(f"{'.'.join(path[:depth])} is not a map")
            pair = _get_pair(node, key)
            if pair is None:
                return None
            key_node, node = pair
        if isinstance(node, ScalarNode):
            data = scalar_data(node)
            if isinstance(data, str) and is_templated(data):
                return Unknown(f"{'.'.join(path)} is templated")
            return self._value(data, path, node, key_node)
        return self._value(node, path, node, key_node)

    def _value(self, data: object, path: Path, node: Node, key: Optional[Node]) -> Value:
        value_span = self.to_outer(node_span(node))
        start = self.to_outer(node_span(key)).start if key is not None else value_span.start
        token = None
        if isinstance(node, ScalarNode):
            token = scalar_token(node, self.text)
            value_span = self.to_outer(token.inner_span())
        return Value(data, path, Span(start, max(start, value_span.end)), value_span, token, node,
                     self)


class PairsLayer(Layer):
    """``--set``-style pairs: ``a.b.c`` names, each with its value already typed."""

    typed_strings = True  # every value is a string that Helm types itself
    editable = True

    def __init__(self, pairs: Sequence[Tuple[str, Found]], label: str) -> None:
        self.pairs = list(pairs)
        self.label = label

    def get(self, path: Path) -> Found:
        want = ".".join(path)
        found: Found = None
        for name, value in self.pairs:
            if name == want:
                found = value  # the last of repeated names wins, as with --set
            elif name.startswith(want + ".") or name.startswith(want + "[") or \
                    want.startswith(name + ".") or "\\" in name:
                found = Unknown(f"{name} is set in {self.label}")
        return found


class OpaqueLayer(Layer):
    """Values etcdlint cannot read: every value may come from here."""

    def __init__(self, why: str, refused: bool = False) -> None:
        self.why = why
        self.label = why
        self.refused = refused

    def get(self, path: Path) -> Found:
        return Unknown(self.why, self.refused)


class Values:
    """A release's values, highest layer last."""

    def __init__(self, layers: Sequence[Layer]) -> None:
        self.layers = list(layers)

    def get(self, path: Union[str, Path]) -> Found:
        if isinstance(path, str):
            path = tuple(path.split("."))
        for layer in reversed(self.layers):
            found = layer.get(path)
            if found is not None:
                return found
        return None


def _get_pair(node: Node, key: str) -> Optional[Tuple[Node, Node]]:
    last = None
    for k, v in map_items(node):
        if isinstance(k, ScalarNode) and k.value == key:
            last = (k, v)  # (a repeated key: the last one wins, as in Helm)
    return last


def _get(node: Node, key: str) -> Optional[Node]:
    pair = _get_pair(node, key)
    return pair[1] if pair else None


