"""The bitnami/etcd Helm chart: how its values become etcd's configuration.

Read from bitnami/charts ``bitnami/etcd`` (``values.yaml``, ``templates/statefulset.yaml``,
``templates/_helpers.tpl``) at chart versions 8.0.0, 8.7.0, 9.0.0, 9.4.0, 10.0.0, 11.0.0,
12.0.0, 12.0.11 and 12.0.20, and from the image's ``etcd-env.sh`` and ``etcd/run.sh``
(bitnami/containers ``bitnami/etcd/3.6/debian-12``). docs/bitnami-etcd.md has the mapping as a
table. The chart passes etcd no flags: the StatefulSet's etcd container gets ``ETCD_*``
variables, each written only under the conditions below, then ``extraEnvVars`` after them
(the last of repeated names wins, as in Kubernetes).

Each setting is placed at the values key that decided it; when a chart default decides, at
the release's chart line. A value etcdlint cannot know makes the settings it decides unknown.
"""

from __future__ import annotations

import json
from typing import Dict, List, Optional, Tuple

from ruamel.yaml.nodes import MappingNode, SequenceNode

from etcdlint.etcd.flags import flag_for_env
from etcdlint.etcd.versions import version_from_tag
from etcdlint.model import (ORIGIN_CHART_VALUE, ORIGIN_ENV, ArgvProblem, EtcdConfig, Fix, Setting,
                            Span)
from etcdlint.records import record
from etcdlint.sources.helm.chart_versions import has_feature, version_range
from etcdlint.sources.helm.values import Unknown, Value, Values, truthy
from etcdlint.sources.helm.values_edit import Writer, replace_value

CHART_VERSION_READ = "12.0.20"
OLDEST_UNDERSTOOD = (8, 0, 0)

# values.yaml of bitnami/etcd 12.0.20: the values etcdlint reads (8.0.0 to 12.0.20 agree on
# every one of them; auth.token.enabled exists from 8.7.0, metrics.useSeparateEndpoint from
# 9.4.0, service.enabled from 10.0.0).
DEFAULTS: Dict[str, object] = {
    "auth.client.secureTransport": False,
    "auth.client.useAutoTLS": False,
    "auth.client.existingSecret": "",
    "auth.client.enableAuthentication": False,
    "auth.client.certFilename": "cert.pem",
    "auth.client.certKeyFilename": "key.pem",
    "auth.client.caFilename": "",
    "auth.peer.secureTransport": False,
    "auth.peer.useAutoTLS": False,
    "auth.peer.existingSecret": "",
    "auth.peer.enableAuthentication": False,
    "auth.peer.certFilename": "cert.pem",
    "auth.peer.certKeyFilename": "key.pem",
    "auth.peer.caFilename": "",
    "auth.token.enabled": True,
    "auth.token.type": "jwt",
    "auth.token.privateKey.filename": "jwt-token.pem",
    "auth.token.signMethod": "RS256",
    "auth.token.ttl": "10m",
    "containerPorts.client": 2379,
    "containerPorts.peer": 2380,
    "containerPorts.metrics": 9090,
    "metrics.useSeparateEndpoint": False,
    "service.enabled": True,
    "service.ports.client": 2379,
    "replicaCount": 1,
    "clusterDomain": "cluster.local",
    "extraEnvVars": [],
    "extraEnvVarsCM": "",
    "extraEnvVarsSecret": "",
    "configuration": "",
    "existingConfigmap": "",
    "command": [],
    "args": [],
    "diagnosticMode.enabled": False,
    "image.tag": "3.6.4-debian-12-r3",
}

# Chart versions from which a template reads a value (before them the value does nothing).
SINCE = {
    "auth.token.enabled": (8, 7, 0),        # before: ETCD_AUTH_TOKEN always written
    "metrics.useSeparateEndpoint": (9, 4, 0),
    "service.enabled": (10, 0, 0),          # before: the Service URL always advertised
    "initial-cluster-always": (12, 0, 11),  # before: ETCD_INITIAL_CLUSTER only when replicas > 1
}

