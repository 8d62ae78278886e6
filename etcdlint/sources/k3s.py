"""k3s / RKE2 ``config.yaml``: ``etcd-arg`` entries on top of the config k3s writes for etcd.

k3s never passes flags to etcd: it writes etcd a config file with TLS and client
authentication on both sides, then merges each ``etcd-arg`` ``key=value`` as a top-level
key. TLS keys land where etcd ignores them; URLs, metrics URLs, cipher suites, TLS versions,
pprof and auth-token take effect; an entry without ``=`` is dropped.
"""

from __future__ import annotations

from typing import Dict, Iterator, List, Optional, Tuple

from ruamel.yaml.nodes import Node

from etcdlint.model import (ORIGIN_CONFIG_FILE, ORIGIN_TOOL_DEFAULT, ArgvProblem, EtcdConfig,
                            Setting, Span)
from etcdlint.sources import FileContext, Found
from etcdlint.sources.configfile import SECTION_ONLY, TRANSPORT_KEYS
from etcdlint.text.yamlnodes import (is_map, is_scalar, is_seq, map_get, map_get_pair, map_items,
                                node_span, scalar_str, scalar_token)

TLS = "<data-dir>/server/tls/etcd"
K3S_DEFAULTS = [
    ("cert-file", f"{TLS}/server-client.crt"),
    ("key-file", f"{TLS}/server-client.key"),
    ("client-cert-auth", "true"),
    ("trusted-ca-file", f"{TLS}/server-ca.crt"),
    ("peer-cert-file", f"{TLS}/peer-server-client.crt"),
    ("peer-key-file", f"{TLS}/peer-server-client.key"),
    ("peer-client-cert-auth", "true"),
    ("peer-trusted-ca-file", f"{TLS}/peer-ca.crt"),
    ("listen-client-urls", "https://127.0.0.1:2379,https://<node-ip>:2379"),
    ("advertise-client-urls", "https://<node-ip>:2379"),
    ("listen-peer-urls", "https://127.0.0.1:2380,https://<node-ip>:2380"),
    ("initial-advertise-peer-urls", "https://<node-ip>:2380"),
    ("listen-metrics-urls", "http://127.0.0.1:2381"),
]


def is_k3s_config(doc: Node) -> bool:
    if not is_map(doc) or map_get(doc, "kind") is not None:
        return False
    if map_get(doc, "etcd-arg") is not None or map_get(doc, "etcd-expose-metrics") is not None:
        return True
    return scalar_str(map_get(doc, "cluster-init")) in ("true", "True")


def locate(doc: Node, ctx: FileContext) -> Iterator[Found]:
    if not is_k3s_config(doc):
        return
    yield etcd_config(map_get_pair(doc, "etcd-arg"), map_get_pair(doc, "etcd-expose-metrics"),
                      node_span(map_items(doc)[0][0]), ctx, "k3s/RKE2 config")


def etcd_config(pair: Optional[Tuple[Node, Node]], expose: Optional[Tuple[Node, Node]],
                fallback: Span, ctx: FileContext, label: str) -> EtcdConfig:
    """The etcd a k3s or RKE2 server runs, given its ``etcd-arg`` and ``etcd-expose-metrics``
    (key, value) pairs, wherever they are written (either may be None)."""
    settings: Dict[str, Setting] = {}
    problems: List[ArgvProblem] = []
    anchor = node_span(pair[0]) if pair else fallback
    for name, value in K3S_DEFAULTS:
        settings[name] = Setting(name, value, ORIGIN_TOOL_DEFAULT, anchor, anchor)
    if expose is not None and scalar_str(expose[1]) in ("true", "True"):
        span = node_span(expose[0])
        settings["listen-metrics-urls"] = Setting(
            "listen-metrics-urls", "http://<node-ip>:2381", ORIGIN_TOOL_DEFAULT, span, span)
    entries = []
    if pair is not None:
        entries = pair[1].value if is_seq(pair[1]) else [pair[1]]
    for item in entries:
        if not is_scalar(item) or scalar_str(item) is None:
            continue
        tok = scalar_token(item, ctx.text)
        key, eq, value = tok.text.partition("=")
        if not eq:
            problems.append(ArgvProblem(
                "ineffective", f"etcd-arg {tok.text!r} has no '=': k3s drops it", tok.span))
            continue
        name = key.lstrip("-")
        if name in SECTION_ONLY or name in TRANSPORT_KEYS:
            problems.append(ArgvProblem(
                "ineffective",
                f"etcd-arg {name} has no effect: k3s writes it as a top-level key of etcd's "
                "config file, where etcd ignores TLS settings (k3s configures etcd's TLS itself)",
                tok.sub_span(0, len(key))))
            continue
        start = len(key) + 1
        settings[name] = Setting(name, value, ORIGIN_CONFIG_FILE, tok.span,
                                 tok.sub_span(start, len(tok.text)))
    return EtcdConfig(source="k3s", path=ctx.path, anchor_span=anchor, settings=settings,
                      problems=tuple(problems), label=label)
