"""The data every stage passes on: spans, settings, configurations, diagnostics."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping, Optional, Tuple


@dataclass(frozen=True)
class Span:
    """Offsets (code points) into the decoded text, BOM excluded; end is exclusive."""

    start: int
    end: int


# Where a setting's value came from.
ORIGIN_FLAG = "flag"
ORIGIN_ENV = "env"
ORIGIN_CONFIG_FILE = "config-file"
ORIGIN_KUBEADM_EXTRA_ARG = "kubeadm-extra-arg"
ORIGIN_KUBEADM_DEFAULT = "kubeadm-default"


@dataclass(frozen=True)
class Setting:
    """One effective etcd setting and the token that decided it.

    ``value`` is the raw string etcd would parse; ``None`` means it cannot be known
    statically (``valueFrom``, an unresolved shell expansion). ``span`` covers the whole
    deciding token (``--client-cert-auth=false``), ``value_span`` its value part.
    """

    name: str
    value: Optional[str]
    origin: str
    span: Span
    value_span: Span
    dynamic: bool = False

    @property
    def known(self) -> bool:
        return self.value is not None and not self.dynamic


@dataclass(frozen=True)
class FlagUse:
    """One occurrence of a flag on a command line, in order."""

    name: str
    value: Optional[str]
    span: Span
    name_span: Span
    value_span: Span
    has_inline_value: bool
    dynamic: bool = False


@dataclass(frozen=True)
class ArgvProblem:
    """Something in an etcd command line that etcd itself would reject."""

    kind: str  # "positional", "bad-syntax", "missing-value", "env-conflict", "bad-env-value"
    message: str
    span: Span


@dataclass(frozen=True)
class EtcdConfig:
    """One etcd server as configured in one place of one file."""

    source: str  # "pod", "kubeadm", "config-file", ...
    path: str
    anchor_span: Span
    settings: Mapping[str, Setting]
    flag_uses: Tuple[FlagUse, ...] = ()
    env_uses: Tuple[FlagUse, ...] = ()
    problems: Tuple[ArgvProblem, ...] = ()
    # False when the effective settings cannot be known (e.g. a --config-file that is not
    # in the scanned set): rules about missing settings stay silent then.
    complete: bool = True
    label: str = ""  # e.g. "container etcd of Pod kube-system/etcd"
    config_file: Optional[Setting] = None  # the --config-file that replaces flags and env

    def get(self, name: str) -> Optional[Setting]:
        return self.settings.get(name)


@dataclass(frozen=True)
class ApiServerConfig:
    """A kube-apiserver command line, for rules that compare it with etcd (CIS 2.7)."""

    path: str
    anchor_span: Span
    settings: Mapping[str, Setting]


@dataclass(frozen=True)
class Edit:
    span: Span
    replacement: str


@dataclass(frozen=True)
class Fix:
    title: str
    applicability: str  # "safe" | "unsafe" | "display-only"
    edits: Tuple[Edit, ...]


@dataclass(frozen=True)
class Diagnostic:
    rule: str
    cis: Optional[str]
    severity: str  # "error" | "warning" | "note"
    message: str
    path: str
    span: Span
    fix: Optional[Fix] = None


@dataclass(frozen=True)
class Position:
    line: int
    column: int


@dataclass(frozen=True)
class LocatedDiagnostic:
    """A diagnostic with its 1-based line/column range resolved, ready to report."""

    diagnostic: Diagnostic
    start: Position
    end: Position
    extra: Mapping[str, object] = field(default_factory=dict)