CERTS = "/opt/bitnami/etcd/certs"
NEWEST = tuple(int(p) for p in CHART_VERSION_READ.split("."))  # what no version means


@record
class Release:
    """One release of the chart: what the reviewer sees, and where new values may go."""

    label: str
    chart_span: Span  # the chart line: where a default decides
    version: Optional[str]  # the version constraint given (None: the newest)
    writers: Tuple[Writer, ...] = ()  # where a new value is written, preferred first
    text: str = ""  # the file's text (for fixes)


@record
class Decided:
    """A value and who decided it: a Value written somewhere, or the chart's default."""

    data: object
    value: Optional[Value]
    unknown: bool = False


# -- the chart ---------------------------------------------------------------------------------


class _Chart:
    """One evaluation of the chart's templates for a release's values."""

    def __init__(self, values: Values, release: Release) -> None:
        self.values = values
        self.release = release
        self.versions = version_range(release.version, NEWEST)
        self.settings: Dict[str, Setting] = {}
        self.names: Dict[str, str] = {}
        self.anchors: Dict[str, Span] = {}
        self.reasons: Dict[str, str] = {}  # why a flag is absent: the value that decided it
        self.fixes: Dict[str, Optional[Fix]] = {}
        self.problems: List[ArgvProblem] = []
        self.complete = True

    def look(self, path: str) -> Decided:
        found = self.values.get(path)
        if isinstance(found, Unknown):
            return Decided(None, None, True)
        if found is None:
            return Decided(DEFAULTS.get(path), None)
        return Decided(found.data, found)

    def span(self, decided: Decided) -> Span:
        return decided.value.span if decided.value else self.release.chart_span

    def value_span(self, decided: Decided) -> Span:
        return decided.value.value_span if decided.value else self.release.chart_span

    def feature(self, name: str) -> Optional[bool]:
        return has_feature(self.versions, SINCE[name])

    def put(self, flag: str, value: Optional[str], decided: Decided, shown: str) -> None:
        self.settings[flag] = Setting(flag, value, ORIGIN_CHART_VALUE, self.span(decided),
                                      self.value_span(decided), value is None)
        self.names[flag] = f"--{flag} ({shown})"

    def absent(self, flag: str, decided: Decided, shown: str, fix: Optional[Fix]) -> None:
        """The chart leaves ``flag`` out because of the value ``shown`` (``decided``): a
        finding on it points at that value, or at the chart reference for a default."""
        self.anchors[flag] = self.value_span(decided)
        self.names[flag] = f"--{flag} ({shown})"
        written = decided.value  # (a map above the value may be what was written: auth: ~)
        self.reasons[flag] = f"{'.'.join(written.path)} is {_yaml_text(written.data)}" \
            if written is not None else f"{shown} is {_yaml_text(decided.data)} by default"
        self.fixes[flag] = fix

    # fixes

    def write(self, path: str, text: str) -> Optional[Fix]:
        """Edits that make ``path`` hold ``text`` (None when no edit can do it cleanly)."""
        found = self.values.get(path)
        if isinstance(found, Value):
            edit = replace_value(found, self.release.text, text)
            return None if edit is None else _fix(path, (edit,))
        if found is not None:
            return None
        for writer in self.release.writers:
            edit = writer.write(tuple(path.split(".")), text, self.release.text)
            if edit is not None:
                return _fix(path, (edit,))
        return None


def _yaml_text(data: object) -> str:
    """A value as a reason shows it: YAML's spelling of a scalar, the kind of a collection."""
    if isinstance(data, MappingNode):
        return "an empty map" if not data.value else "a map"
    if isinstance(data, SequenceNode):
        return "an empty list" if not data.value else "a list"
    if data is None:
        return "null"
    if isinstance(data, str):
        return json.dumps(data)
    return _text(data)


def _fix(path: str, edits) -> Fix:
    return Fix("", "unsafe", tuple(edits), names=tuple(path.split(".")[-1:]))


