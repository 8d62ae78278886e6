"""The CIS control each security boolean decides, from the CIS rules' own metadata.

A configuration error on one of these settings (a value etcd rejects) carries the control's
id, so that a report read by control shows it failing rather than passing.
"""

from __future__ import annotations

from typing import Dict, Optional

from etcdlint.model import Diagnostic
from etcdlint.records import replace
from etcdlint.rules.etcd002_client_cert_auth import RULE as CLIENT_CERT_AUTH
from etcdlint.rules.etcd003_auto_tls import RULE as AUTO_TLS
from etcdlint.rules.etcd005_peer_client_cert_auth import RULE as PEER_CLIENT_CERT_AUTH
from etcdlint.rules.etcd006_peer_auto_tls import RULE as PEER_AUTO_TLS

CIS_OF_FLAG: Dict[str, Optional[str]] = {
    "client-cert-auth": CLIENT_CERT_AUTH.cis,
    "auto-tls": AUTO_TLS.cis,
    "peer-client-cert-auth": PEER_CLIENT_CERT_AUTH.cis,
    "peer-auto-tls": PEER_AUTO_TLS.cis,
}


def with_cis_of(diag: Diagnostic, name: Optional[str]) -> Diagnostic:
    """``diag`` carrying the CIS id of setting ``name``, when a CIS control decides it."""
    cis = CIS_OF_FLAG.get(name) if name else None
    return diag if cis is None else replace(diag, cis=cis)
