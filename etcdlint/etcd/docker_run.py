"""``docker run`` / ``podman run`` / ``nerdctl run`` command lines, as the Docker CLI reads
them (docker/cli ``cli/command/container/run.go`` and ``opts.go``: pflag options before the
image, every word after it belongs to the container): the image, ``--entrypoint``, the
container's command, and its environment (``-e NAME=value``, ``-e NAME`` from the caller's
environment, ``--env-file``)."""

from __future__ import annotations

import posixpath
from typing import Dict, List, Optional, Sequence, Tuple

from etcdlint.records import record
from etcdlint.text.span import Span
from etcdlint.text.tokens import Token

RUNNERS = frozenset(("docker", "podman", "nerdctl"))
# Options of ``run`` that take a value (the others are booleans).
_VALUED = frozenset("""
    a attach add-host annotation blkio-weight blkio-weight-device cap-add cap-drop cgroup-parent
    cgroupns cidfile cpu-period cpu-quota cpu-rt-period cpu-rt-runtime c cpu-shares cpus
    cpuset-cpus cpuset-mems device device-cgroup-rule device-read-bps device-read-iops
    device-write-bps device-write-iops dns dns-option dns-search domainname e env env-file
    entrypoint expose gpus group-add health-cmd health-interval health-retries
    health-start-period health-start-interval health-timeout h hostname ip ip6 ipc isolation
    kernel-memory l label label-file link link-local-ip log-driver log-opt mac-address m memory
    memory-reservation memory-swap memory-swappiness mount name network net network-alias
    net-alias oom-score-adj pid pids-limit platform p publish pull restart runtime
    security-opt shm-size stop-signal stop-timeout storage-opt sysctl tmpfs ulimit u user
    userns uts v volume volume-driver volumes-from w workdir log-level
    pod secret systemd hooks-dir arch os variant authfile creds
""".split())


@record
class ContainerRun:
    image: Token
    entrypoint: Optional[Token]
    command: Tuple[Token, ...]
    env: Tuple[Tuple[str, Optional[str], Span, Span, Span], ...]  # name, value, spans
    env_complete: bool  # no --env-file, no -e NAME of unknown value


def container_run(argv: Sequence[Token], caller_env: Dict[str, str]) -> Optional[ContainerRun]:
    """What ``argv`` runs when it is ``docker run …`` (``docker container run`` too)."""
    if not argv or posixpath.basename(argv[0].text) not in RUNNERS:
        return None
    words = list(argv[1:])
    if words[:1] and words[0].text == "container":
        words = words[1:]
    if not words or words[0].text != "run":
        return None
    i = 1
    entrypoint: Optional[Token] = None
    env: List[Tuple[str, Optional[str], Span, Span, Span]] = []
    complete = True
    while i < len(words):
        word = words[i]
        text = word.text
        if text == "--":
            i += 1
            break
        if not text.startswith("-") or text == "-":
            break
        if text.startswith("--"):
            name, eq, _ = text[2:].partition("=")
            value = word.slice_from(len(name) + 3) if eq else None
            i += 1
            if name in _VALUED and value is None:
                if i >= len(words):
                    return None
                value = words[i]
                i += 1
        else:  # short options, possibly grouped (-it, -e X, -eX)
            name, value = "", None
            i += 1
            for k in range(1, len(text)):
                if text[k] in _VALUED:
                    name = text[k]
                    if k + 1 < len(text):
                        value = word.slice_from(k + 1)
                    else:
                        if i >= len(words):
                            return None
                        value = words[i]
                        i += 1
                    break
        if value is None:
            continue
        if name in ("e", "env"):
            key, eq, val = value.text.partition("=")
            name_span = value.sub_span(0, len(key))
            if eq:
                env.append((key, None if value.dynamic else val, value.span, name_span,
                            value.sub_span(len(key) + 1, len(value.text))))
            elif key in caller_env:
                env.append((key, caller_env[key], value.span, name_span, value.span))
            else:
                complete = False
        elif name == "env-file":
            complete = False
        elif name == "entrypoint":
            entrypoint = value
    if i >= len(words):
        return None
    return ContainerRun(words[i], entrypoint, tuple(words[i + 1:]), tuple(env), complete)
