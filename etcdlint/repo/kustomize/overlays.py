"""Kustomize overlays: build each top kustomization's effective resources, as kustomize
would, from the files its resources, bases and patches name.

A *build* is one text made of the files it read (each a *segment*, an inline patch being
the text of its string) and the effective documents, whose every node sits in that text:
the source adapters and rules read a build like a file, and each position they report is
mapped back to the file (and offset) it came from. So a finding decided by a patch points
at the patch's token, one decided by the base at the base.

What this module decides about files:

- *fragments*: every patch file of every kustomization read. Never linted as a whole object.
- *overlaid*: the resource files of a built kustomization (at any depth of its bases):
  judged through the build, not on their own (a base made secure by its overlay is fine).
- a kustomization that uses something etcdlint does not model (see ``kustomization``) is
  not built: its files are linted as they are, and a note says why, once per kustomization.
"""

from __future__ import annotations

import bisect
import os
from typing import Callable, Dict, List, Optional, Sequence, Set, Tuple

from ruamel.yaml.nodes import Node

from etcdlint.model import Diagnostic, Fix, Related, Span
from etcdlint.records import field, record, replace
from etcdlint.repo.kustomize.ids import (Resource, patch_targets, rename, resource_of, select,
                                         set_namespace)
from etcdlint.repo.kustomize.images import image_entries, set_images
from etcdlint.repo.kustomize.json6902 import apply_operations
from etcdlint.repo.kustomize.kustomization import (KUSTOMIZATION_NAMES, always_said, Kustomization,
                                                   PatchRef, escapes, find_kustomization,
                                                   patch_kind,
                                                   read_kustomization)
from etcdlint.repo.kustomize.strategic_merge import Unmodelled, merge
from etcdlint.repo.sidefiles import Refused, SideFiles, side_root
from etcdlint.text.marks import shift_marks
from etcdlint.text.shown import shown_message
from etcdlint.text.sidefile import NOTED
from etcdlint.text.textfile import DecodeError, LineIndex, SourceText, decode
from etcdlint.text.tokens import Token
from etcdlint.text.compose import compose_documents, what_fails
from etcdlint.text.yamlnodes import is_map, map_get, scalar_str, scalar_token

BUILD_MARK = "#kustomize-build"


@record
class Segment:
    path: str  # display path of the file the text comes from
    start: int  # where it sits in the build's text
    end: int
    inner: Optional[Callable[[int, bool], int]] = None  # inline patch: offset -> file offset
    json_patch: bool = False  # a JSON patch: its values are not list items of the object
    entry: Optional[Tuple[str, int]] = None  # (kustomization, offset) of the entry naming it
    # The entry that brings this text into the build: ``entry``, or for a component's files
    # the ``components`` entry of the kustomization that uses the component.
    brought_by: Optional[Tuple[str, int]] = None


@record(frozen=False)
class Build:
    path: str  # a name of its own: the top kustomization's path + BUILD_MARK
    text: str
    documents: List[Node]
    segments: List[Segment]  # (shared by the builds of a plan, as their text is)
    # for each document: the (kustomization, offset) entries that brought it in, innermost
    # first (see ``Resource.via``); a segment's ``entry`` names the one that read its file
    via: List[Tuple[Tuple[str, int], ...]] = field(default_factory=list)
    _starts: List[int] = field(default_factory=list)

    def segment(self, offset: int) -> Optional[Segment]:
        if len(self._starts) != len(self.segments):
            self._starts = [s.start for s in self.segments]
        i = bisect.bisect_right(self._starts, offset) - 1
        if i < 0:
            return None
        seg = self.segments[i]
        return seg if offset <= seg.end else None

    def to_file(self, span: Span) -> Optional[Tuple[Segment, Span]]:
        seg = self.segment(span.start)
        if seg is None or span.end > seg.end:
            return None
        a, b = span.start - seg.start, span.end - seg.start
        if seg.inner is None:
            return seg, Span(a, b)
        start = seg.inner(a, False)
        end = seg.inner(b, True) if b > a else start
        return seg, Span(start, max(start, end))

    def map_diagnostic(self, diag: Diagnostic) -> Optional[Diagnostic]:
        """``diag`` (in this build's text) in the file it points at; its fix kept when every
        edit lies in that file (and, for an inline patch, stays on one line)."""
        found = self.to_file(diag.span)
        if found is None:
            return None
        seg, span = found
        related = tuple(r2 for r2 in (self._map_related(r) for r in diag.related) if r2)
        return replace(diag, path=seg.path, span=span, fix=self._map_fix(diag.fix, seg),
                       related=related)

    def brought_by(self, diag: Diagnostic) -> Optional[Tuple[str, int]]:
        """The kustomization entry that brings the text ``diag`` (in this build's text)
        points at into the build."""
        seg = self.segment(diag.span.start)
        return None if seg is None else seg.brought_by

    def _map_related(self, related: Related) -> Optional[Related]:
        if related.path != self.path:
            return related
        found = self.to_file(related.span)
        return None if found is None else replace(related, path=found[0].path, span=found[1])

    def _map_fix(self, fix: Optional[Fix], seg: Segment) -> Optional[Fix]:
        if fix is None:
            return None
        edits = []
        for edit in fix.edits:
            if edit.mode != "replace":
                return self._map_fix(fix.fallback, seg)
            found = self.to_file(edit.span)
            if found is None or found[0] is not seg or (seg.json_patch and not edit.replacement) or \
                    (seg.inner is not None and "\n" in edit.replacement + self.text[
                        edit.span.start:edit.span.end]):
                return self._map_fix(fix.fallback, seg)
            edits.append(replace(edit, span=found[1]))
        return replace(fix, edits=tuple(edits), fallback=self._map_fix(fix.fallback, seg))


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


