"""RKE1 ``cluster.yml``: ``services.etcd`` on top of the etcd command line RKE writes.

What RKE does, read from rancher/rke v1.6–v1.7 (``cluster/plan.go`` ``BuildEtcdProcess`` and
``BuildKubeAPIProcess``, ``pki/constants.go``, ``types/rke_types.go``) and the service
options of rancher/kontainer-driver-metadata (``pkg/rke/k8s_service_options.go``):

- RKE runs etcd on every node with the ``etcd`` role, with TLS on both sides and
  ``--client-cert-auth`` / ``--peer-client-cert-auth`` (from its metadata, or as bare flags
  when the metadata has none).
- ``extra_args`` (a Go ``map[string]string`` read with gopkg.in/yaml.v2, which takes any
  scalar as its text) replace RKE's flag of the same name; ``extra_args_array`` adds one
  ``--name=value`` per item after all of them; ``extra_env`` (``KEY=value`` strings) becomes
  the container's environment.
- RKE uses one CA, ``/etc/kubernetes/ssl/kube-ca.pem``, for etcd's ``--trusted-ca-file`` and
  for the API server's ``--client-ca-file`` (CIS 2.7), and gives the API server the node
  certificate, signed by that CA, as its etcd client certificate.
- With ``services.etcd.external_urls`` RKE runs no etcd; the API server talks to those URLs
  with the client certificate and CA RKE writes from ``cert``, ``key`` and ``ca_cert``.

``services.kube-api.extra_args`` and ``extra_args_array`` replace the API server's flags the
same way.
"""

from __future__ import annotations

from typing import Iterator, List

from ruamel.yaml.nodes import Node

from etcdlint.etcd.precedence import resolve_etcd
from etcdlint.etcd.versions import version_from_image
from etcdlint.model import ORIGIN_EXTRA_ARG, EtcdConfig, Span
from etcdlint.sources import FileContext, Found
from etcdlint.sources.argmaps import (apiserver, env_strings, joined_urls, map_args,
                                      map_list_args, over_defaults)
from etcdlint.text.yamlnodes import (is_map, is_scalar, is_seq, map_get, map_get_pair, map_items,
                                     node_span, scalar_str, seq_items)

SSL = "/etc/kubernetes/ssl"
CA = f"{SSL}/kube-ca.pem"
SERVICES = frozenset(("etcd", "kube-api", "kube-controller", "scheduler", "kubelet", "kubeproxy"))
ETCD_DEFAULTS = [
    ("name", "etcd-<hostname>"),
    ("data-dir", "/var/lib/rancher/etcd/"),
    ("listen-client-urls", "https://<listen-address>:2379"),
    ("advertise-client-urls", "https://<internal-address>:2379"),
    ("initial-advertise-peer-urls", "https://<internal-address>:2380"),
    ("listen-peer-urls", "https://<listen-address>:2380"),
    ("initial-cluster-token", "etcd-cluster-1"),
    ("initial-cluster", "<etcd-hosts>"),
    ("initial-cluster-state", "new"),
    ("trusted-ca-file", CA),
    ("peer-trusted-ca-file", CA),
    ("cert-file", f"{SSL}/kube-etcd-<address>.pem"),
    ("key-file", f"{SSL}/kube-etcd-<address>-key.pem"),
    ("peer-cert-file", f"{SSL}/kube-etcd-<address>.pem"),
    ("peer-key-file", f"{SSL}/kube-etcd-<address>-key.pem"),
    ("client-cert-auth", "true"),
    ("peer-client-cert-auth", "true"),
]


# Keys only RKE's service sections have, and keys of a docker-compose service: a compose file
# has ``services`` too, and often one named etcd.
_RKE_SERVICE_KEYS = frozenset((
    "extra_args", "extra_args_array", "extra_binds", "extra_env", "win_extra_args",
    "win_extra_args_array", "win_extra_binds", "win_extra_env", "external_urls", "ca_cert",
    "snapshot", "retention", "creation", "backup_config", "service_cluster_ip_range",
    "service_node_port_range", "pod_security_configuration", "secrets_encryption_config",
    "cluster_cidr", "cluster_domain", "cluster_dns_server"))
_COMPOSE_SERVICE_KEYS = frozenset((
    "command", "entrypoint", "environment", "env_file", "ports", "volumes", "build",
    "container_name", "networks", "restart", "depends_on", "healthcheck"))


