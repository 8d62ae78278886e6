"""Find where a container's argv runs a given binary: directly, behind a wrapper, or
inside a ``sh -c`` script."""

from __future__ import annotations

import posixpath
from typing import Dict, List, Optional, Sequence

from etcdlint.records import record
from etcdlint.etcd.shellwords import split_commands
from etcdlint.text.lazy_regex import lazy
from etcdlint.text.tokens import Token

SHELLS = frozenset(("sh", "bash", "ash", "dash", "zsh", "ksh", "mksh"))
_WRAPPERS = frozenset(("exec", "nohup", "command", "env", "tini", "dumb-init", "setsid", "stdbuf"))
_KEYWORDS = frozenset(("if", "then", "else", "elif", "do", "while", "until", "!", "{", "time"))
_ASSIGNMENT = lazy(r"[A-Za-z_][A-Za-z0-9_]*=")


@record
class Invocation:
    binary: Token
    args: Sequence[Token]
    via_shell: bool


def program_name(word: str) -> str:
    return posixpath.basename(word)


def find_invocations(argv: Sequence[Token], binaries: frozenset,
                     env: Optional[Dict[str, str]] = None) -> List[Invocation]:
    """Every place ``argv`` runs one of ``binaries`` (basename match)."""
    if not argv:
        return []
    words = _strip_wrappers(list(argv), shell=False)
    if not words:
        return []
    name = program_name(words[0].text)
    if name == "busybox" and len(words) > 1:
        words = words[1:]
        name = program_name(words[0].text)
    if name in binaries:
        return [Invocation(words[0], tuple(words[1:]), False)]
    if name in SHELLS:
        script = _shell_script(words[1:])
        if script is None:
            return []
        found = []
        for command in split_commands(script, env):
            command = _strip_wrappers(command, shell=True)
            if command and program_name(command[0].text) in binaries and not command[0].dynamic:
                found.append(Invocation(command[0], tuple(command[1:]), True))
        return found
    return []


def _shell_script(words: List[Token]) -> Optional[Token]:
    """The ``-c`` script of a shell's arguments, if it has one."""
    has_c = False
    for i, word in enumerate(words):
        text = word.text
        if text == "--":
            return words[i + 1] if has_c and i + 1 < len(words) else None
        if text.startswith("-") or text.startswith("+"):
            if not text.startswith("--") and "c" in text[1:]:
                has_c = True
            continue
        return word if has_c else None
    return None


def _strip_wrappers(words: List[Token], shell: bool) -> List[Token]:
    i = 0
    n = len(words)
    while i < n:
        text = words[i].text
        if shell and (text in _KEYWORDS or _ASSIGNMENT.match(text)):
            i += 1
            continue
        name = program_name(text)
        if name in _WRAPPERS:
            i += 1
            while i < n and (words[i].text.startswith("-") or
                             (name == "env" and _ASSIGNMENT.match(words[i].text))):
                stop = words[i].text == "--"
                i += 1
                if stop:
                    break
            continue
        break
    return words[i:]


def is_etcd_image(image: Optional[str]) -> bool:
    """``registry.k8s.io/etcd:3.5.9-0``, ``quay.io/coreos/etcd``, ``bitnami/etcd@sha256:…``."""
    if not image:
        return False
    ref = image.split("@", 1)[0]
    last = ref.rsplit("/", 1)[-1]
    name = last.split(":", 1)[0]
    return name in ("etcd", "etcd-amd64", "etcd-arm64", "etcd-ppc64le", "etcd-s390x")


def entrypoint_flags(image: Optional[str], words: Sequence[Token]) -> bool:
    """Whether ``words``, given without a program of their own, are etcd's flags: the image is
    etcd's and the first word is a flag. A flag cannot be executed, so such a container works
    only when the image's entrypoint is etcd itself, as in ``quay.io/coreos/etcd`` v2 images
    (``ENTRYPOINT ["/etcd"]``); the words are then etcd's command line after its program."""
    return bool(words) and words[0].text.startswith("-") and is_etcd_image(image)


# ETCD_* variables only an etcd server reads: with one of them, an image whose name
# mentions etcd (``etcd-server``, ``openshift/etcd-20-centos7``) runs etcd.
_SERVER_ENV = frozenset((
    "ETCD_LISTEN_CLIENT_URLS", "ETCD_ADVERTISE_CLIENT_URLS", "ETCD_LISTEN_PEER_URLS",
    "ETCD_INITIAL_ADVERTISE_PEER_URLS", "ETCD_INITIAL_CLUSTER", "ETCD_INITIAL_CLUSTER_STATE",
    "ETCD_INITIAL_CLUSTER_TOKEN", "ETCD_DATA_DIR",
))


def runs_etcd_by_environment(image: Optional[str], env_names: Sequence[str]) -> bool:
    """An image of another name that mentions etcd, given variables only etcd's server reads."""
    if not image:
        return False
    name = image.split("@", 1)[0].rsplit("/", 1)[-1].split(":", 1)[0]
    return "etcd" in name and any(n in _SERVER_ENV for n in env_names)