class Blocked(Exception):
    """The overlay is not built: ``what`` is not modelled (or, with ``message``, kustomize
    itself refuses the build, and ``message`` says why)."""

    def __init__(self, kustomization: Kustomization, what: str, offset: int,
                 message: Optional[str] = None) -> None:
        super().__init__(what)
        self.kustomization, self.what, self.offset = kustomization, what, offset
        self.message = message

    def text(self) -> str:
        if self.message is not None:
            return self.message
        return (f"{self.what}: not modelled, the overlay is not built (its resources are "
                "linted as they are)")


def plan_overlays(files: Sequence[Tuple[str, str]], max_bytes: int,
                  may_hold_etcd: Callable[[bytes], bool],
                  overrides: Optional[Dict[str, bytes]] = None,
                  config_root: Optional[str] = None) -> Optional[OverlayPlan]:
    """The overlay plan of a run's ``(display, file system path)`` files; None (at the cost
    of one name test a file) when none of them is a kustomization. ``overrides`` gives the
    content of some files (absolute paths) instead of what is on disk (a fix being checked).

    Every base is built once (``_Builder.build``), and all builds of a plan share one text.
    Every file is read through the door (repo/sidefiles.py), confined to the repository of
    its top kustomization (``config_root``: the configuration's folder, outside git)."""
    tops = [(d, p) for d, p in files if os.path.basename(p) in KUSTOMIZATION_NAMES]
    if not tops:
        return None
    displays = {os.path.abspath(p): d for d, p in files}
    relative = not all(os.path.isabs(d) for d, _ in tops)
    plan = OverlayPlan()
    loader = _Loader(displays, relative, max_bytes, overrides or {}, config_root)
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
    builder = _Builder(loader, plan, may_hold_etcd)
    every_file: Optional[_Builder] = None  # (for the builds a pre-filtered file may matter to)
    for display, path in tops:
        directory = os.path.dirname(os.path.abspath(path))
        if directory in referenced or loader.loaded[directory].kind == "Component":
            continue  # a base or a component: built as part of the overlays that use it
        loader.enter(path)
        used = builder
        try:
            try:
                resources, frame = builder.top(directory)
            except _Retry:
                if every_file is None:
                    every_file = _Builder(loader, plan, lambda data: True)
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


class _Loader:
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


@record(frozen=False)
class _Frame:
    """What building one kustomization (its bases included) read."""

    files: Set[str] = field(default_factory=set)  # resource files judged through the build
    kustomizations: List[Kustomization] = field(default_factory=list)
    generating: bool = False  # a generator's resources are missing from the build
    skipped: bool = False  # a resource file the pre-filter passed by is missing from it


