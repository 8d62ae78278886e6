"""Kubespray inventories: the etcd variables of a ``group_vars``/``host_vars`` file, turned
into etcd's settings the way Kubespray's etcd role does, on top of its defaults.

As read from kubernetes-sigs/kubespray v2.31.0 (commit 1c9add4; the etcd parts are the same
on its master of August 2026):

- ``etcd_deployment_type`` (``roles/kubespray_defaults/defaults/main/main.yml``: ``host``;
  ``roles/validate_inventory`` accepts ``host``, ``docker`` and ``kubeadm`` only). When a
  file does not set it, it is taken from the files of the same group or host, then
  ``group_vars/all``, then the other groups (Ansible's order, a child group over ``all``);
  values that differ there leave it unknown, and the file is not judged.
- ``host`` and ``docker``: ``roles/etcd/templates/etcd.env.j2`` writes ``/etc/etcd.env``,
  the only configuration of an etcd started without flags (``etcd-host.service.j2``'s
  ``EnvironmentFile``, ``etcd.j2``'s ``docker run --env-file``): TLS on both sides with
  member certificates under ``etcd_cert_dir``; ``ETCD_CLIENT_CERT_AUTH={{ etcd_secure_client
  | lower }}``, ``ETCD_PEER_CLIENT_CERT_AUTH={{ etcd_peer_client_auth }}`` (defaults true,
  ``roles/etcd_defaults/defaults/main.yml``); ``ETCD_LISTEN_METRICS_URLS`` from
  ``etcd_listen_metrics_urls``, else ``http://<etcd_address>:<etcd_metrics_port>,
  http://127.0.0.1:<etcd_metrics_port>`` when the port is set; ``ETCD_CIPHER_SUITES`` the
  items of ``etcd_tls_cipher_suites`` joined by commas; then one ``KEY=value`` line per
  ``etcd_extra_vars`` entry (a later line replaces an earlier one of the same name).
- ``kubeadm``: ``roles/kubernetes/control-plane/templates/kubeadm-config.v1beta4.yaml.j2``
  gives kubeadm's local etcd the ``extraArgs`` ``listen-metrics-urls`` (from
  ``etcd_listen_metrics_urls``) and one ``name: value`` per ``etcd_extra_vars`` entry (flag
  names, not ``ETCD_`` variables), over kubeadm's own secure flags with ``certificatesDir``
  ``/etc/kubernetes/ssl``. ``etcd_secure_client``, ``etcd_peer_client_auth``,
  ``etcd_tls_cipher_suites`` and ``etcd_metrics_port`` never reach etcd then.

Values are rendered as Ansible does: a YAML 1.1 boolean (``yes``, ``off``…) becomes ``True``
or ``False``. A ``{{ … }}`` value is unknown and never judged.
"""

from __future__ import annotations

import re
from typing import Dict, Iterator, List, Optional, Tuple

from ruamel.yaml.nodes import Node

from etcdlint.etcd.flags import env_for_flag, flag_for_env
from etcdlint.model import (ORIGIN_ENV, ORIGIN_EXTRA_ARG, ORIGIN_TOOL_DEFAULT, ArgvProblem,
                            Edit, EtcdConfig, Fix, FlagUse, Setting, Span)
from etcdlint.sources import FileContext, Found
from etcdlint.sources.argmaps import joined_urls
from etcdlint.sources.kubespray_inventory import inventory_values, vars_dir_split
from etcdlint.text.yamlnodes import (is_map, is_scalar, is_seq, map_items, node_span,
                                     scalar_str, scalar_token)

MODE = "etcd_deployment_type"
MODES = ("host", "docker", "kubeadm")
DEFAULT_MODE = "host"
# The variables the etcd role turns into settings (and the deployment type).
VARIABLES = frozenset((
    MODE, "etcd_secure_client", "etcd_peer_client_auth", "etcd_extra_vars",
    "etcd_listen_metrics_urls", "etcd_metrics_port", "etcd_tls_cipher_suites", "etcd_metrics",
    "etcd_client_url", "etcd_peer_url"))
