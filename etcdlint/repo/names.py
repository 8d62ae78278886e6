"""What a file is, by its name alone (checked for every file of a tree: kept cheap)."""

from __future__ import annotations

import os

KUSTOMIZATION_NAMES = ("kustomization.yaml", "kustomization.yml", "Kustomization")


def is_kustomization(path: str) -> bool:
    return os.path.basename(path) in KUSTOMIZATION_NAMES
