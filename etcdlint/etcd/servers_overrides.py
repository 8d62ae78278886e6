"""kube-apiserver's ``--etcd-servers-overrides``: the etcd servers of single resources.

The flag is a pflag string slice (comma-separated entries, repeatable); each entry is
``group/resource#servers`` with servers separated by ``;``. kube-apiserver refuses the
whole flag when any entry has not exactly one ``#``, a resource part without exactly one
``/``, or an empty server (kubernetes/apiserver ``pkg/server/options/etcd.go``,
``ParseEtcdServersOverrides``, unchanged from v0.20 to v0.37): its URLs are then never
dialled. An override replaces only the server list of the resource's storage config
(``pkg/server/storage/storage_factory.go``, ``groupResourceOverrides.Apply``:
``config.Transport.ServerList = o.etcdLocation``): ``--etcd-cafile``, ``--etcd-certfile``
and ``--etcd-keyfile`` apply to its servers too. (A repeated flag appends to the slice;
etcdlint judges the last occurrence only.)
"""

from __future__ import annotations

from typing import List, Optional, Tuple

from etcdlint.model import Setting, Span


def override_servers(setting: Optional[Setting]) -> List[Tuple[str, str, Span]]:
    """``(url, group/resource, span)`` for every server of a valid, known value; [] else."""
    if setting is None or not setting.known or not setting.value:
        return []
    value = setting.value
    token = setting.token if setting.token is not None and setting.token.text == value else None
    out: List[Tuple[str, str, Span]] = []
    pos = 0
    for entry in value.split(","):
        start = pos
        pos += len(entry) + 1
        parts = entry.split("#")
        if len(parts) != 2 or len(parts[0].split("/")) != 2:
            return []  # kube-apiserver refuses the flag
        resource, servers = parts
        at = start + len(resource) + 1
        for server in servers.split(";"):
            if not server:
                return []
            span = token.sub_span(at, at + len(server)) if token else setting.value_span
            out.append((server, resource, span))
            at += len(server) + 1
    return out
