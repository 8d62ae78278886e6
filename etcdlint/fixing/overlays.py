"""Fixes decided by a Kustomize overlay: the finding points at a patch (or a base) token,
and its fix edits that file. Each fix is checked by building the overlays again with the
fixed text: it must parse, make its finding go, and add none."""

from __future__ import annotations

import os
from typing import Dict, List, Optional, Sequence, Set, Tuple

from etcdlint.engine.lint import LintOptions, lint_file
from etcdlint.engine.overlay_results import overlay_findings, overlays_of
from etcdlint.fixing.apply import apply_fixes
from etcdlint.fixing.refusals import added_reason
from etcdlint.fixing.verify import new_findings
from etcdlint.model import Diagnostic
from etcdlint.records import replace
from etcdlint.text.textfile import DecodeError, LineIndex, decode
from etcdlint.text.compose import compose_documents

MAX_ROUNDS = 5


def _try(source, absolute: str, diag: Diagnostic, findings, files, options, overrides,
         kustomizations, plans):
    """(the overrides with ``diag``'s fix applied, None) or (None, why it is refused)."""
    new_text, applied = apply_fixes(source.text, [diag])
    if not applied or new_text == source.text:
        return None, "it changes nothing"
    if compose_documents(new_text)[1] is not None:
        return None, "the fixed text would not parse"
    trial = dict(overrides)
    trial[absolute] = source.encode(new_text)
    after = overlay_findings(overlays_of(files, options, [], trial, kustomizations, plans))
    extra = new_findings(findings, after, applied)
    if extra:
        return None, added_reason(extra, findings, after, applied)
    if any((d.rule, d.message) == (diag.rule, diag.message) and d.path == diag.path
           for d in after):
        return None, "the finding remains"
    return trial, None


def hidden_files(overlays) -> Set[str]:
    """The files a per-file fix must leave alone: patches, and resources judged through a
    build (their findings, and fixes, are the overlays')."""
    if overlays is None:
        return set()
    plan = overlays[0]
    return plan.overlaid | plan.fragments


def fix_overlays(outcomes, files: Sequence[Tuple[str, str]], options: LintOptions,
                 allowed: Sequence[str], kustomizations=(), overlays=None,
                 errors: Optional[List[str]] = None, plans: Optional[dict] = None):
    """Apply the allowed fixes of overlay findings to the run's files; fill in their outcomes
    (applied, refused, fixed, final). ``overlays``: the judged builds of the files as they
    are (``overlays_of``; built when None), with the internal errors of building them;
    ``plans``: the overlay plans made so far, by content (see ``overlays_of``).
    Returns the new bytes by display path (not written), and the judged builds of the files
    so fixed with their internal errors."""
    plans = {} if plans is None else plans
    if overlays is None or not planned_as_written(overlays, outcomes):
        errors = []
        overlays = overlays_of(files, options, errors, None, kustomizations, plans)
    by_display = {o.path: o for o in outcomes}
    fs_paths = dict(files)
    overrides: Dict[str, bytes] = {}  # absolute path -> fixed bytes
    refused: Set[Tuple[str, str, str]] = set()
    for _ in range(MAX_ROUNDS):
        findings = overlay_findings(overlays)
        fixable: Dict[str, List[Diagnostic]] = {}
        for diag in findings:
            key = (diag.path, diag.rule, diag.message)
            if diag.fix is not None and diag.fix.applicability in allowed and \
                    key not in refused and diag.path in by_display and diag.path in fs_paths:
                fixable.setdefault(diag.path, []).append(diag)
        progressed = False
        for path, diags in fixable.items():
            outcome = by_display[path]
            absolute = os.path.abspath(fs_paths[path])
            for diag in diags:  # one at a time: each verified on its own
                data = overrides.get(absolute, outcome.fixed)
                try:
                    source = decode(path, data)
                except DecodeError:
                    break
                index = LineIndex(source.text)
                fix, reason = diag.fix, None
                while fix is not None:
                    trial, reason = _try(source, absolute, replace(diag, fix=fix), findings,
                                         files, options, overrides, kustomizations, plans)
                    if reason is None:
                        break
                    fix = fix.fallback
                pos = index.position(diag.span.start)
                if reason is not None:
                    refused.add((diag.path, diag.rule, diag.message))
                    outcome.refused.append((diag, reason, pos.line, pos.column))
                    continue
                overrides = trial
                outcome.applied.append((replace(diag, fix=fix), pos.line, pos.column))
                progressed = True
                break  # the text changed: this file's other findings are found again
        if not progressed:
            break
        errors = []  # the builds of the fixed files, for the next round and the run's end
        overlays = overlays_of(files, options, errors, overrides, kustomizations, plans)
    fixed: Dict[str, bytes] = {}
    for path, outcome in by_display.items():
        absolute = os.path.abspath(fs_paths.get(path, path))
        if absolute in overrides:
            outcome.fixed = overrides[absolute]
            outcome.final = lint_file(path, outcome.fixed, options)
            fixed[path] = outcome.fixed
    return fixed, overlays, list(errors or ())


def planned_as_written(overlays, outcomes) -> bool:
    """Whether the files the judged builds of ``overlays`` read are on disk as they read them
    (a file fixed on its own, a link left as it was or a failed write: built again)."""
    if overlays is None:
        return True
    sources = overlays[0].sources
    for outcome in outcomes:
        source = sources.get(outcome.path)
        if source is None or outcome.error:
            continue
        on_disk = outcome.fixed if outcome.written else outcome.original
        if source.encode(source.text) != on_disk:
            return False
    return True
