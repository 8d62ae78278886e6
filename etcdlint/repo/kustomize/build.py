"""A Kustomize build: one text made of the files it read (each a *segment*, an inline patch
being the text of its string) and the effective documents, whose every node sits in that
text. The source adapters and rules read a build like a file, and each position they report
is mapped back to the file (and offset) it came from: a finding decided by a patch points at
the patch's token, one decided by the base at the base."""

from __future__ import annotations

import bisect
from typing import Callable, List, Optional, Tuple

from ruamel.yaml.nodes import Node

from etcdlint.model import Diagnostic, Fix, Related, Span
from etcdlint.records import field, record, replace

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

