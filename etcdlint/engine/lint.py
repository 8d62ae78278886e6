"""One lint run: read, parse, locate, resolve, check, suppress, and place every diagnostic."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Callable, Dict, Iterable, List, Optional, Sequence, Tuple

from etcdlint.config.lint_options import LintOptions
from etcdlint.engine.documents import collector_held, read_documents
from etcdlint.engine.judgement import FileJudgement
from etcdlint.engine.located import dedupe_and_sort, locate
from etcdlint.engine.overlay_results import hide_overlaid, map_builds, overlay_notes
from etcdlint.records import replace
from etcdlint.model import ApiServerConfig, Diagnostic, EtcdConfig, LocatedDiagnostic, Span
from etcdlint.rules import (CODES, DOCUMENT_CHECKS, RUN_SETTINGS, checks as rule_checks,
                            run_checks, suppression_rules)
from etcdlint.rules.etcd000_unreadable import (HELP_DECODE, HELP_NESTED, HELP_READ,
                                               HELP_SIZE, HELP_YAML, unreadable)
from etcdlint.rules.base import RunView
from etcdlint.engine.results import FileResult, LintResult
from etcdlint.sources import FileContext, locate_all
from etcdlint.repo.prefilter import (chart_values_file, form_to_read, may_hold_apiserver,
                                     may_hold_etcd)
from etcdlint.text.jinja import is_jinja_path
from etcdlint.text.reading import TooLarge, read_file
from etcdlint.engine.suppress import apply, comment_directives
from etcdlint.text.shown import shown_message
from etcdlint.text.textfile import DecodeError, LineIndex, decode, looks_utf16
from etcdlint.text.compose import compose_documents
from etcdlint.text.yamlnodes import duplicated_entries

if TYPE_CHECKING:
    from etcdlint.engine.inputs import RunInputs


@collector_held
def lint_file(path: str, data: bytes, options: LintOptions,
              keep_documents: bool = False, for_run_only: bool = False,
              prefiltered: bool = False) -> FileResult:
    """Everything that can be known from one file alone. ``for_run_only``: each etcd
    configuration is kept only as the run reads it (``for_run``) once judged, which is as
    soon as its document is read: a file of many configurations never holds them whole.
    ``prefiltered``: the caller's own pre-filter passed ``data`` already."""
    options = options.for_path(path)
    if len(data) > options.max_bytes:
        return _read_failure(path, TooLarge(len(data)), options.max_bytes)
    form = form_to_read(path, data, options.values_chart, options.prefilter and not prefiltered)
    if form is None:
        return FileResult(path, None, [], [], [])
    if form:
        return lint_text_form(path, data, form, options, for_run_only)
    values_chart = options.values_chart(path)
    try:
        source = decode(path, data)
    except DecodeError as exc:
        return FileResult(path, None, [], [], [unreadable(path, Span(0, 0), str(exc),
                                                                   HELP_DECODE)])
    if options.prefilter and source.encoding != "utf-8" and \
            not may_hold_etcd(source.text.encode("utf-8", "surrogatepass")) and \
            not _chart_values(path, values_chart):
        return FileResult(path, None, [], [], [])
    index = LineIndex(source.text)
    text = source.text
    masked = None
    if is_jinja_path(path):  # (its tags set aside: the same text length, the same positions)
        from etcdlint.text.jinja import mask

        masked = mask(text)
        text = masked.text

    def judge(found):
        if masked is not None:
            from etcdlint.sources.templated import judged_outside, unknown_in_blocks

            found = unknown_in_blocks(found, masked)
        configs, servers, found, errors = judge_found(path, text, found, options)
        if masked is not None:
            found = judged_outside(found, masked)
        notes = [_note(path, index, config) for config in configs if config.note]
        if for_run_only and configs:
            configs = [config.for_run(RUN_SETTINGS) for config in configs]
        return configs, servers, found, errors, notes

    judgement = FileJudgement(judge, 5)
    read = read_documents(path, text, keep_documents, values_chart, judgement, DOCUMENT_CHECKS,
                          options.side_files(path))
    failure = read.failure
    diagnostics: List[Diagnostic] = []
    if failure is not None and masked is not None:
        # Not YAML once its tags are set aside: skipped and counted, as Helm templates are.
        return FileResult(path, None, [], [], [], skipped_template=True)
    if failure is not None:
        if failure.line is not None:
            offset = index.offset(failure.line + 1, (failure.column or 0) + 1)
        else:
            offset = 0
        end = offset + 1 if offset < len(source.text) and source.text[offset] not in "\r\n" else offset
        message = f"invalid YAML: {failure.message}" if failure.invalid else failure.message
        if failure.invalid and _other_form(path):
            return FileResult(path, source, [], [], [], index=index, notes=[
                f"{path}: note: not YAML, nor a form etcdlint reads (systemd units and "
                "drop-ins, etcd environment files, Dockerfiles): skipped"])
        diagnostics.append(unreadable(path, Span(offset, end), message, HELP_YAML if
                                      failure.invalid else HELP_NESTED))
    etcd, apiservers, found, internal, notes = judgement.finish()
    if read.document_findings and any(d.fix is not None for d in found) and \
            any(d.rule == "ETCD212" for d in read.document_findings):
        found = _without_fixes_on_duplicates(found, text)
    diagnostics.extend(found)
    diagnostics.extend(read.document_findings)
    suppressions = comment_directives(source.text, index) + read.annotations
    return FileResult(path, source, etcd, apiservers, diagnostics, suppressions, internal, index,
                      read.documents if failure is None else None, notes)


