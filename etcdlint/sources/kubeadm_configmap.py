"""The ``kubeadm-config`` ConfigMap: ``data.ClusterConfiguration`` is the kubeadm YAML that
``kubeadm init`` uploads (and ``kubeadm upgrade`` and ``kubeadm join`` read back), inside a
string. It is read as a ClusterConfiguration (sources/kubeadm.py), every position mapped back
into the file.

kubeadm writes it in ``cmd/kubeadm/app/phases/uploadconfig/uploadconfig.go``
(kubernetes/kubernetes, v1.28–v1.34): ConfigMap ``kube-system/kubeadm-config``, key
``ClusterConfiguration`` (``constants.ClusterConfigurationConfigMapKey``).
"""

from __future__ import annotations

from typing import Iterator

from ruamel.yaml.nodes import Node, ScalarNode

from etcdlint.sources import FileContext, Found
from etcdlint.sources.embedded import located_inside
from etcdlint.sources.kubeadm import cluster_configuration
from etcdlint.text.yamlnodes import get_path, is_map, map_get, map_items, node_span, scalar_str


def locate(doc: Node, ctx: FileContext) -> Iterator[Found]:
    if scalar_str(get_path(doc, "metadata", "name")) != "kubeadm-config":
        return
    namespace = scalar_str(get_path(doc, "metadata", "namespace"))
    if namespace not in (None, "kube-system"):
        return
    node = get_path(doc, "data", "ClusterConfiguration")
    if isinstance(node, ScalarNode):
        yield from located_inside(node, ctx, _cluster_configuration)


def _cluster_configuration(doc: Node, ctx: FileContext) -> Iterator[Found]:
    if not is_map(doc) or not map_items(doc):
        return
    kind = map_get(doc, "kind")
    if kind is not None and scalar_str(kind) != "ClusterConfiguration":
        return
    anchor = node_span(kind if kind is not None else map_items(doc)[0][0])
    yield from cluster_configuration(doc, ctx, anchor,
                                     "ConfigMap kube-system/kubeadm-config ClusterConfiguration")
