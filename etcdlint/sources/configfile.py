"""etcd's own config file (what ``--config-file`` reads), standalone or inside a ConfigMap.

etcd decodes it with sigs.k8s.io/yaml: YAML 1.1 scalars (``yes``/``on`` are booleans), JSON
field matching (unknown keys silently ignored), typed fields (a quoted ``"true"`` for a
boolean makes etcd exit, and so does a single string for a list field). TLS settings live
only under ``client-transport-security`` and ``peer-transport-security``.

Skipping the SAN check of peer certificates has no config-file key in etcd 3.4 and 3.5
(etcd-io/etcd v3.4.45 ``embed/config.go``, v3.5.33 ``server/embed/config.go``: neither
``securityConfig`` nor ``Config`` has one; the ``--experimental-peer-skip-client-san-verification``
flag writes ``PeerTLSInfo`` directly). etcd 3.6 reads both the top-level
``experimental-peer-skip-client-san-verification`` (a ``Config`` field, copied into
``PeerTLSInfo`` by ``server/etcdmain/config.go`` when the key is present) and
``peer-transport-security.skip-client-san-verification`` (``securityConfig``), and exits when
both are set ("cannot set --experimental-peer-skip-client-san-verification and
--peer-skip-client-san-verification at the same time"); etcd 3.7 reads only the latter
(v3.6.14, v3.7.1). A top-level ``peer-skip-client-san-verification`` is read by no release.
The list fields at the top level are ``cipher-suites`` and ``log-outputs`` (``[]string`` in
every release from 3.4 to 3.7).
"""

from __future__ import annotations

from typing import Dict, Iterator, List, Optional

from ruamel.yaml.nodes import Node, ScalarNode

from etcdlint.etcd.configkeys import CLIENT_TLS_SETTINGS
from etcdlint.etcd.flags import BOOL_FLAGS
from etcdlint.model import ORIGIN_CONFIG_FILE, ArgvProblem, EtcdConfig, InsertPoint, Setting, Span
from etcdlint.sources import FileContext, Found
from etcdlint.sources.embedded import located_inside
from etcdlint.text.yamlnodes import (is_map, is_null, is_scalar, is_seq, map_get, map_items,
                                node_span, scalar_str, scalar_token)

# Keys only an etcd config file has at its top level.
MARKERS = frozenset((
    "client-transport-security", "peer-transport-security", "listen-client-urls",
    "listen-peer-urls", "advertise-client-urls", "initial-advertise-peer-urls",
    "initial-cluster", "initial-cluster-token", "initial-cluster-state",
))
# Top-level keys of a k3s/RKE2 config.yaml (which can also have ``data-dir``).
K3S_KEYS = frozenset((
    "etcd-arg", "etcd-expose-metrics", "cluster-init", "write-kubeconfig-mode", "tls-san",
    "kube-apiserver-arg", "kube-controller-manager-arg", "kubelet-arg", "cni", "profile",
    "protect-kernel-defaults", "secrets-encryption", "token", "server", "node-taint",
    "node-label", "disable", "etcd-snapshot-schedule-cron", "selinux",
))
TRANSPORT_KEYS = frozenset((
    "cert-file", "key-file", "client-cert-file", "client-key-file", "client-cert-auth",
    "trusted-ca-file", "auto-tls", "allowed-cn", "allowed-hostname",
    "skip-client-san-verification",
))
_PEER_FLAG = {"allowed-cn": "peer-cert-allowed-cn", "allowed-hostname": "peer-cert-allowed-hostname"}
_CLIENT_FLAG = {"allowed-cn": "client-cert-allowed-cn", "allowed-hostname": "client-cert-allowed-hostname"}
# Flags that exist only inside a transport section (or not at all) in the config file.
SECTION_ONLY = frozenset((
    "cert-file", "key-file", "client-cert-auth", "trusted-ca-file", "auto-tls",
    "peer-cert-file", "peer-key-file", "peer-client-cert-auth", "peer-trusted-ca-file",
    "peer-auto-tls", "client-crl-file", "peer-crl-file", "crl-file", "ca-file", "peer-ca-file",
))
URL_KEYS = frozenset((
    "listen-client-urls", "listen-peer-urls", "advertise-client-urls",
    "initial-advertise-peer-urls", "listen-metrics-urls", "listen-client-http-urls",
))
LIST_KEYS = frozenset(("cipher-suites", "log-outputs"))
# Top-level keys that look like a setting but that no etcd release reads there.
UNREAD_TOP_LEVEL = {
    "peer-skip-client-san-verification":
        "etcd 3.6 and later read peer-transport-security.skip-client-san-verification (etcd 3.4 "
        "and 3.5 have no config-file key for it)",
}
YAML11_TRUE = frozenset("y Y yes Yes YES true True TRUE on On ON".split())
YAML11_FALSE = frozenset("n N no No NO false False FALSE off Off OFF".split())


