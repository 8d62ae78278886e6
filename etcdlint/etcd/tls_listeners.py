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
- ``ClientSelfCert`` / ``PeerSelfCert`` assign the generated TLS info in place of the one the
  flags built (``cfg.ClientTLSInfo, err = transport.SelfCert(...)``): ``ClientCertAuth`` and
  ``TrustedCAFile`` go with it, and ``TLSInfo.ServerConfig`` then asks no client for a
  certificate (``tls.NoClientCert`` unless one of the two is set).
- The metrics listeners use the client TLS info: an ``https://`` (or ``unixs://``)
  ``--listen-metrics-urls`` without it stops etcd ("client TLS key/cert (--cert-file,
  --key-file) must be provided for metrics secure url" in 3.6, ``createMetricsListener``;
  the ``newTLSListener`` error before).
"""

from __future__ import annotations

from typing import Optional, Tuple

from etcdlint.etcd.flags import parse_go_bool
from etcdlint.model import EtcdConfig, Span
from etcdlint.records import record


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
            if _scheme(url) in side.tls_schemes:
                return name, url, span
    return None


def _first_tls_scheme(config: EtcdConfig, side: Side) -> Optional[str]:
    """The scheme of the first TLS URL of ``side`` (as ``first_tls_url``, without spans)."""
    for name in side.listeners:
        setting = config.get(name)
        if setting is None or not setting.known:
            continue
        for url in setting.value.split(","):
            scheme = _scheme(url.strip())
            if scheme in side.tls_schemes:
                return scheme
    return None


def _scheme(url: str) -> str:
    """``https`` for ``HTTPS://host:2379``; "" for a URL without ``://``."""
    scheme, sep, _ = url.partition("://")
    return scheme.lower() if sep else ""


def certificate_files(config: EtcdConfig, side: Side) -> Optional[Tuple[str, str]]:
    """(certificate file, key file) as etcd reads them, "" for one not set or empty; None
    when etcdlint cannot know one of them."""
    values = []
    for name in (side.cert, side.key):
        setting = config.get(name)
        if setting is None:
            if not config.complete:
                return None
            values.append("")
        elif not setting.known:
            return None
        else:
            values.append(setting.value if setting.value.strip() else "")
    return values[0], values[1]


def auto_tls(config: EtcdConfig, side: Side) -> Optional[bool]:
    """Whether auto TLS is on; None when its value cannot be known (or etcd rejects it)."""
    setting = config.get(side.auto)
    if setting is None:
        return False if config.complete else None
    return parse_go_bool(setting.value) if setting.known else None


def listener_tls(config: EtcdConfig, side: Side) -> Optional[Tuple[str, str]]:
    """(how, the URL's scheme) when a TLS listener of ``side`` lacks a certificate file. How
    is "self-signed" (neither file: auto TLS serves a generated certificate), "refused"
    (neither file and no auto TLS: etcd exits) or "half" (one file without the other: auto
    TLS is ignored and etcd exits, "KeyFile and CertFile must both be present" from
    ``TLSInfo.baseConfig`` in ``client/pkg/transport/listener.go``). None when there is no
    TLS listener, when both files are set, or when etcdlint cannot know."""
    files = certificate_files(config, side)  # (first: with both files, the common case,
    if files is None or all(files):          # no URL is looked at)
        return None
    scheme = _first_tls_scheme(config, side)
    if scheme is None:
        return None
    if any(files):
        return "half", scheme
    auto = auto_tls(config, side)
    if auto is None:
        return None
    return ("self-signed" if auto else "refused"), scheme