def _titled(fix: Optional[Fix], title: str, applicability: str, flag: str) -> Optional[Fix]:
    if fix is None:
        return Fix(title, "display-only", ())
    return Fix(title, applicability, fix.edits, names=(flag,) + fix.names)


def _display(title: str) -> Fix:
    return Fix(title, "display-only", ())


_REPLACES = {
    "command": "replaces etcd's command line",
    "args": "replaces etcd's arguments",
    "configuration": "gives etcd a config file",
    "existingConfigmap": "gives etcd a config file",
}


def chart_config(values: Values, release: Release) -> Optional[EtcdConfig]:
    """etcd's configuration as the chart writes it for ``values``; None when etcd does not run
    or the chart version is one etcdlint does not read."""
    chart = _Chart(values, release)
    if chart.versions is not None and chart.versions[1] < OLDEST_UNDERSTOOD:
        return None
    diagnostic = chart.look("diagnosticMode.enabled")
    if not diagnostic.unknown and truthy(diagnostic.data):
        return None  # the container sleeps instead of running etcd
    config = dict(source="helm", path="", anchor_span=release.chart_span,
                  label=f"bitnami/etcd chart values of {release.label}")
    for replaced in ("command", "args", "configuration", "existingConfigmap"):
        found = chart.look(replaced)
        if found.unknown or truthy(found.data):
            # etcd then runs another command line, or reads a config file: not modelled.
            unread = values.get(replaced)
            if isinstance(unread, Unknown) and unread.refused:  # (a side file refused)
                return EtcdConfig(settings={}, complete=False, note=(
                    f"{unread.why}; the values it holds are unknown: this release is not "
                    "judged"), **config)
            return EtcdConfig(settings={}, complete=False, note=(
                f"the chart value {replaced} {_REPLACES[replaced]}, which etcdlint does not "
                "model: this release is not judged"), **config)
    for side in ("client", "peer"):
        _side(chart, side)
    _metrics(chart)
    _token(chart)
    _cluster(chart)
    extra = chart.look("extraEnvVars")
    if extra.unknown:
        return EtcdConfig(settings={}, complete=False, **config)
    settings = dict(chart.settings)
    problems = list(chart.problems)
    config_file = None
    if extra.value is not None and extra.value.node is not None and truthy(extra.data):
        config_file = _extra_env(extra.value, settings, chart)
    for name in ("extraEnvVarsCM", "extraEnvVarsSecret"):
        found = chart.look(name)
        if found.unknown or truthy(found.data):
            chart.complete = False  # envFrom: variables the env list does not set may come there
    if config_file is not None:
        return EtcdConfig(settings={"config-file": config_file}, complete=False,
                          config_file=config_file, **config)
    # The default image differs by chart version: only a tag written in the values counts.
    tag = chart.look("image.tag")
    version = None
    if tag.value is not None and isinstance(tag.data, str):
        version = version_from_tag(tag.data)
    fixes = {k: v for k, v in chart.fixes.items() if k not in settings or
             settings[k].origin == ORIGIN_CHART_VALUE}
    return EtcdConfig(settings=settings, problems=tuple(problems), complete=chart.complete,
                      version=version, names=chart.names, setting_anchors=chart.anchors,
                      absent_reasons=chart.reasons,
                      own_fixes=fixes, **config)


@record
class _Side:
    """The values of one side's TLS (``auth.client`` or ``auth.peer``) and the etcd settings
    they decide."""

    side: str  # "client" | "peer"
    secure: Decided  # secureTransport
    auto: Decided  # useAutoTLS
    auth: Decided  # enableAuthentication
    secret: Decided  # existingSecret

    @property
    def p(self) -> str:
        return f"auth.{self.side}"

    def flag(self, name: str) -> str:
        return f"peer-{name}" if self.side == "peer" else name

    @property
    def cert_auth(self) -> str:
        return "peer-client-cert-auth" if self.side == "peer" else "client-cert-auth"

    @property
    def tls(self) -> List[str]:
        return [self.flag("cert-file"), self.flag("key-file"), self.cert_auth,
                self.flag("trusted-ca-file"), self.flag("auto-tls")]

    @property
    def files(self) -> Tuple[str, str, str]:
        return self.flag("cert-file"), self.flag("key-file"), self.flag("trusted-ca-file")

    @property
    def urls(self) -> Tuple[str, str]:
        return ("listen-peer-urls", "initial-advertise-peer-urls") if self.side == "peer" else \
            ("listen-client-urls", "advertise-client-urls")

    @property
    def has_secret(self) -> bool:
        data = self.secret.data
        return not self.secret.unknown and isinstance(data, str) and data != "" \
            and "{{" not in data

    @property
    def needs(self) -> str:
        return f"{self.p}.existingSecret naming a Secret that holds the certificate, key and CA"


