"""Building a plan's overlays as kustomize builds them (``accumulateTarget``): each
kustomization's resources, its bases' and components', then its transformers (patches,
namespace, name prefix and suffix, images), into one text of segments (``build.py``)."""

from __future__ import annotations

import os
from typing import Callable, Dict, List, Optional, Set, Tuple

from ruamel.yaml.nodes import Node

from etcdlint.records import field, record, replace
from etcdlint.repo.kustomize.build import Segment
from etcdlint.repo.kustomize.ids import (Resource, patch_targets, rename, resource_of, select,
                                         set_namespace)
from etcdlint.repo.kustomize.images import image_entries, set_images
from etcdlint.repo.kustomize.json6902 import apply_operations
from etcdlint.repo.kustomize.kustomization import (Kustomization, PatchRef, escapes,
                                                   find_kustomization, patch_kind)
from etcdlint.repo.kustomize.load import Loader
from etcdlint.repo.kustomize.strategic_merge import Unmodelled, merge
from etcdlint.repo.sidefiles import Refused
from etcdlint.text.compose import compose_documents, what_fails
from etcdlint.text.marks import shift_marks
from etcdlint.text.sidefile import NOTED
from etcdlint.text.textfile import DecodeError, SourceText, decode
from etcdlint.text.tokens import Token
from etcdlint.text.yamlnodes import is_map, map_get, scalar_str, scalar_token


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


class Retry(Exception):
    """A patch that may hold etcd is for no resource the build read: the build is made
    again with every resource file read (the pre-filter passed some by)."""


@record(frozen=False)
class _Frame:
    """What building one kustomization (its bases included) read."""

    files: Set[str] = field(default_factory=set)  # resource files judged through the build
    kustomizations: List[Kustomization] = field(default_factory=list)
    generating: bool = False  # a generator's resources are missing from the build
    skipped: bool = False  # a resource file the pre-filter passed by is missing from it


class Builder:
    """Builds a plan's overlays into one text; each base is built once (kustomize builds it
    anew for every reference, with the same result)."""

    def __init__(self, loader: Loader, plan, may_hold_etcd) -> None:
        # (``plan``: the OverlayPlan of overlays.py, whose ``sources`` the files read go to)
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
        """``Retry`` when a patch that may hold etcd is for no resource while the build
        passed some file by (it may be for one of that file's, and bring etcd into it)."""
        if not chosen and self.frames[-1].skipped and self.may_hold_etcd(
                self.text_of(doc).encode("utf-8", "surrogatepass")):
            raise Retry()

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


def _refused(own: Resource, chosen: List[Resource], offset: int) -> Unmodelled:
    """A strategic-merge patch for no resource, or for several: kustomize fails the build."""
    how = "no matches" if not chosen else "multiple matches"
    exc = _at(Unmodelled(f"{how} for Id {own.describe()}"), offset)
    exc.message = (f"{'no resource matches' if not chosen else 'several resources match'} "  # type: ignore[attr-defined]
                   f"this patch ({own.describe()}): kustomize refuses to build the overlay "
                   f"({how} for Id); its resources are linted as they are")
    return exc


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