_NOT_IN_KUBEADM = {
    "etcd_secure_client": "kubeadm's etcd requires client certificates whatever it says",
    "etcd_peer_client_auth": "kubeadm's etcd requires peer certificates whatever it says",
    "etcd_tls_cipher_suites": "Kubespray writes no cipher suites into kubeadm's configuration",
    "etcd_metrics_port": "kubeadm's etcd serves metrics on http://127.0.0.1:2381 unless "
                         "etcd_listen_metrics_urls is set",
    "etcd_client_url": "kubeadm advertises the node's own address",
    "etcd_peer_url": "kubeadm advertises the node's own address",
}
CERT_DIR = "/etc/ssl/etcd/ssl"
ADDRESS = "<etcd_address>"
ACCESS = "<etcd_access_address>"
HOST = "<inventory_hostname>"
ENV_DEFAULTS = [
    ("advertise-client-urls", f"https://{ACCESS}:2379"),
    ("initial-advertise-peer-urls", f"https://{ACCESS}:2380"),
    ("metrics", "basic"),
    ("listen-client-urls", f"https://{ADDRESS}:2379,https://127.0.0.1:2379"),
    ("listen-peer-urls", f"https://{ADDRESS}:2380"),
    ("trusted-ca-file", f"{CERT_DIR}/ca.pem"),
    ("cert-file", f"{CERT_DIR}/member-{HOST}.pem"),
    ("key-file", f"{CERT_DIR}/member-{HOST}-key.pem"),
    ("client-cert-auth", "true"),
    ("peer-trusted-ca-file", f"{CERT_DIR}/ca.pem"),
    ("peer-cert-file", f"{CERT_DIR}/member-{HOST}.pem"),
    ("peer-key-file", f"{CERT_DIR}/member-{HOST}-key.pem"),
    ("peer-client-cert-auth", "true"),
]
# (variable, etcd setting) written straight from the variable's value in etcd.env.j2.
_SECURE_TRUE = ("client-cert-auth", "peer-client-cert-auth")
_ENV_VALUES = (("etcd_client_url", "advertise-client-urls"),
               ("etcd_peer_url", "initial-advertise-peer-urls"), ("etcd_metrics", "metrics"),
               ("etcd_secure_client", "client-cert-auth"),
               ("etcd_peer_client_auth", "peer-client-cert-auth"))
# PyYAML's YAML 1.1 booleans, as Ansible reads its variables files.
_BOOL11 = re.compile(r"^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE"
                     r"|on|On|ON|off|Off|OFF)$")
_TRUE11 = frozenset(("y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"))


def is_inventory_file(path: str) -> bool:
    """A file under an inventory's ``group_vars`` or ``host_vars`` (by its path alone)."""
    return ("group_vars" in path or "host_vars" in path) and vars_dir_split(path) is not None


def locate(doc: Node, ctx: FileContext) -> Iterator[Found]:
    if not is_map(doc) or not is_inventory_file(ctx.path):
        return
    pairs: Dict[str, Tuple[Node, Node]] = {}
    for key, value in map_items(doc):
        name = scalar_str(key)
        if name in VARIABLES:
            pairs[name] = (key, value)  # (a later key wins, as in Ansible)
    if not pairs:
        return
    anchor = node_span(pairs[MODE][0] if MODE in pairs else next(iter(pairs.values()))[0])
    siblings = inventory_values(ctx.path, ctx.side_files) if MODE not in pairs or \
        "etcd_listen_metrics_urls" not in pairs else {}
    mode, why, problems = _mode(pairs, siblings, ctx)
    label = f"Kubespray inventory (etcd_deployment_type {mode or 'unknown'})"
    if mode is None:
        yield EtcdConfig(source="kubespray", path=ctx.path, anchor_span=anchor, settings={},
                         problems=tuple(problems), complete=False, label=label, note=why)
        return
    if mode == "kubeadm":
        yield _kubeadm(pairs, ctx, anchor, label, problems)
    else:
        yield _env_file(pairs, siblings, ctx, anchor, label, problems)


def _mode(pairs, siblings, ctx: FileContext) -> Tuple[Optional[str], str, List[ArgvProblem]]:
    """The deployment type, why it is unknown (when it is), and its problems."""
    if MODE in pairs:
        key, value = pairs[MODE]
        text = scalar_str(value) if is_scalar(value) else None
        if text is None or "{{" in text or "{%" in text:
            return None, f"{MODE} is not a plain value: the etcd settings are not judged", []
        if text not in MODES:
            problem = ArgvProblem("rejected", f"{MODE} {text!r} is not one of host, docker, "
                                  "kubeadm: Kubespray's inventory check refuses it",
                                  node_span(value))
            return None, "", [problem]
        return text, "", []
    found = siblings.get(MODE, ())
    own = _entity(vars_dir_split(ctx.path)[1])
    for layer in ([f for f in found if _entity(f[0]) == own],
                  [f for f in found if _entity(f[0]) == "group_vars/all"],
                  [f for f in found if f[0].startswith("group_vars/")]):
        values = sorted({v for _, v in layer})
        if len(values) == 1 and values[0] in MODES:
            return values[0], "", []
        if values:
            where = ", ".join(f for f, _ in layer)
            return None, (f"{MODE} is {' or '.join(repr(v) for v in values)} in this "
                          f"inventory ({where}): the etcd settings here are not judged"), []
    return DEFAULT_MODE, "", []


