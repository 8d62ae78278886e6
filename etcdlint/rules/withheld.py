"""Fixes a rule withholds because ``--fix`` would refuse them, and the words that say why.

A ``[*]`` mark is a promise that ``--fix`` applies the fix. ``--fix`` refuses a fix whose
result shows a finding the original did not have; where the configuration alone already
says so, the rule offers no fix and its message ends in what to do first, and why
(``no fix: set --peer-trusted-ca-file first (...)``):

- client (peer) certificate authentication turned on without its CA file: etcd would check
  certificates against the system's public CAs (ETCD110);
- client (peer) certificate authentication turned on where auto TLS serves the listeners
  (no certificate files): etcd replaces its client (peer) TLS settings, this one included,
  with the generated ones (``ClientSelfCert``/``PeerSelfCert`` in etcd's
  ``server/embed/config.go``), so the finding would be reported again;
- auto TLS removed where it is what serves an ``https://`` listener: etcd would refuse to
  start (ETCD213).

A source's own fix (a Helm chart's values, which may bring the certificates) is kept: the
chart decides what its values turn into.
"""

from __future__ import annotations

from typing import Optional, Sequence

from etcdlint.etcd.tls_listeners import CLIENT, METRICS, PEER, Side, first_tls_url, listener_tls
from etcdlint.model import EtcdConfig
from etcdlint.rules.base import ca_missing, setting_name


def cert_auth_fix_withheld(config: EtcdConfig, code: str, name: str, ca: str,
                           side: Side) -> Optional[str]:
    """Why setting ``name`` (certificate authentication, checked by rule ``code``) to true is
    not offered; None when it is."""
    if name in config.own_fixes:
        return None
    if ca_missing(config, ca):
        return (f"no fix: set {setting_name(config, ca)} first (true without it would trust "
                "the system's public CAs, ETCD110)")
    tls = listener_tls(config, side)
    if tls is not None and tls[0] == "self-signed":
        return (f"no fix: set {setting_name(config, side.cert)} and "
                f"{setting_name(config, side.key)} first ({setting_name(config, side.auto)} "
                f"replaces these settings, so true would be reported again, {code})")
    return None


def auto_tls_removal_withheld(config: EtcdConfig, name: str) -> Optional[str]:
    """Why removing auto TLS (``name``) is not offered; None when it is."""
    if name in config.own_fixes:
        return None
    sides: Sequence[Side] = (PEER,) if name == PEER.auto else (CLIENT, METRICS)
    for side in sides:
        tls = listener_tls(config, side)
        if tls is None or tls[0] != "self-signed":
            continue
        listener, url, _ = first_tls_url(config, side)
        return (f"no fix: set {setting_name(config, side.cert)} and "
                f"{setting_name(config, side.key)} first (without "
                f"{setting_name(config, name)}, etcd would refuse to start: "
                f"{setting_name(config, listener)} has {url}, ETCD213)")
    return None
