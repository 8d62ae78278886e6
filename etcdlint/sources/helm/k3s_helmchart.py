"""k3s / RKE2 ``HelmChart`` (``helm.cattle.io/v1``) of bitnami's etcd chart.

The chart is ``spec.chart`` ``etcd`` with ``spec.repo`` a bitnami repository, or the full OCI
reference in ``spec.chart``; ``spec.version`` is its version. Values, lowest first
(k3s-io/helm-controller ``pkg/controllers/chart/chart.go``): ``spec.valuesContent`` (a values
file in a string), the ``valuesContent`` of a ``HelmChartConfig`` of the same name in the same
file, then ``spec.set``: ``--set`` for integers and ``true``/``false``/``null`` in any case,
``--set-string`` for every other string. ``spec.valuesSecrets`` are unknown.
"""

from __future__ import annotations

from typing import Iterator, List, Optional

from ruamel.yaml.nodes import Node

from etcdlint.model import EtcdConfig
from etcdlint.sources import FileContext
from etcdlint.sources.helm.bitnami_etcd import Release
from etcdlint.sources.helm.chart_ref import is_bitnami_etcd
from etcdlint.sources.helm.places import (pair, pairs_layer, release_config, string_values,
                                         version_text)
from etcdlint.sources.helm.values import Layer, OpaqueLayer
from etcdlint.sources.helm.values_edit import DottedMapWriter, Writer
from etcdlint.text.yamlnodes import (get_path, is_map, map_get, map_items, node_span, scalar_str,
                                     seq_items)


def locate(doc: Node, ctx: FileContext) -> Iterator[EtcdConfig]:
    api = scalar_str(map_get(doc, "apiVersion")) or ""
    if not api.startswith("helm.cattle.io/") or scalar_str(map_get(doc, "kind")) != "HelmChart":
        return
    spec = map_get(doc, "spec")
    chart = map_get(spec, "chart")
    if not is_bitnami_etcd(scalar_str(chart), scalar_str(map_get(spec, "repo"))):
        return
    name = scalar_str(get_path(doc, "metadata", "name")) or "(unnamed)"
    layers: List[Layer] = []
    writers: List[Writer] = []
    content = map_get(spec, "valuesContent")
    if content is not None:
        layer, writer = string_values(content, ctx, "spec.valuesContent")
        layers.append(layer)
        if writer is not None:
            writers.append(writer)
    config = _config_for(ctx, name)
    if config is not None:
        layers.append(string_values(config, ctx, "HelmChartConfig valuesContent")[0])
    if seq_items(map_get(spec, "valuesSecrets")):
        layers.append(OpaqueLayer("spec.valuesSecrets"))
    set_map = map_get(spec, "set")
    if is_map(set_map):
        pairs = []
        for key, value in map_items(set_map):
            plain = value is not None and not getattr(value, "style", None)
            pairs.append(pair(key, value, key, ctx, force_string=False, typed=True)
                         if plain or _typed(scalar_str(value)) else
                         pair(key, value, key, ctx, force_string=True))
        layers.append(pairs_layer(pairs, "spec.set"))
        writers.append(DottedMapWriter(set_map))
    release = Release(f"HelmChart {name}", node_span(chart), version_text(map_get(spec, "version")),
                      tuple(writers))
    yield from release_config(layers, release, ctx)


def _typed(text: Optional[str]) -> bool:
    return (text or "").lower() in ("true", "false", "null")


def _config_for(ctx: FileContext, name: str) -> Optional[Node]:
    for doc in ctx.documents:
        if scalar_str(map_get(doc, "kind")) == "HelmChartConfig" and \
                scalar_str(get_path(doc, "metadata", "name")) == name:
            return get_path(doc, "spec", "valuesContent")
    return None
