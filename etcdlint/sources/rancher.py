"""Rancher ``provisioning.cattle.io/v1`` ``Cluster`` (``spec.rkeConfig``) and Cluster API
``RKE2ControlPlane`` / ``RKE2ControlPlaneTemplate``: both write a k3s/RKE2 server
``config.yaml``, whose etcd settings sources/k3s.py reads.

Rancher's planner (rancher/rancher, ``pkg/capr/planner/config.go`` ``addUserConfig``, main
branch of 2025) copies every key of ``machineGlobalConfig``, then, in list order, every key
of each ``machineSelectorConfig[].config`` whose ``machineLabelSelector`` is absent or matches
the machine: a later entry replaces a key (``etcd-arg`` as a whole list) of an earlier one.
etcdlint cannot know the machines' labels, so it reads one configuration for the machines
no selector picks out, and one more for each selector entry that sets ``etcd-arg`` or
``etcd-expose-metrics``.

rancher/cluster-api-provider-rke2 (v0.24–v0.25, ``pkg/rke2/config.go``) writes
``serverConfig.etcd.customConfig.extraArgs`` as ``etcd-arg`` and ``serverConfig.etcd.exposeMetrics``
as ``etcd-expose-metrics`` (``controlplane/api/v1beta1`` and ``v1beta2``).
"""

from __future__ import annotations

from typing import Dict, Iterator, List, Optional, Tuple

from ruamel.yaml.nodes import Node

from etcdlint.model import Span
from etcdlint.sources import FileContext, Found
from etcdlint.sources.k3s import etcd_config
from etcdlint.text.yamlnodes import (get_path, is_map, is_null, map_get, map_get_pair, map_items,
                                     node_span, scalar_str, seq_items)

ETCD_KEYS = ("etcd-arg", "etcd-expose-metrics")
RKE2_CONTROL_PLANES = {
    "RKE2ControlPlane": ("spec",),
    "RKE2ControlPlaneTemplate": ("spec", "template", "spec"),
}
Pair = Tuple[Node, Node]


def locate(doc: Node, ctx: FileContext) -> Iterator[Found]:
    kind = scalar_str(map_get(doc, "kind")) or ""
    api = scalar_str(map_get(doc, "apiVersion")) or ""
    name = scalar_str(get_path(doc, "metadata", "name")) or "(unnamed)"
    if kind == "Cluster" and api.startswith("provisioning.cattle.io/"):
        yield from _provisioning(doc, ctx, f"Cluster {name}")
    elif kind in RKE2_CONTROL_PLANES and api.startswith("controlplane.cluster.x-k8s.io/"):
        spec = get_path(doc, *RKE2_CONTROL_PLANES[kind])
        if not is_map(spec):
            return
        server_pair = map_get_pair(spec, "serverConfig")
        etcd = get_path(spec, "serverConfig", "etcd")
        fallback = node_span(server_pair[0] if server_pair else map_get(doc, "kind"))
        yield etcd_config(map_get_pair(get_path(etcd, "customConfig"), "extraArgs"),
                          map_get_pair(etcd, "exposeMetrics"), fallback, ctx, f"{kind} {name}")


def _provisioning(doc: Node, ctx: FileContext, label: str) -> Iterator[Found]:
    rke_pair = map_get_pair(map_get(doc, "spec"), "rkeConfig")
    if rke_pair is None or not is_map(rke_pair[1]):
        return  # an imported cluster, or one Rancher does not provision with k3s/RKE2
    rke = rke_pair[1]
    global_pair = map_get_pair(rke, "machineGlobalConfig")
    fallback = node_span(global_pair[0] if global_pair else rke_pair[0])
    layers: List[Tuple[Optional[int], Node]] = []  # (selector entry index or None, config)
    if global_pair is not None:
        layers.append((None, global_pair[1]))
    selected: List[int] = []
    for i, entry in enumerate(seq_items(map_get(rke, "machineSelectorConfig"))):
        config = map_get(entry, "config")
        if not is_map(config):
            continue
        if _matches_every_machine(map_get_pair(entry, "machineLabelSelector")):
            layers.append((None, config))
        else:
            layers.append((i, config))
            if any(map_get(config, key) is not None for key in ETCD_KEYS):
                selected.append(i)
    yield _merged(layers, None, fallback, ctx, f"{label} machineGlobalConfig")
    for i in selected:
        yield _merged(layers, i, fallback, ctx, f"{label} machineSelectorConfig[{i}]")


def _matches_every_machine(pair: Optional[Pair]) -> bool:
    """An absent or null selector, or one with nothing to match (``{}``)."""
    if pair is None or is_null(pair[1]):
        return True
    selector = pair[1]
    return is_map(selector) and not any(
        map_items(value) if is_map(value) else seq_items(value)
        for key, value in map_items(selector)
        if scalar_str(key) in ("matchLabels", "matchExpressions"))


def _merged(layers, chosen: Optional[int], fallback: Span, ctx: FileContext, label: str):
    """The configuration of a machine that only the selector entry ``chosen`` picks out."""
    pairs: Dict[str, Pair] = {}
    for index, config in layers:
        if index is not None and index != chosen:
            continue
        for key in ETCD_KEYS:
            pair = map_get_pair(config, key)
            if pair is not None:
                pairs[key] = pair
    return etcd_config(pairs.get("etcd-arg"), pairs.get("etcd-expose-metrics"), fallback, ctx,
                       label)
