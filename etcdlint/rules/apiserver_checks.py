"""The API server's side of the etcd connection: which configurations the rules judge."""

from __future__ import annotations

from typing import Iterator

from etcdlint.model import ApiServerConfig


def talks_to_etcd(run) -> Iterator[ApiServerConfig]:
    """API server configurations that name etcd servers (kubeadm always does)."""
    for api in run.apiservers:
        if api.source != "pod" or api.get("etcd-servers") is not None:
            yield api


def all_together(api: ApiServerConfig) -> str:
    """Why a certificate file of k0s's external etcd may be missing though it was written."""
    if api.source == "k0s-external":
        return " (k0s passes caFile, clientCertFile and clientKeyFile only all together)"
    return ""
