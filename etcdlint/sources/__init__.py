"""Source adapters: each recognises one place where etcd configuration lives."""

from __future__ import annotations

from typing import Callable, Dict, Iterator, List, Optional, Union

from ruamel.yaml.nodes import Node

from etcdlint.records import field, record
from etcdlint.model import ApiServerConfig, EtcdConfig

Found = Union[EtcdConfig, ApiServerConfig]


@record(frozen=False)
class FileContext:
    """What adapters may know about the file a document comes from."""

    path: str
    text: str
    documents: List[Node]
    configmaps: Dict[str, Node] = field(default_factory=dict)


Adapter = Callable[[Node, FileContext], Iterator[Found]]


# Which adapters can apply to a document, by its ``kind``: the others are not even imported.
KUBEADM_KINDS = frozenset(("ClusterConfiguration", "KubeadmControlPlane",
                           "KubeadmControlPlaneTemplate", "KubeadmConfig",
                           "KubeadmConfigTemplate"))


def adapters_for(kind: Optional[str]) -> List[Adapter]:
    """The adapters for a document of this ``kind`` (None: a document without one)."""
    from etcdlint.sources import podspec

    found: List[Adapter] = [podspec.locate]
    if kind in KUBEADM_KINDS:
        from etcdlint.sources import kubeadm

        found.append(kubeadm.locate)
    elif kind == "Cluster":
        from etcdlint.sources import kind as kind_cluster

        found.append(kind_cluster.locate)
    elif kind is None or kind == "ConfigMap":
        from etcdlint.sources import configfile

        found.append(configfile.locate)
        if kind is None:
            from etcdlint.sources import k3s, talos

            found.extend((k3s.locate, talos.locate))
    return found
