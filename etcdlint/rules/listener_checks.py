"""The checks shared by the listener rules: every http:// URL of some settings; client
certificate authentication that auto TLS drops."""

from __future__ import annotations

from typing import Dict, Iterator, Sequence

from etcdlint.etcd.tls_listeners import PEER, Side, listener_tls
from etcdlint.records import replace
from etcdlint.model import Diagnostic, EtcdConfig
from etcdlint.rules.base import Rule, bool_value, make, setting_name
from etcdlint.rules.urls import loopback_url, plaintext, secure_url
from etcdlint.text.shown import shown_value

ETCD_DEFAULT_URLS: Dict[str, str] = {
    "listen-client-urls": "http://localhost:2379",
    "advertise-client-urls": "http://localhost:2379",
    "listen-peer-urls": "http://localhost:2380",
    "initial-advertise-peer-urls": "http://localhost:2380",
}


def plaintext_urls(rule: Rule, config: EtcdConfig, names: Sequence[str], tls_files: Sequence[str],
                   what: str, listeners: Sequence[str] = ()) -> Iterator[Diagnostic]:
    """http:// (and unix://) URLs among ``names``: errors, warnings when local only.

    A setting left to etcd's default (``http://localhost``) is reported at the anchor, once.
    ``listeners``: the settings among ``names`` where listening on loopback only is a way out
    (the help then offers it beside ``https://``).
    """
    ignored = [setting_name(config, n) for n in tls_files
               if config.get(n) is not None and config.get(n).known and config.get(n).value]
    note = ""
    if ignored:
        names_text = ignored[0] if len(ignored) == 1 else ", ".join(ignored[:-1]) + " and " + ignored[-1]
        note = f" ({names_text} {'is' if len(ignored) == 1 else 'are'} ignored on it)"
    unset = [setting_name(config, n) for n in tls_files[:2]
             if config.get(n) is None or (config.get(n).known and not config.get(n).value)]
    files = f" and set {' and '.join(unset)}" if unset else ""
    for name in names:
        setting = config.get(name)
        label = setting_name(config, name)
        if setting is None:
            default = ETCD_DEFAULT_URLS.get(name)
            if default and config.complete and name == names[0]:
                yield replace(make(rule, config.path, config.anchor_for(name),
                                   f"{label} is not set: etcd {what} on its default {default}, "
                                   f"without TLS{note}", None,
                                   f"set {label} to https://<address>:{default.rsplit(':', 1)[1]}"
                                   f"{files}"),
                              severity="warning")
            continue
        if setting.value is None:
            continue
        for url, span in setting.parts():
            kind = plaintext(url)
            if kind is None:
                continue
            help = f"make it {secure_url(url)}{files}"
            if kind == "network" and name in listeners:
                help += f", or {loopback_url(url)} to serve this host only"
            diag = make(rule, config.path, span, f"{label} has {shown_value(url)}: etcd {what} without TLS{note}",
                        None, help)
            if kind == "local":
                diag = replace(diag, severity="warning", message=diag.message + " (local only)")
            yield diag


def cert_auth_dropped(rule: Rule, config: EtcdConfig, side: Side, auth: str, ca: str,
                      who: str) -> Iterator[Diagnostic]:
    """``auth`` (client certificate authentication) set true where auto TLS serves, and so
    replaces it: reported at the auto TLS setting, the one that decides."""
    tls = listener_tls(config, side)
    setting = config.get(auth)
    if tls is None or tls[0] != "self-signed" or bool_value(setting) is not True:
        return
    auto = config.get(side.auto)
    kind = "peer" if side is PEER else "client"
    yield make(rule, config.path, auto.value_span,
               f"{setting_name(config, auth)} is true, but {setting_name(config, side.auto)} "
               f"replaces etcd's {kind} TLS settings with its self-signed certificate, and "
               f"{setting_name(config, auth)} and {setting_name(config, ca)} with them: etcd "
               f"accepts {who} without a certificate", None,
               f"set {setting_name(config, side.cert)} and {setting_name(config, side.key)} to "
               f"etcd's certificate and key, and remove {setting_name(config, side.auto)}")
