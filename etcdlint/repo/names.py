"""What a file is, by its name alone (checked for every file of a tree: kept cheap)."""

from __future__ import annotations

import os

KUSTOMIZATION_NAMES = ("kustomization.yaml", "kustomization.yml", "Kustomization")


def is_kustomization(path: str) -> bool:
    return path.endswith(KUSTOMIZATION_NAMES) and os.path.basename(path) in KUSTOMIZATION_NAMES


def kustomizations_above(files, stop: str):
    """``(display, file system path)`` of the kustomization files in the directory of each
    named file and in its parents up to ``stop`` (pre-commit names a staged patch alone: its
    kustomization says it is a patch, and what it patches)."""
    from etcdlint.repo.scopes import display_path

    stop = os.path.abspath(stop)
    seen = set()
    have = {os.path.abspath(f.fs_path) for f in files if f.fs_path != "-"}
    out = []
    for f in files:
        if not f.named or f.fs_path == "-":
            continue
        relative = not os.path.isabs(f.display)
        directory = os.path.dirname(os.path.abspath(f.fs_path))
        while directory not in seen:
            seen.add(directory)
            for name in KUSTOMIZATION_NAMES:
                path = os.path.join(directory, name)
                if path not in have and os.path.isfile(path):
                    have.add(path)
                    out.append((display_path(path) if relative else path, path))
            parent = os.path.dirname(directory)
            if directory == stop or parent == directory or \
                    not (directory + os.sep).startswith(stop + os.sep):
                break
            directory = parent
    return out

