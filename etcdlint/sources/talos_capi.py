"""Cluster API for Talos: ``TalosControlPlane`` (``spec.controlPlaneConfig.controlplane`` and
the older ``init``) and the bootstrap provider's ``TalosConfig`` / ``TalosConfigTemplate``
whose ``generateType`` is ``controlplane`` or ``init`` (or ``none`` with a control-plane
machine config in ``data``).

The bootstrap provider (siderolabs/cluster-api-bootstrap-provider-talos v0.6.5–v0.7: earlier
releases have no ``strategicPatches``; ``controllers/talosconfig_controller.go``
``reconcileGenerate``; the control-plane provider
siderolabs/cluster-api-control-plane-provider-talos v0.5, ``api/v1alpha3``) generates the
machine config, applies ``configPatches`` (JSON 6902 operations) and then
``strategicPatches`` (strategic merge patches as YAML strings), in list order; Talos then runs
etcd with the resulting ``cluster.etcd.extraArgs`` on top of its own flags
(sources/talos.py, sources/talos_patches.py).
"""

from __future__ import annotations

from typing import Iterator

from ruamel.yaml.nodes import Node, ScalarNode

from etcdlint.sources import FileContext, Found
from etcdlint.sources.embedded import inner_documents
from etcdlint.sources.talos import CONTROL_PLANE_TYPES as _CONTROL_PLANE_TYPES
from etcdlint.sources.talos_patches import ArgsState, same_file
from etcdlint.text.yamlnodes import (get_path, map_get, map_get_pair, node_span, scalar_str,
                                     seq_items)

KINDS = {
    "TalosControlPlane": ("controlplane.cluster.x-k8s.io/", (
        ("spec", "controlPlaneConfig", "controlplane"), ("spec", "controlPlaneConfig", "init"))),
    "TalosConfig": ("bootstrap.cluster.x-k8s.io/", (("spec",),)),
    "TalosConfigTemplate": ("bootstrap.cluster.x-k8s.io/", (("spec", "template", "spec"),)),
}


def locate(doc: Node, ctx: FileContext) -> Iterator[Found]:
    kind = scalar_str(map_get(doc, "kind")) or ""
    api = scalar_str(map_get(doc, "apiVersion")) or ""
    if kind not in KINDS or not api.startswith(KINDS[kind][0]):
        return
    name = scalar_str(get_path(doc, "metadata", "name")) or "(unnamed)"
    for path in KINDS[kind][1]:
        pair = map_get_pair(get_path(doc, *path[:-1]), path[-1])
        if pair is None or map_get(pair[1], "generateType") is None and kind != "TalosControlPlane":
            continue
        spec = pair[1]
        generate = scalar_str(map_get(spec, "generateType"))
        state = ArgsState(node_span(pair[0]))
        if generate == "none":
            if not _control_plane_data(map_get(spec, "data"), ctx, state):
                continue
        elif generate not in _CONTROL_PLANE_TYPES and kind != "TalosControlPlane":
            continue
        state.json6902(map_get(spec, "configPatches"), ctx.text, same_file)
        for patch in seq_items(map_get(spec, "strategicPatches")):
            if isinstance(patch, ScalarNode):
                state.patch_string(patch, ctx)
        yield state.config(ctx.path, f"{kind} {name} {'.'.join(path[1:])}")


def _control_plane_data(node, ctx: FileContext, state: ArgsState) -> bool:
    """Read a user-supplied machine config; False when it is not a control plane's."""
    if not isinstance(node, ScalarNode):
        return False
    docs, inner, to_outer = inner_documents(node, ctx)
    for doc in docs:
        if scalar_str(get_path(doc, "machine", "type")) in _CONTROL_PLANE_TYPES:
            state.strategic(doc, inner.text, to_outer)
            return True
    return False
