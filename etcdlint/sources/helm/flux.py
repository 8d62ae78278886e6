"""Flux ``HelmRelease`` (``helm.toolkit.fluxcd.io/v2*``) of bitnami's etcd chart.

The chart is ``spec.chart.spec.chart`` from ``spec.chart.spec.sourceRef`` (a HelmRepository:
its ``spec.url`` when it is in the same file, otherwise its name must say ``bitnami``), or
``spec.chartRef`` (an OCIRepository of the same file whose ``spec.url`` is bitnami's etcd).
Values, lowest first (fluxcd/helm-controller ``internal/chartutil/values.go``,
``ChartValuesFromReferences``): ``spec.chart.spec.valuesFiles`` (files inside the chart:
unknown), each ``spec.valuesFrom`` in order (a ConfigMap of the same file and of the
HelmRelease's namespace, ``types.NamespacedName{Namespace: namespace, Name: ref.Name}``,
is read at ``valuesKey``, default ``values.yaml``, or at ``targetPath``: see ``envvars``
for a namespace on one side only; one defined beside the HelmRelease is read too, see
``siblingvalues``; a Secret, or a ConfigMap not found, is unknown), then ``spec.values``.
"""

from __future__ import annotations

import os
from typing import Iterator, List, Optional

from ruamel.yaml.nodes import Node

from etcdlint.model import EtcdConfig
from etcdlint.sources import FileContext
from etcdlint.sources.envvars import namespace_of
from etcdlint.sources.helm.bitnami_etcd import Release
from etcdlint.sources.helm.chart_ref import is_bitnami_etcd
from etcdlint.sources.helm.places import (map_values, pair, pairs_layer, release_config,
                                         string_values, version_text)
from etcdlint.sources.helm.values import Layer, OpaqueLayer
from etcdlint.sources.helm.values_edit import MapWriter
from etcdlint.text.yamlnodes import get_path, map_get, node_span, scalar_str, seq_items


def locate(doc: Node, ctx: FileContext) -> Iterator[EtcdConfig]:
    api = scalar_str(map_get(doc, "apiVersion")) or ""
    if not api.startswith("helm.toolkit.fluxcd.io/v2"):
        return
    spec = map_get(doc, "spec")
    chart = _chart(spec, ctx)
    if chart is None:
        return
    chart_node, version = chart
    layers: List[Layer] = []
    chart_spec = get_path(spec, "chart", "spec")
    if seq_items(map_get(chart_spec, "valuesFiles")) or map_get(chart_spec, "valuesFile"):
        layers.append(OpaqueLayer("spec.chart.spec.valuesFiles"))  # files of the chart itself
    for ref in seq_items(map_get(spec, "valuesFrom")):
        layers.append(_values_from(ref, ctx, namespace_of(doc)))
    values = map_get(spec, "values")
    layers.append(map_values(values, ctx, "spec.values"))
    writer = MapWriter(values, ()) if values is not None else MapWriter(spec, ("values",))
    name = scalar_str(get_path(doc, "metadata", "name")) or "(unnamed)"
    ns = scalar_str(get_path(doc, "metadata", "namespace"))
    release = Release(f"Flux HelmRelease {ns + '/' if ns else ''}{name}", node_span(chart_node),
                      version, (writer,))
    yield from release_config(layers, release, ctx)


def _chart(spec: Optional[Node], ctx: FileContext):
    chart_node = get_path(spec, "chart", "spec", "chart")
    if chart_node is not None:
        ref = get_path(spec, "chart", "spec", "sourceRef")
        if (scalar_str(map_get(ref, "kind")) or "HelmRepository") != "HelmRepository":
            return None
        repo = scalar_str(map_get(ref, "name")) or ""
        source = _source(ctx, "HelmRepository", repo)
        if source is not None:
            url = scalar_str(get_path(source, "spec", "url"))
        else:  # defined in another file: a repository named for bitnami
            url = "https://charts.bitnami.com/bitnami" if "bitnami" in repo.lower() else None
        if not is_bitnami_etcd(scalar_str(chart_node), url):
            return None
        return chart_node, version_text(get_path(spec, "chart", "spec", "version"))
    ref = map_get(spec, "chartRef")
    if ref is None or scalar_str(map_get(ref, "kind")) != "OCIRepository":
        return None
    source = _source(ctx, "OCIRepository", scalar_str(map_get(ref, "name")) or "")
    url = scalar_str(get_path(source, "spec", "url"))
    if not is_bitnami_etcd(url, None):
        return None
    tag = get_path(source, "spec", "ref", "tag")
    semver = get_path(source, "spec", "ref", "semver")
    return map_get(ref, "name"), version_text(tag if tag is not None else semver)


def _source(ctx: FileContext, kind: str, name: str) -> Optional[Node]:
    for doc in ctx.documents:
        if scalar_str(map_get(doc, "kind")) == kind and \
                scalar_str(get_path(doc, "metadata", "name")) == name:
            return doc
    return None


def _values_from(ref: Node, ctx: FileContext, namespace: Optional[str]) -> Layer:
    kind = scalar_str(map_get(ref, "kind"))
    name = scalar_str(map_get(ref, "name")) or ""
    key = scalar_str(map_get(ref, "valuesKey")) or "values.yaml"
    data = ctx.configmaps.get((namespace, name)) if kind == "ConfigMap" else None
    node = map_get(data, key)
    target = map_get(ref, "targetPath")
    label = f"valuesFrom ConfigMap {name} key {key}"
    if node is None:
        if kind == "ConfigMap" and target is None:
            from etcdlint.sources.helm.sibling_values import sibling_values

            found = sibling_values(ctx.side_files, os.path.basename(ctx.path.split("#")[0]),
                                   name, key, node_span(ref), label, namespace)
            if found is not None:
                return found
        return OpaqueLayer(f"valuesFrom {kind} {name}")
    if target is not None:
        return pairs_layer([pair(target, node, node, ctx)], label)
    layer, _ = string_values(node, ctx, label)
    return layer
