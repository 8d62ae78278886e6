"""Whether a chart reference names bitnami's etcd chart.

The chart is ``etcd`` from a bitnami repository: the Helm repository
``https://charts.bitnami.com/bitnami`` or the OCI registry
``oci://registry-1.docker.io/bitnamicharts`` (also spelled ``oci://docker.io/bitnamicharts``),
or the full OCI reference ``oci://…/bitnamicharts/etcd``.
"""

from __future__ import annotations

from typing import Optional

_BITNAMI = ("charts.bitnami.com/bitnami", "docker.io/bitnamicharts")


def is_bitnami_repository(url: Optional[str]) -> bool:
    if not url:
        return False
    low = url.strip().lower().rstrip("/")
    for scheme in ("https://", "http://", "oci://"):
        if low.startswith(scheme):
            low = low[len(scheme):]
            break
    return low in _BITNAMI or low in ("registry-1." + b for b in _BITNAMI[1:])


def is_bitnami_etcd(chart: Optional[str], repository: Optional[str]) -> bool:
    """``chart`` from ``repository`` (either may carry the full OCI reference)."""
    if not chart:
        return False
    chart = chart.strip()
    if chart.lower().startswith("oci://"):
        head, _, name = chart.rstrip("/").rpartition("/")
        return name.split(":", 1)[0] == "etcd" and is_bitnami_repository(head)
    if chart != "etcd":
        return False
    return is_bitnami_repository(repository)
