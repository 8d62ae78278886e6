"""Values files of bitnami's etcd chart: an umbrella chart's ``values.yaml``, and the files
the ``helm-values`` configuration key names.

An umbrella chart's ``values.yaml`` holds the etcd subchart's values under the key of its
``Chart.yaml`` dependency (``alias`` when given, else ``etcd``), when that dependency is
``etcd`` from a bitnami repository; its ``version`` is the chart version, and a
``condition`` the values turn false means no etcd. ``Chart.yaml`` is read from the
values file's directory (through the repository layer's door: inside the repository only). A file named in ``helm-values`` is the chart's values at its top
level (chart version: the newest). Defaults are reported at the subchart's key (or the
file's first key).
"""

from __future__ import annotations

import os
from typing import Iterator, Optional, Tuple

from ruamel.yaml.nodes import Node

from etcdlint.model import EtcdConfig, Span
from etcdlint.sources import FileContext
from etcdlint.sources.helm.bitnami_etcd import Release
from etcdlint.sources.helm.chart_ref import is_bitnami_etcd
from etcdlint.sources.helm.places import map_values, release_config
from etcdlint.sources.helm.values import MapLayer, Values, truthy
from etcdlint.sources.helm.values_edit import MapWriter
from etcdlint.text.compose import compose_documents
from etcdlint.text.yamlnodes import (is_map, map_get, map_get_pair, map_items, node_span,
                                     scalar_str, seq_items)

VALUES_NAMES = ("values.yaml", "values.yml")
CHART_FILE = "Chart.yaml"
BITNAMI_ETCD = "bitnami/etcd"


def locate(doc: Node, ctx: FileContext) -> Iterator[EtcdConfig]:
    if not is_map(doc) or map_get(doc, "kind") is not None:
        return
    if ctx.values_chart == BITNAMI_ETCD:
        release = Release(f"values file {os.path.basename(ctx.path)}", _first_key(doc), None,
                          (MapWriter(doc),))
        yield from release_config([map_values(doc, ctx, "values")], release, ctx)
        return
    if os.path.basename(ctx.path) not in VALUES_NAMES:
        return
    chart = ctx.side_files.text_of(CHART_FILE)
    dependency = umbrella_dependency(chart.text) if chart.ok else None
    if dependency is None:
        return
    key, version, condition = dependency
    if condition:
        found = Values([MapLayer(doc, ctx.text, "values")]).get(condition.split(",")[0].strip())
        if found is not None and not hasattr(found, "why") and not truthy(found.data):
            return  # the subchart is turned off
    pair = map_get_pair(doc, key)
    anchor = node_span(pair[0]) if pair else _first_key(doc)
    release = Release(f"umbrella chart dependency {key}", anchor, version,
                      (MapWriter(doc, (key,)),))
    yield from release_config([map_values(pair[1] if pair else None, ctx, key)], release, ctx)


def umbrella_dependency(text: str) -> Optional[Tuple[str, Optional[str], Optional[str]]]:
    """(values key, version, condition) of the bitnami etcd dependency of the Chart.yaml
    ``text`` (read by the repository layer); None when there is none."""
    if "etcd" not in text:
        return None
    docs, _ = compose_documents(text)
    for doc in docs:
        for dep in seq_items(map_get(doc, "dependencies")):
            repo = scalar_str(map_get(dep, "repository"))
            if repo and repo.startswith("@") or repo and repo.startswith("alias:"):
                repo = "https://charts.bitnami.com/bitnami" if "bitnami" in repo else repo
            if is_bitnami_etcd(scalar_str(map_get(dep, "name")), repo):
                key = scalar_str(map_get(dep, "alias")) or "etcd"
                return key, scalar_str(map_get(dep, "version")), \
                    scalar_str(map_get(dep, "condition"))
    return None


def _first_key(doc: Node) -> Span:
    entries = map_items(doc)
    return node_span(entries[0][0]) if entries else Span(0, 0)
