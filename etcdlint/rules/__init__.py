"""The rule registry: every rule etcdlint has, by code, each rule's module imported only when
a run needs the rule.

What a run must know of every rule before it needs any (its code, its module, which kinds of
check it has, the etcd settings its cross-file check reads) is written here;
tests/rules/test_registry.py checks it against each module's ``RULE``. ``RULES`` and
``BY_CODE`` (every rule, made on first use) import every module: the rule list, ``explain``
and SARIF's rule table want them all.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Callable, Dict, FrozenSet, Iterator, List, Optional, Tuple

if TYPE_CHECKING:
    from etcdlint.rules.base import Rule

# The kinds of check a rule has (``Rule``'s fields): ``check`` reads one etcd configuration;
# ``run`` (``check_run``) what the whole run found, and only finds something where the run
# found an etcd configuration (``run:etcd``) or an API server (``run:apiservers``);
# ``documents`` the YAML of documents that configure etcd; ``suppressions`` a file's
# suppressions, and only finds something where the file has one.
CHECK = "check"
RUN_ON_ETCD = "run:etcd"
RUN_ON_APISERVERS = "run:apiservers"
DOCUMENTS = "documents"
SUPPRESSIONS = "suppressions"

# code -> (module in etcdlint.rules, kind of check; "" for ETCD000, which the engine reports
# itself), in the order of the rule list.
MODULES: Dict[str, Tuple[str, str]] = {
    "ETCD000": ("etcd000_unreadable", ""),
    "ETCD001": ("etcd001_client_tls_files", CHECK),
    "ETCD002": ("etcd002_client_cert_auth", CHECK),
    "ETCD003": ("etcd003_auto_tls", CHECK),
    "ETCD004": ("etcd004_peer_tls_files", CHECK),
    "ETCD005": ("etcd005_peer_client_cert_auth", CHECK),
    "ETCD006": ("etcd006_peer_auto_tls", CHECK),
    "ETCD007": ("etcd007_unique_ca", RUN_ON_ETCD),
    "ETCD101": ("etcd101_etcd_endpoint_plaintext", RUN_ON_APISERVERS),
    "ETCD102": ("etcd102_etcd_client_ca_missing", RUN_ON_APISERVERS),
    "ETCD103": ("etcd103_etcd_client_cert_missing", RUN_ON_APISERVERS),
    "ETCD104": ("etcd104_plaintext_client_url", CHECK),
    "ETCD105": ("etcd105_plaintext_peer_url", CHECK),
    "ETCD106": ("etcd106_plaintext_metrics_url", CHECK),
    "ETCD107": ("etcd107_tls_version", CHECK),
    "ETCD108": ("etcd108_insecure_cipher_suite", CHECK),
    "ETCD109": ("etcd109_peer_san_verification", CHECK),
    "ETCD110": ("etcd110_cert_auth_without_ca", CHECK),
    "ETCD111": ("etcd111_pprof", CHECK),
    "ETCD112": ("etcd112_simple_auth_token", CHECK),
    "ETCD201": ("etcd201_ineffective_setting", CHECK),
    "ETCD202": ("etcd202_rejected_setting", CHECK),
    "ETCD203": ("etcd203_config_type_error", CHECK),
    "ETCD204": ("etcd204_unknown_flag", CHECK),
    "ETCD205": ("etcd205_invalid_boolean", CHECK),
    "ETCD206": ("etcd206_malformed_command_line", CHECK),
    "ETCD207": ("etcd207_duplicate_flag", CHECK),
    "ETCD208": ("etcd208_flag_env_conflict", CHECK),
    "ETCD209": ("etcd209_config_flag_ignored", CHECK),
    "ETCD210": ("etcd210_removed_flag", CHECK),
    "ETCD211": ("etcd211_incompatible_tls", CHECK),
    "ETCD212": ("etcd212_duplicate_key", DOCUMENTS),
    "ETCD213": ("etcd213_tls_listener_without_certificate", CHECK),
    "ETCD214": ("etcd214_apiserver_without_etcd_servers", RUN_ON_APISERVERS),
    "ETCD215": ("etcd215_chart_value_no_effect", CHECK),
    "ETCD216": ("etcd216_initial_cluster_mismatch", CHECK),
    "ETCD301": ("etcd301_unused_suppression", SUPPRESSIONS),
    "ETCD302": ("etcd302_unknown_suppression", SUPPRESSIONS),
}

# The etcd settings each cross-file check reads (``Rule.run_settings``): all a run keeps of
# each configuration.
RUN_SETTINGS_BY_CODE: Dict[str, Tuple[str, ...]] = {
    "ETCD007": ("trusted-ca-file",),
}

ALL_CODES: Tuple[str, ...] = tuple(MODULES)  # in the order of the rule list
CODES: FrozenSet[str] = frozenset(MODULES)
RUN_SETTINGS: FrozenSet[str] = frozenset(
    name for names in RUN_SETTINGS_BY_CODE.values() for name in names)
_BY_KIND: Dict[str, Tuple[str, ...]] = {
    kind: tuple(code for code, (_, own) in MODULES.items() if own == kind)
    for kind in (CHECK, RUN_ON_ETCD, RUN_ON_APISERVERS, DOCUMENTS, SUPPRESSIONS)}


def codes_of(kind: str) -> Tuple[str, ...]:
    """The codes of the rules with a check of ``kind``, in order."""
    return _BY_KIND.get(kind, ())


def rule(code: str) -> "Rule":
    """The rule ``code`` (its module imported now, if it was not)."""
    return import_module(f"etcdlint.rules.{MODULES[code][0]}").RULE


_CHECKS: Dict[FrozenSet[str], List["Rule"]] = {}


def checks(enabled: FrozenSet[str]) -> List["Rule"]:
    """The rules among ``enabled`` that check one etcd configuration, in order (made once
    per set of codes)."""
    found = _CHECKS.get(enabled)
    if found is None:
        found = _CHECKS[enabled] = [rule(code) for code in codes_of(CHECK) if code in enabled]
    return found


def run_checks(enabled: Callable[[str], bool], has_etcd: bool,
               has_apiservers: bool) -> Iterator["Rule"]:
    """The ``enabled`` rules whose cross-file check may find something in a run that found
    etcd configurations (``has_etcd``) and API servers (``has_apiservers``), in order."""
    for code, (_, kind) in MODULES.items():
        if ((kind == RUN_ON_ETCD and has_etcd) or (kind == RUN_ON_APISERVERS and has_apiservers)) \
                and enabled(code):
            yield rule(code)


def suppression_rules(enabled: FrozenSet[str]) -> Iterator["Rule"]:
    """The ``enabled`` rules that check a file's suppressions (asked only of a file that has
    one)."""
    return (rule(code) for code in codes_of(SUPPRESSIONS) if code in enabled)


class _DocumentChecks:
    """The document checks (``Rule.check_documents``), their modules imported when the
    checks first run: a run that reads no document that configures etcd needs none. They
    run whatever the selection (their findings are filtered as any other): the duplicate
    keys ETCD212 finds also withhold the fixes that would touch them (engine/lint.py)."""

    checks: Optional[Tuple[Callable, ...]] = None

    def __iter__(self):
        if self.checks is None:
            self.checks = tuple(rule(code).check_documents for code in codes_of(DOCUMENTS))
        return iter(self.checks)


DOCUMENT_CHECKS = _DocumentChecks()


def __getattr__(name: str):
    """``RULES`` (every rule, in order) and ``BY_CODE`` (every rule by code), made on first
    use."""
    if name == "RULES":
        value = [rule(code) for code in ALL_CODES]
    elif name == "BY_CODE":
        value = {code: rule(code) for code in ALL_CODES}
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value
    return value
