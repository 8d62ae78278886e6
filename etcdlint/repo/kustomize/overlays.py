"""Kustomize overlays: the plan of a run, each top kustomization's effective resources
built as kustomize would (``builder.py``), from the files its resources, bases and patches
name (read by ``load.py``), into builds (``build.py``) the engine lints like files.

What this module decides about files:

- *fragments*: every patch file of every kustomization read. Never linted as a whole object.
- *overlaid*: the resource files of a built kustomization (at any depth of its bases):
  judged through the build, not on their own (a base made secure by its overlay is fine).
- a kustomization that uses something etcdlint does not model (see ``kustomization``) is
  not built: its files are linted as they are, and a note says why, once per kustomization.
"""

from __future__ import annotations

import os
from typing import Callable, Dict, List, Optional, Sequence, Set, Tuple

from etcdlint.records import field, record
from etcdlint.repo.kustomize.build import BUILD_MARK, Build
from etcdlint.repo.kustomize.builder import Blocked, Builder, Retry
from etcdlint.repo.kustomize.kustomization import KUSTOMIZATION_NAMES, always_said
from etcdlint.repo.kustomize.load import Loader
from etcdlint.text.textfile import SourceText


@record(frozen=False)
class OverlayPlan:
    builds: List[Build] = field(default_factory=list)
    fragments: Set[str] = field(default_factory=set)  # display paths
    overlaid: Set[str] = field(default_factory=set)  # display paths
    # Each note with the files (display, file system path) one of which must hold etcd
    # configuration for it to be said (a build's own path: the build must), None: said
    # whatever the overlay holds. An overlay without etcd is none of etcdlint's business.
    notes: List[Tuple[str, Optional[Tuple[Tuple[str, str], ...]]]] = field(default_factory=list)
    sources: Dict[str, SourceText] = field(default_factory=dict)  # of the files read
    reported: Optional[Set[str]] = None  # None: findings in any file are reported
    # how the plan reads a file (by its file system path): for what else asks of its files
    read: Optional[Callable[[str], bytes]] = None



def plan_overlays(files: Sequence[Tuple[str, str]], max_bytes: int,
                  may_hold_etcd: Callable[[bytes], bool],
                  overrides: Optional[Dict[str, bytes]] = None,
                  config_root: Optional[str] = None) -> Optional[OverlayPlan]:
    """The overlay plan of a run's ``(display, file system path)`` files; None (at the cost
    of one name test a file) when none of them is a kustomization. ``overrides`` gives the
    content of some files (absolute paths) instead of what is on disk (a fix being checked).

    Every base is built once (``Builder.build``), and all builds of a plan share one text.
    Every file is read through the door (repo/sidefiles.py), confined to the repository of
    its top kustomization (``config_root``: the configuration's folder, outside git)."""
    tops = [(d, p) for d, p in files if os.path.basename(p) in KUSTOMIZATION_NAMES]
    if not tops:
        return None
    displays = {os.path.abspath(p): d for d, p in files}
    relative = not all(os.path.isabs(d) for d, _ in tops)
    plan = OverlayPlan()
    loader = Loader(displays, relative, max_bytes, overrides or {}, config_root)
    plan.read = loader.read
    for _, path in tops:
        loader.enter(path)
        loader.load_tree(os.path.abspath(path))
    referenced = {r for k in loader.loaded.values() for r, _ in k.resources + k.components}
    blocked_files: Set[str] = set()
    noted: Set[str] = set()
    for k in loader.loaded.values():
        for patch in k.patches:
            if patch.path is not None:
                plan.fragments.add(loader.display(patch.path))
    builder = Builder(loader, plan, may_hold_etcd)
    every_file: Optional[Builder] = None  # (for the builds a pre-filtered file may matter to)
    for display, path in tops:
        directory = os.path.dirname(os.path.abspath(path))
        if directory in referenced or loader.loaded[directory].kind == "Component":
            continue  # a base or a component: built as part of the overlays that use it
        loader.enter(path)
        used = builder
        try:
            try:
                resources, frame = builder.top(directory)
            except Retry:
                if every_file is None:
                    every_file = Builder(loader, plan, lambda data: True)
                used = every_file
                resources, frame = every_file.top(directory)
        except Blocked as exc:
            k = exc.kustomization
            if k.path not in noted:
                noted.add(k.path)
                note = loader.note(k, exc.offset, exc.text())
                plan.notes.append((note, None if always_said(exc.what)
                                   else tuple(loader.tree_files(directory))))
            blocked_files.update(used.failed_files)
            continue
        build_path = display + BUILD_MARK
        for k in frame.kustomizations:
            if k.generated and k.path not in noted:
                noted.add(k.path)
                names = ", ".join(name for name, _ in k.generated)
                plan.notes.append((loader.note(k, k.generated[0][1], f"{names} not modelled: "
                                               "what they generate is not linted"),
                                   ((build_path, ""),)))
        plan.builds.append(Build(build_path, "", [r.node for r in resources], used.segments,
                                 [r.via for r in resources]))
        plan.overlaid.update(frame.files)
    texts = {id(b.segments): b.text() for b in (builder, every_file) if b is not None}
    for build in plan.builds:
        build.text = texts[id(build.segments)]
    plan.overlaid -= blocked_files
    plan.overlaid -= plan.fragments
    return plan
