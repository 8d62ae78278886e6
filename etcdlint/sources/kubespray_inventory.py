"""The other variables files of a Kubespray inventory: which ``etcd_deployment_type`` (and
``etcd_listen_metrics_urls``) they set, for a ``group_vars``/``host_vars`` file that does not
set them itself.

Ansible reads an inventory's variables from ``<inventory>/group_vars/<group>.yml``,
``<inventory>/group_vars/<group>/*.yml`` and the same under ``host_vars``. Only top-level
``name: value`` lines are looked for (a plain text scan, no YAML parse). Every file and folder
comes through the repository's door (``side``: repo/sidefiles.py), which confines them to the
repository and bounds each file's size; how many files and how deep is bounded here.
"""

from __future__ import annotations

import os
import re
from typing import Dict, List, Optional, Tuple

MAX_FILES = 500
MAX_DEPTH = 8  # folders below group_vars/host_vars (Ansible's are one or two deep)
VARS_DIRS = ("group_vars", "host_vars")
_SUFFIXES = (".yml", ".yaml", ".json")
_LINE = re.compile(r"^(etcd_deployment_type|etcd_listen_metrics_urls)[ \t]*:[ \t]*(.*?)[ \t]*$",
                   re.MULTILINE)


def vars_dir_split(path: str) -> Optional[Tuple[str, str]]:
    """``(inventory directory, path inside it)`` when ``path`` is a file under an inventory's
    ``group_vars`` or ``host_vars``; None otherwise."""
    parts = path.replace(os.sep, "/").split("/")
    for i in range(len(parts) - 2, -1, -1):
        if parts[i] in VARS_DIRS:
            return "/".join(parts[:i]) or ".", "/".join(parts[i:])
    return None


def inventory_values(path: str, side) -> Dict[str, List[Tuple[str, str]]]:
    """``{variable: [(file inside the inventory, value), ...]}`` for the variables of
    ``_LINE`` set by the inventory's other variables files (``path`` itself left out), read
    through the door ``side``."""
    split = vars_dir_split(os.path.abspath(path))
    found: Dict[str, List[Tuple[str, str]]] = {}
    if split is None:
        return found
    root, own = split
    pending = [(f"{root}/{top}", top, 0) for top in reversed(VARS_DIRS)]
    files = 0
    while pending:  # (as os.walk goes: a folder's files by name, then its folders by name)
        directory, inner_dir, depth = pending.pop()
        folders = []
        for name in side.list_directory(directory) or ():
            full, inner = f"{directory}/{name}", f"{inner_dir}/{name}"
            kind = side.kind(full)
            if kind == "directory":
                if depth < MAX_DEPTH:
                    folders.append((full, inner, depth + 1))
                continue
            if kind != "file" or inner == own or not _is_vars_file(name):
                continue
            files += 1
            if files > MAX_FILES:
                return found
            read = side.text_of(full)
            for var, value in _scan(read.text if read.ok else None):
                found.setdefault(var, []).append((inner, value))
        pending.extend(reversed(folders))
    return found


def _is_vars_file(name: str) -> bool:
    return name.endswith(_SUFFIXES) or "." not in name


def _scan(text: Optional[str]) -> List[Tuple[str, str]]:
    if not text or "etcd_" not in text:
        return []
    return [(m.group(1), _plain(m.group(2))) for m in _LINE.finditer(text)]


def _plain(value: str) -> str:
    """A one-line YAML scalar's text: quotes and a trailing comment taken off."""
    if value[:1] in ("'", '"'):
        close = value.find(value[0], 1)
        return value[1:close] if close > 0 else value[1:]
    at = value.find(" #")
    return (value[:at] if at >= 0 else value).strip()
