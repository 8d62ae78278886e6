"""A run's findings through Kustomize overlays: the overlays among its files, with their builds
judged (``overlays_of``); the files an overlay judges keep only what their own text says, and a
build's findings move to the files they point at."""

from __future__ import annotations

from typing import Callable, Dict, List, Optional, Sequence, Tuple

from etcdlint.config.lint_options import LintOptions
from etcdlint.engine.documents import collector_held
from etcdlint.engine.lint import judge_documents, last_line
from etcdlint.model import Diagnostic, Related
from etcdlint.records import replace
from etcdlint.engine.results import FileResult
from etcdlint.engine.suppress import comment_directives
from etcdlint.repo.prefilter import may_hold_etcd
from etcdlint.sources import FileContext
from etcdlint.text.textfile import LineIndex, SourceText


@collector_held
def overlays_of(files: Sequence[Tuple[str, str]], options: LintOptions, internal: List[str],
                overrides: Optional[Dict[str, bytes]] = None,
                kustomizations: Sequence[Tuple[str, str]] = (), plans: Optional[dict] = None):
    """The Kustomize overlays among ``files`` and their judged builds (None: there is no
    kustomization among them, and nothing else is done); ``overrides``: see plan_overlays.
    Only findings in ``files`` are kept (or blamed on a kustomization among them).
    ``plans``: the plans made so far for the same files, by overrides (a fix being checked
    builds a plan once per content, not once per question)."""
    from etcdlint.repo.names import is_kustomization

    if not kustomizations and not any(is_kustomization(p) for _, p in files):
        return None
    from etcdlint.repo.kustomize.overlays import plan_overlays

    key = tuple(sorted((overrides or {}).items()))
    plan = plans.get(key) if plans is not None else None
    try:
        if plan is None:
            plan = plan_overlays(list(files) + list(kustomizations), options.max_bytes,
                                 may_hold_etcd if options.prefilter else lambda data: True,
                                 overrides, options.config_root)
    except Exception:  # an internal error must not stop the run: files are linted as they are
        internal.append(f"internal error while reading Kustomize overlays: {last_line()}")
        return None
    if plans is not None and plan is not None and key not in plans:
        if len(plans) >= 4:  # (each holds its builds' nodes: keep the last few)
            del plans[next(iter(plans))]
        plans[key] = plan
    # Only the run's files are reported on: a finding decided elsewhere is reported at the
    # entry of a run's kustomization that brings it in, or not at all (``blamed``, below).
    plan.reported = {d for d, _ in files}
    built = []
    for build in plan.builds:
        try:
            etcd, apiservers, diagnostics, errors = judge_documents(
                FileContext(build.path, build.text, build.documents,
                            side_files=options.side_files(build.path)), options)
        except Exception:  # an internal error must not stop the run
            internal.append(f"{build.path}: internal error: {last_line()}")
            continue
        internal.extend(errors)
        built.append(FileResult(build.path, None, etcd, apiservers, diagnostics))
    return plan, built


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
