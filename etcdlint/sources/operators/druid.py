"""Gardener etcd-druid ``Etcd`` (``druid.gardener.cloud/v1alpha1``).

Modelled on etcd-druid v0.20.0 to v0.37.1 (``internal/component/configmap/etcdconfig.go``
``createEtcdConfig`` and ``getSchemeAndSecurityConfig``; before v0.28
``pkg/component/etcd/configmap``): druid writes etcd's config file itself and takes no
extra flags. ``spec.etcd.clientUrlTls`` gives the client side ``https://`` URLs, the
server certificate and key, ``client-cert-auth: true`` and the CA of ``tlsCASecretRef``;
without it the client side is plain ``http://`` with no security section. The same holds
for ``spec.etcd.peerUrlTls`` on the peer side, and its ``skipClientSANVerification`` turns
off the SAN check of peer certificates. Ports: ``spec.etcd.clientPort`` (2379) and
``serverPort`` (2380).
"""

from __future__ import annotations

from typing import Iterator, List, Tuple

from ruamel.yaml.nodes import Node

from etcdlint.etcd.invocation import is_etcd_image
from etcdlint.etcd.versions import version_from_image
from etcdlint.model import ORIGIN_TOOL_DEFAULT, EtcdConfig, Setting
from etcdlint.sources import FileContext, Found
from etcdlint.sources.operators.defaults import describe, first_key_span
from etcdlint.text.yamlnodes import (get_path, is_map, map_get, map_get_pair, node_span,
                                     scalar_str)

API_VERSION = "druid.gardener.cloud/v1alpha1"
MOUNTS = {"client": ("/var/etcd/ssl/ca", "/var/etcd/ssl/server"),
          "peer": ("/var/etcd/ssl/peer/ca", "/var/etcd/ssl/peer/server")}


def druid_settings(etcd: Node, client_tls: bool, peer_tls: bool, peer_skip_san: bool,
                   ) -> List[Tuple[str, str]]:
    client = "https" if client_tls else "http"
    peer = "https" if peer_tls else "http"
    client_port = scalar_str(map_get(etcd, "clientPort")) or "2379"
    peer_port = scalar_str(map_get(etcd, "serverPort")) or "2380"
    host = "<pod-name>.<peer-service>.<namespace>.svc"
    found = [
        ("listen-client-urls", f"{client}://0.0.0.0:{client_port}"),
        ("advertise-client-urls", f"{client}://{host}:{client_port}"),
        ("listen-peer-urls", f"{peer}://0.0.0.0:{peer_port}"),
        ("initial-advertise-peer-urls", f"{peer}://{host}:{peer_port}"),
    ]
    for side, on, prefix in (("client", client_tls, ""), ("peer", peer_tls, "peer-")):
        ca_dir, server_dir = MOUNTS[side]
        section = get_path(etcd, "clientUrlTls" if side == "client" else "peerUrlTls")
        ca_key = scalar_str(get_path(section, "tlsCASecretRef", "dataKey")) or "ca.crt"
        if on:
            found += [(f"{prefix}cert-file", f"{server_dir}/tls.crt"),
                      (f"{prefix}key-file", f"{server_dir}/tls.key"),
                      (f"{prefix}client-cert-auth", "true"),
                      (f"{prefix}trusted-ca-file", f"{ca_dir}/{ca_key}"),
                      (f"{prefix}auto-tls", "false")]
    if peer_tls and peer_skip_san:
        found.append(("peer-skip-client-san-verification", "true"))
    return found


def locate(doc: Node, ctx: FileContext) -> Iterator[Found]:
    if scalar_str(map_get(doc, "kind")) != "Etcd" or \
            scalar_str(map_get(doc, "apiVersion")) != API_VERSION:
        return
    etcd = get_path(doc, "spec", "etcd")
    anchor = first_key_span(doc, ("spec", "etcd"), ("spec",))
    client_pair = map_get_pair(etcd, "clientUrlTls")
    peer_pair = map_get_pair(etcd, "peerUrlTls")
    client_tls = client_pair is not None and is_map(client_pair[1])
    peer_tls = peer_pair is not None and is_map(peer_pair[1])
    skip_pair = map_get_pair(peer_pair[1] if peer_tls else None, "skipClientSANVerification")
    skip = skip_pair is not None and scalar_str(skip_pair[1]) in ("true", "True", "TRUE")
    settings = {}
    for name, value in druid_settings(etcd, client_tls, peer_tls, skip):
        span = anchor
        if name.startswith("peer-") and peer_tls:
            span = node_span(peer_pair[0])
        elif name in ("cert-file", "key-file", "client-cert-auth", "trusted-ca-file",
                      "auto-tls") and client_tls:
            span = node_span(client_pair[0])
        if name == "peer-skip-client-san-verification":
            span = node_span(skip_pair[1])
        settings[name] = Setting(name, value, ORIGIN_TOOL_DEFAULT, span, span)
    yield EtcdConfig(source="etcd-druid", path=ctx.path, anchor_span=anchor, settings=settings,
                     label=describe("Etcd", doc),
                     version=_etcd_version(scalar_str(map_get(etcd, "image"))))


def _etcd_version(image):
    """The etcd version of ``spec.etcd.image`` when it is an etcd image (recent releases run
    etcd-wrapper, whose tag is the wrapper's version)."""
    return version_from_image(image) if is_etcd_image(image) else None
