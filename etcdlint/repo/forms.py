"""Files that are not YAML, by name: systemd units and their drop-ins, etcd's environment
files, Dockerfiles (checked for every file of a tree: kept cheap)."""

from __future__ import annotations

import os

UNIT = "unit"
DROPIN = "dropin"
ENV_FILE = "env-file"
DOCKERFILE = "dockerfile"
_ENV_FILE_NAMES = frozenset(("etcd.conf", "etcd.env"))


def text_form(path: str) -> str:
    """The form of a file that is not YAML, by its name ("" for any other file); a Jinja
    template of one (``etcd.service.j2``) is of the same form."""
    if path.endswith(".j2"):
        path = path[:-3]
    base = os.path.basename(path)
    if base.endswith(".service"):
        return UNIT
    if base.endswith(".conf") and os.path.basename(os.path.dirname(path)).endswith(".service.d"):
        return DROPIN
    if base in _ENV_FILE_NAMES or base.startswith("etcd") and base.endswith(".env") or \
            base == "etcd" and os.path.basename(os.path.dirname(path)) == "default":
        return ENV_FILE
    if base == "Dockerfile" or base.startswith("Dockerfile.") or base.endswith(".Dockerfile"):
        return DOCKERFILE
    return ""
