"""The API server's side of the etcd connection: which configurations the rules judge."""

from __future__ import annotations

from typing import Iterator

from etcdlint.model import ApiServerConfig


def talks_to_etcd(run) -> Iterator[ApiServerConfig]:
    """API server configurations that name etcd servers (kubeadm always does)."""
    for api in run.apiservers:
        if api.source != "pod" or api.get("etcd-servers") is not None:
            yield api
