"""``--fix`` and ``--diff``: fix each file until stable, verify, write, report what remains."""

from __future__ import annotations

import difflib
import sys
from bisect import bisect_right
from itertools import accumulate
from typing import List, Optional, Sequence, Tuple

from etcdlint.config.lint_options import LintOptions
from etcdlint.engine.documents import collector_held
from etcdlint.engine.inputs import RunInputs
from etcdlint.engine.lint import lint_file
from etcdlint.engine.results import FileResult
from etcdlint.records import field, record, replace
from etcdlint.text.reading import TooLarge
from etcdlint.fixing.apply import apply_fixes
from etcdlint.fixing.decisions import DUPLICATED, duplicated_entries, reported, touches
from etcdlint.fixing.refusal_summary import refusal_lines
from etcdlint.fixing.verdict import judge
from etcdlint.fixing.verify import unreported_config_error_rules
from etcdlint.repo.write import (WriteError, replace_file, replace_files,
                                 seen_before_reading, sync_directories)
from etcdlint.model import Diagnostic, Span
from etcdlint.report.outcome import ReportOptions, deliver, write_text
from etcdlint.report.safe_text import escape_controls
from etcdlint.engine.suppress import candidates_for
from etcdlint.text.compose import compose_documents
from etcdlint.text.jinja import is_jinja_path
from etcdlint.text.textfile import LineIndex

MAX_ROUNDS = 5
# Files up to this size keep their nodes from the first lint (for the verdict on fixes).
KEEP_NODES_BYTES = 64 * 1024


@record(frozen=False)
class FixOutcome:
    path: str
    original: bytes
    fixed: bytes
    applied: List[Tuple[Diagnostic, int, int]] = field(default_factory=list)  # diag, line, col
    # diag, why it was refused, line, col
    refused: List[Tuple[Diagnostic, str, int, int]] = field(default_factory=list)
    final: Optional[FileResult] = None  # the lint of the fixed text
    error: Optional[str] = None  # why the file could not be read
    write_error: Optional[str] = None  # the fixed file could not be written
    written: bool = False
    link_kept: bool = False  # a walked symbolic link that fixes would change: left as it is
    seen: Optional[tuple] = None  # to write: the file's status before it was read, and when

    @property
    def changed(self) -> bool:
        return self.fixed != self.original


@collector_held  # (as a lint: a file's nodes make no reference cycle, and would be rescanned)
def fix_bytes(path: str, data: bytes, options: LintOptions, allowed: Sequence[str]) -> FixOutcome:
    """Apply the allowed fixes to one file's bytes, round after round, verifying each round.

    Only findings the run reports are fixed (not those a suppression covers or the
    configuration leaves out), and none on a key the file gives twice (``decisions``). A
    round's fixes are applied together and judged part by part of the file, a part being a
    document or an item of a ``kind: List`` (``verdict``): the fixes of the parts that pass are
    kept; where a part fails, its fix is refused if it was the only one there, and otherwise
    half of them are tried again. Each refused fix is recorded with the reason. The lint of
    each accepted text is carried into the next round (and is the file's final lint).
    """
    outcome = FixOutcome(path, data, data)
    # The first lint keeps the nodes of a small file only: most files have nothing --fix may
    # apply, and a large one's nodes are not held for nothing. Where a file has fixes and no
    # nodes were kept, the documents are composed once more for the verdict (``_documents``).
    small = len(data) <= KEEP_NODES_BYTES and not is_jinja_path(path)
    current = lint_file(path, data, options, keep_documents=small)
    if current.documents is not None and any(d.rule == "ETCD000" for d in current.diagnostics):
        current.documents = None  # (as ``_documents`` leaves it: a text that does not parse)
    source = current.source
    if source is None:  # not decoded (ETCD000), or pre-filtered: nothing to fix
        outcome.final = current
        return outcome
    text = source.text
    refused_keys = set()
    enabled = options.enabled_codes(path)
    for _ in range(MAX_ROUNDS * 4):
        fixable = []
        duplicated = None
        candidates = candidates_for(current.suppressions) if current.suppressions else None
        for diag in current.diagnostics:
            if diag.fix is None or diag.fix.applicability not in allowed or \
                    _key(diag) in refused_keys or \
                    not reported(diag, current, enabled, candidates):
                continue
            if duplicated is None:
                duplicated = duplicated_entries(_documents(current, text))
            if touches(diag, duplicated):
                _refuse(outcome, refused_keys, current, diag, DUPLICATED)
                continue
            fixable.append(diag)
        if not fixable:
            break
        _documents(current, text)
        step = _settle(text, fixable, current, path, source, options, enabled, outcome,
                       refused_keys)
        if step is None:
            continue
        new_text, applied, after = step
        outcome.applied.extend((d, *_position(current.index, d)) for d in applied)
        refused_keys = _shifted(refused_keys, applied)
        text, current = new_text, after
    outcome.fixed = source.encode(text)
    if refused_keys:  # a refused fix is not offered again: no [*], not counted as fixable
        current.diagnostics = [replace(d, fix=None) if d.fix is not None and
                               _key(d) in refused_keys else d for d in current.diagnostics]
    current.documents = None  # results cross process boundaries: nodes stay behind
    outcome.final = current
    return outcome