def _without_fixes_on_duplicates(found: List[Diagnostic], text: str) -> List[Diagnostic]:
    """``found``, a fix that touches a key its mapping gives twice (ETCD212) taken off:
    ``--fix`` refuses it (editing one of the two can bring back the other), so none is
    offered. The documents are composed again for it: a file with both is rare."""
    documents, _ = compose_documents(text)
    entries = duplicated_entries(documents)
    return [d if d.fix is None or not fix_touches(d, entries) else replace(d, fix=None)
            for d in found]


def fix_touches(diag: Diagnostic, entries: Sequence[Tuple[int, int]]) -> bool:
    """Whether the finding, or an edit of its fix, lies within one of ``entries``."""
    spans = [diag.span] + ([e.span for e in diag.fix.edits] if diag.fix is not None else [])
    return any(start <= span.end and span.start <= end
               for span in spans for start, end in entries)


def lint_text_form(path: str, data: bytes, form: str, options: LintOptions,
                   for_run_only: bool = False) -> FileResult:
    """``lint_file`` for a file that is not YAML (``text_forms``)."""
    from etcdlint.engine.text_forms import own_results, read_text_form

    try:
        source = decode(path, data)
    except DecodeError as exc:
        return FileResult(path, None, [], [], [unreadable(path, Span(0, 0), str(exc),
                                                                   HELP_DECODE)])
    index = LineIndex(source.text)
    masked = None
    if path.endswith(".j2"):  # (a Jinja template: its tags set aside, positions unchanged)
        from etcdlint.text.jinja import mask

        masked = mask(source.text)
    read = read_text_form(path, source.text if masked is None else masked.text, form,
                          options.side_files(path))
    found = read.found
    if masked is not None:
        from etcdlint.sources.templated import unknown_in_blocks

        found = unknown_in_blocks(found, masked)
    configs, servers, diagnostics, internal = judge_found(path, read.text, found, options)
    if masked is not None:
        from etcdlint.sources.templated import judged_outside

        diagnostics = judged_outside(diagnostics, masked)
    configs, servers, diagnostics = own_results(read, configs, servers, diagnostics)
    notes = [_note(path, index, config) for config in configs if config.note]
    if for_run_only and configs:
        configs = [config.for_run(RUN_SETTINGS) for config in configs]
    return FileResult(path, source, configs, servers, diagnostics,
                      comment_directives(source.text, index), internal, index, None, notes)


def _other_form(path: str) -> bool:
    """A file whose name says it is of another form than YAML (``.sh``, ``.socket``,
    ``.toml``…): one that does not parse is skipped, not reported unreadable."""
    base = os.path.basename(path)
    return path != "-" and "." in base.lstrip(".") and \
        not base.endswith((".yaml", ".yml", ".json", ".tpl")) and base != "Kustomization"


def _note(path: str, index: LineIndex, config: EtcdConfig) -> str:
    pos = index.position(config.anchor_span.start)
    return f"{path}:{pos.line}:{pos.column}: note: {shown_message(config.note)}"


