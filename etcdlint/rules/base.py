"""What every rule is made of, and the checks several CIS rules share."""

from __future__ import annotations

from sys import intern
from typing import Callable, Iterator, Mapping, Optional, Sequence, Tuple

from etcdlint.records import field, record, replace
from etcdlint.etcd.configkeys import CONFIG_FILE_KEYS
from etcdlint.etcd.flags import parse_go_bool
from etcdlint.model import ApiServerConfig, Diagnostic, EtcdConfig, Fix, Setting, Span
from etcdlint.text.shown import shown_message


@record
class RuleOptions:
    """Per-run options rules may read (from configuration files and the command line)."""

    exempt_single_member: bool = False
    severity: Mapping[str, str] = field(default_factory=dict)


def one_scope(path: str) -> str:
    return ""


@record
class RunView:
    """Everything one run found, for rules that compare across files (CIS 2.7).

    ``scope_of`` names the cluster scope of a path: files of different scopes describe
    different clusters (or nodes), whose paths must not be compared. ``in_cluster_root``:
    whether that scope is a configured cluster root (every file under it one cluster).
    A finding decided in a file the run does not report on is reported where a reported
    file brings it in, or not at all (``reported``).
    """

    etcd: Sequence[EtcdConfig]
    apiservers: Sequence[ApiServerConfig]
    scope_of: Callable[[str], str] = one_scope
    in_cluster_root: Callable[[str], bool] = lambda path: False
    # Whether the run reports on the file at ``path`` (files named on the command line are;
    # the other files of their scopes, read for the comparison only, are not).
    reported: Callable[[str], bool] = lambda path: True


@record
class Rule:
    code: str
    name: str  # PascalCase identifier, as SARIF wants
    title: str  # one line
    cis: Optional[str]
    severity: str  # default: "error" | "warning" | "note"
    security_severity: str  # GitHub's 0.0-10.0 score, as a string
    fix: str  # "safe" | "unsafe" | "none"
    docs: str  # markdown: What it does / Why is this bad? / Example / Fix safety
    check: Optional[Callable[[EtcdConfig, RuleOptions], Iterator[Diagnostic]]] = None
    check_run: Optional[Callable[[RunView, RuleOptions], Iterator[Diagnostic]]] = None
    # The etcd settings ``check_run`` reads: the only ones a run keeps of each configuration.
    run_settings: Tuple[str, ...] = ()
    # Checks of what is not an etcd configuration: the YAML nodes of documents that configure
    # etcd, ``(path, documents)``; a file's suppressions once applied, ``(path, suppressions,
    # the codes enabled for the path, every rule code)``.
    check_documents: Optional[Callable[[str, list], Iterator[Diagnostic]]] = None
    check_suppressions: Optional[Callable[[str, list, frozenset, frozenset],
                                          Iterator[Diagnostic]]] = None




def setting_name(config: EtcdConfig, name: str) -> str:
    """How the user spells ``name`` where this configuration lives."""
    if name in config.names:
        return config.names[name]
    if config.source == "config-file":
        return CONFIG_FILE_KEYS.get(name, name)
    return f"--{name}"


def not_set(config: EtcdConfig, name: str, default: str = "") -> str:
    """``--name is not set`` and why: the value that leaves it out, where a source says
    (``EtcdConfig.absent_reasons``), else ``default`` ("default false")."""
    reason = config.absent_reasons.get(name)
    if reason is not None:
        return f"--{name} is not set ({reason})"
    return f"{setting_name(config, name)} is not set" + (f" ({default})" if default else "")


def make(rule: Rule, config_path: str, span: Span, message: str,
         fix: Optional[Fix] = None, help: str = "") -> Diagnostic:
    """``help``: what to change, said where the finding has no fix (or its fix no title);
    a fix's title is the finding's help, for it is the exact edit."""
    # (interned: a file of many alike configurations gives the same message many times;
    # shown_message: a value a message echoes never shows a URL's password, nor runs long)
    if fix is not None and fix.title != shown_message(fix.title):
        fix = replace(fix, title=shown_message(fix.title))
    if fix is not None and fix.title:
        help = fix.title
    return Diagnostic(rule.code, rule.cis, rule.severity, intern(shown_message(message)),
                      config_path, span, fix, (), intern(shown_message(help)))


