"""The data every stage passes on: spans, settings, configurations, diagnostics."""

from __future__ import annotations

from typing import TYPE_CHECKING, FrozenSet, List, Mapping, Optional, Tuple

from etcdlint.records import field, init_field, record
from etcdlint.text.span import Position, Span
from etcdlint.text.templates import has_template
if TYPE_CHECKING:  # pragma: no cover
    from etcdlint.text.tokens import Token


# Where a setting's value came from.
ORIGIN_FLAG = "flag"
ORIGIN_ENV = "env"
ORIGIN_CONFIG_FILE = "config-file"
ORIGIN_KUBEADM_EXTRA_ARG = "kubeadm-extra-arg"
ORIGIN_KUBEADM_DEFAULT = "kubeadm-default"
ORIGIN_EXTRA_ARG = "extra-arg"  # replaces the tool's flag of the same name (k0s, RKE)
ORIGIN_JSON_PATCH = "json-patch"  # the value of a JSON 6902 operation: a fix replaces it
ORIGIN_TOOL_DEFAULT = "tool-default"  # set by k3s/RKE2 or Talos, which write etcd's config
ORIGIN_CHART_VALUE = "chart-value"  # written by a Helm chart's template from a value
# Inside a string written escaped (a JSON string, a data: URL): a fix may replace a value in
# place, never add or remove text around it (a line break or a space would need escaping).
ORIGIN_ENCODED = "encoded-text"


@record(slots=True)
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
    token: Optional["Token"] = None  # the value with per-character positions, when known
    bare: bool = False  # a boolean flag given without a value (``--auto-tls``)

    def __post_init__(self) -> None:
        # A ``{{ … }}`` value is not known before rendering: dynamic, whichever adapter made it.
        if not self.dynamic and has_template(self.value):
            init_field(self, "dynamic", True)

    @property
    def known(self) -> bool:
        return self.value is not None and not self.dynamic

    def parts(self) -> List[Tuple[str, Span]]:
        """Comma-separated items of the value (URL lists), each with its span."""
        if self.value is None:
            return []
        out: List[Tuple[str, Span]] = []
        pos = 0
        for piece in self.value.split(","):
            start, end = pos, pos + len(piece)
            pos = end + 1
            if not piece.strip() or (self.dynamic and has_template(piece)):
                continue
            lead = len(piece) - len(piece.lstrip())
            stripped = piece.strip()
            if self.token is not None and self.token.text == self.value:
                span = self.token.sub_span(start + lead, start + lead + len(stripped))
            else:
                span = self.value_span
            out.append((stripped, span))
        return out


@record(slots=True)
class FlagUse:
    """One occurrence of a flag on a command line, in order."""

    name: str
    value: Optional[str]
    span: Span
    name_span: Span
    value_span: Span
    has_inline_value: bool
    dynamic: bool = False
    origin: str = ORIGIN_FLAG
    token: Optional["Token"] = None
    bare: bool = False

    def __post_init__(self) -> None:
        # A ``{{ … }}`` value is not known before rendering: dynamic, whichever adapter made it.
        if not self.dynamic and has_template(self.value):
            init_field(self, "dynamic", True)


@record(slots=True)
class ArgvProblem:
    """Something in an etcd command line that etcd itself would reject."""

    # "positional", "bad-syntax", "missing-value", "env-conflict": etcd refuses the command
    # line; "ineffective": silently ignored; "rejected": refused by the tool in front of etcd;
    # "type-error": a config value of the wrong YAML type.
    kind: str
    message: str
    span: Span
    help: str = ""  # what to change (the finding's help line); the rule's own when empty




@record(slots=True)
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
    # What etcdlint does not model about this configuration (why it is not complete), said
    # once after the report, at ``anchor_span``.
    note: str = ""
    label: str = ""  # e.g. "container etcd of Pod kube-system/etcd"
    config_file: Optional[Setting] = None  # the --config-file that replaces flags and env
    # Where missing settings of a section point, when the source has sections ("client",
    # "peer" in etcd's config file); anchor_span otherwise.
    section_anchors: Mapping[str, Span] = field(default_factory=dict)
    version: Optional[Tuple[int, int]] = None  # etcd (major, minor), when an image tag tells it
    # Where missing settings can be inserted, by section ("" for the whole configuration;
    # "client"/"peer" for etcd's config file).
    insert_points: Mapping[str, InsertPoint] = field(default_factory=dict)
    # For sources where etcd's settings are derived from other values (a Helm chart's values):
    # how the user spells a setting there, where its absence is decided, and the fix the
    # source offers for a finding on it (None: no fix; the generic fixes never apply).
    names: Mapping[str, str] = field(default_factory=dict)
    setting_anchors: Mapping[str, Span] = field(default_factory=dict)
    own_fixes: Mapping[str, Optional["Fix"]] = field(default_factory=dict)
    # Why such a source leaves a setting out, when a value decides it ("auth.client.
    # enableAuthentication is false"): said instead of the setting's default.
    absent_reasons: Mapping[str, str] = field(default_factory=dict)
    # The settings a source keeps in its "client" section (etcd's config file: those under
    # client-transport-security); settings named "peer-..." belong to its "peer" section.
    client_section: FrozenSet[str] = frozenset()
    # Where a default of the tool in front of etcd gives a value (compose's ``${P:-true}``):
    # the deploying environment decides it, so a fix that edits there is at most unsafe.
    environment_defaults: Tuple[Span, ...] = ()

    def get(self, name: str) -> Optional[Setting]:
        return self.settings.get(name)

    def insert_point_for(self, name: str) -> Optional[InsertPoint]:
        if name.startswith("peer-") and "peer" in self.insert_points:
            return self.insert_points["peer"]
        if name in self.client_section and "client" in self.insert_points:
            return self.insert_points["client"]
        return self.insert_points.get("")

    def anchor_for(self, name: str) -> Span:
        if name in self.setting_anchors:
            return self.setting_anchors[name]
        if name.startswith("peer-"):
            return self.section_anchors.get("peer", self.anchor_span)
        if name in self.client_section:
            return self.section_anchors.get("client", self.anchor_span)
        return self.anchor_span

    @property
    def is_for_run(self) -> bool:
        """Whether this is already what ``for_run`` keeps."""
        return isinstance(self.settings, KeptSettings)

    def for_run(self, keep: frozenset) -> "EtcdConfig":
        """What the rules that compare files read: the settings named in ``keep`` (without
        their tokens), spans and anchors, none of the per-file detail (flag uses, problems,
        insert points): cheap to keep for a whole run and to send back from a worker."""
        settings = KeptSettings(keep)
        for name, s in self.settings.items():  # (in their order: the same in every process)
            if name in keep:
                settings[name] = Setting(s.name, s.value, s.origin, s.span, s.value_span,
                                         s.dynamic, None, s.bare)
        return EtcdConfig(self.source, self.path, self.anchor_span, settings,
                          complete=self.complete, label=self.label,
                          section_anchors=self.section_anchors, version=self.version,
                          insert_points=_NONE, names=self.names,
                          setting_anchors=self.setting_anchors, own_fixes=_NONE,
                          absent_reasons=self.absent_reasons,
                          client_section=self.client_section)


