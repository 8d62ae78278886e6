"""kubeadm ClusterConfiguration (v1beta2-v1beta4) and the Cluster API objects embedding it.

kubeadm writes the etcd static pod itself, with a secure flag set; ``etcd.local.extraArgs``
replaces every default of the same name, and the resulting ``--name=value`` list is sorted
by name then value (so with v1beta4's repeated names the greatest value is the one etcd
keeps). ``etcd.external`` configures only the API server's client side.
"""

from __future__ import annotations

from typing import Dict, Iterator, List, Optional, Tuple

from ruamel.yaml.nodes import Node

from etcdlint.records import record
from etcdlint.etcd.versions import version_from_tag
from etcdlint.model import (ORIGIN_KUBEADM_DEFAULT, ORIGIN_KUBEADM_EXTRA_ARG, ApiServerConfig,
                            ArgvProblem, EtcdConfig, FlagUse, Setting, Span)
from etcdlint.etcd.precedence import resolve_etcd
from etcdlint.sources import FileContext, Found
from etcdlint.sources.envvars import env_entries
from etcdlint.text.tokens import Token, joined
from etcdlint.text.yamlnodes import (get_path, scalar_kind, is_map, is_scalar, is_seq, map_get,
                                map_get_pair, map_items, node_span, scalar_str, scalar_token,
                                seq_items)

CAPI_CLUSTER_CONFIGURATION = {
    "KubeadmControlPlane": ("spec", "kubeadmConfigSpec"),
    "KubeadmControlPlaneTemplate": ("spec", "template", "spec", "kubeadmConfigSpec"),
    "KubeadmConfig": ("spec",),
    "KubeadmConfigTemplate": ("spec", "template", "spec"),
}
# Kinds whose nodes run etcd even when ``clusterConfiguration`` is left to defaults.
_CONTROL_PLANES = frozenset(("KubeadmControlPlane", "KubeadmControlPlaneTemplate"))
ADVERTISE = "<advertise-address>"
NODE = "<node-name>"


@record
class ExtraArg:
    name: str
    value: str
    span: Span
    name_span: Span
    value_span: Span
    token: Optional[Token]


def etcd_defaults(cert_dir: str, data_dir: str) -> List[Tuple[str, str]]:
    """The flags kubeadm writes into the etcd static pod (security-relevant ones and URLs)."""
    return [
        ("advertise-client-urls", f"https://{ADVERTISE}:2379"),
        ("cert-file", f"{cert_dir}/etcd/server.crt"),
        ("client-cert-auth", "true"),
        ("data-dir", data_dir),
        ("initial-advertise-peer-urls", f"https://{ADVERTISE}:2380"),
        ("initial-cluster", f"{NODE}=https://{ADVERTISE}:2380"),
        ("key-file", f"{cert_dir}/etcd/server.key"),
        ("listen-client-urls", f"https://127.0.0.1:2379,https://{ADVERTISE}:2379"),
        ("listen-metrics-urls", "http://127.0.0.1:2381"),
        ("listen-peer-urls", f"https://{ADVERTISE}:2380"),
        ("name", NODE),
        ("peer-cert-file", f"{cert_dir}/etcd/peer.crt"),
        ("peer-client-cert-auth", "true"),
        ("peer-key-file", f"{cert_dir}/etcd/peer.key"),
        ("peer-trusted-ca-file", f"{cert_dir}/etcd/ca.crt"),
        ("snapshot-count", "10000"),
        ("trusted-ca-file", f"{cert_dir}/etcd/ca.crt"),
    ]


def apiserver_defaults(cert_dir: str) -> List[Tuple[str, str]]:
    return [
        ("client-ca-file", f"{cert_dir}/ca.crt"),
        ("etcd-cafile", f"{cert_dir}/etcd/ca.crt"),
        ("etcd-certfile", f"{cert_dir}/apiserver-etcd-client.crt"),
        ("etcd-keyfile", f"{cert_dir}/apiserver-etcd-client.key"),
        ("etcd-servers", "https://127.0.0.1:2379"),
    ]


