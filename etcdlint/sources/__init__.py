"""Source adapters: each recognises one place where etcd configuration lives."""

from __future__ import annotations

from typing import Callable, Dict, Iterator, List, Union

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


def adapters() -> List[Adapter]:
    from etcdlint.sources import configfile, k3s, kind, kubeadm, podspec, talos

    return [podspec.locate, kubeadm.locate, configfile.locate, k3s.locate, talos.locate,
            kind.locate]


def locate_all(ctx: FileContext) -> Iterator[Found]:
    from etcdlint.sources.envvars import collect_configmaps

    ctx.configmaps = collect_configmaps(ctx.documents)
    found = adapters()
    for doc in ctx.documents:
        for adapter in found:
            yield from adapter(doc, ctx)
