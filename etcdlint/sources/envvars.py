"""Kubernetes ``env`` / ``envFrom`` lists as EnvEntry values, each placed in the file."""

from __future__ import annotations

from typing import Dict, Iterator, Optional, Tuple

from ruamel.yaml.nodes import Node

from etcdlint.etcd.precedence import EnvEntry
from etcdlint.text.yamlnodes import (get_path, is_map, is_scalar, map_get, map_get_pair, map_items,
                                node_span, scalar_str, scalar_token, seq_items)


def env_entries(env_list: Node, text: str) -> Iterator[EnvEntry]:
    """``[{name, value}]`` / ``[{name, valueFrom}]`` items; ``valueFrom`` gives value None."""
    for item in seq_items(env_list):
        pair = map_get_pair(item, "name")
        if pair is None:
            continue
        name = scalar_str(pair[1])
        if not name:
            continue
        value_node = map_get(item, "value")
        span = node_span(item)
        value_from = map_get(item, "valueFrom")
        if value_from is not None:
            yield EnvEntry(name, None, span, node_span(pair[1]), node_span(value_from))
        elif is_scalar(value_node):
            tok = scalar_token(value_node, text)
            value = tok.text if scalar_str(value_node) is not None else ""
            yield EnvEntry(name, value, span, node_span(pair[1]), tok.inner_span())
        else:
            yield EnvEntry(name, "", span, node_span(pair[1]), node_span(pair[1]))


def env_from_entries(env_from: Node, text: str, configmaps: Dict[str, Node]) -> Iterator[EnvEntry]:
    """Variables of ``envFrom: [{configMapRef}]`` whose ConfigMap is in the same file."""
    for item in seq_items(env_from):
        ref = scalar_str(get_path(item, "configMapRef", "name"))
        data = configmaps.get(ref) if ref else None
        prefix = scalar_str(map_get(item, "prefix")) or ""
        for key, value in map_items(data):
            name = scalar_str(key)
            if name and is_scalar(value):
                tok = scalar_token(value, text)
                yield EnvEntry(prefix + name, tok.text, node_span(key), node_span(key),
                               tok.inner_span())


def env_from_unresolved(env_from: Node, configmaps: Dict[str, Node]) -> bool:
    """True when some ``envFrom`` source is not a ConfigMap of the same file."""
    for item in seq_items(env_from):
        ref = scalar_str(get_path(item, "configMapRef", "name"))
        if ref is None or ref not in configmaps:
            return True
    return False


def configmap_data(doc: Node) -> Optional[Tuple[str, Node]]:
    """(name, ``data``) of a ConfigMap document with both, or None."""
    if scalar_str(map_get(doc, "kind")) == "ConfigMap":
        name = scalar_str(get_path(doc, "metadata", "name"))
        data = map_get(doc, "data")
        if name and is_map(data):
            return name, data
    return None