def _entity(inner: str) -> str:
    """The group or host a variables file is for: ``group_vars/etcd`` for
    ``group_vars/etcd.yml`` and ``group_vars/etcd/main.yml``."""
    parts = inner.split("/")
    name = parts[1] if len(parts) > 1 else ""
    if len(parts) == 2 and name.endswith((".yml", ".yaml", ".json")):
        name = name.rsplit(".", 1)[0]
    return f"{parts[0]}/{name}"


def ansible_text(node: Node) -> Optional[str]:
    """A scalar as Ansible renders it into a template: YAML 1.1 booleans as True/False."""
    if not is_scalar(node):
        return None
    text = scalar_str(node)
    if text is None:
        return ""
    if not node.style and node.tag.endswith(":str") and _BOOL11.match(text):
        return "True" if text in _TRUE11 else "False"
    return text


def _variable(name: str, flag: str, pair: Tuple[Node, Node], ctx: FileContext,
              origin: str, lower: bool = False) -> Optional[Setting]:
    key, value = pair
    text = ansible_text(value)
    if text is None:
        return None
    token = scalar_token(value, ctx.text)
    span = Span(node_span(key).start, node_span(value).end)
    return Setting(flag, text.lower() if lower else text, origin, span, token.inner_span(),
                   token=token)


def _env_file(pairs, siblings, ctx: FileContext, anchor: Span, label: str,
              problems: List[ArgvProblem]) -> EtcdConfig:
    settings: Dict[str, Setting] = {
        name: Setting(name, value, ORIGIN_TOOL_DEFAULT, anchor, anchor)
        for name, value in ENV_DEFAULTS}
    # (a finding a default decides is reported at the anchor, naming the default)
    names: Dict[str, str] = {name: f"{env_for_flag(name)} of Kubespray's etcd.env"
                             for name, _ in ENV_DEFAULTS}
    env_uses: List[FlagUse] = []
    for variable, flag in _ENV_VALUES:
        if variable in pairs:
            setting = _variable(variable, flag, pairs[variable], ctx, ORIGIN_ENV,
                                lower=variable == "etcd_secure_client")
            if setting is not None:
                settings[flag], names[flag] = setting, variable
                env_uses.append(_use(setting, node_span(pairs[variable][0])))
    metrics = _metrics_urls(pairs, siblings, ctx)
    if metrics is not None:
        settings["listen-metrics-urls"], names["listen-metrics-urls"] = metrics
    suites = _cipher_suites(pairs.get("etcd_tls_cipher_suites"), ctx)
    if suites is not None:
        settings["cipher-suites"], names["cipher-suites"] = suites, "etcd_tls_cipher_suites"
    complete, note = True, ""
    for key, value in _extra_vars(pairs.get("etcd_extra_vars")):
        name = scalar_str(key) or ""
        flag = flag_for_env(name)
        text = ansible_text(value)
        if flag is None or text is None:
            continue
        token = scalar_token(value, ctx.text)
        span = Span(node_span(key).start, node_span(value).end)
        env_uses.append(FlagUse(flag, text, span, node_span(key), token.inner_span(), True,
                                origin=ORIGIN_ENV, token=token))
        names[flag] = f"etcd_extra_vars.{name}"
        if flag == "config-file":
            complete, note = False, (f"etcd_extra_vars.{name} gives etcd a config file, which "
                                     "replaces every other setting: not judged")
        if text == "":
            settings.pop(flag, None)  # (an empty variable: etcd keeps its own default)
        else:
            settings[flag] = Setting(flag, text, ORIGIN_ENV, span, token.inner_span(),
                                     token=token)
    return EtcdConfig(source="kubespray", path=ctx.path, anchor_span=anchor, settings=settings,
                      env_uses=tuple(env_uses), problems=tuple(problems), complete=complete,
                      note=note, label=label, names=names, own_fixes=_own_fixes(settings, names))