def judge_documents(ctx: FileContext, options: LintOptions):
    """Locate, resolve and check the documents of ``ctx`` (an overlay's build, held whole):
    (etcd configurations, API servers, diagnostics with materialised fixes, internal errors)."""
    return judge_found(ctx.path, ctx.text, list(locate_all(ctx)), options.for_path(ctx.path))


def judge_found(path: str, text: str, found: Sequence, options: LintOptions):
    """Check what the adapters found in the text of ``path``: (etcd configurations, API
    servers, diagnostics with materialised fixes, internal errors)."""
    etcd: List[EtcdConfig] = []
    apiservers: List[ApiServerConfig] = []
    for item in found:
        if isinstance(item, EtcdConfig):
            etcd.append(item)
        else:
            apiservers.append(item)
    internal: List[str] = []
    diagnostics: List[Diagnostic] = []
    if not etcd:  # (most documents of a big file: no rule list to build)
        return etcd, apiservers, diagnostics, internal
    enabled = options.enabled_codes(path)
    checks = rule_checks(enabled)
    for config in etcd:
        first = len(diagnostics)
        for rule in checks:
            try:
                diagnostics.extend(rule.check(config, options.rule_options))
            except Exception:  # an etcdlint bug in one rule must not hide the others
                internal.append(f"{path}: internal error in {rule.code}: {_last_line()}")
        if config.environment_defaults:
            from etcdlint.rules.fixes import decided_by_environment

            diagnostics[first:] = [replace(d, fix=decided_by_environment(
                d.fix, config.environment_defaults, text)) for d in diagnostics[first:]]
    if any(d.fix is not None for d in diagnostics):
        from etcdlint.engine.fix_intents import materialize

        diagnostics = [d if d.fix is None else replace(d, fix=materialize(d.fix, text))
                       for d in diagnostics]
    return etcd, apiservers, diagnostics, internal


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
        return _read_failure(path, exc, options.for_path(path).max_bytes)
    return lint_file_guarded(path, data, options, internal)


def read_failure_message(exc: Exception, limit: int) -> str:
    """Why a file was not linted: it could not be read, or is over the size limit."""
    if isinstance(exc, TooLarge):
        return (f"file is {exc.size:,} bytes, over max-file-size ({limit:,} bytes): skipped "
                "(raise it with the max-file-size key or --max-file-size)")
    return f"cannot read: {getattr(exc, 'strerror', None) or exc}"


def _read_failure(path: str, exc: Exception, limit: int) -> FileResult:
    return FileResult(path, None, [], [], [unreadable(path, Span(0, 0),
                                                       read_failure_message(exc, limit),
                                                       HELP_SIZE if isinstance(exc, TooLarge)
                                                       else HELP_READ)])


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
            result = _read_failure(display, exc, max_bytes)
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
        internal.append(f"internal error while reading Kustomize overlays: {_last_line()}")
        return None
    if plans is not None and plan is not None and key not in plans:
        if len(plans) >= 4:  # (each holds its builds' nodes: keep the last few)
            del plans[next(iter(plans))]
        plans[key] = plan
    # Only the run's files are reported on: a finding decided elsewhere is reported at the
    # entry of a run's kustomization that brings it in, or not at all (overlay_results).
    plan.reported = {d for d, _ in files}
    built = []
    for build in plan.builds:
        try:
            etcd, apiservers, diagnostics, errors = judge_documents(
                FileContext(build.path, build.text, build.documents,
                            side_files=options.side_files(build.path)), options)
        except Exception:  # an internal error must not stop the run
            internal.append(f"{build.path}: internal error: {_last_line()}")
            continue
        internal.extend(errors)
        built.append(FileResult(build.path, None, etcd, apiservers, diagnostics))
    return plan, built


def _chart_values(path: str, values_chart: Optional[str]) -> bool:
    """A file of chart values that may not name etcd: parsed all the same."""
    return values_chart is not None or chart_values_file(path)


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
        internal.append(f"{path}: internal error: {_last_line()}")
        return FileResult(path, None, [], [], [])
    internal.extend(result.internal_errors)
    return result


def _last_line() -> str:
    import traceback

    return traceback.format_exc(limit=-3).strip().splitlines()[-1]


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
            internal.append(f"internal error in {rule.code}: {_last_line()}")
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
