"""The objects that install a Helm release, by kind: each places etcd's chart values."""

from __future__ import annotations

from typing import Iterator

from ruamel.yaml.nodes import Node

from etcdlint.model import EtcdConfig
from etcdlint.sources import FileContext
from etcdlint.text.yamlnodes import map_get, scalar_str


def locate(doc: Node, ctx: FileContext) -> Iterator[EtcdConfig]:
    kind = scalar_str(map_get(doc, "kind"))
    if kind == "HelmRelease":
        from etcdlint.sources.helm import flux as place
    elif kind == "HelmChart":
        from etcdlint.sources.helm import k3s_helmchart as place
    else:
        from etcdlint.sources.helm import argocd as place
    yield from place.locate(doc, ctx)
