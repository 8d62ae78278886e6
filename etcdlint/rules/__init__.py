"""The rule registry: every rule etcdlint has, by code."""

from __future__ import annotations

from typing import Dict, List

from etcdlint.rules import (etcd000_unreadable, etcd001_client_tls_files,
                            etcd002_client_cert_auth, etcd003_auto_tls,
                            etcd004_peer_tls_files, etcd005_peer_client_cert_auth,
                            etcd006_peer_auto_tls, etcd007_unique_ca,
                            etcd101_etcd_endpoint_plaintext, etcd102_etcd_client_ca_missing,
                            etcd103_etcd_client_cert_missing, etcd201_ineffective_setting,
                            etcd202_rejected_setting, etcd203_config_type_error)
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
    etcd101_etcd_endpoint_plaintext.RULE,
    etcd102_etcd_client_ca_missing.RULE,
    etcd103_etcd_client_cert_missing.RULE,
    etcd201_ineffective_setting.RULE,
    etcd202_rejected_setting.RULE,
    etcd203_config_type_error.RULE,
]

BY_CODE: Dict[str, Rule] = {rule.code: rule for rule in RULES}
