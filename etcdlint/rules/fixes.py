"""Fix intents the rules attach to their diagnostics (pure data; engine.fix_intents turns
them into plain edits)."""

from __future__ import annotations

import posixpath
from typing import Optional, Sequence

from etcdlint.etcd.configkeys import CONFIG_FILE_KEYS
from etcdlint.etcd.flags import env_for_flag
from etcdlint.model import ORIGIN_CHART_VALUE, EtcdConfig, Edit, Fix, Setting, Span
from etcdlint.records import replace


def _raw_value(setting: Setting) -> Optional[str]:
    if setting.token is not None:
        return setting.token.text
    return setting.value


def set_value(setting: Setting, value: str, title: str, applicability: str = "safe") -> Optional[Fix]:
    """Replace the value token; a bare boolean flag gets ``=value`` appended."""
    if setting.origin == ORIGIN_CHART_VALUE:
        return None  # a chart wrote it: only the source's own fix changes the values behind it
    if setting.bare:
        end = setting.value_span.end
        return Fix(title, applicability, (Edit(type(setting.span)(end, end), f"={value}", ""),),
                   names=(setting.name,))
    raw = _raw_value(setting)
    if raw is None or setting.dynamic:
        return None
    return Fix(title, applicability, (Edit(setting.value_span, value, raw),), names=(setting.name,))


def remove_or_set(setting: Setting, value: str, title: str) -> Optional[Fix]:
    """Remove the setting (its default is the secure value); else set it to ``value``."""
    fallback = set_value(setting, value, title)
    if setting.origin not in ("flag", "env", "config-file", "kubeadm-extra-arg", "extra-arg"):
        return fallback
    return Fix(title, "safe", (Edit(setting.span, "", None, "remove-item"),), fallback,
               names=(setting.name,))


def insert(config: EtcdConfig, name: str, value: str, title: str,
           applicability: str = "safe") -> Optional[Fix]:
    point = config.insert_point_for(name)
    if point is None:
        return None
    kind = point.kind
    if kind in ("env", "env-line"):  # an env list item; a line of an environment file
        text = f"{env_for_flag(name)}={value}"
    elif kind in ("env-map", "env-list"):  # compose ``environment``: a map or KEY=value items
        text = f"{env_for_flag(name)}={value}"
        kind = "map" if kind == "env-map" else "argv"
    elif kind == "map":
        text = f"{CONFIG_FILE_KEYS.get(name, name).rsplit('.', 1)[-1]}={value}"
    else:
        text = f"--{name}={value}"
    return Fix(title, applicability, (Edit(point.span, text, "", "insert-after", kind),),
               names=(name,))


def ensure_true(config: EtcdConfig, name: str, title: str) -> Optional[Fix]:
    if name in config.own_fixes:
        return config.own_fixes[name]
    setting = config.get(name)
    if setting is None:
        return insert(config, name, "true", title)
    return set_value(setting, "true", title)


# kubeadm's file names in its etcd certificate directory.
_KUBEADM_NAMES = {
    "cert-file": "server.crt", "key-file": "server.key",
    "peer-cert-file": "peer.crt", "peer-key-file": "peer.key",
}
_SIBLINGS = ("cert-file", "key-file", "trusted-ca-file", "peer-cert-file", "peer-key-file",
             "peer-trusted-ca-file")


def infer_path(config: EtcdConfig, name: str) -> Optional[str]:
    """A certificate path in kubeadm's layout (``<dir>/etcd/server.crt``, ``peer.key``, …),
    when a sibling setting shows that layout."""
    wanted = _KUBEADM_NAMES.get(name)
    if wanted is None:
        return None
    for sibling in _SIBLINGS:
        setting = config.get(sibling)
        if setting is None or not setting.known or not setting.value:
            continue
        directory, base = posixpath.split(setting.value)
        if base in ("server.crt", "server.key", "peer.crt", "peer.key", "ca.crt") \
                and directory.endswith("/etcd"):
            return posixpath.join(directory, wanted)
    return None


def set_inferred_path(config: EtcdConfig, name: str) -> Optional[Fix]:
    if name in config.own_fixes:
        return config.own_fixes[name]
    path = infer_path(config, name)
    if path is None:
        return None
    title = f"set {name} to {path} (kubeadm's layout, as its sibling settings use)"
    setting = config.get(name)
    if setting is None:
        return insert(config, name, path, title, "unsafe")
    return set_value(setting, path, title, "unsafe")


def decided_by_environment(fix: Optional[Fix], defaults: Sequence[Span], text: str
                           ) -> Optional[Fix]:
    """``fix``, at most unsafe (and saying why) when an edit of it reaches into a default of
    ``defaults`` (``${P:-true}``: the value etcd gets is the deploying environment's ``P``
    when it sets one, and the default only otherwise)."""
    if fix is None:
        return None
    fallback = decided_by_environment(fix.fallback, defaults, text)
    reached = next((d for d in defaults for e in fix.edits
                    if e.mode != "insert-after" and e.span.start < d.end and d.start < e.span.end),
                   None)
    if reached is None:
        return fix if fallback is fix.fallback else replace(fix, fallback=fallback)
    title = (f"{fix.title}; the value comes from the default of "
             f"{text[reached.start:reached.end]}: the deploying environment decides it")
    applicability = "unsafe" if fix.applicability == "safe" else fix.applicability
    return replace(fix, title=title, applicability=applicability, fallback=fallback)