class _Builder:
    """Builds a plan's overlays into one text; each base is built once (kustomize builds it
    anew for every reference, with the same result)."""

    def __init__(self, loader: _Loader, plan: OverlayPlan, may_hold_etcd) -> None:
        self.loader, self.plan, self.may_hold_etcd = loader, plan, may_hold_etcd
        self.parts: List[str] = []
        self.length = 0
        self.segments: List[Segment] = []
        self.frames: List[_Frame] = []
        self.memo: Dict[str, object] = {}  # directory -> (resources, frame) or Blocked
        self.failed_files: Set[str] = set()
        # Set while a component's files are read: the ``components`` entry that brings them
        # all in (see Segment.entry).
        self.lifted: Optional[Tuple[str, int]] = None

    def text(self) -> str:
        return "".join(self.parts)

    def _passed_by(self, chosen: List[Resource], doc: Node) -> None:
        """``_Retry`` when a patch that may hold etcd is for no resource while the build
        passed some file by (it may be for one of that file's, and bring etcd into it)."""
        if not chosen and self.frames[-1].skipped and self.may_hold_etcd(
                self.text_of(doc).encode("utf-8", "surrogatepass")):
            raise _Retry()

    def text_of(self, node: Node) -> str:
        """The text of a node composed into the build (in the part it came from)."""
        seg = self.segments[-1]
        part = self.parts[-1]
        return part[node.start_mark.index - seg.start:node.end_mark.index - seg.start]

    def top(self, directory: str) -> Tuple[List[Resource], _Frame]:
        self.frames = [_Frame()]
        try:
            resources = self.build(directory, (), None)
        except Blocked:
            self.failed_files = self.frames[0].files
            raise
        return resources, self.frames[0]

    # -- text -------------------------------------------------------------------------------
    def _add(self, display: str, text: str, inner=None, entry=None) -> List[Node]:
        brought_by = self.lifted if entry is not None and self.lifted is not None else entry
        docs, failure = compose_documents(text, expanded=True)
        if failure is not None:
            raise Unmodelled(f"{display} {what_fails(failure)}")
        start = self.length
        self.parts.append(text)
        self.length += len(text)
        self.segments.append(Segment(display, start, self.length, inner, entry=entry,
                                     brought_by=brought_by))
        shift_marks(docs, start)
        return docs

    def _read(self, path: str) -> Optional[SourceText]:
        try:
            data = self.loader.read(path)
        except OSError as exc:  # refused by the door: the overlay cannot be known
            raise Blocked(self.kustomizations[-1],
                          f"resource {self.loader.display(path)} (not read: {exc})", 0) from None
        if not self.may_hold_etcd(data):
            return SourceText(path, "")  # nothing etcd can be in it: not read further
        try:
            return decode(path, data)
        except DecodeError:
            return None

    # -- kustomize ----------------------------------------------------------------------------
    def _load(self, directory: str, parent: Optional[Kustomization]) -> Kustomization:
        k = self.loader.loaded.get(directory)
        if k is None:
            found = find_kustomization(directory)
            if found is None:
                raise Blocked(parent or self.frames[-1].kustomizations[-1],
                              f"resource {directory} (no kustomization)", 0)
            self.loader.load_tree(os.path.abspath(found))
            k = self.loader.loaded[directory]
        return k

    def build(self, directory: str, stack: Tuple[str, ...],
              parent: Optional[Kustomization]) -> List[Resource]:
        """The resources of the kustomization in ``directory`` (a base: not a component)."""
        done = self.memo.get(directory)
        if done is not None:
            frame = self.frames[-1]
            if isinstance(done, Blocked):
                frame.files |= getattr(done, "files", set())
                raise done
            resources, own = done
            frame.files |= own.files
            frame.kustomizations.extend(own.kustomizations)
            frame.generating = frame.generating or own.generating
            frame.skipped = frame.skipped or own.skipped
            return [r.copy() for r in resources]
        k = self._load(directory, parent)
        if directory in stack:
            raise Blocked(k, "a cycle of kustomizations", 0)
        if k.kind == "Component":
            raise Blocked(parent or k, f"{k.path} is a Component, listed as a resource", 0,
                          f"{k.path} is a kind: Component kustomization listed as a resource: "
                          "kustomize refuses to build the overlay (its resources are linted "
                          "as they are)")
        self.frames.append(_Frame())
        lifted, self.lifted = self.lifted, None  # (a base's files are its own, anywhere)
        try:
            resources = self._accumulate(k, [], stack + (directory,))
        except Blocked as exc:
            own = self.frames.pop()
            exc.files = own.files  # type: ignore[attr-defined]
            self.memo[directory] = exc
            self.frames[-1].files |= own.files
            raise
        finally:
            self.lifted = lifted
        own = self.frames.pop()
        self.memo[directory] = ([r.copy() for r in resources], own)
        frame = self.frames[-1]
        frame.files |= own.files
        frame.kustomizations.extend(own.kustomizations)
        frame.generating = frame.generating or own.generating
        frame.skipped = frame.skipped or own.skipped
        return resources

    def _accumulate(self, k: Kustomization, resources: List[Resource],
                    stack: Tuple[str, ...]) -> List[Resource]:
        """kustomize's ``accumulateTarget``: ``k``'s resources added to ``resources``, then
        its components', then its transformers run over them all."""
        frame = self.frames[-1]
        frame.kustomizations.append(k)
        frame.generating = frame.generating or bool(k.generated)
        if k.source is not None:  # (a finding may be reported at one of its entries)
            self.plan.sources.setdefault(k.path, k.source)
        if k.blocking:
            what, offset = k.blocking[0]
            raise Blocked(k, what, offset)
        have = {(r.group, r.version) + r.current for r in resources}
        for path, offset in k.resources:
            entry = (k.path, offset)
            if os.path.isdir(path):
                added = self.build(path, stack, k)
            else:
                added = self._resource_file(path, entry)
            self._append(k, resources, added, offset, entry, have)
        for path, offset in k.components:
            if not os.path.isdir(path):
                raise Blocked(k, f"component {self.loader.display(path)} (not a directory)",
                              offset)
            component = self._load(path, k)
            if component.kind != "Component":
                raise Blocked(k, "", offset, f"{component.path} is listed in components but "
                              "is not a kind: Component kustomization: kustomize refuses to "
                              "build the overlay (its resources are linted as they are)")
            if path in stack:
                raise Blocked(k, "a cycle of kustomizations", offset)
            before = len(resources)
            lifted, self.lifted = self.lifted, self.lifted or (k.path, offset)
            try:
                resources = self._accumulate(component, resources, stack + (path,))
            finally:
                self.lifted = lifted
            for r in resources[before:]:
                r.via = r.via + ((k.path, offset),)
        try:
            resources = self._transform(k, resources)
        except Unmodelled as exc:
            raise Blocked(k, str(exc), getattr(exc, "offset", 0),
                          getattr(exc, "message", None)) from None
        return resources

    def _append(self, k: Kustomization, resources: List[Resource], added: List[Resource],
                offset: int, entry: Tuple[str, int], have: Set[tuple]) -> None:
        """``added`` appended to ``resources``, whose current ids ``have`` holds."""
        for r in added:
            key = (r.group, r.version) + r.current
            if key in have:
                raise Blocked(k, "", offset, f"{r.describe()} is added twice: kustomize "
                              "refuses to build the overlay (may not add resource with an "
                              "already registered id; its resources are linted as they are)")
            have.add(key)
            r.via = r.via + (entry,)
            resources.append(r)

    def _transform(self, k: Kustomization, resources: List[Resource]) -> List[Resource]:
        """``k``'s transformers, in kustomize's order (see ``kustomization``)."""
        for patch in [p for p in k.patches if p.field == "patchesStrategicMerge"] + \
                [p for p in k.patches if p.field == "patches"]:
            resources = self._apply(k, patch, resources)
        if k.namespace:
            set_namespace(resources, k.namespace)
        rename(resources, k.name_prefix, k.name_suffix)
        for patch in (p for p in k.patches if p.field == "patchesJson6902"):
            resources = self._apply(k, patch, resources)
        if k.images is not None and k.source is not None:
            self.plan.sources.setdefault(k.path, k.source)
            docs = self._add(k.path, k.source.text, entry=(k.path, k.images))
            if docs:
                set_images(resources, image_entries(docs[0]))
        return resources

    def _resource_file(self, path: str, entry: Tuple[str, int]) -> List[Resource]:
        source = self._read(path)
        if source is None:
            return []
        if not source.text:
            self.frames[-1].skipped = True
            return []
        display = self.loader.display(path)
        self.plan.sources.setdefault(display, source)
        self.frames[-1].files.add(display)
        out = []
        for doc in self._add(display, source.text, entry=entry):
            if is_map(doc) and scalar_str(map_get(doc, "kind")):
                out.append(resource_of(doc))
        return out

    def _patch_documents(self, k: Kustomization, patch: PatchRef) -> List[Node]:
        entry = (k.path, patch.offset)
        if patch.path is not None:
            display = self.loader.display(patch.path)
            if escapes(k.directory, patch.path):
                raise Unmodelled(f"patch {display} (a file outside the kustomization's "
                                 "directory: kustomize refuses it)")
            try:
                source = decode(display, self.loader.read(patch.path))
            except OSError as exc:
                if isinstance(exc, Refused) and exc.reason in NOTED:
                    raise Unmodelled(f"patch {display} (not read: {exc})") from None
                raise Unmodelled(f"patch {display} (cannot be read)") from None
            except DecodeError:
                raise Unmodelled(f"patch {display} (cannot be read)") from None
            self.plan.sources.setdefault(display, source)
            return self._add(display, source.text, entry=entry)
        token = scalar_token(patch.inline, k.source.text)
        self.plan.sources.setdefault(k.path, k.source)
        return self._add(k.path, token.text, _inner(token), entry=entry)

    def _apply(self, k: Kustomization, patch: PatchRef, resources: List[Resource]
               ) -> List[Resource]:
        try:
            return self._apply_patch(k, patch, resources)
        except Unmodelled as exc:
            if not hasattr(exc, "offset"):
                _at(exc, patch.offset)  # (the note points at the patch's entry)
            raise

    def _apply_patch(self, k: Kustomization, patch: PatchRef, resources: List[Resource]
                     ) -> List[Resource]:
        docs = self._patch_documents(k, patch)
        if any(patch_kind(patch.field, doc) == "json6902" for doc in docs):
            self.segments[-1] = replace(self.segments[-1], json_patch=True)
        for doc in docs:
            kind = patch_kind(patch.field, doc)
            if kind is None:
                raise _at(Unmodelled(f"a {patch.field} entry that is neither a strategic-merge "
                                     "nor a JSON patch"), patch.offset)
            if kind == "json6902":
                if patch.target is None:
                    raise _at(Unmodelled("a JSON patch without target"), patch.offset)
                chosen = select(resources, patch.target)
                self._passed_by(chosen, doc)
                for r in chosen:
                    r.node = apply_operations(r.node, doc)
                continue
            if patch.target is not None:
                chosen = select(resources, patch.target)
                self._passed_by(chosen, doc)
            else:
                own = resource_of(doc)
                chosen = patch_targets(resources, own)
                if len(chosen) != 1:
                    self._passed_by(chosen, doc)
                    frame = self.frames[-1]
                    if not chosen and (frame.generating or frame.skipped):
                        # it may be for a generated resource, or one in a file that cannot
                        # hold etcd: neither is linted
                        continue
                    raise _refused(own, chosen, patch.offset)
            kept = []
            for r in resources:
                if any(r is c for c in chosen):
                    merged = merge(r.node, doc)
                    if merged is None:
                        continue  # $patch: delete of the whole object
                    r.node = merged
                kept.append(r)
            resources = kept
        return resources


