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
import re
from typing import Callable, Dict, List, Optional, Sequence, Set, Tuple

from ruamel.yaml.nodes import Node

from etcdlint.model import Diagnostic, Fix, Related, Span
from etcdlint.records import field, record, replace
from etcdlint.repo.kustomize.json6902 import apply_operations
from etcdlint.repo.kustomize.kustomization import (KUSTOMIZATION_NAMES, Kustomization, PatchRef, Target,
                                         find_kustomization, patch_kind, read_kustomization)
from etcdlint.repo.kustomize.strategic_merge import Unmodelled, merge
from etcdlint.text.textfile import DecodeError, LineIndex, SourceText, decode
from etcdlint.text.tokens import Token
from etcdlint.text.yamlnodes import (compose_documents, get_path, is_map, map_get, scalar_str,
                                     scalar_token)

BUILD_MARK = "#kustomize-build"


@record
class Segment:
    path: str  # display path of the file the text comes from
    start: int  # where it sits in the build's text
    end: int
    inner: Optional[Callable[[int, bool], int]] = None  # inline patch: offset -> file offset
    json_patch: bool = False  # a JSON patch: its values are not list items of the object
    # The kustomization entry that brings this text into the build: (the kustomization's
    # display path, the entry's span in it). A component's text is brought in by the entry
    # of ``components`` that names it, in the kustomization that uses the component.
    brought_by: Optional[Tuple[str, Span]] = None


@record(frozen=False)
class Build:
    path: str  # a name of its own: the top kustomization's path + BUILD_MARK
    text: str
    documents: List[Node]
    segments: List[Segment]

    def segment(self, offset: int) -> Optional[Segment]:
        starts = [s.start for s in self.segments]
        i = bisect.bisect_right(starts, offset) - 1
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

    def brought_by(self, diag: Diagnostic) -> Optional[Tuple[str, Span]]:
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
    notes: List[str] = field(default_factory=list)
    sources: Dict[str, SourceText] = field(default_factory=dict)  # of the files read
    reported: Optional[Set[str]] = None  # None: findings in any file are reported


class Blocked(Exception):
    def __init__(self, kustomization: Kustomization, what: str, offset: int) -> None:
        super().__init__(what)
        self.kustomization, self.what, self.offset = kustomization, what, offset


@record(frozen=False)
class Resource:
    node: Node
    group: str
    version: str
    kind: str
    name: str
    namespace: str


def plan_overlays(files: Sequence[Tuple[str, str]], max_bytes: int,
                  may_hold_etcd: Callable[[bytes], bool],
                  overrides: Optional[Dict[str, bytes]] = None) -> Optional[OverlayPlan]:
    """The overlay plan of a run's ``(display, file system path)`` files; None (at the cost
    of one name test a file) when none of them is a kustomization. ``overrides`` gives the
    content of some files (absolute paths) instead of what is on disk (a fix being checked)."""
    tops = [(d, p) for d, p in files if os.path.basename(p) in KUSTOMIZATION_NAMES]
    if not tops:
        return None
    displays = {os.path.abspath(p): d for d, p in files}
    relative = not all(os.path.isabs(d) for d, _ in tops)
    plan = OverlayPlan()
    loader = _Loader(displays, relative, max_bytes, overrides or {})
    for _, path in tops:
        loader.load_tree(os.path.abspath(path))
    referenced = {r for k in loader.loaded.values() for r, _ in k.resources}
    blocked_files: Set[str] = set()
    noted: Set[str] = set()
    for k in loader.loaded.values():
        for patch in k.patches:
            if patch.path is not None:
                plan.fragments.add(loader.display(patch.path))
    for display, path in tops:
        directory = os.path.dirname(os.path.abspath(path))
        if directory in referenced:
            continue  # a base: built as part of the overlays that use it
        builder = _Builder(loader, plan, may_hold_etcd, display + BUILD_MARK)
        try:
            builder.build(directory, ())
        except Blocked as exc:
            k = exc.kustomization
            if k.path not in noted:
                noted.add(k.path)
                plan.notes.append(loader.note(k, exc.offset, f"{exc.what}: not modelled, the "
                                              "overlay is not built (its resources are linted "
                                              "as they are)"))
            blocked_files.update(builder.files)
            continue
        for k in builder.kustomizations:
            if k.generated and k.path not in noted:
                noted.add(k.path)
                names = ", ".join(name for name, _ in k.generated)
                plan.notes.append(loader.note(k, k.generated[0][1], f"{names} not modelled: "
                                              "what they generate is not linted"))
        plan.builds.append(builder.finish())
        plan.overlaid.update(builder.files)
    plan.overlaid -= blocked_files
    plan.overlaid -= plan.fragments
    return plan


