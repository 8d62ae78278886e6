"""How etcd's own config file (what ``--config-file`` reads) lays out its settings."""

from __future__ import annotations

# How each setting is spelled in etcd's own config file.
CONFIG_FILE_KEYS = {
    "cert-file": "client-transport-security.cert-file",
    "key-file": "client-transport-security.key-file",
    "client-cert-auth": "client-transport-security.client-cert-auth",
    "trusted-ca-file": "client-transport-security.trusted-ca-file",
    "auto-tls": "client-transport-security.auto-tls",
    "peer-cert-file": "peer-transport-security.cert-file",
    "peer-key-file": "peer-transport-security.key-file",
    "peer-client-cert-auth": "peer-transport-security.client-cert-auth",
    "peer-trusted-ca-file": "peer-transport-security.trusted-ca-file",
    "peer-auto-tls": "peer-transport-security.auto-tls",
    "peer-skip-client-san-verification": "peer-transport-security.skip-client-san-verification",
}

# Settings that etcd's config file keeps under client-transport-security.
CLIENT_TLS_SETTINGS = frozenset((
    "cert-file", "key-file", "client-cert-auth", "trusted-ca-file", "auto-tls",
    "client-cert-file", "client-key-file",
))
