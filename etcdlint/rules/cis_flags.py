"""The CIS control each security boolean decides, from the CIS rules' own metadata.

A configuration error on one of these settings (a value etcd rejects) carries the control's
id, so that a report read by control shows it failing rather than passing.
"""

from __future__ import annotations

from typing import Dict, Optional

from etcdlint.model import Diagnostic
from etcdlint.records import replace

# The CIS rule that judges each boolean (its module is imported only when a finding asks:
# a run that selects a configuration-error rule alone imports no CIS rule).
RULE_OF_FLAG: Dict[str, str] = {
    "client-cert-auth": "ETCD002",
    "auto-tls": "ETCD003",
    "peer-client-cert-auth": "ETCD005",
    "peer-auto-tls": "ETCD006",
}


def with_cis_of(diag: Diagnostic, name: Optional[str]) -> Diagnostic:
    """``diag`` carrying the CIS id of setting ``name``, when a CIS control decides it."""
    from etcdlint.rules import rule

    code = RULE_OF_FLAG.get(name) if name else None
    cis = rule(code).cis if code is not None else None
    return diag if cis is None else replace(diag, cis=cis)