class _Loader:
    def __init__(self, displays: Dict[str, str], relative: bool, max_bytes: int,
                 overrides: Dict[str, bytes]) -> None:
        self.displays, self.relative, self.max_bytes = displays, relative, max_bytes
        self.overrides = overrides
        self.loaded: Dict[str, Kustomization] = {}  # by directory

    def read(self, path: str) -> bytes:
        found = self.overrides.get(os.path.abspath(path))
        if found is not None:
            return found
        with open(path, "rb") as fh:
            data = fh.read(self.max_bytes + 1)
        if len(data) > self.max_bytes:
            raise OSError(f"{path}: over the size limit")
        return data

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
            k = self.loaded[directory] = read_kustomization(path, self.read)
            k.path = self.display(path)
            for resource, _ in k.resources:
                if os.path.isdir(resource):
                    found = find_kustomization(resource)
                    if found is not None:
                        stack.append(os.path.abspath(found))

    def note(self, k: Kustomization, offset: int, message: str) -> str:
        where = ""
        if k.source is not None:
            pos = LineIndex(k.source.text).position(offset)
            where = f"{pos.line}:{pos.column}:"
        return f"{k.path}:{where} note: {message}"


class _Builder:
    def __init__(self, loader: _Loader, plan: OverlayPlan, may_hold_etcd, path: str) -> None:
        self.loader, self.plan, self.may_hold_etcd, self.path = loader, plan, may_hold_etcd, path
        self.parts: List[str] = []
        self.length = 0
        self.segments: List[Segment] = []
        self.files: Set[str] = set()  # resource files judged through this build
        self.kustomizations: List[Kustomization] = []
        # Set while a component's files are read: the entry of ``components`` that brings
        # them all in (see Segment.brought_by).
        self.lifted: Optional[Tuple[str, Span]] = None

    def finish(self) -> Build:
        return Build(self.path, "".join(self.parts), [r.node for r in self.resources],
                     self.segments)

    # -- text -------------------------------------------------------------------------------
    def _add(self, display: str, text: str, inner=None,
             brought_by: Optional[Tuple[str, Span]] = None) -> List[Node]:
        start = self.length
        self.parts.append(text)
        self.length += len(text)
        self.segments.append(Segment(display, start, self.length, inner,
                                     brought_by=brought_by))
        docs, failure = compose_documents("\n" * start + text)
        if failure is not None:
            raise Unmodelled(f"{display} is not valid YAML")
        return docs

    def _entry(self, k: Kustomization, offset: int) -> Optional[Tuple[str, Span]]:
        """What brings in the text ``k``'s entry at ``offset`` names."""
        if self.lifted is not None:
            return self.lifted
        if k.source is None:
            return None
        self.plan.sources.setdefault(k.path, k.source)
        return k.path, entry_span(k.source.text, offset)

    def _read(self, path: str) -> Optional[SourceText]:
        try:
            data = self.loader.read(path)
        except OSError:
            return None
        if not self.may_hold_etcd(data):
            return SourceText(path, "")  # nothing etcd can be in it: not read further
        try:
            return decode(path, data)
        except DecodeError:
            return None

    # -- kustomize ----------------------------------------------------------------------------
    def build(self, directory: str, stack: Tuple[str, ...]) -> List[Resource]:
        k = self.loader.loaded.get(directory)
        if k is None:
            found = find_kustomization(directory)
            if found is None:
                raise Blocked(self.kustomizations[-1], f"resource {directory} (no kustomization)", 0)
            self.loader.load_tree(os.path.abspath(found))
            k = self.loader.loaded[directory]
        if directory in stack:
            raise Blocked(k, "a cycle of kustomizations", 0)
        self.kustomizations.append(k)
        if k.blocking:
            what, offset = k.blocking[0]
            raise Blocked(k, what, offset)
        resources: List[Resource] = []
        for path, offset in k.resources:
            if os.path.isdir(path):
                resources.extend(self.build(path, stack + (directory,)))
            else:
                resources.extend(self._resource_file(path, self._entry(k, offset)))
        try:
            order = [p for p in k.patches if p.field == "patchesStrategicMerge"]
            order += [p for p in k.patches if p.field == "patches"]
            for patch in order:
                resources = self._apply(k, patch, resources)
            if k.namespace:
                for r in resources:
                    r.namespace = k.namespace
            for patch in (p for p in k.patches if p.field == "patchesJson6902"):
                resources = self._apply(k, patch, resources)
        except Unmodelled as exc:
            raise Blocked(k, str(exc), getattr(exc, "offset", 0)) from None
        self.resources = resources
        return resources

    def _resource_file(self, path: str, brought_by: Optional[Tuple[str, Span]] = None
                       ) -> List[Resource]:
        source = self._read(path)
        if source is None:
            return []
        if not source.text:
            return []
        display = self.loader.display(path)
        self.plan.sources.setdefault(display, source)
        self.files.add(display)
        out = []
        for doc in self._add(display, source.text, brought_by=brought_by):
            if is_map(doc) and scalar_str(map_get(doc, "kind")):
                out.append(_resource(doc))
        return out

    def _patch_documents(self, k: Kustomization, patch: PatchRef) -> List[Node]:
        if patch.path is not None:
            display = self.loader.display(patch.path)
            try:
                source = decode(display, self.loader.read(patch.path))
            except (OSError, DecodeError):
                raise Unmodelled(f"patch {display} (cannot be read)") from None
            self.plan.sources.setdefault(display, source)
            return self._add(display, source.text, brought_by=self._entry(k, patch.offset))
        token = scalar_token(patch.inline, k.source.text)
        self.plan.sources.setdefault(k.path, k.source)
        return self._add(k.path, token.text, _inner(token), self._entry(k, patch.offset))

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
                for r in _select(resources, patch.target):
                    r.node = apply_operations(r.node, doc)
                continue
            if patch.target is not None:
                chosen = _select(resources, patch.target)
            else:
                own = _resource(doc)
                chosen = [r for r in resources if _same_id(r, own)][:1]
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


