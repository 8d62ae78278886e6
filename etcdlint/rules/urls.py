"""URL helpers shared by the rules about listeners and endpoints."""

from __future__ import annotations

from typing import List, Optional, Tuple

from etcdlint.model import Setting, Span
from etcdlint.text.templates import has_template


def scheme_and_host(url: str) -> Tuple[str, Optional[str]]:
    """``("http", "127.0.0.1")`` for ``http://127.0.0.1:2379``; host None when absent."""
    scheme, sep, rest = url.partition("://")
    if not sep:
        return "", None
    host = rest.split("/", 1)[0]
    if host.startswith("["):
        host = host[1:].split("]", 1)[0]
    else:
        host = host.rsplit(":", 1)[0] if host.count(":") == 1 else host
    return scheme.lower(), host


def is_loopback(host: Optional[str]) -> bool:
    """``localhost``, ``127.0.0.0/8`` or ``::1`` (in any of its spellings)."""
    if host is None:
        return False
    host = host.lower()
    if host == "localhost":
        return True
    parts = host.split(".")
    if len(parts) == 4 and parts[0] == "127" and all(p.isdigit() and int(p) < 256 for p in parts):
        return True
    if ":" in host:
        groups = host.replace("::", ":" + "0:" * (9 - host.count(":")), 1).strip(":").split(":")
        try:
            return [int(g or "0", 16) for g in groups] == [0] * 7 + [1]
        except ValueError:
            return False
    return False


def plaintext(url: str) -> Optional[str]:
    """None for TLS schemes; otherwise "local" (loopback or a unix socket) or "network"."""
    scheme, host = scheme_and_host(url)
    if scheme in ("https", "unixs"):
        return None
    if scheme == "unix" or is_loopback(host):
        return "local"
    return "network"


def cluster_members(setting: Setting) -> List[Tuple[str, str, Span]]:
    """(name, URL, span of the URL) of each ``name=url`` item of an ``--initial-cluster``
    value; items without ``=`` and template items are left out. Where the value's characters
    have no positions of their own (an ``ETCD_*`` variable of a compose ``environment`` map),
    each span is the whole value's."""
    if setting.value is None:
        return []
    exact = setting.token is not None and setting.token.text == setting.value
    out: List[Tuple[str, str, Span]] = []
    pos = 0
    for piece in setting.value.split(","):
        start = pos
        pos += len(piece) + 1
        name, eq, url = piece.partition("=")
        stripped = url.strip()
        if not eq or not stripped or (setting.dynamic and has_template(piece)):
            continue
        url_start = start + len(name) + 1 + len(url) - len(url.lstrip())
        span = setting.token.sub_span(url_start, url_start + len(stripped)) if exact \
            else setting.value_span
        out.append((name.strip(), stripped, span))
    return out


def secure_url(url: str) -> str:
    """``url`` with its TLS scheme: ``https://`` for ``http://``, ``unixs://`` for
    ``unix://`` (etcd's own spellings)."""
    scheme, sep, rest = url.partition("://")
    if not sep:
        return "https://" + url
    return ("unixs" if scheme.lower() == "unix" else "https") + "://" + rest


def loopback_url(url: str) -> str:
    """``url`` with its host made ``127.0.0.1`` (port and path kept)."""
    scheme, sep, rest = url.partition("://")
    host, slash, path = rest.partition("/")
    if host.startswith("["):
        port = host.split("]", 1)[1]
    else:
        port = ":" + host.rsplit(":", 1)[1] if host.count(":") == 1 else ""
    return f"{scheme}{sep}127.0.0.1{port}{slash}{path}"
