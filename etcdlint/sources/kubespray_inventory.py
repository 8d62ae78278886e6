"""The other variables files of a Kubespray inventory: which ``etcd_deployment_type`` (and
``etcd_listen_metrics_urls``) they set, for a ``group_vars``/``host_vars`` file that does not
set them itself.

Ansible reads an inventory's variables from ``<inventory>/group_vars/<group>.yml``,
``<inventory>/group_vars/<group>/*.yml`` and the same under ``host_vars``. Only top-level
``name: value`` lines are looked for (a plain text scan, no YAML parse): the files read are
bounded in number and size, regular files under the inventory only, never through a link.
"""

from __future__ import annotations

import os
import re
from typing import Dict, List, Optional, Tuple

MAX_FILES = 500
MAX_BYTES = 1 << 20
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


def inventory_values(path: str) -> Dict[str, List[Tuple[str, str]]]:
    """``{variable: [(file inside the inventory, value), ...]}`` for the variables of
    ``_LINE`` set by the inventory's other variables files (``path`` itself left out)."""
    split = vars_dir_split(path)
    found: Dict[str, List[Tuple[str, str]]] = {}
    if split is None:
        return found
    root, own = split
    files = 0
    for top in VARS_DIRS:
        base = os.path.join(root, top)
        if not os.path.isdir(base) or os.path.islink(base):
            continue
        for directory, dirs, names in os.walk(base):
            dirs[:] = sorted(d for d in dirs if not os.path.islink(os.path.join(directory, d)))
            for name in sorted(names):
                full = os.path.join(directory, name)
                inner = os.path.relpath(full, root).replace(os.sep, "/")
                if inner == own or not _is_vars_file(name) or os.path.islink(full):
                    continue
                files += 1
                if files > MAX_FILES:
                    return found
                for var, value in _scan(_read(full)):
                    found.setdefault(var, []).append((inner, value))
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


def _read(path: str) -> Optional[str]:
    try:
        if not os.path.isfile(path):
            return None
        with open(path, "rb") as fh:
            raw = fh.read(MAX_BYTES + 1)
    except OSError:
        return None
    if len(raw) > MAX_BYTES:
        return None
    return raw.decode("utf-8", "replace")
