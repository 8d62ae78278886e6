"""An ``EtcdCluster`` of an API version its operator does not serve: not judged, said once.

Each operator's custom resource definition serves one version of its API group: the CoreOS
etcd operator's ``etcdclusters.etcd.database.coreos.com`` serves ``v1beta2`` only
(coreos/etcd-operator v0.9.4, ``pkg/apis/etcd/v1beta2/register.go`` and the CRD its
``pkg/util/k8sutil/crd.go`` creates), etcd-io/etcd-operator's ``etcdclusters.operator.etcd.io``
serves ``v1alpha1`` only (v0.1.0 to v0.2.0, ``config/crd/bases``). The API server refuses a
resource of another version of the group, so no etcd runs from it: etcdlint does not guess
which operator release would read it, and says so at its ``apiVersion``.
"""

from __future__ import annotations

from typing import Iterator

from ruamel.yaml.nodes import Node

from etcdlint.model import EtcdConfig
from etcdlint.sources import FileContext, Found
from etcdlint.sources.operators.defaults import describe
from etcdlint.text.yamlnodes import map_get, node_span, scalar_str

# API group -> (the version its operator serves, the operator)
SERVED = {
    "etcd.database.coreos.com": ("v1beta2", "the CoreOS etcd operator"),
    "operator.etcd.io": ("v1alpha1", "etcd-io/etcd-operator"),
}


def locate(doc: Node, ctx: FileContext) -> Iterator[Found]:
    if scalar_str(map_get(doc, "kind")) != "EtcdCluster":
        return
    node = map_get(doc, "apiVersion")
    group, _, version = (scalar_str(node) or "").partition("/")
    if group not in SERVED or version == SERVED[group][0]:
        return
    served, operator = SERVED[group]
    label = describe("EtcdCluster", doc)
    yield EtcdConfig(
        source="etcd-operator", path=ctx.path, anchor_span=node_span(node), settings={},
        complete=False, label=label,
        note=(f"{label}: apiVersion {group}/{version} is not served by {operator} (its "
              f"resource definition serves {group}/{served}): not modelled, not judged"))
