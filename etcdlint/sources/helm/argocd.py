"""Argo CD ``Application`` and ``ApplicationSet`` template of bitnami's etcd chart.

Each ``spec.source`` / ``spec.sources`` item (``spec.template.spec`` of an ApplicationSet)
whose ``chart`` is ``etcd`` and ``repoURL`` a bitnami repository is one release;
``targetRevision`` is its chart version. Values, lowest first (argoproj/argo-cd
``reposerver/repository``, ``pkg/apis/application/v1alpha1`` ``ValuesYAML``):
``helm.valueFiles`` (files in the chart or another source: unknown), then
``helm.valuesObject`` or, when there is none, the ``helm.values`` string (positions mapped
back into the file), then ``helm.parameters`` (``--set``, or ``--set-string`` with
``forceString``) and ``helm.fileParameters`` (unknown).
"""

from __future__ import annotations

from typing import Iterator, List

from ruamel.yaml.nodes import Node

from etcdlint.model import EtcdConfig
from etcdlint.sources import FileContext
from etcdlint.sources.helm.bitnami_etcd import Release
from etcdlint.sources.helm.chart_ref import is_bitnami_etcd
from etcdlint.sources.helm.places import (map_values, pair, pairs_layer, release_config,
                                         string_values, version_text)
from etcdlint.sources.helm.values import Layer, OpaqueLayer, Unknown
from etcdlint.sources.helm.values_edit import ListItemWriter, MapWriter, Writer
from etcdlint.text.yamlnodes import (get_path, is_map, map_get, node_span, scalar_str,
                                     seq_items)


def locate(doc: Node, ctx: FileContext) -> Iterator[EtcdConfig]:
    api = scalar_str(map_get(doc, "apiVersion")) or ""
    kind = scalar_str(map_get(doc, "kind"))
    if not api.startswith("argoproj.io/"):
        return
    spec = map_get(doc, "spec")
    if kind == "ApplicationSet":
        spec = get_path(spec, "template", "spec")
    elif kind != "Application":
        return
    name = scalar_str(get_path(doc, "metadata", "name")) or "(unnamed)"
    sources = [map_get(spec, "source")] if map_get(spec, "source") is not None else []
    sources.extend(seq_items(map_get(spec, "sources")))
    for source in sources:
        if is_map(source) and is_bitnami_etcd(scalar_str(map_get(source, "chart")),
                                              scalar_str(map_get(source, "repoURL"))):
            yield from _release(source, ctx, f"Argo CD {kind} {name}")


def _release(source: Node, ctx: FileContext, label: str) -> Iterator[EtcdConfig]:
    helm = map_get(source, "helm")
    layers: List[Layer] = []
    writers: List[Writer] = []
    if seq_items(map_get(helm, "valueFiles")):
        layers.append(OpaqueLayer("helm.valueFiles"))
    values_object = map_get(helm, "valuesObject")
    values = map_get(helm, "values")
    if values_object is not None:
        layers.append(map_values(values_object, ctx, "helm.valuesObject"))
        writers.append(MapWriter(values_object))
    elif values is not None:
        layer, writer = string_values(values, ctx, "helm.values")
        layers.append(layer)
        if writer is not None:
            writers.append(writer)
    parameters = map_get(helm, "parameters")
    pairs = []
    for item in seq_items(parameters):
        name = map_get(item, "name")
        if name is None:
            continue
        force = (scalar_str(map_get(item, "forceString")) or "").lower() == "true"
        pairs.append(pair(name, map_get(item, "value"), item, ctx, force_string=force))
    for item in seq_items(map_get(helm, "fileParameters")):
        name = scalar_str(map_get(item, "name"))
        if name:
            pairs.append((name, Unknown(f"{name} comes from a file")))
    if pairs:
        layers.append(pairs_layer(pairs, "helm.parameters"))
    if seq_items(parameters):
        writers.insert(0, ListItemWriter(parameters))
    if not writers:
        writers.append(MapWriter(helm, ("valuesObject",)) if is_map(helm) and helm.value
                       else MapWriter(source, ("helm", "valuesObject")))
    release = Release(label, node_span(map_get(source, "chart")),
                      version_text(map_get(source, "targetRevision")), tuple(writers))
    yield from release_config(layers, release, ctx)