def is_rke_cluster(doc: Node) -> bool:
    """A cluster.yml: nodes with a role and an address, or (a fragment without nodes) RKE's
    service sections, and nothing of a docker-compose file."""
    if not is_map(doc) or map_get(doc, "kind") is not None:
        return False
    if any(is_map(node) and map_get(node, "role") is not None
           and map_get(node, "address") is not None for node in seq_items(map_get(doc, "nodes"))):
        return True
    services = map_get(doc, "services")
    if not is_map(services) or map_get(doc, "nodes") is not None:
        return False
    sections = [(scalar_str(k), v) for k, v in map_items(services) if scalar_str(k) in SERVICES]
    keys = {scalar_str(k) for _, v in sections if is_map(v) for k, _ in map_items(v)}
    return bool(sections) and not keys & _COMPOSE_SERVICE_KEYS and bool(keys & _RKE_SERVICE_KEYS)


def _etcd_roles(doc: Node) -> List[Node]:
    """The ``etcd`` items of the nodes' roles (a list, or one name)."""
    found = []
    for node in seq_items(map_get(doc, "nodes")):
        role = map_get(node, "role")
        for item in seq_items(role) if is_seq(role) else [role]:
            if is_scalar(item) and scalar_str(item) == "etcd":
                found.append(item)
    return found


def locate(doc: Node, ctx: FileContext) -> Iterator[Found]:
    if not is_rke_cluster(doc):
        return
    services_pair = map_get_pair(doc, "services")
    services = services_pair[1] if services_pair else None
    etcd_pair = map_get_pair(services, "etcd")
    etcd = etcd_pair[1] if etcd_pair else None
    kube_api = map_get(services, "kube-api")
    api_overrides, _ = map_args(map_get(kube_api, "extra_args"), ctx, "RKE", strings_only=False)
    api_overrides += map_list_args(map_get(kube_api, "extra_args_array"), ctx)
    external = map_get_pair(etcd, "external_urls")
    if external is not None and seq_items(external[1]):
        anchor = node_span(external[0])
        servers = joined_urls(external[0], external[1], ctx, "etcd-servers")
        defaults = [("client-ca-file", CA),
                    ("etcd-cafile", f"{SSL}/kube-etcd-client-ca.pem"),
                    ("etcd-certfile", f"{SSL}/kube-etcd-client.pem"),
                    ("etcd-keyfile", f"{SSL}/kube-etcd-client-key.pem")]
        yield apiserver(ctx.path, anchor, defaults, api_overrides, "rke",
                        "RKE cluster.yml (external etcd)", [servers] if servers else [],
                        names={"etcd-servers": "services.etcd.external_urls"})
        return
    roles = _etcd_roles(doc)
    if not roles and map_get(doc, "nodes") is not None:
        return  # no etcd node: RKE refuses the file
    args_pair = map_get_pair(etcd, "extra_args")
    anchor = _anchor(doc, args_pair, etcd_pair, roles)
    overrides, problems = map_args(args_pair[1] if args_pair else None, ctx, "RKE",
                                   strings_only=False)
    overrides += map_list_args(map_get(etcd, "extra_args_array"), ctx)
    uses = over_defaults(ETCD_DEFAULTS, overrides, anchor)
    env = env_strings(map_get(etcd, "extra_env"), ctx)
    resolved = resolve_etcd(uses, env)
    yield EtcdConfig(
        source="rke", path=ctx.path, anchor_span=anchor, settings=resolved.settings,
        flag_uses=tuple(u for u in uses if u.origin == ORIGIN_EXTRA_ARG),
        env_uses=resolved.env_uses, problems=tuple(problems) + resolved.problems,
        label="RKE cluster.yml services.etcd", config_file=resolved.config_file,
        complete=resolved.config_file is None,
        version=version_from_image(scalar_str(map_get(etcd, "image"))))
    defaults = [("client-ca-file", CA), ("etcd-cafile", CA),
                ("etcd-certfile", f"{SSL}/kube-node.pem"),
                ("etcd-keyfile", f"{SSL}/kube-node-key.pem"),
                ("etcd-servers", "https://<etcd-hosts>:2379")]
    api_anchor = node_span(map_get_pair(services, "kube-api")[0]) \
        if map_get_pair(services, "kube-api") else anchor
    yield apiserver(ctx.path, api_anchor, defaults, api_overrides, "rke",
                    "RKE cluster.yml services.kube-api")


def _anchor(doc: Node, args_pair, etcd_pair, roles: List[Node]) -> Span:
    """Where missing settings point: ``extra_args``, ``services.etcd``, the first ``etcd``
    role, or the first key of the file."""
    if args_pair is not None:
        return node_span(args_pair[0])
    if etcd_pair is not None:
        return node_span(etcd_pair[0])
    if roles:
        return node_span(roles[0])
    return node_span(map_items(doc)[0][0])
