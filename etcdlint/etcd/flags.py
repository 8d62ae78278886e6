"""The flags etcd registers (3.4 to 3.7), and which of them are booleans.

Go's flag package treats boolean flags specially: ``--x`` alone means true and ``--x v``
does not consume ``v``. Knowing the booleans is therefore needed to read any command line.
"""

from __future__ import annotations

from typing import Optional

# Registered boolean flags, current and historical.
BOOL_FLAGS = frozenset(
    """
    auto-tls client-cert-auth peer-auto-tls peer-client-cert-auth
    peer-skip-client-san-verification experimental-peer-skip-client-san-verification
    enable-pprof enable-grpc-gateway enable-log-rotation disable-log-sampling
    enable-distributed-tracing experimental-enable-distributed-tracing
    strict-reconfig-check pre-vote initial-election-tick-advance
    socket-reuse-port socket-reuse-address memory-mlock experimental-memory-mlock
    unsafe-no-fsync force-new-cluster version debug enable-v2
    discovery-insecure-transport discovery-insecure-skip-tls-verify
    experimental-initial-corrupt-check experimental-enable-lease-checkpoint
    experimental-enable-lease-checkpoint-persist experimental-compact-hash-check-enabled
    experimental-stop-grpc-service-on-defrag experimental-txn-mode-write-with-shared-buffer
    h help
    cluster-active-size cluster-remove-delay cluster-sync-interval config force
    max-result-buffer max-retry-attempts peer-heartbeat-interval peer-election-timeout
    retry-interval snapshot v vv
    """.split()
)

# Registered flags that take a value.
VALUE_FLAGS = frozenset(
    """
    name data-dir wal-dir listen-peer-urls listen-client-urls listen-client-http-urls
    listen-metrics-urls max-snapshots max-wals snapshot-count heartbeat-interval
    election-timeout quota-backend-bytes backend-bbolt-freelist-type backend-batch-interval
    backend-batch-limit max-txn-ops max-request-bytes max-concurrent-streams
    grpc-keepalive-min-time grpc-keepalive-interval grpc-keepalive-timeout
    raft-read-timeout raft-write-timeout
    initial-advertise-peer-urls advertise-client-urls initial-cluster initial-cluster-state
    initial-cluster-token discovery discovery-fallback discovery-proxy discovery-srv
    discovery-srv-name discovery-endpoints discovery-token discovery-dial-timeout
    discovery-request-timeout discovery-keepalive-time discovery-keepalive-timeout
    discovery-cert discovery-key discovery-cacert discovery-user discovery-password
    cert-file key-file client-cert-file client-key-file client-crl-file
    client-cert-allowed-hostname trusted-ca-file
    peer-cert-file peer-key-file peer-client-cert-file peer-client-key-file
    peer-trusted-ca-file peer-crl-file peer-cert-allowed-cn peer-cert-allowed-hostname
    self-signed-cert-validity cipher-suites tls-min-version tls-max-version
    cors host-whitelist logger log-outputs log-output log-level log-format
    log-package-levels log-rotation-config-json
    auto-compaction-retention auto-compaction-mode metrics
    distributed-tracing-address distributed-tracing-service-name
    distributed-tracing-instance-id distributed-tracing-sampling-rate
    auth-token bcrypt-cost auth-token-ttl
    corrupt-check-time compact-hash-check-time compaction-batch-limit
    compaction-sleep-interval watch-progress-notify-interval downgrade-check-time
    warning-apply-duration warning-unary-request-duration
    bootstrap-defrag-threshold-megabytes max-learners snapshot-catchup-entries
    feature-gates v2-deprecation config-file
    proxy proxy-failure-wait proxy-refresh-interval proxy-dial-timeout
    proxy-write-timeout proxy-read-timeout
    experimental-enable-v2v3 experimental-backend-bbolt-freelist-type
    experimental-corrupt-check-time experimental-compact-hash-check-time
    experimental-compaction-batch-limit experimental-compaction-sleep-interval
    experimental-watch-progress-notify-interval experimental-downgrade-check-time
    experimental-warning-apply-duration experimental-warning-unary-request-duration
    experimental-bootstrap-defrag-threshold-megabytes experimental-max-learners
    experimental-snapshot-catchup-entries experimental-wait-cluster-ready-timeout
    experimental-distributed-tracing-address experimental-distributed-tracing-service-name
    experimental-distributed-tracing-instance-id experimental-distributed-tracing-sampling-rate
    experimental-local-address experimental-set-member-localaddr set-member-localaddr
    """.split()
)

KNOWN_FLAGS = BOOL_FLAGS | VALUE_FLAGS

# Old flags etcd still accepts and throws away (read like booleans, any value accepted).
IGNORED_FLAGS = frozenset(
    """
    cluster-active-size cluster-remove-delay cluster-sync-interval config force
    max-result-buffer max-retry-attempts peer-heartbeat-interval peer-election-timeout
    retry-interval snapshot v vv
    """.split()
)


def is_bool_flag(name: str) -> bool:
    return name in BOOL_FLAGS


def flag_for_env(env_name: str) -> Optional[str]:
    """``ETCD_PEER_CLIENT_CERT_AUTH`` -> ``peer-client-cert-auth`` (None if not ETCD_*)."""
    if not env_name.startswith("ETCD_") or len(env_name) <= 5:
        return None
    return env_name[5:].lower().replace("_", "-")


def env_for_flag(name: str) -> str:
    return "ETCD_" + name.upper().replace("-", "_")


_TRUE = frozenset(("1", "t", "T", "TRUE", "true", "True"))
_FALSE = frozenset(("0", "f", "F", "FALSE", "false", "False"))


def parse_go_bool(value: str) -> Optional[bool]:
    """Go's ``strconv.ParseBool``: None for anything it rejects."""
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    return None
