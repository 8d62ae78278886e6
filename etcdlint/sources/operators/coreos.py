"""The CoreOS etcd operator's ``EtcdCluster`` (``etcd.database.coreos.com/v1beta2``).

Modelled on coreos/etcd-operator v0.9.4 (the last release; ``pkg/util/k8sutil/k8sutil.go``
``newEtcdPod``, ``pkg/util/etcdutil/member.go``, ``pkg/apis/etcd/v1beta2/cluster_tls.go``,
``pkg/util/k8sutil/pod_util.go`` ``applyPodPolicy``). The operator writes etcd's whole
command line; a user adds only environment variables:

- the URLs are ``https://`` only for the side that has TLS, ``http://`` otherwise;
- peer TLS (``--peer-client-cert-auth=true`` and the peer certificate, key and CA under
  ``/etc/etcdtls/member/peer-tls``) when ``spec.TLS.static.member.peerSecret`` is set;
- client TLS (``--client-cert-auth=true`` and the server certificate, key and CA under
  ``/etc/etcdtls/member/server-tls``) only when ``spec.TLS.static.operatorSecret`` is set,
  and the operator accepts that only together with ``member.serverSecret``
  (``TLSPolicy.Validate``): one without the other is refused;
- ``spec.pod.etcdEnv`` is appended to the etcd container's environment: an ``ETCD_*``
  variable sets a flag the operator does not pass, and makes etcd exit for one it does.
"""

from __future__ import annotations

from typing import Iterator, List, Tuple

from ruamel.yaml.nodes import Node

from etcdlint.etcd.precedence import resolve_etcd
from etcdlint.etcd.versions import version_from_tag
from etcdlint.model import ArgvProblem, EtcdConfig, InsertPoint
from etcdlint.sources import FileContext, Found
from etcdlint.sources.envvars import env_entries
from etcdlint.sources.operators.defaults import default_uses, describe, first_key_span
from etcdlint.text.yamlnodes import (get_path, map_get, map_get_pair, node_span, scalar_str,
                                     seq_items)

API_VERSION = "etcd.database.coreos.com/v1beta2"
DEFAULT_VERSION = "3.2.13"
PEER_TLS = "/etc/etcdtls/member/peer-tls"
SERVER_TLS = "/etc/etcdtls/member/server-tls"


def operator_flags(cluster: str, secure_peer: bool, secure_client: bool) -> List[Tuple[str, str]]:
    peer = "https" if secure_peer else "http"
    client = "https" if secure_client else "http"
    host = f"<member>.{cluster}.<namespace>.svc.cluster.local"
    flags = [
        ("data-dir", "/var/etcd/data"),
        ("name", "<member>"),
        ("initial-advertise-peer-urls", f"{peer}://{host}:2380"),
        ("listen-peer-urls", f"{peer}://0.0.0.0:2380"),
        ("listen-client-urls", f"{client}://0.0.0.0:2379"),
        ("advertise-client-urls", f"{client}://{host}:2379"),
        ("initial-cluster", f"<member>={peer}://{host}:2380"),
        ("initial-cluster-state", "new"),
    ]
    if secure_peer:
        flags += [("peer-client-cert-auth", "true"),
                  ("peer-trusted-ca-file", f"{PEER_TLS}/peer-ca.crt"),
                  ("peer-cert-file", f"{PEER_TLS}/peer.crt"),
                  ("peer-key-file", f"{PEER_TLS}/peer.key")]
    if secure_client:
        flags += [("client-cert-auth", "true"),
                  ("trusted-ca-file", f"{SERVER_TLS}/server-ca.crt"),
                  ("cert-file", f"{SERVER_TLS}/server.crt"),
                  ("key-file", f"{SERVER_TLS}/server.key")]
    return flags


def locate(doc: Node, ctx: FileContext) -> Iterator[Found]:
    if scalar_str(map_get(doc, "kind")) != "EtcdCluster" or \
            scalar_str(map_get(doc, "apiVersion")) != API_VERSION:
        return
    spec = map_get(doc, "spec")
    cluster = scalar_str(get_path(doc, "metadata", "name")) or "<cluster>"
    anchor = first_key_span(doc, ("spec", "TLS"), ("spec",))
    static = get_path(spec, "TLS", "static")
    peer_secret = scalar_str(get_path(static, "member", "peerSecret"))
    server_pair = map_get_pair(map_get(static, "member"), "serverSecret")
    operator_pair = map_get_pair(static, "operatorSecret")
    server_secret = scalar_str(server_pair[1]) if server_pair else None
    operator_secret = scalar_str(operator_pair[1]) if operator_pair else None
    problems: List[ArgvProblem] = []
    if bool(operator_secret) != bool(server_secret):
        set_one, missing = (("operatorSecret", "member.serverSecret") if operator_secret
                            else ("member.serverSecret", "operatorSecret"))
        key = (operator_pair if operator_secret else server_pair)[0]
        problems.append(ArgvProblem(
            "rejected",
            f"spec.TLS.static.{set_one} without {missing}: the etcd operator refuses the "
            "cluster (client TLS needs both)", node_span(key),
            f"set spec.TLS.static.{missing} too, or remove {set_one}"))
    secure_peer = bool(peer_secret)
    secure_client = bool(operator_secret)
    env_node = get_path(spec, "pod", "etcdEnv")
    env = list(env_entries(env_node, ctx.text))
    uses = default_uses(operator_flags(cluster, secure_peer, secure_client), anchor)
    resolved = resolve_etcd(uses, env)
    items = seq_items(env_node)
    point = InsertPoint("env", node_span(items[-1])) if items else None
    version = scalar_str(map_get(spec, "version")) or DEFAULT_VERSION
    yield EtcdConfig(
        source="coreos-etcd-operator", path=ctx.path, anchor_span=anchor,
        settings=resolved.settings, env_uses=resolved.env_uses,
        problems=tuple(problems) + resolved.problems, complete=resolved.config_file is None,
        label=describe("EtcdCluster", doc), config_file=resolved.config_file,
        version=version_from_tag(version.lstrip("v")),
        insert_points={"": point} if point is not None else {})
