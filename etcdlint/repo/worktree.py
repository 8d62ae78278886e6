"""The git work tree a path is in, found without running git."""

from __future__ import annotations

import os
from typing import Optional


def find_work_tree(path: str) -> Optional[str]:
    """The top of the git work tree ``path`` is in, or None: the nearest directory upwards
    that has ``.git`` (a directory, or in a linked work tree or submodule a file)."""
    directory = os.path.abspath(path)
    while True:
        if os.path.exists(os.path.join(directory, ".git")):
            return directory
        parent = os.path.dirname(directory)
        if parent == directory:
            return None
        directory = parent