def locate(doc: Node, ctx: FileContext) -> Iterator[Found]:
    kind = scalar_str(map_get(doc, "kind"))
    if kind == "ClusterConfiguration":
        api = scalar_str(map_get(doc, "apiVersion")) or ""
        if api == "" or api.startswith("kubeadm.k8s.io/"):
            name = scalar_str(get_path(doc, "metadata", "name"))
            label = "kubeadm ClusterConfiguration" + (f" {name}" if name else "")
            yield from cluster_configuration(doc, ctx, node_span(map_get(doc, "kind")), label)
        return
    path = CAPI_CLUSTER_CONFIGURATION.get(kind or "")
    api = scalar_str(map_get(doc, "apiVersion")) or ""
    if path is None or not api.startswith(("controlplane.cluster.x-k8s.io/",
                                           "bootstrap.cluster.x-k8s.io/")):
        return
    parent = get_path(doc, *path)
    pair = map_get_pair(parent, "clusterConfiguration")
    name = scalar_str(get_path(doc, "metadata", "name")) or "(unnamed)"
    label = f"{kind} {name}"
    if pair is not None and is_map(pair[1]) and (kind in _CONTROL_PLANES or
                                                 map_get(pair[1], "etcd") is not None):
        yield from cluster_configuration(pair[1], ctx, node_span(pair[0]), label)
    elif kind in _CONTROL_PLANES and is_map(parent):
        yield from cluster_configuration(None, ctx, node_span(map_get(doc, "kind")), label)


def cluster_configuration(cc: Optional[Node], ctx: FileContext, anchor: Span,
                          label: str) -> Iterator[Found]:
    cert_dir = (scalar_str(map_get(cc, "certificatesDir")) or "/etc/kubernetes/pki").rstrip("/")
    etcd_pair = map_get_pair(cc, "etcd")
    etcd = etcd_pair[1] if etcd_pair else None
    external_pair = map_get_pair(etcd, "external")
    if external_pair is not None and is_map(external_pair[1]):
        yield _apiserver(cc, ctx, cert_dir, anchor, label, external_pair)
        return
    local_pair = map_get_pair(etcd, "local")
    local = local_pair[1] if local_pair else None
    args_pair = map_get_pair(local, "extraArgs")
    if args_pair is not None:
        etcd_anchor = node_span(args_pair[0])
    elif local_pair is not None:
        etcd_anchor = node_span(local_pair[0])
    elif etcd_pair is not None:
        etcd_anchor = node_span(etcd_pair[0])
    else:
        etcd_anchor = anchor
    data_dir = scalar_str(map_get(local, "dataDir")) or "/var/lib/etcd"
    overrides, problems = extra_args(args_pair[1] if args_pair else None, ctx)
    uses = merge_args(etcd_defaults(cert_dir, data_dir), overrides, etcd_anchor)
    env = list(env_entries(map_get(local, "extraEnvs"), ctx.text))
    resolved = resolve_etcd(uses, env)
    yield EtcdConfig(
        source="kubeadm", path=ctx.path, anchor_span=etcd_anchor, settings=resolved.settings,
        flag_uses=tuple(u for u in uses if u.origin == ORIGIN_KUBEADM_EXTRA_ARG),
        env_uses=resolved.env_uses, problems=tuple(problems) + resolved.problems,
        label=label, config_file=resolved.config_file, complete=resolved.config_file is None,
        version=version_from_tag(scalar_str(map_get(local, "imageTag"))))
    advertised = resolved.settings.get("advertise-client-urls")
    yield _apiserver(cc, ctx, cert_dir, anchor, label, None,
                     advertised if advertised is not None and
                     advertised.origin == ORIGIN_KUBEADM_EXTRA_ARG else None)