class _Retry(Exception):
    """A patch that may hold etcd is for no resource the build read: the build is made
    again with every resource file read (the pre-filter passed some by)."""


def _refused(own: Resource, chosen: List[Resource], offset: int) -> Unmodelled:
    """A strategic-merge patch for no resource, or for several: kustomize fails the build."""
    how = "no matches" if not chosen else "multiple matches"
    exc = _at(Unmodelled(f"{how} for Id {own.describe()}"), offset)
    exc.message = (f"{'no resource matches' if not chosen else 'several resources match'} "  # type: ignore[attr-defined]
                   f"this patch ({own.describe()}): kustomize refuses to build the overlay "
                   f"({how} for Id); its resources are linted as they are")
    return exc


def entry_span(text: str, offset: int) -> Span:
    """The entry of a kustomization list that starts at ``offset``: up to the end of its
    line, a comment, or (in a flow list) the next ``,`` or closing bracket."""
    end = offset
    quote = None
    while end < len(text) and text[end] not in "\r\n":
        c = text[end]
        if quote is not None:
            quote = None if c == quote else quote
        elif c in "'\"":
            quote = c
        elif c in ",]}" or (c == "#" and end > offset and text[end - 1] in " \t"):
            break
        end += 1
    while end > offset and text[end - 1] in " \t":
        end -= 1
    return Span(offset, max(end, offset))


def _at(exc: Unmodelled, offset: int) -> Unmodelled:
    exc.offset = offset  # type: ignore[attr-defined]
    return exc


def _inner(token: Token) -> Callable[[int, bool], int]:
    """Offsets inside an inline patch's string -> offsets in the kustomization."""
    n = len(token.text)
    starts, ends = token.starts, token.ends

    def outer(offset: int, is_end: bool) -> int:
        if n == 0:
            return token.span.start
        if is_end:
            return ends[offset - 1] if offset > 0 else starts[0]
        return starts[offset] if offset < n else ends[n - 1]

    return outer
