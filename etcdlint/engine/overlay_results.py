"""A run's findings through Kustomize overlays: the files an overlay judges keep only what
their own text says, and a build's findings move to the files they point at."""

from __future__ import annotations

from typing import Callable, Dict, List, Optional

from etcdlint.model import Diagnostic, Related
from etcdlint.records import replace
from etcdlint.engine.results import FileResult
from etcdlint.engine.suppress import comment_directives
from etcdlint.text.textfile import LineIndex, SourceText


# What a file judged through an overlay still says of itself: that it is not valid YAML.
_TEXT_RULES = frozenset(("ETCD000", "ETCD212"))


def hide_overlaid(results: List[FileResult], hidden) -> None:
    """Files judged through a build (or patches, never judged whole) keep only what their
    text says of itself: their configurations are the builds'."""
    for r in results:
        if r.path in hidden:
            r.etcd, r.apiservers = [], []
            r.diagnostics = [d for d in r.diagnostics if d.rule in _TEXT_RULES]


def overlay_notes(plan, results: List[FileResult], built: List[FileResult],
                  holds_etcd: Callable[[str, str], bool]) -> List[str]:
    """The plan's notes: those that depend on it only for overlays that hold etcd configuration
    (a file of theirs that the run linted, or their build, has some; a file the run did not
    lint is asked ``holds_etcd``). Called before the results' configurations are let go."""
    holding = {r.path for r in results if r.etcd} | {b.path for b in built if b.etcd}
    linted = {r.path for r in results} | {b.path for b in built}
    asked: Dict[str, bool] = {}
    notes = []
    for note, files in plan.notes:
        if files is None:
            notes.append(note)
            continue
        for display, fs_path in files:
            if display in holding:
                break
            if display not in linted and fs_path:
                if display not in asked:
                    asked[display] = holds_etcd(display, fs_path)
                if asked[display]:
                    break
        else:
            continue
        notes.append(note)
    return notes


def map_builds(by_path: Dict[str, List[Diagnostic]], builds, plan,
                results: List[FileResult]) -> List[FileResult]:
    """Move each build's diagnostics to the files they point at; a result (for suppressions
    and positions) for each such file the run did not lint on its own."""
    have = {r.path for r in results if r.index is not None}  # (one without text: replaced)
    extra: List[FileResult] = []
    for path, build in builds.items():
        for diag in by_path.pop(path, ()):
            mapped = build.map_diagnostic(diag)
            if mapped is not None and plan.reported is not None and \
                    mapped.path not in plan.reported:
                mapped = blamed(mapped, build.brought_by(diag), plan)
            if mapped is None:
                continue
            by_path.setdefault(mapped.path, []).append(mapped)
            if mapped.path not in have:
                have.add(mapped.path)
                source = plan.sources.get(mapped.path)
                if source is not None:
                    extra.append(_text_result(mapped.path, source))
    return extra


def blamed(diag: Diagnostic, brought_by, plan) -> Optional[Diagnostic]:
    """A finding decided in a file the run does not report on, at the entry of a reported
    kustomization that brings that file into the build (its resource, patch or component
    entry), the deciding token a related location; None when no reported kustomization
    brings it in directly (a base's own finding belongs to the base). Its fix, an edit of
    the other file, is not offered."""
    if brought_by is None or brought_by[0] not in plan.reported or \
            brought_by[0] not in plan.sources:
        return None
    from etcdlint.repo.kustomize.kustomization import entry_span

    path, span = brought_by[0], entry_span(plan.sources[brought_by[0]].text, brought_by[1])
    source = plan.sources.get(diag.path)
    where = diag.path
    if source is not None:
        pos = LineIndex(source.text).position(diag.span.start)
        where = f"{diag.path}:{pos.line}:{pos.column}"
    return replace(diag, path=path, span=span, fix=None,
                   message=f"{diag.message} (decided in {where}, which this entry brings in)",
                   related=(Related(diag.path, diag.span, f"decided here: {diag.message}"),)
                   + diag.related)


def overlay_findings(overlays) -> List[Diagnostic]:
    """The per-configuration findings of judged builds, in the files they point at."""
    if overlays is None:
        return []
    plan, built = overlays
    builds = {b.path: b for b in plan.builds}
    out = []
    for result in built:
        for diag in result.diagnostics:
            mapped = builds[result.path].map_diagnostic(diag)
            if mapped is not None:
                out.append(mapped)
    return out


def _text_result(path: str, source: SourceText) -> FileResult:
    from etcdlint.engine.suppress import annotation_directives
    from etcdlint.text.compose import compose_documents

    index = LineIndex(source.text)
    docs, _ = compose_documents(source.text)
    suppressions = comment_directives(source.text, index) + annotation_directives(docs, source.text)
    return FileResult(path, source, [], [], [], suppressions, [], index)