# One empty mapping for every configuration kept (never written: configurations are built
# whole; a dict, for it goes through pickle from a worker).
_NONE: Mapping = {}


class KeptSettings(dict):
    """The settings a configuration keeps for the cross-file rules. Asking for another one
    is an etcdlint bug (a rule whose ``run_settings`` misses it), never "not set"."""

    __slots__ = ("kept",)

    def __init__(self, kept: frozenset) -> None:
        super().__init__()
        self.kept = kept

    def get(self, name, default=None):
        self._check(name)
        return dict.get(self, name, default)

    def __contains__(self, name) -> bool:
        self._check(name)
        return dict.__contains__(self, name)

    def _check(self, name) -> None:
        if name not in self.kept:
            raise KeyError(f"setting {name!r} is not kept for the cross-file rules")

    def __reduce__(self):
        return (KeptSettings, (self.kept,), None, None, iter(self.items()))


@record(slots=True)
class ApiServerConfig:
    """The kube-apiserver side of etcd: its client CA (CIS 2.7) and its etcd client settings
    (``etcd-servers``, ``etcd-cafile``, ``etcd-certfile``, ``etcd-keyfile``)."""

    path: str
    anchor_span: Span
    settings: Mapping[str, Setting]
    source: str = "pod"  # "pod", "kubeadm", "kubeadm-external"
    label: str = ""
    # False when part of the command line is computed at run time (``$EXTRA_ARGS`` in a
    # script): a flag that is not seen may still be there.
    complete: bool = True
    # How the user writes a setting when a tool's own field makes the flag
    # ("etcd-servers": "etcd.external.endpoints"); a flag given as such is not in it.
    names: Mapping[str, str] = field(default_factory=dict)

    def get(self, name: str) -> Optional[Setting]:
        return self.settings.get(name)

    def name_of(self, flag: str) -> str:
        """``flag`` as the user wrote it: the tool's field, or ``--flag``."""
        return self.names.get(flag, f"--{flag}")


@record(slots=True)
class Edit:
    """A text edit. ``mode`` "replace" is final; "remove-item" and "insert-after" are
    intents the engine turns into replace edits once it has looked at the text around
    ``span`` (whole list item or line, neighbours' indentation and quoting).

    ``expect`` is the text that must be at ``span`` for the edit to apply.
    """

    span: Span
    replacement: str
    expect: Optional[str] = None
    mode: str = "replace"  # "replace" | "remove-item" | "insert-after"
    kind: str = ""  # for insert-after: "argv", "word", "env", "map"


@record(slots=True)
class Fix:
    title: str
    applicability: str  # "safe" | "unsafe" | "display-only"
    edits: Tuple[Edit, ...]
    fallback: Optional["Fix"] = None  # tried when these edits cannot be applied cleanly
    names: Tuple[str, ...] = ()  # the etcd settings the fix changes (for verification)


@record
class InsertPoint:
    """Where a missing setting can be added: after ``span``, in the style of ``kind``."""

    kind: str  # "argv" (a list item), "word" (a shell word), "env" (an env list item), "map"
    span: Span


@record(slots=True)
class Related:
    """Another place a diagnostic depends on (the API server a CIS 2.7 finding compares with)."""

    path: str
    span: Span
    message: str


@record(slots=True)
class Diagnostic:
    rule: str
    cis: Optional[str]
    severity: str  # "error" | "warning" | "note"
    message: str
    path: str
    span: Span
    fix: Optional[Fix] = None
    related: Tuple[Related, ...] = ()
    # What to change, in a line (``help:`` of ``--format full``, ``help`` in JSON): the fix's
    # title where the finding has a fix, else what the rule knows to ask for.
    help: str = ""


@record(slots=True)
class LocatedDiagnostic:
    """A diagnostic with its 1-based line/column range resolved, ready to report."""

    diagnostic: Diagnostic
    start: Position
    end: Position
    related: Tuple["LocatedRelated", ...] = ()


@record(slots=True)
class LocatedRelated:
    """A related location with its 1-based line/column range resolved."""

    path: str
    start: Position
    end: Position
    message: str
