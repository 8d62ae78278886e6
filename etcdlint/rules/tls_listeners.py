"""What etcd makes of its TLS listeners (https://, unixs://): served with the certificate
files, with the self-signed certificate auto TLS generates, or refused at start-up.

Read from etcd's source, etcd-io/etcd v3.4.0, v3.5.0 and v3.6.0:

- ``server/embed/config.go`` (``embed/config.go`` in 3.4), ``ClientSelfCert`` and
  ``PeerSelfCert``: with ``--auto-tls`` (``--peer-auto-tls``) and neither a certificate nor a
  key file (``TLSInfo.Empty()``: ``CertFile == "" && KeyFile == ""``, in
  ``client/pkg/transport/listener.go``), etcd generates a self-signed certificate for the
  hosts of its listeners; with either file given it ignores auto TLS.
- ``server/embed/etcd.go``, ``configureClientListeners``: an ``https://`` or ``unixs://``
  URL of ``--listen-client-urls`` or ``--listen-client-http-urls`` with an empty TLS info
  stops etcd: "TLS key/cert (--cert-file, --key-file) must be provided for client url %s
  with HTTPS scheme".
- ``configurePeerListeners`` wraps an ``https://`` peer listener in TLS, and
  ``transport.newTLSListener`` refuses an empty TLS info: "cannot listen on TLS for %s:
  KeyFile and CertFile are not presented".
- The metrics listeners use the client TLS info: an ``https://`` (or ``unixs://``)
  ``--listen-metrics-urls`` without it stops etcd ("client TLS key/cert (--cert-file,
  --key-file) must be provided for metrics secure url" in 3.6, ``createMetricsListener``;
  the ``newTLSListener`` error before).
"""

from __future__ import annotations

from typing import Optional, Sequence, Tuple

from etcdlint.model import EtcdConfig, Span
from etcdlint.records import record
from etcdlint.rules.base import bool_value
from etcdlint.rules.urls import scheme_and_host


@record
class Side:
    """One kind of listener and the settings that give it a certificate."""

    listeners: Tuple[str, ...]  # the settings that list its URLs
    tls_schemes: Tuple[str, ...]
    cert: str
    key: str
    auto: str
    refusal: str  # etcd's error, with {url} and {host}


CLIENT = Side(("listen-client-urls", "listen-client-http-urls"), ("https", "unixs"),
              "cert-file", "key-file", "auto-tls",
              "TLS key/cert (--cert-file, --key-file) must be provided for client url {url} "
              "with HTTPS scheme")
PEER = Side(("listen-peer-urls",), ("https",), "peer-cert-file", "peer-key-file",
            "peer-auto-tls",
            "cannot listen on TLS for {host}: KeyFile and CertFile are not presented")
METRICS = Side(("listen-metrics-urls",), ("https", "unixs"), "cert-file", "key-file",
               "auto-tls",
               "client TLS key/cert (--cert-file, --key-file) must be provided for metrics "
               "secure url")

SIDES = (CLIENT, PEER, METRICS)


def first_tls_url(config: EtcdConfig, side: Side) -> Optional[Tuple[str, str, Span]]:
    """(setting name, URL, its span) of the first TLS URL etcd would listen on."""
    for name in side.listeners:
        setting = config.get(name)
        if setting is None or not setting.known:
            continue
        for url, span in setting.parts():
            if scheme_and_host(url)[0] in side.tls_schemes:
                return name, url, span
    return None


def without_certificate(config: EtcdConfig, side: Side) -> Optional[bool]:
    """True when neither certificate nor key file is set (etcd's empty TLS info), False when
    one is, None when etcdlint cannot know."""
    for name in (side.cert, side.key):
        setting = config.get(name)
        if setting is None:
            if not config.complete:
                return None
            continue
        if not setting.known:
            return None
        if setting.value.strip():
            return False
    return True


def auto_tls(config: EtcdConfig, side: Side) -> Optional[bool]:
    """Whether auto TLS is on; None when its value cannot be known (or etcd rejects it)."""
    setting = config.get(side.auto)
    if setting is None:
        return False if config.complete else None
    return bool_value(setting)


def listener_tls(config: EtcdConfig, side: Side) -> Optional[Tuple[str, str]]:
    """(how, the URL's scheme) when a TLS listener of ``side`` has no certificate files: how
    is "self-signed" (auto TLS serves it) or "refused" (etcd exits). None when there is no
    TLS listener, when it has certificate files, or when etcdlint cannot know."""
    found = first_tls_url(config, side)
    if found is None or without_certificate(config, side) is not True:
        return None
    auto = auto_tls(config, side)
    if auto is None:
        return None
    return ("self-signed" if auto else "refused"), scheme_and_host(found[1])[0]