def _apiserver(cc: Optional[Node], ctx: FileContext, cert_dir: str, anchor: Span, label: str,
               external_pair: Optional[Tuple[Node, Node]],
               etcd_servers: Optional[Setting] = None) -> ApiServerConfig:
    settings = {}
    names: Dict[str, str] = {}
    if external_pair is None:
        base_anchor = anchor
        for name, value in apiserver_defaults(cert_dir):
            settings[name] = Setting(name, value, ORIGIN_KUBEADM_DEFAULT, anchor, anchor)
        if etcd_servers is not None:
            settings["etcd-servers"] = Setting("etcd-servers", etcd_servers.value,
                                               etcd_servers.origin, etcd_servers.span,
                                               etcd_servers.value_span, token=etcd_servers.token)
        source = "kubeadm"
    else:
        key, external = external_pair
        base_anchor = node_span(key)
        settings["client-ca-file"] = Setting("client-ca-file", f"{cert_dir}/ca.crt",
                                             ORIGIN_KUBEADM_DEFAULT, anchor, anchor)
        servers = _joined_endpoints(map_get_pair(external, "endpoints"), ctx)
        if servers is not None:
            settings["etcd-servers"] = servers
        files = {}
        for field, flag in (("caFile", "etcd-cafile"), ("certFile", "etcd-certfile"),
                            ("keyFile", "etcd-keyfile")):
            pair = map_get_pair(external, field)
            if pair is not None and scalar_str(pair[1]):
                files[flag] = Setting(flag, scalar_str(pair[1]), "kubeadm-external",
                                      Span(node_span(pair[0]).start, node_span(pair[1]).end),
                                      node_span(pair[1]))
        settings.update(files)  # (kubeadm passes certFile and keyFile only as a pair)
        source = "kubeadm-external"
        names = {"etcd-servers": "etcd.external.endpoints", "etcd-cafile": "etcd.external.caFile",
                 "etcd-certfile": "etcd.external.certFile",
                 "etcd-keyfile": "etcd.external.keyFile"}
    overrides, _ = extra_args(get_path(cc, "apiServer", "extraArgs"), ctx)
    for use in merge_args([], overrides, base_anchor):
        settings[use.name] = Setting(use.name, use.value, use.origin, use.span, use.value_span,
                                     token=use.token)
        names.pop(use.name, None)  # (an extra argument replaces kubeadm's flag)
    return ApiServerConfig(ctx.path, base_anchor, settings, source, label, names=names)


def _joined_endpoints(pair: Optional[Tuple[Node, Node]], ctx: FileContext) -> Optional[Setting]:
    if pair is None or not is_seq(pair[1]):
        return None
    tokens = [scalar_token(item, ctx.text) for item in seq_items(pair[1]) if is_scalar(item)]
    if not tokens:
        return None
    span = node_span(pair[1])
    token = joined(tokens, span)
    return Setting("etcd-servers", token.text, "kubeadm-external",
                   Span(node_span(pair[0]).start, span.end), span, token=token)


def extra_args(node: Optional[Node], ctx: FileContext) -> Tuple[List[ExtraArg], List[ArgvProblem]]:
    """``extraArgs`` as a map (v1beta2/3, CAPI v1beta1) or a ``{name, value}`` list."""
    args: List[ExtraArg] = []
    problems: List[ArgvProblem] = []
    if is_map(node):
        for key, value in map_items(node):
            name = scalar_str(key)
            if not name:
                continue
            args.append(_arg(name, key, value, ctx, problems))
    elif is_seq(node):
        for item in seq_items(node):
            name_pair = map_get_pair(item, "name")
            name = scalar_str(name_pair[1]) if name_pair else None
            if not name:
                continue
            value_pair = map_get_pair(item, "value")
            value = value_pair[1] if value_pair else None
            args.append(_arg(name, name_pair[1], value, ctx, problems, node_span(item)))
    return args, problems


def _arg(name: str, key: Node, value: Optional[Node], ctx: FileContext,
         problems: List[ArgvProblem], whole: Optional[Span] = None) -> ExtraArg:
    key_span = node_span(key)
    if value is None or not is_scalar(value) or scalar_str(value) is None:
        span = whole or key_span
        return ExtraArg(name, "", span, key_span, key_span, None)
    tok = scalar_token(value, ctx.text)
    if scalar_kind(value) != "str":
        problems.append(ArgvProblem(
            "type-error",
            f"extraArgs value {value.value!r} of {name} is not a string: kubeadm rejects the "
            f"configuration; quote it (\"{value.value}\")", tok.span,
            f"quote it: \"{value.value}\""))
    span = whole or Span(key_span.start, node_span(value).end)
    return ExtraArg(name, tok.text, span, key_span, tok.inner_span(), tok)


def merge_args(base: List[Tuple[str, str]], overrides: List[ExtraArg],
               anchor: Span) -> List[FlagUse]:
    """kubeadm's ``ArgumentsToCommand``: overrides replace defaults by name; sorted."""
    names = {o.name for o in overrides}
    entries = [(name, value, None) for name, value in base if name not in names]
    entries += [(o.name, o.value, o) for o in overrides]
    entries.sort(key=lambda e: (e[0], e[1]))
    uses = []
    for name, value, arg in entries:
        if arg is None:
            uses.append(FlagUse(name, value, anchor, anchor, anchor, True,
                                origin=ORIGIN_KUBEADM_DEFAULT))
        else:
            uses.append(FlagUse(name, value, arg.span, arg.name_span, arg.value_span, True,
                                origin=ORIGIN_KUBEADM_EXTRA_ARG, token=arg.token))
    return uses