def _own_fixes(settings: Dict[str, Setting], names: Dict[str, str]) -> Dict[str, Optional[Fix]]:
    """``etcd_secure_client`` and ``etcd_peer_client_auth`` set to true: the variable's value
    is replaced (the variable's name is not the setting's, which the generic fixes assume)."""
    fixes: Dict[str, Optional[Fix]] = {}
    for variable, flag in _ENV_VALUES:
        setting = settings.get(flag)
        if names.get(flag) != variable or flag not in _SECURE_TRUE or setting is None:
            continue
        fixes[flag] = None
        if setting.token is not None and not setting.dynamic:
            fixes[flag] = Fix(f"set {variable} to true", "safe",
                              (Edit(setting.value_span, "true", setting.token.text),),
                              names=(flag, variable))
    return fixes


def _metrics_urls(pairs, siblings, ctx: FileContext) -> Optional[Tuple[Setting, str]]:
    if "etcd_listen_metrics_urls" in pairs:
        setting = _variable("etcd_listen_metrics_urls", "listen-metrics-urls",
                            pairs["etcd_listen_metrics_urls"], ctx, ORIGIN_ENV)
        return (setting, "etcd_listen_metrics_urls") if setting is not None else None
    if "etcd_metrics_port" not in pairs or siblings.get("etcd_listen_metrics_urls"):
        return None  # (another file's etcd_listen_metrics_urls wins over the port)
    key, value = pairs["etcd_metrics_port"]
    port = ansible_text(value)
    if port is None:
        return None
    span = Span(node_span(key).start, node_span(value).end)
    urls = f"http://{ADDRESS}:{port},http://127.0.0.1:{port}"
    return Setting("listen-metrics-urls", urls, ORIGIN_ENV, span,
                   node_span(value)), "etcd_metrics_port"


def _cipher_suites(pair, ctx: FileContext) -> Optional[Setting]:
    """The list's items joined by commas, each character placed."""
    if pair is None:
        return None
    key, items = pair
    if not is_seq(items):
        return None  # (a mapping or a string: not what the template loops over)
    return joined_urls(key, items, ctx, "cipher-suites", ORIGIN_ENV)


def _extra_vars(pair) -> List[Tuple[Node, Node]]:
    if pair is None or not is_map(pair[1]):
        return []
    return map_items(pair[1])


def _kubeadm(pairs, ctx: FileContext, anchor: Span, label: str,
             problems: List[ArgvProblem]) -> EtcdConfig:
    from etcdlint.etcd.precedence import resolve_etcd
    from etcdlint.sources.argmaps import over_defaults
    from etcdlint.sources.kubeadm import etcd_defaults

    problems = list(problems)
    for variable, why in _NOT_IN_KUBEADM.items():
        if variable in pairs:
            problems.append(ArgvProblem(
                "ineffective", f"{variable} has no effect with {MODE} kubeadm: {why}",
                node_span(pairs[variable][0])))
    overrides: List[FlagUse] = []
    names: Dict[str, str] = {}
    metrics = pairs.get("etcd_listen_metrics_urls")
    if metrics is not None:
        setting = _variable("etcd_listen_metrics_urls", "listen-metrics-urls", metrics, ctx,
                            ORIGIN_EXTRA_ARG)
        if setting is not None:
            overrides.append(_use(setting, node_span(metrics[0])))
            names["listen-metrics-urls"] = "etcd_listen_metrics_urls"
    for key, value in _extra_vars(pairs.get("etcd_extra_vars")):
        name = scalar_str(key) or ""
        setting = _variable(name, name, (key, value), ctx, ORIGIN_EXTRA_ARG) if name else None
        if setting is not None:
            overrides.append(_use(setting, node_span(key)))
            names[name] = f"etcd_extra_vars.{name}"
    defaults = etcd_defaults("/etc/kubernetes/ssl", "/var/lib/etcd")
    uses = over_defaults(defaults, overrides, anchor)
    for name, _ in defaults:
        names.setdefault(name, f"--{name} of kubeadm (certificatesDir /etc/kubernetes/ssl)")
    resolved = resolve_etcd(uses, [])
    return EtcdConfig(source="kubespray-kubeadm", path=ctx.path, anchor_span=anchor,
                      settings=resolved.settings, flag_uses=tuple(overrides),
                      problems=tuple(problems) + resolved.problems, label=label,
                      config_file=resolved.config_file,
                      complete=resolved.config_file is None, names=names)


def _use(setting: Setting, name_span: Span) -> FlagUse:
    return FlagUse(setting.name, setting.value, setting.span, name_span, setting.value_span,
                   True, origin=setting.origin, token=setting.token)
