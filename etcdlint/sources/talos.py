"""Talos machine configuration: ``cluster.etcd.extraArgs`` on top of the flags Talos sets.

Talos runs etcd with TLS and client authentication on both sides and refuses any extra
argument it sets itself (``extra arg "…" is not allowed``): the etcd service then fails.

Talos starts etcd only on ``init`` and ``controlplane`` machines (siderolabs/talos
``internal/app/machined/pkg/runtime/v1alpha1/v1alpha1_sequencer_tasks.go``,
``StartAllServices``: ``machine.TypeWorker`` starts nothing); ``ParseType`` in
``pkg/machinery/config/machine`` reads ``worker``, the older ``join`` and an empty string as a
worker. A worker's machine config is therefore not an etcd configuration. A document without
``machine.type`` may be a patch for any machine: it is judged as a control plane's.
"""

from __future__ import annotations

from typing import Dict, Iterator, List, Optional, Sequence, Tuple

from ruamel.yaml.nodes import Node

from etcdlint.model import (ORIGIN_CONFIG_FILE, ORIGIN_TOOL_DEFAULT, ArgvProblem, EtcdConfig,
                            FlagUse, Setting, Span)
from etcdlint.records import record
from etcdlint.sources import FileContext, Found
from etcdlint.text.yamlnodes import (get_path, is_map, is_scalar, is_seq, map_get, map_get_pair,
                                map_items, node_span, scalar_str, scalar_token, seq_items)

# Flags Talos sets itself, across releases (v1.10 to main).
DENIED = frozenset((
    "name", "auto-tls", "peer-auto-tls", "data-dir", "listen-peer-urls", "listen-client-urls",
    "listen-client-http-urls", "client-cert-auth", "cert-file", "key-file", "trusted-ca-file",
    "peer-client-cert-auth", "peer-cert-file", "peer-key-file", "peer-trusted-ca-file",
    "feature-gates", "watch-progress-notify-interval", "tls-min-version",
    "experimental-initial-corrupt-check", "experimental-watch-progress-notify-interval",
    "experimental-compact-hash-check-enabled",
))
CONTROL_PLANE_TYPES = ("controlplane", "init")
WORKER_TYPES = ("worker", "join", "")
SECRETS = "/system/secrets/etcd"
TALOS_DEFAULTS = [
    ("cert-file", f"{SECRETS}/server.crt"),
    ("key-file", f"{SECRETS}/server.key"),
    ("client-cert-auth", "true"),
    ("trusted-ca-file", f"{SECRETS}/ca.crt"),
    ("peer-cert-file", f"{SECRETS}/peer.crt"),
    ("peer-key-file", f"{SECRETS}/peer.key"),
    ("peer-client-cert-auth", "true"),
    ("peer-trusted-ca-file", f"{SECRETS}/ca.crt"),
    ("auto-tls", "false"),
    ("peer-auto-tls", "false"),
    ("listen-client-urls", "https://<node-ip>:2379"),
    ("listen-peer-urls", "https://<node-ip>:2380"),
]


def locate(doc: Node, ctx: FileContext) -> Iterator[Found]:
    if not is_map(doc) or map_get(doc, "kind") is not None:
        return
    etcd_pair = map_get_pair(map_get(doc, "cluster"), "etcd")
    machine_type = scalar_str(get_path(doc, "machine", "type"))
    if machine_type in WORKER_TYPES:
        return
    if etcd_pair is None or not is_map(etcd_pair[1]):
        if machine_type not in CONTROL_PLANE_TYPES:
            return
        anchor = node_span(map_items(doc)[0][0])
        etcd = None
    else:
        anchor = node_span(etcd_pair[0])
        etcd = etcd_pair[1]
    args_pair = map_get_pair(etcd, "extraArgs")
    if args_pair is not None:
        anchor = node_span(args_pair[0])
    pieces = [extra_arg(scalar_str(key), node_span(key), value, ctx.text)
              for key, value in map_items(args_pair[1] if args_pair else None)]
    yield talos_config(ctx.path, anchor, [p for p in pieces if p is not None],
                       "Talos machine config")


@record
class ExtraArg:
    """One ``extraArgs`` entry as Talos passes it: refused, or one flag use per value."""

    name: str
    uses: Tuple[FlagUse, ...]
    refused: Optional[ArgvProblem] = None


def extra_arg(name: Optional[str], span: Span, value: Node, text: str) -> Optional[ExtraArg]:
    """The ``extraArgs`` entry ``name: value`` (a string, or a list in recent Talos) whose
    name is written at ``span``."""
    if not name:
        return None
    if name in DENIED:
        return ExtraArg(name, (), ArgvProblem(
            "rejected",
            f"Talos refuses extraArgs {name} (extra arg \"{name}\" is not allowed): Talos sets "
            "it itself, and etcd does not start", span,
            f"remove {name} from extraArgs (Talos's own machine config sets it)"))
    uses = []
    for item in seq_items(value) if is_seq(value) else [value]:
        if is_scalar(item) and scalar_str(item) is not None:
            tok = scalar_token(item, text)
            whole = Span(span.start, max(span.end, tok.span.end))
            uses.append(FlagUse(name, tok.text, whole, span, tok.inner_span(), True,
                                origin=ORIGIN_CONFIG_FILE, token=tok))
    return ExtraArg(name, tuple(uses))


def talos_config(path: str, anchor: Span, args: Sequence[ExtraArg], label: str) -> EtcdConfig:
    """The etcd Talos runs with these extra arguments (last one of a name wins)."""
    settings: Dict[str, Setting] = {}
    problems: List[ArgvProblem] = []
    uses: List[FlagUse] = []
    for name, value in TALOS_DEFAULTS:
        settings[name] = Setting(name, value, ORIGIN_TOOL_DEFAULT, anchor, anchor)
    for arg in args:
        if arg.refused is not None:
            problems.append(arg.refused)
        for use in arg.uses:
            settings[use.name] = Setting(use.name, use.value, use.origin, use.span,
                                         use.value_span, use.dynamic, use.token)
            uses.append(use)
    return EtcdConfig(source="talos", path=path, anchor_span=anchor, settings=settings,
                      flag_uses=tuple(uses), problems=tuple(problems), label=label)
