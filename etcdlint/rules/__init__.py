"""The rule registry: every rule etcdlint has, by code."""

from __future__ import annotations

from typing import Dict, List

from etcdlint.rules import (
    etcd000_unreadable,
    etcd001_client_tls_files,
    etcd002_client_cert_auth,
    etcd003_auto_tls,
    etcd004_peer_tls_files,
    etcd005_peer_client_cert_auth,
    etcd006_peer_auto_tls,
    etcd007_unique_ca,
    etcd101_etcd_endpoint_plaintext,
    etcd102_etcd_client_ca_missing,
    etcd103_etcd_client_cert_missing,
    etcd104_plaintext_client_url,
    etcd105_plaintext_peer_url,
    etcd106_plaintext_metrics_url,
    etcd107_tls_version,
    etcd108_insecure_cipher_suite,
    etcd109_peer_san_verification,
    etcd110_cert_auth_without_ca,
    etcd111_pprof,
    etcd112_simple_auth_token,
    etcd201_ineffective_setting,
    etcd202_rejected_setting,
    etcd203_config_type_error,
    etcd204_unknown_flag,
    etcd205_invalid_boolean,
    etcd206_malformed_command_line,
    etcd207_duplicate_flag,
    etcd208_flag_env_conflict,
    etcd209_config_flag_ignored,
    etcd210_removed_flag,
    etcd211_incompatible_tls,
    etcd212_duplicate_key,
    etcd213_tls_listener_without_certificate,
    etcd214_apiserver_without_etcd_servers,
    etcd215_chart_value_no_effect,
    etcd216_initial_cluster_mismatch,
    etcd301_unused_suppression,
    etcd302_unknown_suppression,
)
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
    etcd104_plaintext_client_url.RULE,
    etcd105_plaintext_peer_url.RULE,
    etcd106_plaintext_metrics_url.RULE,
    etcd107_tls_version.RULE,
    etcd108_insecure_cipher_suite.RULE,
    etcd109_peer_san_verification.RULE,
    etcd110_cert_auth_without_ca.RULE,
    etcd111_pprof.RULE,
    etcd112_simple_auth_token.RULE,
    etcd201_ineffective_setting.RULE,
    etcd202_rejected_setting.RULE,
    etcd203_config_type_error.RULE,
    etcd204_unknown_flag.RULE,
    etcd205_invalid_boolean.RULE,
    etcd206_malformed_command_line.RULE,
    etcd207_duplicate_flag.RULE,
    etcd208_flag_env_conflict.RULE,
    etcd209_config_flag_ignored.RULE,
    etcd210_removed_flag.RULE,
    etcd211_incompatible_tls.RULE,
    etcd212_duplicate_key.RULE,
    etcd213_tls_listener_without_certificate.RULE,
    etcd214_apiserver_without_etcd_servers.RULE,
    etcd215_chart_value_no_effect.RULE,
    etcd216_initial_cluster_mismatch.RULE,
    etcd301_unused_suppression.RULE,
    etcd302_unknown_suppression.RULE,
]

BY_CODE: Dict[str, Rule] = {rule.code: rule for rule in RULES}

CODES = frozenset(BY_CODE)

# The rules that check more than etcd configurations: documents' YAML, suppressions.
DOCUMENT_CHECKS = tuple(rule.check_documents for rule in RULES if rule.check_documents)
SUPPRESSION_RULES = tuple(rule for rule in RULES if rule.check_suppressions is not None)

# The etcd settings the cross-file rules read: all a run keeps of each configuration.
RUN_SETTINGS = frozenset(name for rule in RULES for name in rule.run_settings)
