"""One file linted alone: read, parse, locate, resolve and check it (or the documents of an
overlay's build); its findings, with their fixes, and its suppressions are left for the run to
apply and place (``run``)."""

from __future__ import annotations

import os
from typing import List, Optional, Sequence, Tuple

from etcdlint.config.lint_options import LintOptions
from etcdlint.engine.documents import collector_held, read_documents
from etcdlint.engine.judgement import FileJudgement
from etcdlint.records import replace
from etcdlint.model import ApiServerConfig, Diagnostic, EtcdConfig, Span
from etcdlint.rules import DOCUMENT_CHECKS, RUN_SETTINGS, checks as rule_checks
from etcdlint.rules.etcd000_unreadable import (HELP_DECODE, HELP_NESTED, HELP_READ,
                                               HELP_SIZE, HELP_YAML, unreadable)
from etcdlint.engine.results import FileResult
from etcdlint.sources import FileContext, locate_all
from etcdlint.repo.prefilter import chart_values_file, form_to_read, may_hold_etcd
from etcdlint.text.jinja import is_jinja_path
from etcdlint.text.reading import TooLarge
from etcdlint.engine.suppress import comment_directives
from etcdlint.text.shown import shown_message
from etcdlint.text.textfile import DecodeError, LineIndex, decode
from etcdlint.text.compose import compose_documents
from etcdlint.text.yamlnodes import duplicated_entries


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
        return read_failure(path, TooLarge(len(data)), options.max_bytes)
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
                internal.append(f"{path}: internal error in {rule.code}: {last_line()}")
        if config.environment_defaults:
            from etcdlint.rules.fixes import decided_by_environment

            diagnostics[first:] = [replace(d, fix=decided_by_environment(
                d.fix, config.environment_defaults, text)) for d in diagnostics[first:]]
    if any(d.fix is not None for d in diagnostics):
        from etcdlint.engine.fix_intents import materialize

        diagnostics = [d if d.fix is None else replace(d, fix=materialize(d.fix, text))
                       for d in diagnostics]
    return etcd, apiservers, diagnostics, internal


def read_failure_message(exc: Exception, limit: int) -> str:
    """Why a file was not linted: it could not be read, or is over the size limit."""
    if isinstance(exc, TooLarge):
        return (f"file is {exc.size:,} bytes, over max-file-size ({limit:,} bytes): skipped "
                "(raise it with the max-file-size key or --max-file-size)")
    return f"cannot read: {getattr(exc, 'strerror', None) or exc}"


def read_failure(path: str, exc: Exception, limit: int) -> FileResult:
    """The result of a file that was not linted (``read_failure_message``): an ETCD000."""
    return FileResult(path, None, [], [], [unreadable(path, Span(0, 0),
                                                       read_failure_message(exc, limit),
                                                       HELP_SIZE if isinstance(exc, TooLarge)
                                                       else HELP_READ)])


def _chart_values(path: str, values_chart: Optional[str]) -> bool:
    """A file of chart values that may not name etcd: parsed all the same."""
    return values_chart is not None or chart_values_file(path)


def last_line() -> str:
    """The last line of the traceback being handled, for an internal error's message."""
    import traceback

    return traceback.format_exc(limit=-3).strip().splitlines()[-1]
