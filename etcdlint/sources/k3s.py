"""k3s / RKE2 ``config.yaml``: ``etcd-arg`` entries on top of the config k3s writes for etcd.

k3s never passes flags to etcd: it writes etcd a config file with TLS and client
authentication on both sides, then merges each ``etcd-arg`` ``key=value`` as a top-level
key. TLS keys land where etcd ignores them; URLs, metrics URLs, cipher suites, TLS versions,
pprof and auth-token take effect; an entry without ``=`` is dropped.

k3s types each value before writing it (k3s-io/k3s ``pkg/daemons/executor/executor.go``
@ 0097157b, ``ETCDConfig.ToConfigFile``): an integer (``strconv.Atoi``) becomes a number; a
Go duration, for a key containing ``time``, ``duration``, ``interval`` or ``retention``, a
duration; a value sigs.k8s.io/yaml reads as a list of strings (``[a, b]``, or nothing at all)
a list; ``true``/``false`` in any case a boolean; anything else a string. etcd then reads
the file with sigs.k8s.io/yaml into typed fields: a boolean field given ``1`` or ``yes``, or
``cipher-suites`` (a ``[]string``) given ``TLS_A,TLS_B`` (a string: k3s does not split on
commas), makes etcd exit.
"""

from __future__ import annotations

import re
from typing import Dict, Iterator, List, Optional, Tuple

from ruamel.yaml.nodes import Node

from etcdlint.etcd.configkeys import TOP_LEVEL_BOOLS, TOP_LEVEL_BOOLS_SOME
from etcdlint.model import (ORIGIN_CONFIG_FILE, ORIGIN_TOOL_DEFAULT, ArgvProblem, EtcdConfig,
                            Setting, Span)
from etcdlint.sources import FileContext, Found
from etcdlint.sources.configfile import LIST_KEYS, SECTION_ONLY, TRANSPORT_KEYS
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


_UNREAD = {
    "peer-skip-client-san-verification":
        "which no etcd release reads (etcd 3.6 and later read "
        "peer-transport-security.skip-client-san-verification, which etcd-arg cannot write)",
}
_BOOLS = TOP_LEVEL_BOOLS | TOP_LEVEL_BOOLS_SOME
_INT = re.compile(r"[+-]?[0-9]+\Z")
_INT64 = 2 ** 63
# Go's time.ParseDuration syntax ("0" is an integer already).
_DURATION = re.compile(r"[+-]?(?:(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:ns|us|\u00b5s|\u03bcs|ms|s|m|h))+\Z")
_NULL = frozenset(("", "~", "null", "Null", "NULL"))


def k3s_value_type(key: str, value: str) -> str:
    """The YAML type k3s writes ``value`` as: "int", "duration", "list", "bool" or "string".

    (Go's range limits of durations are not checked.)"""
    if _INT.match(value) and -_INT64 <= int(value) < _INT64:
        return "int"
    lowered = key.lower()
    if any(w in lowered for w in ("time", "duration", "interval", "retention")) and \
            _DURATION.match(value):
        return "duration"
    stripped = value.strip()
    if stripped in _NULL or stripped == "-" or stripped.startswith("- ") or \
            (stripped.startswith("[") and stripped.endswith("]")):
        return "list"
    if value.lower() in ("true", "false"):
        return "bool"
    return "string"


def _list_items(value: str) -> List[str]:
    inner = value.strip()[1:-1] if value.strip().startswith("[") else ""
    items = []
    for item in inner.split(","):
        item = item.strip()
        if len(item) >= 2 and item[0] == item[-1] and item[0] in "'\"":
            item = item[1:-1]
        if item:
            items.append(item)
    return items


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
                "ineffective", f"etcd-arg {tok.text!r} has no '=': k3s drops it", tok.span,
                f"write it as {tok.text}=VALUE"))
            continue
        name = key.lstrip("-")
        if name in _UNREAD:
            problems.append(ArgvProblem(
                "ineffective", f"etcd-arg {name} has no effect: k3s writes it as a top-level key "
                f"of etcd's config file, {_UNREAD[name]}", tok.sub_span(0, len(key))))
            continue
        if name in SECTION_ONLY or name in TRANSPORT_KEYS:
            problems.append(ArgvProblem(
                "ineffective",
                f"etcd-arg {name} has no effect: k3s writes it as a top-level key of etcd's "
                "config file, where etcd ignores TLS settings (k3s configures etcd's TLS itself)",
                tok.sub_span(0, len(key))))
            continue
        start = len(key) + 1
        value_span = tok.sub_span(start, len(tok.text))
        kind = k3s_value_type(name, value)
        refused = _refused(name, value, kind)
        if refused:
            problems.append(ArgvProblem("type-error", refused, value_span))
            settings[name] = Setting(name, None, ORIGIN_CONFIG_FILE, tok.span, value_span)
            continue
        if kind == "bool" and name in _BOOLS:
            value = value.lower()
        elif kind == "list" and name in LIST_KEYS:
            value = ",".join(_list_items(value))
        settings[name] = Setting(name, value, ORIGIN_CONFIG_FILE, tok.span, value_span)
    return EtcdConfig(source="k3s", path=ctx.path, anchor_span=anchor, settings=settings,
                      problems=tuple(problems), label=label)


def _refused(name: str, value: str, kind: str) -> Optional[str]:
    """Why etcd cannot read the value k3s writes for ``name`` (None: it can)."""
    exits = "etcd cannot read its config file and exits"
    if name in _BOOLS and kind != "bool":
        what = {"int": "a number", "list": "a list", "duration": "a duration"}.get(kind, "a string")
        written = f"{value} to etcd's config file as {what}" if value else \
            "an empty list to etcd's config file"
        if name == "experimental-peer-skip-client-san-verification":
            exits = "etcd 3.6 cannot read its config file and exits (3.4, 3.5 and 3.7 ignore the key)"
        elif name in TOP_LEVEL_BOOLS_SOME:
            exits += " (in the etcd releases that read this key)"
        return f"etcd-arg {name}={value}: k3s writes {written}, not a boolean: {exits} " \
            "(write true or false)"
    if name in LIST_KEYS and kind != "list":
        what = "a number" if kind == "int" else "a string"
        return (f"etcd-arg {name}: k3s writes this value to etcd's config file as {what}, not "
                f"a list: {exits} (write {name}=[{'TLS_…,TLS_…' if name == 'cipher-suites' else '…'}])")
    return None
