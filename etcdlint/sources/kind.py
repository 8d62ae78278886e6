"""kind ``Cluster``: ``kubeadmConfigPatches`` hold kubeadm YAML inside strings."""

from __future__ import annotations

from typing import Iterator

from ruamel.yaml.nodes import Node, ScalarNode

from etcdlint.sources import FileContext, Found
from etcdlint.sources.embedded import located_inside
from etcdlint.sources.kubeadm import cluster_configuration
from etcdlint.text.yamlnodes import map_get, node_span, scalar_str, seq_items


def locate(doc: Node, ctx: FileContext) -> Iterator[Found]:
    api = scalar_str(map_get(doc, "apiVersion")) or ""
    if scalar_str(map_get(doc, "kind")) != "Cluster" or not api.startswith("kind.x-k8s.io/"):
        return
    patches = list(seq_items(map_get(doc, "kubeadmConfigPatches")))
    for node in seq_items(map_get(doc, "nodes")):
        patches.extend(seq_items(map_get(node, "kubeadmConfigPatches")))
    found_any = False
    for patch in patches:
        if isinstance(patch, ScalarNode):
            for found in located_inside(patch, ctx, _cluster_configuration_patch):
                found_any = True
                yield found
    if not found_any:
        # Every kind cluster runs kubeadm's etcd with its secure defaults.
        yield from cluster_configuration(None, ctx, node_span(map_get(doc, "kind")),
                                         "kind Cluster")


def _cluster_configuration_patch(doc: Node, ctx: FileContext) -> Iterator[Found]:
    if scalar_str(map_get(doc, "kind")) == "ClusterConfiguration":
        yield from cluster_configuration(doc, ctx, node_span(map_get(doc, "kind")),
                                         "kind kubeadmConfigPatches ClusterConfiguration")
