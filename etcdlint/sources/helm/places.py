"""What the places that hold a release's values share: values inside a string, typed
name/value pairs, and handing the layers to the chart."""

from __future__ import annotations

from typing import Iterator, List, Optional, Sequence, Tuple

from ruamel.yaml.nodes import Node, ScalarNode

from etcdlint.model import EtcdConfig, Span
from etcdlint.records import replace
from etcdlint.sources import FileContext
from etcdlint.sources.helm.bitnami_etcd import Release, chart_config
from etcdlint.sources.helm.values import (Layer, MapLayer, OpaqueLayer, PairsLayer, Unknown, Value,
                                         Values, is_templated, set_data)
from etcdlint.sources.helm.values_edit import MapWriter, Writer
from etcdlint.text.yamlnodes import is_map, is_null, is_scalar, node_span, scalar_str, scalar_token


def string_values(node: Node, ctx: FileContext, label: str) -> Tuple[Layer, Optional[Writer]]:
    """A values file inside a string scalar (Argo ``helm.values``, k3s ``valuesContent``, a
    ConfigMap's ``values.yaml``): its positions mapped back into the file; written to only
    when it is a literal block (``|``)."""
    from etcdlint.sources.embedded import inner_documents

    if not isinstance(node, ScalarNode):
        return OpaqueLayer(f"{label} is not a string"), None
    if scalar_str(node) is None:
        return MapLayer(None, ctx.text, label), None
    if is_templated(node.value):
        return OpaqueLayer(f"{label} is templated"), None
    docs, inner, to_outer = inner_documents(node, ctx)
    docs = [d for d in docs if d is not None]
    if not docs and node.value.strip():
        return OpaqueLayer(f"{label} is not valid YAML"), None
    root = docs[-1] if docs else None
    if root is not None and not is_map(root):
        return OpaqueLayer(f"{label} is not a map"), None
    literal = node.style == "|"
    layer = MapLayer(root, inner.text, label, to_outer, editable=literal)
    return layer, MapWriter(root, (), to_outer, editable=literal) if root is not None else None


def map_values(node: Optional[Node], ctx: FileContext, label: str) -> Layer:
    """Values written as a map (null or absent: none); anything else cannot be values."""
    if node is None or is_null(node):
        return MapLayer(None, ctx.text, label)
    if not is_map(node):
        return OpaqueLayer(f"{label} is not a map")
    return MapLayer(node, ctx.text, label)


def pair(name_node: Node, value_node: Optional[Node], item: Node, ctx: FileContext,
         force_string: bool = False, typed: bool = True) -> Tuple[str, object]:
    """One ``--set`` style pair, its value typed as Helm types it (a template: unknown)."""
    name = scalar_str(name_node) or ""
    if not is_scalar(value_node):
        return name, Unknown(f"{name} has no literal value")
    token = scalar_token(value_node, ctx.text)
    text = token.text
    if is_templated(text) or is_templated(name):
        return name, Unknown(f"{name} is templated")
    data = set_data(text, force_string) if typed else text
    span = Span(node_span(item).start, node_span(value_node).end)
    return name, Value(data, tuple(name.split(".")), span, token.inner_span(), token, value_node)


def pairs_layer(pairs: Sequence[Tuple[str, object]], label: str) -> PairsLayer:
    layer = PairsLayer((), label)
    layer.pairs = [(n, replace(v, layer=layer) if isinstance(v, Value) else v)
                   for n, v in pairs]
    return layer


def release_config(layers: List[Layer], release: Release, ctx: FileContext) -> Iterator[EtcdConfig]:
    config = chart_config(Values(layers), replace(release, text=ctx.text))
    if config is not None:
        yield replace(config, path=ctx.path)


def version_text(node: Optional[Node]) -> Optional[str]:
    """A version constraint as written (a template stays one: no version can be read)."""
    return scalar_str(node)
