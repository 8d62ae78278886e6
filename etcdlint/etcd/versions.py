"""etcd versions: read from image tags, and what each release removed."""

from __future__ import annotations

import re
from typing import Optional, Tuple

_VERSION = re.compile(r"^v?(\d+)\.(\d+)(?:\.(\d+))?")

# Removed in 3.5 (deprecated in 3.4) and in 3.6; 3.7 removed every experimental-* flag.
REMOVED_IN = {
    "debug": (3, 5), "log-package-levels": (3, 5), "log-output": (3, 5),
    "enable-v2": (3, 6), "experimental-enable-v2v3": (3, 6), "proxy": (3, 6),
    "proxy-failure-wait": (3, 6), "proxy-refresh-interval": (3, 6),
    "proxy-dial-timeout": (3, 6), "proxy-write-timeout": (3, 6), "proxy-read-timeout": (3, 6),
}
# Values a release removed: etcd-io/etcd server/embed/config_logging.go (v3.5 on),
# ``setupLogging``: ``case "capnslog": // removed in v3.5`` returns "--logger=capnslog is
# removed in v3.5" and etcd does not start. (name, value) -> (release, etcd's words, instead)
REMOVED_VALUES = {
    ("logger", "capnslog"): ((3, 5), "--logger=capnslog is removed in v3.5", "--logger=zap"),
}
EXPERIMENTAL_DEPRECATED = (3, 6)
EXPERIMENTAL_REMOVED = (3, 7)

# An ETCD_* variable whose flag is also on the command line (etcd-io/etcd pkg/flags/flag.go,
# ``verifyEnv``, called from ``SetFlagsFromEnv``): up to v3.3 etcd only logs it ("recognized
# environment variable …, but unused: shadowed by corresponding flag": Info in v2.3-v3.2,
# Warning in v3.3, beside "TODO: exit with error in v3.4") and the flag wins; from v3.4.0 on
# it is fatal ("conflicting environment variable … is shadowed by corresponding command-line
# flag (either unset environment variable or disable flag)"), still so in v3.6.
ENV_CONFLICT_FATAL = (3, 4)


def version_from_image(image: Optional[str]) -> Optional[Tuple[int, int]]:
    """(major, minor) from ``registry.k8s.io/etcd:3.5.9-0``, ``quay.io/coreos/etcd:v3.4.1``."""
    if not image:
        return None
    ref = image.split("@", 1)[0]
    last = ref.rsplit("/", 1)[-1]
    if ":" not in last:
        return None
    return version_from_tag(last.split(":", 1)[1])


def version_from_tag(tag: Optional[str]) -> Optional[Tuple[int, int]]:
    if not tag:
        return None
    match = _VERSION.match(tag)
    if not match:
        return None
    return int(match.group(1)), int(match.group(2))


def show(version: Tuple[int, int]) -> str:
    return f"{version[0]}.{version[1]}"


def removal(name: str) -> Optional[Tuple[Tuple[int, int], str]]:
    """(the release that removed ``name``, what to use instead), or None."""
    if name in REMOVED_IN:
        replacement = {"debug": "--log-level=debug", "log-output": "--log-outputs",
                       "log-package-levels": "--log-level"}.get(name, "nothing: the v2 API and v2 proxy are gone")
        return REMOVED_IN[name], replacement
    if name.startswith("experimental-"):
        return EXPERIMENTAL_REMOVED, graduated(name) or "its graduated name or --feature-gates"
    return None


# etcd v3.6 graduated its experimental flags (v3.7 removes the old names). Six became feature
# gates: etcd-io/etcd server/features/etcd_features.go, ``ExperimentalFlagToFeatureMap``; the
# others lost their prefix: server/etcdmain/config.go, ``deprecatedFlags`` ("Use
# '--compaction-batch-limit' instead", ...).
FEATURE_GATES = {
    "experimental-stop-grpc-service-on-defrag": "StopGRPCServiceOnDefrag",
    "experimental-initial-corrupt-check": "InitialCorruptCheck",
    "experimental-compact-hash-check-enabled": "CompactHashCheck",
    "experimental-txn-mode-write-with-shared-buffer": "TxnModeWriteWithSharedBuffer",
    "experimental-enable-lease-checkpoint": "LeaseCheckpoint",
    "experimental-enable-lease-checkpoint-persist": "LeaseCheckpointPersist",
}


def graduated(name: str, value: Optional[str] = None) -> Optional[str]:
    """What replaces the experimental flag ``name`` from etcd v3.6 on: its feature gate
    (``--feature-gates=InitialCorruptCheck=true``, with ``value`` when known) or its
    graduated flag (``--snapshot-catchup-entries``); None when etcdlint does not know one."""
    from etcdlint.etcd.flags import KNOWN_FLAGS

    if name in FEATURE_GATES:
        return f"--feature-gates={FEATURE_GATES[name]}={value or 'true'}"
    plain = name[len("experimental-"):]
    if name.startswith("experimental-") and plain in KNOWN_FLAGS:
        return f"--{plain}"
    return None


def removed_value(name: str, value: Optional[str]
                  ) -> Optional[Tuple[Tuple[int, int], str, str]]:
    """(the release that removed ``value`` of ``name``, etcd's error, what to use instead)."""
    return REMOVED_VALUES.get((name, value)) if value is not None else None