def _side(chart: _Chart, side: str) -> None:
    p = f"auth.{side}"
    s = _Side(side, chart.look(f"{p}.secureTransport"), chart.look(f"{p}.useAutoTLS"),
              chart.look(f"{p}.enableAuthentication"), chart.look(f"{p}.existingSecret"))
    if s.secure.unknown:
        for name in s.tls + list(s.urls):
            chart.put(name, None, s.secure, f"{p}.secureTransport")
        return
    _side_urls(chart, s)
    if not truthy(s.secure.data):
        _without_tls(chart, s)
    elif s.auto.unknown:
        for name in s.tls:
            chart.put(name, None, s.auto, f"{p}.useAutoTLS")
    elif truthy(s.auto.data):
        _auto_tls(chart, s)
    else:
        _certificates(chart, s)


def _side_urls(chart: _Chart, s: _Side) -> None:
    """The side's listen and advertise URLs (secureTransport decides their scheme)."""
    scheme = "https" if truthy(s.secure.data) else "http"
    port_text = _port(chart.look(f"containerPorts.{s.side}"))
    host = "$(MY_POD_NAME).<release>-headless.<namespace>.svc.<cluster-domain>"
    listen = f"{scheme}://0.0.0.0:{port_text}"
    advertise = f"{scheme}://{host}:{port_text}"
    if s.side == "client":
        service = chart.feature("service.enabled")
        enabled = chart.look("service.enabled")
        ports = chart.look("service.ports.client")
        if service is False or (service and not enabled.unknown and truthy(enabled.data)):
            advertise += f",{scheme}://<release>.<namespace>.svc.<cluster-domain>:{_port(ports)}"
    chart.put(s.urls[0], listen, s.secure, f"{s.p}.secureTransport")
    chart.put(s.urls[1], advertise, s.secure, f"{s.p}.secureTransport")


def _without_tls(chart: _Chart, s: _Side) -> None:
    """secureTransport off: no TLS setting at all; what would turn it on."""
    p, flag = s.p, s.flag
    if truthy(s.auth.data):
        _no_effect(chart, s.auth, f"{p}.enableAuthentication is true but has no effect: "
                   f"without {p}.secureTransport the chart sets neither --{s.cert_auth} nor "
                   f"--{flag('trusted-ca-file')} (it only mounts {p}.existingSecret)",
                   f"set {p}.secureTransport to true as well, with {s.needs}")
    if truthy(s.auto.data):
        _no_effect(chart, s.auto, f"{p}.useAutoTLS is true but has no effect: without "
                   f"{p}.secureTransport the chart sets no --{flag('auto-tls')} and serves "
                   "plain HTTP", f"set {p}.secureTransport to true, with {s.needs}")
    if s.has_secret:
        files_fix = _titled(chart.write(f"{p}.secureTransport", "true"),
                            f"set {p}.secureTransport to true (the Secret {s.secret.data!r} "
                            f"must hold {_name(chart, p, 'certFilename')} and "
                            f"{_name(chart, p, 'certKeyFilename')})", "unsafe",
                            flag("cert-file"))
    else:
        files_fix = _display(f"set {p}.secureTransport to true, with {s.needs}")
    for name in s.files:
        chart.absent(name, s.secure, f"{p}.secureTransport", files_fix)
    chart.absent(s.cert_auth, s.secure, f"{p}.secureTransport",
                 _display(f"set {p}.secureTransport and {p}.enableAuthentication to true, "
                          f"with {s.needs}"))