def _settle(text, fixable, current, path, source, options, enabled, outcome, refused_keys):
    """(new text, applied, its lint) for the largest batch of ``fixable`` found to pass, or
    None when every fix tried was refused (each refusal recorded)."""
    trial = list(fixable)
    memo: dict = {}
    while trial:
        new_text, applied = apply_fixes(text, trial)
        if not applied or new_text == text:
            _refuse(outcome, refused_keys, current, trial[0], "it changes nothing")
            trial = trial[1:]
            continue
        after = lint_file(path, source.encode(new_text), options, keep_documents=True)
        verdict = judge(text, new_text, current, after, applied, enabled, memo,
                        unreported_config_error_rules(enabled),
                        options.for_path(path).rule_options)
        if verdict.ok:
            return new_text, applied, after
        if verdict.problem is not None:  # the batch as a whole: bisect it
            if len(applied) == 1:
                _refuse(outcome, refused_keys, current, applied[0], verdict.problem)
                return None
            trial = applied[:len(applied) // 2]
            continue
        groups: dict = {}
        for i, part in enumerate(verdict.part_of):
            groups.setdefault(part, []).append(i)
        dropped = set()
        for part, reason in verdict.by_part.items():
            group = groups[part]
            if len(group) == 1:
                _refuse(outcome, refused_keys, current, applied[group[0]], reason)
                dropped.add(group[0])
            else:  # several fixes in the part: keep trying the first half
                dropped.update(group[(len(group) + 1) // 2:])
        trial = [d for i, d in enumerate(applied) if i not in dropped]
    return None


def _documents(result: FileResult, text: str):
    """The composed documents of ``result`` (a lint of ``text``), composed now if it kept none;
    None (and none kept) when the text does not parse."""
    if result.documents is None and not any(d.rule == "ETCD000" for d in result.diagnostics):
        documents, failure = compose_documents(text)
        result.documents = documents if failure is None else None
    return result.documents


def _without_fixes(result: FileResult) -> FileResult:
    """A link's findings after --fix: their fixes are not offered (it is never written)."""
    result.diagnostics = [replace(d, fix=None) if d.fix is not None else d
                          for d in result.diagnostics]
    return result


def _key(diag: Diagnostic):
    return diag.rule, diag.message, diag.span


def _refuse(outcome: FixOutcome, refused_keys: set, current: FileResult, diag: Diagnostic,
            reason: str) -> None:
    """Record a refused fix where its finding stands in the text it was refused on."""
    refused_keys.add(_key(diag))
    outcome.refused.append((diag, reason, *_position(current.index, diag)))


def _shifted(keys, applied: Sequence[Diagnostic]) -> set:
    """Refused findings' keys in the text after ``applied``: their spans moved past those
    edits (so that a later round does not try, and report, the same refused fix again)."""
    edits = sorted((span.end, n - (span.end - span.start))
                   for span, n in {(e.span, len(e.replacement))
                                   for d in applied for e in d.fix.edits})
    ends = [end for end, _ in edits]
    deltas = list(accumulate((delta for _, delta in edits), initial=0))
    moved = set()
    for rule, message, span in keys:
        delta = deltas[bisect_right(ends, span.start)]  # the edits ending at or before it
        moved.add((rule, message, Span(span.start + delta, span.end + delta)))
    return moved


def _position(index: LineIndex, diag: Diagnostic) -> Tuple[int, int]:
    pos = index.position(diag.span.start)
    return pos.line, pos.column


@record
class FixOptions:
    """What ``--fix`` and ``--diff`` take from the command line."""

    diff: bool = False  # say what would change (a unified diff); write nothing
    unsafe: bool = False  # apply unsafe fixes too
    show_fixes: bool = False  # list each fix applied and each fix not applied
    exit_non_zero_on_fix: bool = False  # exit 1 when a file changed
    jobs: Optional[int] = None  # worker processes at most (None: one per CPU)

    @property
    def allowed(self) -> Tuple[str, ...]:
        return ("safe", "unsafe") if self.unsafe else ("safe",)


def run_fixes(inputs: RunInputs, options: LintOptions, fix: FixOptions,
              report_options: Optional[ReportOptions] = None) -> int:
    """``--fix`` or ``--diff`` over a run's files, reported as a plain run is (to
    ``--output`` when given; on standard error when the fixed text of standard input goes to
    standard output). Exit code: 2 on an error; with ``--diff``, 1 when there is a diff;
    with ``--fix``, as a plain run's over what remains, or 1 with ``--exit-non-zero-on-fix``
    when a file changed. SIGTERM stops it as SIGINT does (workers are ended first); an
    interrupted ``--fix`` says that no file was left half fixed."""
    from etcdlint.engine.parallel import sigterm_interrupts

    try:
        with sigterm_interrupts():
            return _run_fixes(inputs, options, fix, report_options or ReportOptions())
    except KeyboardInterrupt:
        if not fix.diff:
            print("etcdlint: interrupted: each file is either as it was or fully fixed",
                  file=sys.stderr)
        raise


def _run_fixes(inputs: RunInputs, options: LintOptions, fix: FixOptions,
               report_options: ReportOptions) -> int:
    from etcdlint.engine.inputs import readers
    from etcdlint.engine.lint import read_failure_message
    from etcdlint.engine.overlay_results import overlays_of
    from etcdlint.engine.parallel import default_jobs, run_per_file
    from etcdlint.engine.run import finish_run, for_run, preload, read_context
    from etcdlint.fixing.overlays import fix_overlays, hidden_files, planned_as_written

    allowed = fix.allowed
    files = inputs.files
    read = readers(inputs, options)
    fs_paths = {display: f.fs_path for (display, _), f in zip(read, files)}
    reader_of = dict(read)
    on_disk = [(d, p) for d, p in fs_paths.items() if p != "-"]
    links = {display for (display, _), f in zip(read, files) if f.link}
    plan_errors: List[str] = []
    plans: dict = {}  # the overlay plans made, by the content fixes gave files (none at first)
    overlays = overlays_of(on_disk, options, plan_errors, kustomizations=inputs.kustomizations,
                           plans=plans)
    hidden = hidden_files(overlays)

    def task(item: Tuple[str, str]) -> FixOutcome:
        display, fs_path = item
        # (before reading: an edit after this shows in the status the writer compares)
        seen = seen_before_reading(fs_path) if fs_path != "-" and not fix.diff else None
        try:
            data = reader_of[display]()
        except (OSError, TooLarge) as exc:
            outcome = FixOutcome(display, b"", b"")
            outcome.error = read_failure_message(exc, options.for_path(display).max_bytes)
            return outcome
        if display in hidden:  # fixed through its overlay, below
            outcome = FixOutcome(display, data, data, final=lint_file(display, data, options))
        else:
            outcome = fix_bytes(display, data, options, allowed)
        if outcome.changed and display in links:  # never written through: reported as it is
            outcome.applied, outcome.fixed, outcome.link_kept = [], outcome.original, True
            outcome.final = _without_fixes(lint_file(display, outcome.original, options))
        if outcome.changed and not fix.diff and fs_path != "-":
            outcome.seen = seen  # written below, with the others: one durability barrier
        if outcome.final is not None:  # (what a worker sends back: no more than the run reads)
            for_run(outcome.final)
        return outcome

    reading_stdin = inputs.reads_stdin
    jobs = 1 if reading_stdin else fix.jobs if fix.jobs is not None else default_jobs()
    outcomes = run_per_file(task, [(d, fs_paths[d]) for d, _ in read], jobs,
                            before_fork=preload)
    to_write = [o for o in outcomes if o.changed and not o.error and not fix.diff and
                fs_paths[o.path] != "-"]
    for outcome, error in zip(to_write, replace_files(
            [(fs_paths[o.path], o.fixed, o.original, o.seen) for o in to_write])):
        outcome.seen = None
        if error is None:
            outcome.written = True
            continue
        outcome.write_error = str(error)
        outcome.applied = []  # nothing was fixed on disk: report the file as it is
        outcome.final = for_run(lint_file(outcome.path, outcome.original, options))
    if any(o.written for o in outcomes):
        plans.clear()  # (a file a build reads may have changed on disk)
    if hidden:
        fixed, overlays, plan_errors = fix_overlays(outcomes, on_disk, options, allowed,
                                                    inputs.kustomizations, overlays,
                                                    plan_errors, plans)
        for path in fixed:
            outcome = next(o for o in outcomes if o.path == path)
            if path in links:  # as above: a walked link is never written
                outcome.applied, outcome.fixed, outcome.link_kept = [], outcome.original, True
                outcome.final = _without_fixes(lint_file(path, outcome.original, options))
                continue
            if fix.diff:
                continue
            try:
                replace_file(fs_paths[path], outcome.fixed, outcome.original,
                             sync_directory=False)
                outcome.written = True
            except WriteError as exc:
                outcome.write_error = str(exc)
                outcome.applied = []
                outcome.final = lint_file(path, outcome.original, options)
    sync_directories(fs_paths[o.path] for o in outcomes if o.written)
    errors = 0
    out: List[str] = []  # the diff, or standard input's text (fixed or not)
    report_stream = sys.stderr if reading_stdin and not fix.diff else sys.stdout
    changed = 0
    for outcome in outcomes:
        shown = escape_controls(outcome.path)
        if outcome.error:
            print(f"etcdlint: error: {shown}: {outcome.error}", file=sys.stderr)
            errors += 1
            continue
        if outcome.link_kept:
            print(f"etcdlint: warning: {shown}: not written: a symbolic link (its findings stay "
                  "reported; fix the file it leads to by its own path)", file=sys.stderr)
        is_stdin = fs_paths.get(outcome.path) == "-"
        if not outcome.changed:
            if not fix.diff and is_stdin:
                sys.stdout.write(outcome.original.decode("utf-8", errors="replace"))
            continue
        changed += 1
        if fix.diff:
            out.append(_diff(outcome, report_options.colour))
        elif is_stdin:
            sys.stdout.write(outcome.fixed.decode("utf-8", errors="replace"))
        elif outcome.write_error:
            print(f"etcdlint: error: {escape_controls(outcome.write_error)}", file=sys.stderr)
            errors += 1
            changed -= 1
    if not report_options.quiet:  # (-q: the findings only)
        for line in refusal_lines([o for o in outcomes if not o.error], fix.show_fixes):
            print(line, file=sys.stderr)
    if fix.show_fixes and not fix.diff:
        for outcome in outcomes:
            for diag, line, col in outcome.applied:
                report_stream.write(f"{escape_controls(outcome.path)}:{line}:{col}: {diag.rule}"
                                    f" fixed: {escape_controls(diag.fix.title)}\n")
    if fix.diff:
        if not write_text(out, report_options.output):
            errors += 1
        if not report_options.quiet:  # (on standard error: the diff itself stays apply-able)
            print(would_fix_line(outcomes, changed), file=sys.stderr)
        return 2 if errors else (1 if changed else 0)
    internal: List[str] = []
    if overlays is not None and not planned_as_written(overlays, outcomes):
        plan_errors = []  # (the plan's files changed on disk otherwise: built again)
        overlays = overlays_of(on_disk, options, plan_errors,
                               kustomizations=inputs.kustomizations)
    internal.extend(plan_errors)
    finals = [o.final for o in outcomes if o.final is not None]
    remaining = finish_run(finals, options, internal,
                           context=read_context(inputs.context, options, finals),
                           overlays=overlays if hidden else None)
    remaining.skipped_templates = inputs.skipped_templates
    trailer = ""
    if report_options.format == "text" and not report_options.quiet and \
            not report_options.statistics:
        fixed_count = sum(len(o.applied) for o in outcomes)
        trailer = (f"Fixed {fixed_count} {'problem' if fixed_count == 1 else 'problems'}"
                   f" in {changed} {'file' if changed == 1 else 'files'}.\n")
    code = deliver(remaining, replace(report_options, colour=False), report_stream, trailer)
    if errors or code == 2:
        return 2
    if changed and fix.exit_non_zero_on_fix and not report_options.exit_zero:
        return 1
    return code


def would_fix_line(outcomes, changed: int) -> str:
    """``--diff``'s last line, as ruff ends its diff: how many fixes the diff holds."""
    count = sum(len(o.applied) for o in outcomes if o.changed and not o.error)
    if not count:
        return "No fix would be applied."
    return (f"Would fix {count} {'problem' if count == 1 else 'problems'} in {changed} "
            f"{'file' if changed == 1 else 'files'}.")


_DIFF_COLOURS = (("+++", "\x1b[1m"), ("---", "\x1b[1m"), ("@@", "\x1b[36m"), ("+", "\x1b[32m"),
                 ("-", "\x1b[31m"))


def _diff(outcome: FixOutcome, colour: bool = False) -> str:
    """The unified diff of a fixed file (``colour``: as git colours one on a terminal)."""
    old = outcome.original.decode("utf-8", errors="replace").splitlines(keepends=True)
    new = outcome.fixed.decode("utf-8", errors="replace").splitlines(keepends=True)
    shown = escape_controls(outcome.path)
    lines = [line if line.endswith("\n") else line + "\n\\ No newline at end of file\n"
             for line in difflib.unified_diff(old, new, f"a/{shown}", f"b/{shown}")]
    if colour:
        lines = [_painted(line) for line in lines]
    return "".join(lines)


def _painted(line: str) -> str:
    for start, paint in _DIFF_COLOURS:
        if line.startswith(start):
            body, end = (line[:-1], "\n") if line.endswith("\n") else (line, "")
            return f"{paint}{body}\x1b[0m{end}"
    return line