def is_etcd_config(doc: Node) -> bool:
    if not is_map(doc):
        return False
    keys = {scalar_str(k) for k, _ in map_items(doc)}
    if "kind" in keys or "apiVersion" in keys or keys & K3S_KEYS:
        return False
    return bool(keys & MARKERS)


def locate(doc: Node, ctx: FileContext) -> Iterator[Found]:
    if is_etcd_config(doc):
        yield config_from_file(doc, ctx, "etcd config file")
        return
    if scalar_str(map_get(doc, "kind")) == "ConfigMap":
        for key, value in map_items(map_get(doc, "data")):
            if isinstance(value, ScalarNode) and "\n" in (value.value or "") and \
                    any(m in value.value for m in MARKERS):
                for found in located_inside(value, ctx, _embedded):
                    yield found


def _embedded(doc: Node, ctx: FileContext) -> Iterator[Found]:
    if is_etcd_config(doc):
        yield config_from_file(doc, ctx, "etcd config file in a ConfigMap")


def config_from_file(doc: Node, ctx: FileContext, label: str) -> EtcdConfig:
    settings: Dict[str, Setting] = {}
    problems: List[ArgvProblem] = []
    anchors: Dict[str, Span] = {}
    points: Dict[str, InsertPoint] = {}
    items = map_items(doc)
    first = node_span(items[0][0]) if items else node_span(doc)
    for key, value in items:
        name = scalar_str(key)
        if name is None:
            continue
        lname = name.lower()
        if lname in ("client-transport-security", "peer-transport-security"):
            section = "client" if lname.startswith("client") else "peer"
            anchors[section] = node_span(key)
            if value is None or is_null(value):
                continue
            if not is_map(value):
                problems.append(ArgvProblem("type-error", f"{name} must be a mapping: etcd exits",
                                            node_span(value),
                                            f"write {name} as a mapping of its keys "
                                            "(cert-file: …, key-file: …)"))
                continue
            entries = map_items(value)
            if entries and value.flow_style is not True:
                last_key, last_value = entries[-1]
                points[section] = InsertPoint("map", Span(node_span(last_key).start,
                                                          node_span(last_value).end))
            _section(section, name, value, ctx, settings, problems)
        elif lname in SECTION_ONLY:
            problems.append(ArgvProblem(
                "ineffective",
                f"{name} has no effect at the top level of etcd's config file: it belongs under "
                f"{'peer' if lname.startswith('peer-') else 'client'}-transport-security"
                + (" (and there is no config-file key for CRL files)" if "crl" in lname else ""),
                node_span(key),
                "remove it" if "crl" in lname else f"move {name} under "
                f"{'peer' if lname.startswith('peer-') else 'client'}-transport-security"))
        elif lname in UNREAD_TOP_LEVEL:
            problems.append(ArgvProblem(
                "ineffective", f"{name} has no effect at the top level of etcd's config file: "
                + UNREAD_TOP_LEVEL[lname], node_span(key)))
        else:
            _setting(lname, name, key, value, ctx, settings, problems)
    return EtcdConfig(
        source="config-file", path=ctx.path, anchor_span=first, settings=settings,
        problems=tuple(problems), label=label, section_anchors=anchors, insert_points=points,
        client_section=CLIENT_TLS_SETTINGS)