def _auto_tls(chart: _Chart, s: _Side) -> None:
    """useAutoTLS on: only --auto-tls; what would turn it off."""
    p, flag = s.p, s.flag
    if s.has_secret:
        auto_fix = _titled(chart.write(f"{p}.useAutoTLS", "false"),
                           f"set {p}.useAutoTLS to false (the Secret {s.secret.data!r} must "
                           "hold the certificate and key)", "unsafe", flag("auto-tls"))
    else:
        auto_fix = _display(f"set {p}.useAutoTLS to false, with {s.needs}")
    chart.put(flag("auto-tls"), "true", s.auto, f"{p}.useAutoTLS")
    chart.fixes[flag("auto-tls")] = auto_fix
    for name in s.files:
        chart.absent(name, s.auto, f"{p}.useAutoTLS", auto_fix)
    chart.absent(s.cert_auth, s.auto, f"{p}.useAutoTLS",
                 _display(f"set {p}.useAutoTLS to false and {p}.enableAuthentication to "
                          f"true, with {s.needs}"))
    if truthy(s.auth.data):
        _no_effect(chart, s.auth, f"{p}.enableAuthentication is true but has no effect under "
                   f"{p}.useAutoTLS: the chart then sets only --{flag('auto-tls')}, so etcd "
                   f"accepts {'peers' if s.side == 'peer' else 'clients'} without a "
                   "certificate", f"set {p}.useAutoTLS to false, with {s.needs}")


def _certificates(chart: _Chart, s: _Side) -> None:
    """secureTransport on, useAutoTLS off: the certificate files from the Secret, and client
    certificate authentication as enableAuthentication says."""
    p, side, flag, cert_auth = s.p, s.side, s.flag, s.cert_auth
    cert = chart.look(f"{p}.certFilename")
    key = chart.look(f"{p}.certKeyFilename")
    chart.put(flag("cert-file"), None if cert.unknown else f"{CERTS}/{side}/{_text(cert.data)}",
              s.secure, f"{p}.secureTransport")
    chart.put(flag("key-file"), None if key.unknown else f"{CERTS}/{side}/{_text(key.data)}",
              s.secure, f"{p}.secureTransport")
    ca = chart.look(f"{p}.caFilename")
    ca_path = None if ca.unknown else f"{CERTS}/{side}/{_text(ca.data) or 'ca.crt'}"
    auth = s.auth
    if auth.unknown:
        chart.put(cert_auth, None, auth, f"{p}.enableAuthentication")
        chart.put(flag("trusted-ca-file"), None, auth, f"{p}.enableAuthentication")
        return
    if truthy(auth.data):
        chart.put(cert_auth, "true", auth, f"{p}.enableAuthentication")
        chart.put(flag("trusted-ca-file"), ca_path, ca if ca.value else auth, f"{p}.caFilename")
        return
    on = chart.write(f"{p}.enableAuthentication", "true")
    ca_file = _text(ca.data) or "ca.crt"
    chart.absent(cert_auth, auth, f"{p}.enableAuthentication",
                 _titled(on, f"set {p}.enableAuthentication to true (the Secret in "
                             f"{p}.existingSecret must hold the CA as {ca_file})", "unsafe",
                         cert_auth))
    if ca.unknown or truthy(ca.data):
        chart.put(flag("trusted-ca-file"), ca_path, ca, f"{p}.caFilename")
    else:
        chart.absent(flag("trusted-ca-file"), auth, f"{p}.enableAuthentication", None)


def _no_effect(chart: _Chart, decided: Decided, message: str, help: str = "") -> None:
    """A value the user wrote that the chart then ignores (``chart-no-effect``, ETCD215);
    ``help``: what would give it its effect."""
    if decided.value is not None:
        chart.problems.append(ArgvProblem("chart-no-effect", message, decided.value.span, help))


