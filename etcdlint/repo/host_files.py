"""The side files of a systemd unit, read from the repository: its drop-ins
(``<unit>.d/*.conf``, in lexical order of their names, as systemd applies them), the files
its ``EnvironmentFile=`` lines name when the repository holds them, and, for an environment
file, the units of its folder that name it.

An ``EnvironmentFile=`` path is a path of the machine (``/etc/etcd/etcd.conf``); the
repository holds it when a file of that name sits beside the unit, or when the unit lies in
a tree laid out as the machine's (``…/etc/systemd/system/etcd.service`` and
``…/etc/etcd/etcd.conf``). Every read, listing and test goes through the door of the linted
file (``repo/sidefiles.py``: inside the repository, regular files, size-bounded); a file it
refuses is one the repository does not hold."""

from __future__ import annotations

import os
import re
from typing import List, Optional, Tuple

_UNIT_DIRS = ("/etc/systemd/system/", "/lib/systemd/system/", "/usr/lib/systemd/system/")


def read_side_file(path: str, door) -> Optional[str]:
    """The text of a regular file of the repository, or None (missing, outside the
    repository, not a regular file, too large, not UTF-8): ``door.text_of``."""
    return door.text_of(os.path.abspath(path)).text


def _is_file(path: str, door) -> bool:
    return door.kind(os.path.abspath(path)) == "file"


def _names(folder: str, door) -> List[str]:
    return door.list_directory(os.path.abspath(folder or ".")) or []


def unit_of_dropin(path: str) -> str:
    """``etcd.service.d/override.conf`` -> ``etcd.service`` (beside the folder)."""
    folder = os.path.dirname(path)
    return folder[:-2]


def dropins_of(unit_path: str, door) -> List[str]:
    """The drop-ins of a unit, in the order systemd applies them."""
    folder = unit_path + ".d"
    names = sorted(n for n in _names(folder, door) if n.endswith(".conf"))
    return [os.path.join(folder, n) for n in names if _is_file(os.path.join(folder, n), door)]


def environment_file_path(unit_path: str, machine_path: str, door) -> Optional[str]:
    """Where the repository holds the file a unit's ``EnvironmentFile=`` names, if it does."""
    if not machine_path.startswith("/"):
        return None
    here = os.path.join(os.path.dirname(unit_path), os.path.basename(machine_path))
    if _is_file(here, door):
        return here
    whole = os.path.abspath(unit_path)
    for marker in _UNIT_DIRS:
        at = whole.find(marker)
        if at >= 0:
            candidate = whole[:at] + os.path.normpath(machine_path)
            if _is_file(candidate, door):
                return candidate
    return None


_ENV_FILE_LINE = re.compile(r"^[ \t]*EnvironmentFile[ \t]*=[ \t]*-?([^\s]+)", re.MULTILINE)


def units_naming(env_path: str, door) -> List[Tuple[str, str]]:
    """``(path, text)`` of the units beside ``env_path`` whose ``EnvironmentFile=`` names it."""
    folder = os.path.dirname(env_path) or "."
    base = os.path.basename(env_path)
    names = sorted(n for n in _names(folder, door) if n.endswith(".service"))
    out = []
    for name in names:
        path = os.path.join(folder, name) if os.path.dirname(env_path) else name
        text = read_side_file(path, door)
        if text is None or base not in text:
            continue
        for m in _ENV_FILE_LINE.finditer(text):
            found = environment_file_path(path, m.group(1), door)
            if found is not None and _same_file(found, env_path):
                out.append((path, text))
                break
    return out


def _same_file(a: str, b: str) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False