def _section(section: str, section_name: str, node: Node, ctx: FileContext,
             settings: Dict[str, Setting], problems: List[ArgvProblem]) -> None:
    for key, value in map_items(node):
        name = scalar_str(key)
        if name is None:
            continue
        lname = name.lower()
        if lname not in TRANSPORT_KEYS:
            problems.append(ArgvProblem(
                "ineffective", f"{section_name}.{name} is not a key etcd knows: it has no effect",
                node_span(key), _unknown_key_help(name)))
            continue
        if section == "peer":
            flag = _PEER_FLAG.get(lname, "peer-" + lname)
        else:
            flag = _CLIENT_FLAG.get(lname, lname)
        _setting(flag, f"{section_name}.{name}", key, value, ctx, settings, problems)


def _unknown_key_help(name: str) -> str:
    return (f"remove {name}, or write one of the keys etcd reads there (cert-file, key-file, "
            "trusted-ca-file, client-cert-auth, auto-tls, ...)")


def _setting(flag: str, shown: str, key: Node, value: Optional[Node], ctx: FileContext,
             settings: Dict[str, Setting], problems: List[ArgvProblem]) -> None:
    key_span = node_span(key)
    if value is None or is_null(value):
        return  # null: etcd keeps the default
    span = Span(key_span.start, node_span(value).end)
    if flag in BOOL_FLAGS:
        parsed = _yaml11_bool(value)
        if parsed is None:
            shown_value = value.value if is_scalar(value) else "a collection"
            quoted = is_scalar(value) and value.style in ("'", '"')
            problems.append(ArgvProblem(
                "type-error",
                f"{shown} is {shown_value!r}, not a YAML boolean: etcd cannot read its config "
                "file and exits" + (" (write it without quotes)" if quoted else ""),
                node_span(value),
                f"write {shown}: {shown_value} (without quotes)" if quoted and
                shown_value in YAML11_TRUE | YAML11_FALSE else f"write {shown}: true or false"))
            # etcd exits on this file: the value is not judged by other rules.
            settings[flag] = Setting(flag, None, ORIGIN_CONFIG_FILE, span, node_span(value))
            return
        settings[flag] = Setting(flag, "true" if parsed else "false", ORIGIN_CONFIG_FILE, span,
                                 node_span(value), token=scalar_token(value, ctx.text))
        return
    if flag in LIST_KEYS and not is_seq(value):
        what = "a string" if is_scalar(value) and _yaml11_bool(value) is None else "not a list"
        problems.append(ArgvProblem(
            "type-error", f"{shown} is {what}, not a YAML list: etcd cannot read its config "
            f"file and exits (write {shown}: [{_EXAMPLE.get(flag, '…')}])", node_span(value),
            f"write {shown}: [{_EXAMPLE.get(flag, '…')}]"))
        settings[flag] = Setting(flag, None, ORIGIN_CONFIG_FILE, span, node_span(value))
        return
    if is_scalar(value):
        tok = scalar_token(value, ctx.text)
        settings[flag] = Setting(flag, tok.text, ORIGIN_CONFIG_FILE, span, tok.inner_span(),
                                 token=tok)
    elif is_seq(value) and flag not in URL_KEYS:
        parts = [scalar_str(v) or "" for v in value.value if is_scalar(v)]
        settings[flag] = Setting(flag, ",".join(parts), ORIGIN_CONFIG_FILE, span, node_span(value))
    # URL keys holding a map or list are a wrapper's format (not plain etcd): value unknown.


_EXAMPLE = {"cipher-suites": "TLS_…, TLS_…", "log-outputs": "stderr"}


def _yaml11_bool(value: Node) -> Optional[bool]:
    if not is_scalar(value) or value.style not in (None, ""):
        return None
    if value.value in YAML11_TRUE:
        return True
    if value.value in YAML11_FALSE:
        return False
    return None
