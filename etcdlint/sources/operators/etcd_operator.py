"""etcd-io/etcd-operator ``EtcdCluster`` (``operator.etcd.io/v1alpha1``).

Modelled on the operator's releases v0.1.0 and v0.2.0 and its main branch at 77c7f10
(``internal/controller/utils.go``: ``defaultArgs``, ``createArgs``, ``getArgName``;
``api/v1alpha1/etcdcluster_types.go``). The operator runs ``/usr/local/bin/etcd`` in a
StatefulSet with these flags, then appends ``spec.etcdOptions``:

- ``--name=$(POD_NAME)``, ``--listen-peer-urls=http://0.0.0.0:2380``,
  ``--listen-client-urls=http://0.0.0.0:2379``,
  ``--initial-advertise-peer-urls=http://$(POD_NAME).<cluster>.$(POD_NAMESPACE)``
  ``.svc.cluster.local:2380``,
  ``--advertise-client-urls=http://…:2379``;
- an ``etcdOptions`` entry whose name (its text up to ``=``, else up to a blank) equals
  one of those flags' removes that flag; each entry is one argv item, so
  ``--cert-file /x`` (with a blank) is one word etcd does not know;
- ``ETCD_INITIAL_CLUSTER``, ``ETCD_INITIAL_CLUSTER_STATE`` and ``ETCD_DATA_DIR`` come from a
  ConfigMap the operator writes (``newEtcdClusterState``): the same flag in
  ``etcdOptions`` makes etcd exit at start-up.

Without ``spec.tls`` the members serve plain HTTP. In these releases ``spec.tls`` makes the
operator issue certificates (v0.2.0 also adds them as pod volumes) but passes etcd no TLS
flag: the members still serve plain HTTP unless ``etcdOptions`` sets the TLS flags and
``https://`` URLs. An unreleased branch of the operator (``customized-controller``) adds
mutual-TLS flags when ``spec.tls`` is set; a release with it needs this model updated.

What decides the model is what a repository shows: the resource's ``apiVersion``. Only
``v1alpha1`` is read (the only version v0.1.0 to v0.2.0 serve); another version of the
API group is a release etcdlint has not read, and is skipped. The operator's own version
is not visible in an ``EtcdCluster``.
"""

from __future__ import annotations

from typing import Iterator, List, Tuple

from ruamel.yaml.nodes import Node

from etcdlint.etcd.flags import KNOWN_FLAGS, is_bool_flag
from etcdlint.etcd.goflags import parse_flags
from etcdlint.etcd.precedence import EnvEntry, resolve_etcd
from etcdlint.etcd.versions import version_from_tag
from etcdlint.model import ArgvProblem, EtcdConfig, InsertPoint
from etcdlint.sources import FileContext, Found
from etcdlint.sources.operators.defaults import default_uses, describe, first_key_span
from etcdlint.text.tokens import Token
from etcdlint.text.yamlnodes import (get_path, is_scalar, map_get, map_get_pair, node_span,
                                     scalar_str, scalar_token, seq_items)

API_VERSION = "operator.etcd.io/v1alpha1"  # the only version these releases serve
POD = "<pod-name>"
_TLS_FLAGS = ("cert-file", "key-file", "peer-cert-file", "peer-key-file")


def operator_flags(cluster: str) -> List[Tuple[str, str]]:
    host = f"{POD}.{cluster}.<namespace>.svc.cluster.local"
    return [
        ("name", POD),
        ("listen-peer-urls", "http://0.0.0.0:2380"),
        ("listen-client-urls", "http://0.0.0.0:2379"),
        ("initial-advertise-peer-urls", f"http://{host}:2380"),
        ("advertise-client-urls", f"http://{host}:2379"),
    ]


def _arg_name(text: str) -> str:
    """``getArgName``: up to the first ``=``, else up to the first blank."""
    if "=" in text:
        return text.split("=", 1)[0]
    if " " in text:
        return text.split(" ", 1)[0]
    return text.strip()


def locate(doc: Node, ctx: FileContext) -> Iterator[Found]:
    if scalar_str(map_get(doc, "kind")) != "EtcdCluster" or \
            scalar_str(map_get(doc, "apiVersion")) != API_VERSION:
        return
    spec = map_get(doc, "spec")
    cluster = scalar_str(get_path(doc, "metadata", "name")) or "<cluster>"
    anchor = first_key_span(doc, ("spec", "etcdOptions"), ("spec",))
    options: List[Token] = [scalar_token(item, ctx.text)
                            for item in seq_items(map_get(spec, "etcdOptions"))
                            if is_scalar(item) and scalar_str(item) is not None]
    given = {_arg_name(tok.text) for tok in options}
    defaults = [(name, value) for name, value in operator_flags(cluster)
                if f"--{name}" not in given]
    uses, problems = parse_flags(options, is_bool_flag, KNOWN_FLAGS.__contains__)
    env = [EnvEntry(name, value, anchor, anchor, anchor) for name, value in (
        ("ETCD_INITIAL_CLUSTER_STATE", "new"),
        ("ETCD_INITIAL_CLUSTER", f"{cluster}-0=http://{cluster}-0.{cluster}.<namespace>"
                                 ".svc.cluster.local:2380"),
        ("ETCD_DATA_DIR", "/var/lib/etcd"))]
    resolved = resolve_etcd(default_uses(defaults, anchor) + list(uses), env)
    tls = map_get_pair(spec, "tls")
    if tls is not None and not any(u.name in _TLS_FLAGS for u in uses):
        problems.append(ArgvProblem(
            "ineffective",
            "spec.tls: etcd-operator (v0.1.0 to v0.2.0) issues certificates but passes etcd no "
            "TLS flag: the members still serve clients and peers over plain HTTP; set the TLS "
            "flags and https:// URLs in etcdOptions", node_span(tls[0]),
            "set the TLS flags (--cert-file, --key-file, --peer-cert-file, ...) and https:// "
            "URLs in etcdOptions"))
    point = InsertPoint("argv", options[-1].span) if options else None
    yield EtcdConfig(
        source="etcd-operator", path=ctx.path, anchor_span=anchor, settings=resolved.settings,
        flag_uses=tuple(uses), env_uses=resolved.env_uses,
        problems=tuple(problems) + resolved.problems,
        complete=resolved.config_file is None, label=describe("EtcdCluster", doc),
        config_file=resolved.config_file,
        version=version_from_tag(scalar_str(map_get(spec, "version"))),
        insert_points={"": point} if point is not None else {})