def _metrics(chart: _Chart) -> None:
    has = chart.feature("metrics.useSeparateEndpoint")
    separate = chart.look("metrics.useSeparateEndpoint")
    if has is False:
        return
    port = chart.look("containerPorts.metrics")
    if has is None or separate.unknown:
        if separate.unknown or truthy(separate.data):
            chart.put("listen-metrics-urls", None, separate, "metrics.useSeparateEndpoint")
        return
    if truthy(separate.data):
        chart.put("listen-metrics-urls", f"http://0.0.0.0:{_port(port)}", separate,
                  "metrics.useSeparateEndpoint")


def _token(chart: _Chart) -> None:
    has = chart.feature("auth.token.enabled")
    enabled = chart.look("auth.token.enabled")
    kind = chart.look("auth.token.type")
    if has is None and not (not enabled.unknown and truthy(enabled.data)):
        chart.put("auth-token", None, enabled, "auth.token.enabled")
        return
    if has and (enabled.unknown or not truthy(enabled.data)):
        if enabled.unknown:
            chart.put("auth-token", None, enabled, "auth.token.enabled")
        return
    if kind.unknown:
        chart.put("auth-token", None, kind, "auth.token.type")
    elif kind.data == "simple":
        chart.put("auth-token", "simple", kind, "auth.token.type")
    elif kind.data == "jwt":
        parts = [chart.look(f"auth.token.{k}") for k in ("privateKey.filename", "signMethod",
                                                         "ttl")]
        if any(p.unknown for p in parts):
            chart.put("auth-token", None, kind, "auth.token.type")
        else:
            filename, method, ttl = (_text(p.data) for p in parts)
            chart.put("auth-token", f"jwt,priv-key={CERTS}/token/{filename},"
                                    f"sign-method={method},ttl={ttl}", kind, "auth.token.type")


def _cluster(chart: _Chart) -> None:
    replicas = chart.look("replicaCount")
    peer = chart.look("auth.peer.secureTransport")
    always = chart.feature("initial-cluster-always")
    if replicas.unknown or not isinstance(replicas.data, int) or peer.unknown:
        chart.put("initial-cluster", None, replicas, "replicaCount")
        return
    if replicas.data <= 1 and always is not True:
        if always is None:
            chart.put("initial-cluster", None, replicas, "replicaCount")
        return
    scheme = "https" if truthy(peer.data) else "http"
    members = ",".join(f"<release>-{i}={scheme}://<release>-{i}.<release>-headless:2380"
                       for i in range(replicas.data))
    chart.put("initial-cluster", members, replicas, "replicaCount")


def _extra_env(extra: Value, settings: Dict[str, Setting], chart: _Chart) -> Optional[Setting]:
    """``extraEnvVars`` items, after the chart's own: the last of repeated names wins; an
    empty value unsets the variable; ETCD_CONFIG_FILE replaces them all."""
    from etcdlint.sources.envvars import env_entries

    layer = extra.layer
    last: Dict[str, object] = {}
    for entry in env_entries(extra.node, layer.text):
        last.pop(entry.name, None)
        last[entry.name] = entry
    config_file = None
    for entry in last.values():
        flag = flag_for_env(entry.name)
        if flag is None:
            continue
        value = entry.value
        if value is not None and "{{" in value:
            value = None
        span = layer.to_outer(entry.span)
        value_span = layer.to_outer(entry.value_span)
        if value == "":
            settings.pop(flag, None)
            continue
        setting = Setting(flag, value, ORIGIN_ENV, span, value_span, value is None)
        if flag == "config-file":
            config_file = setting
            continue
        settings[flag] = setting
        chart.names.pop(flag, None)
        chart.anchors.pop(flag, None)
    return config_file


def _port(decided: Decided) -> str:
    data = decided.data
    if decided.unknown or not isinstance(data, (int, str)) or isinstance(data, bool):
        return "<port>"
    return str(decided.data)


def _text(data: object) -> str:
    if data is None:
        return ""
    if isinstance(data, bool):
        return "true" if data else "false"
    return str(data)


def _name(chart: _Chart, p: str, key: str) -> str:
    found = chart.look(f"{p}.{key}")
    return "its file" if found.unknown else _text(found.data)
