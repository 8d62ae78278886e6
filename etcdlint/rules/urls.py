"""URL helpers shared by the rules about listeners and endpoints."""

from __future__ import annotations

from typing import Optional, Tuple


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
    if host is None:
        return False
    if host.lower() == "localhost":
        return True
    if not host[:1].isdigit() and ":" not in host:
        return False
    import ipaddress

    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def plaintext(url: str) -> Optional[str]:
    """None for TLS schemes; otherwise "local" (loopback or a unix socket) or "network"."""
    scheme, host = scheme_and_host(url)
    if scheme in ("https", "unixs"):
        return None
    if scheme == "unix" or is_loopback(host):
        return "local"
    return "network"
