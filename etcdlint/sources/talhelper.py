"""talhelper ``talconfig.yaml``: Talos patches for the control-plane nodes, as far as they
reach ``cluster.etcd.extraArgs`` (sources/talos_patches.py, sources/talos.py).

What talhelper does, read from budimanjojo/talhelper v3.1 (``pkg/config/config.go``,
``pkg/config/nodeconfigs.go``, ``pkg/generate/config.go``, ``pkg/patcher/patcher.go``):

- Each node with ``controlPlane: true`` gets a machine config of its own.
- Its patches are ``controlPlane.patches`` followed by the node's own ``patches`` (only the
  node's with ``overridePatches: true``), then the top-level ``patches``: each is applied in
  turn, so a later patch wins.
- A patch is a string: a strategic merge patch or a JSON 6902 list, in YAML, loaded by Talos's
  ``configpatcher.LoadPatch``; ``@file`` names a patch file, which etcdlint does not read.
- talhelper substitutes ``${VAR}`` from the environment and renders Go templates
  (``{{ … }}``): such values are unknown to etcdlint and not judged.
"""

from __future__ import annotations

from typing import Iterator, List

from ruamel.yaml.nodes import Node, ScalarNode

from etcdlint.sources import FileContext, Found
from etcdlint.sources.talos_patches import ArgsState
from etcdlint.text.yamlnodes import (get_path, is_map, map_get, map_get_pair, node_span,
                                     scalar_str, seq_items)

_TRUE = ("true", "True", "TRUE")


def is_talconfig(doc: Node) -> bool:
    if not is_map(doc) or map_get(doc, "kind") is not None or map_get(doc, "clusterName") is None:
        return False
    return any(is_map(node) and map_get(node, "hostname") is not None
               for node in seq_items(map_get(doc, "nodes")))


def locate(doc: Node, ctx: FileContext) -> Iterator[Found]:
    if not is_talconfig(doc):
        return
    group = list(seq_items(get_path(doc, "controlPlane", "patches")))
    common = list(seq_items(map_get(doc, "patches")))
    read: dict = {}  # each patch is read once, whichever nodes it applies to
    for node in seq_items(map_get(doc, "nodes")):
        pair = map_get_pair(node, "controlPlane")
        if pair is None or scalar_str(pair[1]) not in _TRUE:
            continue
        own = list(seq_items(map_get(node, "patches")))
        override = scalar_str(map_get(node, "overridePatches")) in _TRUE
        patches: List[Node] = (own if override else group + own) + common
        state = ArgsState(node_span(pair[0]), templated=True)
        for patch in patches:
            if isinstance(patch, ScalarNode) and not (scalar_str(patch) or "").startswith("@"):
                state.patch_string(patch, ctx, read)
        hostname = scalar_str(map_get(node, "hostname")) or "(unnamed)"
        yield state.config(ctx.path, f"talhelper node {hostname}")