def first_then(withheld: str, then: str) -> str:
    """The help of a finding whose fix is withheld: the step its message names first
    (``no fix: set --trusted-ca-file first (...)``), then what the fix would have done."""
    step = withheld[len("no fix: "):] if withheld.startswith("no fix: ") else withheld
    step = step.split(" first (", 1)[0]
    return f"{step} first, then {then}"


def bool_value(setting: Optional[Setting]) -> Optional[bool]:
    """The boolean etcd would read; None when unknown or not a valid boolean."""
    if setting is None or not setting.known:
        return None
    return parse_go_bool(setting.value)


def check_files_set(rule: Rule, config: EtcdConfig, names: Sequence[str],
                    consequence: str) -> Iterator[Diagnostic]:
    from etcdlint.rules.fixes import set_inferred_path

    for name in names:
        setting = config.get(name)
        label = setting_name(config, name)
        help = f"set {label} to the path of etcd's {_FILE_ROLES.get(name, 'file')}"
        if setting is None:
            if config.complete:
                yield make(rule, config.path, config.anchor_for(name),
                           f"{not_set(config, name)}: {consequence}",
                           set_inferred_path(config, name), help)
        elif setting.known and setting.value.strip() == "":
            yield make(rule, config.path, setting.span, f"{label} is empty: {consequence}",
                       set_inferred_path(config, name), help)


# What each certificate setting names (for the help of a finding that asks for it).
_FILE_ROLES = {
    "cert-file": "server certificate (PEM)",
    "key-file": "server private key (PEM)",
    "peer-cert-file": "peer certificate (PEM)",
    "peer-key-file": "peer private key (PEM)",
}


def check_bool_true(rule: Rule, config: EtcdConfig, name: str, consequence: str,
                    withheld: Callable[[], Optional[str]] = lambda: None
                    ) -> Iterator[Diagnostic]:
    """``withheld()``: why no fix is offered (``rules.withheld``), said at the end of the
    message; None: the fix setting ``name`` to true is offered. Asked only for a finding."""
    from etcdlint.rules.fixes import ensure_true

    setting = config.get(name)
    label = setting_name(config, name)
    title = f"set {label} to true"
    if setting is None:
        if config.complete:
            withheld = withheld()
            why = f"; {withheld}" if withheld else ""
            yield make(rule, config.path, config.anchor_for(name),
                       f"{not_set(config, name, 'default false')}: {consequence}{why}",
                       None if withheld else ensure_true(config, name, title),
                       first_then(withheld, title) if withheld else title)
        return
    if bool_value(setting) is False:
        withheld = withheld()
        why = f"; {withheld}" if withheld else ""
        yield make(rule, config.path, setting.value_span,
                   f"{label} is {setting.value}: {consequence}{why}",
                   None if withheld else ensure_true(config, name, title),
                   first_then(withheld, title) if withheld else title)


def ca_missing(config: EtcdConfig, ca: str) -> bool:
    """The CA setting ``ca`` is known to be missing: not set in a complete configuration, or
    set to an empty value (ETCD110's condition; a template or secret is not missing)."""
    setting = config.get(ca)
    if setting is None:
        return config.complete
    return setting.known and not setting.value.strip()


def check_bool_not_true(rule: Rule, config: EtcdConfig, name: str, consequence: str,
                        withheld: Callable[[], Optional[str]] = lambda: None
                        ) -> Iterator[Diagnostic]:
    """``withheld``: as for ``check_bool_true``, for the fix that removes ``name``."""
    from etcdlint.rules.fixes import remove_or_set

    setting = config.get(name)
    if bool_value(setting) is True:
        label = setting_name(config, name)
        shown = "set" if setting.bare else f"{setting.value}"
        withheld = withheld()
        if withheld:
            fix, why = None, f"; {withheld}"
        else:
            fix, why = (config.own_fixes[name] if name in config.own_fixes else
                        remove_or_set(setting, "false", f"remove {label} (it defaults to false)")), ""
        yield make(rule, config.path, setting.value_span,
                   f"{label} is {shown}: {consequence}{why}", fix,
                   first_then(withheld, f"remove {label}") if withheld
                   else f"remove {label}, or set it to false")


def exempt_as_single_member(config: EtcdConfig, options: RuleOptions) -> bool:
    """With the opt-in option, a configuration whose initial cluster names one member."""
    if not options.exempt_single_member:
        return False
    initial = config.get("initial-cluster")
    if initial is None or not initial.known:
        return False
    members = [m for m in initial.value.split(",") if m.strip()]
    return len(members) <= 1
