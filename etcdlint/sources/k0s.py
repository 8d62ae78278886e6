"""k0s ``ClusterConfig`` (``spec.storage.etcd``) and the objects that embed one: k0sctl's
``Cluster`` (``spec.k0s.config``) and k0smotron's ``K0sControlPlane`` /
``K0sControlPlaneTemplate`` (``spec.k0sConfigSpec.k0s``).

What k0s does, read from k0sproject/k0s v1.34–v1.36 (``pkg/component/controller/etcd.go``,
``pkg/apis/k0s/v1beta1/storage.go``, ``pkg/component/controller/apiserver.go``):

- k0s starts etcd itself with TLS and client certificate authentication on both sides
  (``--client-cert-auth=true``, ``--peer-client-cert-auth=true``, certificates under
  ``/var/lib/k0s/pki/etcd``, an etcd CA of its own), ``--tls-min-version=TLS1.2`` and
  ``--enable-pprof=false``.
- Each ``extraArgs`` entry ``name: value`` becomes ``--name=value`` and replaces k0s's flag of
  that name (k0s only logs a warning). The map is a Go ``map[string]string`` read through
  JSON: an unquoted boolean or number is refused with the whole configuration.
- ``rawArgs`` (k0s v1.34 and later) are command-line words appended after every other flag,
  unchecked: etcd's own parser reads them, and a repeated flag's last value wins.
- ``storage.type: kine`` runs no etcd; ``etcd.externalCluster`` runs none either, and the API
  server then talks to the listed endpoints, with TLS files only when ``caFile``,
  ``clientCertFile`` and ``clientKeyFile`` are all set.
- The API server's ``--client-ca-file`` is ``/var/lib/k0s/pki/ca.crt`` (``api.extraArgs`` may
  replace it); k0s appends its own ``--etcd-*`` flags last, so they always win.

k0s also sets ``--cipher-suites`` to its TLS 1.2 list when the user sets neither cipher suites
nor TLS 1.3: that list holds no weak suite, so etcdlint does not model it. k0smotron
overwrites fields of ``spec.api`` (the external address, SANs), never ``spec.storage``
(k0sproject/k0smotron ``api/controlplane/v1beta1/k0s_types.go``, ``K0sConfigSpec.K0s``).
"""

from __future__ import annotations

from typing import Iterator, List, Optional, Tuple

from ruamel.yaml.nodes import Node

from etcdlint.etcd.precedence import resolve_etcd
from etcdlint.model import ORIGIN_EXTRA_ARG, EtcdConfig, Setting, Span
from etcdlint.sources import FileContext, Found
from etcdlint.sources.argmaps import (apiserver, joined_urls, map_args, over_defaults,
                                      word_args)
from etcdlint.text.yamlnodes import (get_path, is_map, map_get, map_get_pair, node_span,
                                     scalar_str, seq_items)

PKI = "/var/lib/k0s/pki"
ETCD_PKI = f"{PKI}/etcd"
CONTROL_PLANES = {
    "K0sControlPlane": ("spec", "k0sConfigSpec"),
    "K0sControlPlaneTemplate": ("spec", "template", "spec", "k0sConfigSpec"),
}
_CONTROLLER_ROLES = frozenset(("controller", "controller+worker", "single"))


def etcd_defaults(peer: str) -> List[Tuple[str, str]]:
    peer_url = f"https://{peer}:2380"
    return [
        ("data-dir", "/var/lib/k0s/etcd"),
        ("listen-client-urls", "https://127.0.0.1:2379"),
        ("advertise-client-urls", "https://127.0.0.1:2379"),
        ("client-cert-auth", "true"),
        ("listen-peer-urls", peer_url),
        ("initial-advertise-peer-urls", peer_url),
        ("name", "<hostname>"),
        ("tls-min-version", "TLS1.2"),
        ("trusted-ca-file", f"{ETCD_PKI}/ca.crt"),
        ("cert-file", f"{ETCD_PKI}/server.crt"),
        ("key-file", f"{ETCD_PKI}/server.key"),
        ("peer-trusted-ca-file", f"{ETCD_PKI}/ca.crt"),
        ("peer-key-file", f"{ETCD_PKI}/peer.key"),
        ("peer-cert-file", f"{ETCD_PKI}/peer.crt"),
        ("peer-client-cert-auth", "true"),
        ("enable-pprof", "false"),
        ("auth-token", f"jwt,pub-key={ETCD_PKI}/jwt.pub,priv-key={ETCD_PKI}/jwt.key,"
                       "sign-method=RS512,ttl=10m"),
    ]


API_DEFAULTS = [
    ("client-ca-file", f"{PKI}/ca.crt"),
    ("etcd-servers", "https://127.0.0.1:2379"),
    ("etcd-cafile", f"{ETCD_PKI}/ca.crt"),
    ("etcd-certfile", f"{PKI}/apiserver-etcd-client.crt"),
    ("etcd-keyfile", f"{PKI}/apiserver-etcd-client.key"),
]


