"""How an overlay plan reads files and kustomizations: through the door (repo/sidefiles.py),
confined to the repository of the top kustomization being built, each file named as the run
names it."""

from __future__ import annotations

import os
from typing import Dict, List, Optional, Set, Tuple

from etcdlint.repo.kustomize.kustomization import (Kustomization, find_kustomization,
                                                   read_kustomization)
from etcdlint.repo.sidefiles import Refused, SideFiles, side_root
from etcdlint.text.shown import shown_message
from etcdlint.text.textfile import LineIndex


class Loader:
    """Reads the files of a plan through the door, and its kustomizations once each (by
    directory)."""

    def __init__(self, displays: Dict[str, str], relative: bool, max_bytes: int,
                 overrides: Dict[str, bytes], config_root: Optional[str] = None) -> None:
        self.displays, self.relative, self.max_bytes = displays, relative, max_bytes
        self.overrides = overrides
        self.loaded: Dict[str, Kustomization] = {}  # by directory
        self.config_root = config_root
        self.door = SideFiles(os.getcwd(), None, max_bytes)

    def enter(self, top: str) -> None:
        """Confine what follows to the repository of the top kustomization ``top``."""
        self.door = SideFiles(side_root(top, self.config_root), None, self.max_bytes)

    def read(self, path: str) -> bytes:
        """A file's bytes, through the door (OSError naming why it was refused)."""
        found = self.overrides.get(os.path.abspath(path))
        if found is not None:
            return found
        side = self.door.read(os.path.abspath(path))
        if not side.ok:
            raise Refused(side.refusal, side.why())
        return side.data

    def kind(self, path: str) -> str:
        return self.door.kind(os.path.abspath(path))

    def display(self, path: str) -> str:
        found = self.displays.get(path)
        if found is not None:
            return found
        if self.relative:
            try:
                return os.path.relpath(path)
            except ValueError:
                return path
        return path

    def load_tree(self, kpath: str) -> None:
        stack = [kpath]
        while stack:
            path = stack.pop()
            directory = os.path.dirname(path)
            if directory in self.loaded:
                continue
            k = self.loaded[directory] = read_kustomization(path, self.read, self.kind)
            k.path = self.display(path)
            for resource, _ in k.resources + k.components:
                if os.path.isdir(resource):
                    found = find_kustomization(resource)
                    if found is not None:
                        stack.append(os.path.abspath(found))

    def tree_files(self, directory: str) -> List[Tuple[str, str]]:
        """(display, path) of every resource and patch file the kustomization in
        ``directory`` reaches, through its bases and components."""
        out: List[Tuple[str, str]] = []
        seen: Set[str] = set()
        stack = [directory]
        while stack:
            k = self.loaded.get(stack.pop())
            if k is None or k.directory in seen:
                continue
            seen.add(k.directory)
            for path, _ in k.resources + k.components:
                if os.path.isdir(path):
                    stack.append(path)
                else:
                    out.append((self.display(path), path))
            out.extend((self.display(p.path), p.path) for p in k.patches if p.path is not None)
        return out

    def note(self, k: Kustomization, offset: int, message: str) -> str:
        where = ""
        if k.source is not None:
            pos = LineIndex(k.source.text).position(offset)
            where = f"{pos.line}:{pos.column}:"
        return f"{k.path}:{where} note: {shown_message(message)}"

