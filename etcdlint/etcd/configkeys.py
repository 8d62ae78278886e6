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

# Boolean fields at the top level of etcd's config file (``bool`` fields of ``embed.Config``
# with a JSON name; etcd-io/etcd embed/config.go v3.4.45, server/embed/config.go v3.5.33,
# v3.6.14, v3.7.1): read by every one of those releases, or only by some.
TOP_LEVEL_BOOLS = frozenset((
    "enable-grpc-gateway", "enable-pprof", "force-new-cluster", "initial-election-tick-advance",
    "pre-vote", "strict-reconfig-check", "unsafe-no-fsync",
))
TOP_LEVEL_BOOLS_SOME = frozenset((
    "debug", "enable-distributed-tracing", "enable-log-rotation",
    "experimental-compact-hash-check-enabled", "experimental-enable-distributed-tracing",
    "experimental-enable-lease-checkpoint", "experimental-enable-lease-checkpoint-persist",
    "experimental-initial-corrupt-check", "experimental-memory-mlock",
    "experimental-peer-skip-client-san-verification", "experimental-stop-grpc-service-on-defrag",
    "experimental-txn-mode-write-with-shared-buffer", "memory-mlock",
    "next-cluster-version-compatible",
))
