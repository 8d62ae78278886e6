"""One lint run: its files linted one at a time (``lint``), in a pool of worker processes when
they are worth one (``parallel``), with the files read for the cross-file rules only and the
builds of the Kustomize overlays among them; then the cross-file rules, the suppressions, and
every finding placed (``finish_run``)."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Callable, Dict, Iterable, List, Optional, Sequence, Tuple

from etcdlint.config.lint_options import LintOptions
from etcdlint.engine.documents import collector_held
from etcdlint.engine.lint import last_line, lint_file, read_failure
from etcdlint.engine.located import dedupe_and_sort, locate
from etcdlint.engine.overlay_results import (hide_overlaid, map_builds, overlay_notes,
                                             overlays_of)
from etcdlint.model import Diagnostic, LocatedDiagnostic
from etcdlint.rules import CODES, RUN_SETTINGS, run_checks, suppression_rules
from etcdlint.rules.base import RunView
from etcdlint.engine.results import FileResult, LintResult
from etcdlint.repo.prefilter import form_to_read, may_hold_apiserver, may_hold_etcd
from etcdlint.text.reading import TooLarge, read_file
from etcdlint.engine.suppress import apply
from etcdlint.text.textfile import LineIndex, looks_utf16

if TYPE_CHECKING:
    from etcdlint.engine.inputs import RunInputs


def lint_run(inputs: RunInputs, options: LintOptions, jobs: Optional[int] = None) -> LintResult:
    """Lint a run's files (``jobs`` worker processes at most; None: ``default_jobs``), with what
    they need besides (``RunInputs``)."""
    from etcdlint.engine.inputs import readers

    if inputs.reads_stdin or any(f.error for f in inputs.files):
        result = lint_inputs(readers(inputs, options), options, inputs.context)
    else:
        from etcdlint.engine.parallel import default_jobs

        result = lint_paths([(f.display, f.fs_path) for f in inputs.files], options,
                            default_jobs() if jobs is None else jobs, inputs.context,
                            inputs.kustomizations)
    result.skipped_templates = inputs.skipped_templates
    if any(f.link for f in inputs.files):
        from etcdlint.repo.discover import without_link_fixes

        result.diagnostics = without_link_fixes(result.diagnostics, inputs.files)
    return result


def lint_inputs(inputs: Iterable[Tuple[str, Callable[[], bytes]]],
                options: LintOptions, context: Sequence[Tuple[str, str]] = ()) -> LintResult:
    """Lint ``(display path, read bytes)`` pairs, then run the cross-file rules (with what
    the ``context`` files, ``(display path, file system path)``, give them)."""
    results: List[FileResult] = []
    internal: List[str] = []
    for path, read in inputs:
        results.append(read_and_lint(path, read, options, internal))
    return finish_run(results, options, internal,
                      context=read_context(context, options, results))


def read_context(files: Sequence[Tuple[str, str]], options: LintOptions,
                 named: Sequence[FileResult] = ()) -> List[FileResult]:
    """What the cross-file rules need of files that are not reported on (the unnamed files
    of a named file's cluster scope): their API servers and etcd configurations (as the run
    keeps them, ``for_run``), and where those are. Nothing else of them is kept: no
    diagnostics, no suppressions. A cross-file finding decided in such a file is reported
    only where a reported file brings it in (``RunView.reported``). Files that may hold no
    API server are parsed only when a ``named`` file holds one (it may bring in their etcd).
    They are read through the door (repo/sidefiles.py): inside the repository, regular,
    size-bounded."""
    out: List[FileResult] = []
    with_etcd = any(r.apiservers for r in named)
    for display, fs_path in files:
        found = options.side_files(fs_path).read(os.path.basename(fs_path))
        if not found.ok:
            continue
        data = found.data
        if options.prefilter and not looks_utf16(data) and not (
                may_hold_etcd(data) and (with_etcd or may_hold_apiserver(data))):
            continue
        try:
            result = lint_file(display, data, options, for_run_only=True, prefiltered=True)
        except Exception:  # an etcdlint bug in a file nobody asked about: it gives nothing
            continue
        if result.apiservers or result.etcd:
            out.append(FileResult(display, None, for_run(result).etcd, result.apiservers, [],
                                  index=result.index))
    return out


def for_run(result: FileResult) -> FileResult:
    """``result`` with only what the rest of the run reads of its etcd configurations
    (``EtcdConfig.for_run``): ``finish_run`` does this to every result, pooled or not, so
    that the cross-file rules see the same data either way (and a worker, to send back
    less)."""
    if result.etcd and not all(config.is_for_run for config in result.etcd):
        result.etcd = [config.for_run(RUN_SETTINGS) for config in result.etcd]
    return result


def read_and_lint(path: str, read: Callable[[], bytes], options: LintOptions,
                  internal: List[str]) -> FileResult:
    """Read one input and lint it; a read failure becomes an ETCD000 diagnostic."""
    try:
        data = read()
    except (OSError, TooLarge) as exc:
        return read_failure(path, exc, options.for_path(path).max_bytes)
    return lint_file_guarded(path, data, options, internal)



def lint_paths(files: Sequence[Tuple[str, str]], options: LintOptions, jobs: int,
               context: Sequence[Tuple[str, str]] = (),
               kustomizations: Sequence[Tuple[str, str]] = ()) -> LintResult:
    """Lint ``(display path, file system path)`` pairs, in a process pool when worth it
    (``context``: files read for the cross-file rules only, see ``read_context``;
    ``kustomizations``: kustomization files above named files, read for their overlays only)."""
    from etcdlint.engine.parallel import POOL_THRESHOLD, run_per_file

    def task(item: Tuple[str, str]) -> Optional[Tuple[FileResult, List[str]]]:
        display, fs_path = item
        own = options.for_path(display)  # (its configuration's: looked up once)
        max_bytes = own.max_bytes
        internal: List[str] = []
        try:
            data = read_file(fs_path, max_bytes)
        except (OSError, TooLarge) as exc:
            result = read_failure(display, exc, max_bytes)
        else:
            if _dropped(display, data, own):
                return None  # (what lint_file would say of it: nothing)
            result = lint_file_guarded(display, data, own, internal)
        if result.source is None and not result.diagnostics and not internal and \
                not result.skipped_template:
            return None  # most files of a tree, pre-filtered: nothing to send back
        return result, internal

    to_lint, before = files, preload
    if jobs > 1 and len(files) >= POOL_TO_READ:
        before = None  # (each process imports what the files it meets need, meanwhile)
    elif jobs > 1 and len(files) >= POOL_THRESHOLD:
        to_lint, jobs = _worth_a_pool(files, options, jobs)
    pairs = run_per_file(task, to_lint, jobs, before_fork=before)
    found = [pair for pair in pairs if pair is not None]
    internal = [e for _, errs in found for e in errs]
    results = [r for r, _ in found]
    return finish_run(results, options, internal, files=len(files),
                      context=read_context(context, options, results),
                      overlays=overlays_of(files, options, internal,
                                           kustomizations=kustomizations))


# A pool pays for itself on as many files to parse as ``POOL_THRESHOLD`` (1,000 etcd pods:
# 0.37 s on two processes against 0.53 s on one, on an idle 2-core machine), or on this much
# text (a few big files): below both, the workers' start and the results' way back cost more
# than they save.
POOL_MIN_BYTES = 8 * 1024 * 1024
# On this many files, reading them and the pre-filter's test are worth sharing out too: each
# process reads its share and lints what the pre-filter leaves of it (the benchmark's trees,
# on two cores: 10,000 files, about a fifth of the time saved; 2,000, about a tenth).
POOL_TO_READ = 2000


def _worth_a_pool(files: Sequence[Tuple[str, str]], options: LintOptions,
                  jobs: int) -> Tuple[Sequence[Tuple[str, str]], int]:
    """(the files left to lint, the processes to lint them with), decided after the
    pre-filter: what a pool would share out is the files that need parsing, not the files
    named. The files the pre-filter drops are left out (they would give nothing); a file is
    read again by the task that lints it (the bytes are not held meanwhile)."""
    from etcdlint.engine.parallel import POOL_THRESHOLD

    if not options.prefilter:
        return files, jobs
    left: List[Tuple[str, str]] = []
    size = 0
    for display, fs_path in files:
        own = options.for_path(display)
        try:
            data = read_file(fs_path, own.max_bytes)
        except (OSError, TooLarge):
            left.append((display, fs_path))  # (its task says why)
            continue
        if _dropped(display, data, own):
            continue
        left.append((display, fs_path))
        size += len(data)
    worth = len(left) >= POOL_THRESHOLD or size >= POOL_MIN_BYTES
    return left, (jobs if worth else 1)


def _dropped(path: str, data: bytes, options: LintOptions) -> bool:
    """Whether ``lint_file`` would read nothing of the file (``form_to_read``): told before
    it is called, at the cost of that test alone (most files of a tree). An internal error
    here is left for ``lint_file`` to report."""
    try:
        return form_to_read(path, data, options.values_chart, options.prefilter) is None
    except Exception:
        return False


def preload() -> None:
    """Import every module linting may need, once, before worker processes fork (a run over
    a few files imports only the adapters for the kinds of document it meets): the adapters
    and what they use, the rules, and what the engine and the rules import when a fix is
    offered."""
    from importlib import import_module

    from etcdlint.sources import preload as preload_adapters

    preload_adapters()
    for name in ("engine.fix_intents", "rules.fixes", "engine.text_forms"):
        import_module(f"etcdlint.{name}")
    from etcdlint.rules import RULES  # noqa: F401  (every rule's module: see rules/__init__.py)


def lint_file_guarded(path: str, data: bytes, options: LintOptions,
                      internal: List[str]) -> FileResult:
    """``lint_file``, with an etcdlint bug reported for this file instead of stopping the run."""
    try:
        result = lint_file(path, data, options, for_run_only=True)
    except Exception:  # an internal error must not stop the run
        internal.append(f"{path}: internal error: {last_line()}")
        return FileResult(path, None, [], [], [])
    internal.extend(result.internal_errors)
    return result



@collector_held
def finish_run(results: List[FileResult], options: LintOptions,
               internal: List[str], files: Optional[int] = None,
               context: Sequence[FileResult] = (), overlays=None) -> LintResult:
    """Cross-file rules, suppressions and positions, for the results of one run.

    ``files`` counts the files read when some of them left no result (pre-filtered);
    ``context`` holds what files read only for the cross-file rules gave (``read_context``);
    ``overlays`` the Kustomize plan and its judged builds (``overlays_of``).

    The results are consumed: their diagnostics move into the run's (a file of many findings
    would otherwise hold them twice), and their etcd configurations are let go once the
    cross-file rules have read them.
    """
    scope_of = options.scope_of
    builds = {}
    judged = list(results)
    if overlays is not None:
        plan, built = overlays
        builds = {b.path: b for b in plan.builds}
        overlay_said = overlay_notes(plan, results, built,
                                     lambda d, p: _holds_etcd(d, plan.read, p, options))
        hide_overlaid(results, plan.overlaid | plan.fragments)
        judged += built
    for r in judged:
        for_run(r)
    unreported = {r.path for r in context}
    run = RunView([c for r in judged + list(context) for c in r.etcd],
                  [a for r in judged + list(context) for a in r.apiservers],
                  # (a build's path is its kustomization's, with a "#kustomize-build" mark)
                  lambda path: scope_of(path.split("#", 1)[0]).key,
                  lambda path: scope_of(path.split("#", 1)[0]).recursive,
                  lambda path: path not in unreported)
    by_path: Dict[str, List[Diagnostic]] = {}
    for r in judged:
        by_path[r.path], r.diagnostics = r.diagnostics, []
    for rule in run_checks(options.enabled, bool(run.etcd), bool(run.apiservers)):
        try:
            found = list(rule.check_run(run, options.rule_options))
        except Exception:  # an etcdlint bug in one rule must not hide the others
            internal.append(f"internal error in {rule.code}: {last_line()}")
            continue
        for diag in found:
            by_path.setdefault(diag.path, []).append(diag)
    configurations = len(run.etcd) - sum(len(r.etcd) for r in context)
    del run
    for r in judged:
        r.etcd = []
    if builds:
        extra = map_builds(by_path, builds, plan, results)
        replaced = {r.path for r in extra}
        results = [r for r in results if r.path not in replaced] + extra
    located: List[LocatedDiagnostic] = []
    empty = LineIndex("")
    all_indexes = {r.path: r.index for r in list(context) + list(results) if r.index is not None}
    if builds:  # (a finding blamed on a kustomization relates to the file that decided it)
        for path in {r.path for diags in by_path.values() for d in diags for r in d.related}:
            if path not in all_indexes and path in plan.sources:
                all_indexes[path] = LineIndex(plan.sources[path].text)
    for result in results:
        diags = by_path.pop(result.path, None)
        if not diags and not result.suppressions:
            continue
        enabled = options.enabled_codes(result.path)
        diags = [d for d in diags or () if d.rule in enabled]
        index = result.index or empty
        diags = apply(diags, result.suppressions, index)
        diags.extend(_suppression_findings(result, options))
        severities = options.for_path(result.path).rule_options.severity
        if located:
            located.extend(locate(diags, index, severities, all_indexes))
        else:  # (the first file's list is the run's: no copy of a big file's)
            located = locate(diags, index, severities, all_indexes)
    sources = {r.path: r.source for r in results if r.source is not None}
    indexes = {r.path: r.index for r in results if r.source is not None and r.index is not None}
    located = dedupe_and_sort(located)
    count = len(results) if files is None else files
    notes = [note for r in results for note in r.notes]
    notes += overlay_said if overlays is not None else []
    return LintResult(located, count, configurations, sources, internal, indexes, notes=notes,
                      skipped_jinja=sum(1 for r in results if r.skipped_template))


def _holds_etcd(display: str, read: Callable[[str], bytes], fs_path: str,
                options: LintOptions) -> bool:
    """Whether a file the run did not lint holds etcd configuration (read, as the overlay
    plan reads its files, for an overlay's notes only)."""
    try:
        data = read(fs_path)
    except (OSError, TooLarge):
        return False
    if not may_hold_etcd(data):
        return False
    try:
        return bool(lint_file(display, data, options, for_run_only=True).etcd)
    except Exception:  # an etcdlint bug in a file nobody asked about: it gives nothing
        return False


def _suppression_findings(result: FileResult, options: LintOptions) -> List[Diagnostic]:
    if not result.suppressions:
        return []
    enabled = options.enabled_codes(result.path)
    return [d for rule in suppression_rules(enabled)
            for d in rule.check_suppressions(result.path, result.suppressions, enabled, CODES)]