def locate(doc: Node, ctx: FileContext) -> Iterator[Found]:
    kind = scalar_str(map_get(doc, "kind")) or ""
    api = scalar_str(map_get(doc, "apiVersion")) or ""
    name = scalar_str(get_path(doc, "metadata", "name"))
    named = f" {name}" if name else ""
    kind_span = node_span(map_get(doc, "kind")) if map_get(doc, "kind") is not None else None
    if kind == "ClusterConfig" and api.startswith("k0s.k0sproject.io/"):
        yield from cluster_config(doc, ctx, kind_span, f"k0s ClusterConfig{named}")
    elif kind == "Cluster" and api.startswith("k0sctl.k0sproject.io/"):
        pair = map_get_pair(get_path(doc, "spec", "k0s"), "config")
        label = f"k0sctl Cluster{named} spec.k0s.config"
        if pair is not None and is_map(pair[1]):
            yield from cluster_config(pair[1], ctx, node_span(pair[0]), label)
        elif any(scalar_str(map_get(host, "role")) in _CONTROLLER_ROLES
                 for host in seq_items(get_path(doc, "spec", "hosts"))):
            yield from cluster_config(None, ctx, kind_span, label)
    elif kind in CONTROL_PLANES and api.startswith("controlplane.cluster.x-k8s.io/"):
        parent = get_path(doc, *CONTROL_PLANES[kind])
        pair = map_get_pair(parent, "k0s")
        label = f"{kind}{named or ' (unnamed)'}"
        if pair is not None and is_map(pair[1]):
            yield from cluster_config(pair[1], ctx, node_span(pair[0]), label)
        elif is_map(get_path(doc, "spec")):
            yield from cluster_config(None, ctx, kind_span, label)


def cluster_config(cc: Optional[Node], ctx: FileContext, anchor: Optional[Span],
                   label: str) -> Iterator[Found]:
    """The etcd server (or external etcd client) a k0s ClusterConfig describes."""
    spec = map_get(cc, "spec")
    storage_pair = map_get_pair(spec, "storage")
    storage = storage_pair[1] if storage_pair else None
    if anchor is None:
        anchor = node_span(storage_pair[0]) if storage_pair else Span(0, 0)
    if (scalar_str(map_get(storage, "type")) or "etcd") != "etcd":
        return  # kine (or a type k0s refuses): no etcd
    etcd_pair = map_get_pair(storage, "etcd")
    etcd = etcd_pair[1] if etcd_pair else None
    api_args, _ = map_args(get_path(spec, "api", "extraArgs"), ctx, "k0s", strings_only=True)
    client_ca = [use for use in api_args if use.name == "client-ca-file"]
    external_pair = map_get_pair(etcd, "externalCluster")
    if external_pair is not None and is_map(external_pair[1]):
        yield _external(external_pair, ctx, client_ca, label)
        return
    args_pair = map_get_pair(etcd, "extraArgs")
    raw_pair = map_get_pair(etcd, "rawArgs")
    for pair in (args_pair, raw_pair, etcd_pair, storage_pair):
        if pair is not None:
            etcd_anchor = node_span(pair[0])
            break
    else:
        etcd_anchor = anchor
    overrides, problems = map_args(args_pair[1] if args_pair else None, ctx, "k0s",
                                   strings_only=True)
    raw, raw_problems = word_args(raw_pair[1] if raw_pair else None, ctx)
    peer = scalar_str(map_get(etcd, "peerAddress")) or "<peer-address>"
    uses = over_defaults(etcd_defaults(peer), overrides, etcd_anchor) + raw
    resolved = resolve_etcd(uses, ())
    yield EtcdConfig(
        source="k0s", path=ctx.path, anchor_span=etcd_anchor, settings=resolved.settings,
        flag_uses=tuple(u for u in uses if u.origin == ORIGIN_EXTRA_ARG),
        problems=tuple(problems) + tuple(raw_problems) + resolved.problems, label=label,
        config_file=resolved.config_file, complete=resolved.config_file is None)
    yield apiserver(ctx.path, anchor, API_DEFAULTS, client_ca, "k0s", label)


def _external(pair: Tuple[Node, Node], ctx: FileContext, client_ca, label: str):
    key, external = pair
    anchor = node_span(key)
    extra = []
    endpoints = map_get_pair(external, "endpoints")
    if endpoints is not None:
        servers = joined_urls(endpoints[0], endpoints[1], ctx, "etcd-servers")
        if servers is not None:
            extra.append(servers)
    files = [(field, flag, map_get(external, field)) for field, flag in (
        ("caFile", "etcd-cafile"), ("clientCertFile", "etcd-certfile"),
        ("clientKeyFile", "etcd-keyfile"))]
    if all(scalar_str(node) for _, _, node in files):  # k0s passes them only all together
        for field, flag, node in files:
            span = node_span(node)
            extra.append(Setting(flag, scalar_str(node), ORIGIN_EXTRA_ARG, span, span))
    return apiserver(ctx.path, anchor, [("client-ca-file", f"{PKI}/ca.crt")], client_ca,
                     "k0s-external", label, extra, names={
                         "etcd-servers": f"{_EXTERNAL}.endpoints",
                         **{flag: f"{_EXTERNAL}.{field}" for field, flag, _ in files}})


_EXTERNAL = "spec.storage.etcd.externalCluster"
