"""The rule registry: every rule etcdlint has, by code."""

from __future__ import annotations

from typing import Dict, List

from etcdlint.rules import (etcd000_unreadable, etcd001_client_tls_files,
                            etcd002_client_cert_auth, etcd003_auto_tls,
                            etcd004_peer_tls_files, etcd005_peer_client_cert_auth,
                            etcd006_peer_auto_tls, etcd007_unique_ca)
from etcdlint.rules.base import Rule

RULES: List[Rule] = [
    etcd000_unreadable.RULE,
    etcd001_client_tls_files.RULE,
    etcd002_client_cert_auth.RULE,
    etcd003_auto_tls.RULE,
    etcd004_peer_tls_files.RULE,
    etcd005_peer_client_cert_auth.RULE,
    etcd006_peer_auto_tls.RULE,
    etcd007_unique_ca.RULE,
]

BY_CODE: Dict[str, Rule] = {rule.code: rule for rule in RULES}