def _resource(doc: Node) -> Resource:
    api = scalar_str(map_get(doc, "apiVersion")) or ""
    group, _, version = api.rpartition("/")
    return Resource(doc, group, version, scalar_str(map_get(doc, "kind")) or "",
                    scalar_str(get_path(doc, "metadata", "name")) or "",
                    scalar_str(get_path(doc, "metadata", "namespace")) or "")


def _ns(namespace: str) -> str:
    return "" if namespace == "default" else namespace


def _same_id(r: Resource, patch: Resource) -> bool:
    """kustomize's ``GetById(patch.OrgId())``: the same group, version, kind, name and
    namespace (``default`` and none are the same; api/resid)."""
    return (r.kind == patch.kind and r.name == patch.name and _ns(r.namespace) == _ns(patch.namespace)
            and (not patch.version or (r.group, r.version) == (patch.group, patch.version)))


def _select(resources: List[Resource], target: Target) -> List[Resource]:
    """kustomize's ``ResMap.Select``: every non-empty field an anchored regex."""
    def ok(pattern: str, value: str) -> bool:
        if not pattern:
            return True
        try:
            return re.fullmatch(f"(?:{pattern})", value) is not None
        except re.error:
            raise Unmodelled(f"target pattern {pattern!r}") from None

    return [r for r in resources if ok(target.group, r.group) and ok(target.version, r.version)
            and ok(target.kind, r.kind) and ok(target.name, r.name)
            and ok(target.namespace, r.namespace)]
