"""Which files to read: named files as they are, directories walked for YAML."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Iterator, List, Sequence

YAML_SUFFIXES = (".yaml", ".yml")
SKIP_DIRS = frozenset((
    ".git", ".hg", ".svn", ".bzr", "node_modules", ".tox", ".nox", ".venv", "venv",
    "__pycache__", ".mypy_cache", ".pytest_cache", ".ruff_cache", ".terraform", ".cache",
))


@dataclass(frozen=True)
class InputFile:
    display: str  # the path as the user will see it in reports
    fs_path: str  # where to read it ("-" for standard input)


class PathNotFound(Exception):
    pass


def discover(paths: Sequence[str]) -> Iterator[InputFile]:
    """Named files always; directories recursively, ``*.yaml``/``*.yml`` only, sorted."""
    for path in paths:
        if path == "-":
            yield InputFile("-", "-")
        elif os.path.isdir(path):
            yield from _walk(path)
        elif os.path.exists(path) or os.path.islink(path):
            yield InputFile(path, path)
        else:
            raise PathNotFound(path)


def _walk(root: str) -> Iterator[InputFile]:
    stack: List[str] = [root]
    while stack:
        top = stack.pop()
        try:
            with os.scandir(top) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError:
            continue
        subdirs = []
        for entry in entries:
            try:
                if entry.is_dir(follow_symlinks=False):
                    if entry.name not in SKIP_DIRS:
                        subdirs.append(entry.path)
                elif entry.name.endswith(YAML_SUFFIXES):
                    yield InputFile(_display(root, entry.path), entry.path)
            except OSError:
                continue
        stack.extend(reversed(subdirs))


def _display(root: str, path: str) -> str:
    if root in (".", "./") and path.startswith("./"):
        return path[2:]
    return path
