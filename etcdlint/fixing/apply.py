"""Splice fixes into text: non-overlapping, in order, every byte outside an edit kept."""

from __future__ import annotations

from typing import List, Sequence, Tuple

from etcdlint.model import Diagnostic, Edit


def splice(text: str, edits: Sequence[Edit]) -> str:
    out = []
    pos = 0
    for edit in sorted(edits, key=lambda e: (e.span.start, e.span.end)):  # (stable: in order)
        out.append(text[pos:edit.span.start])
        out.append(edit.replacement)
        pos = edit.span.end
    out.append(text[pos:])
    return "".join(out)


def apply_fixes(text: str, diagnostics: Sequence[Diagnostic]) -> Tuple[str, List[Diagnostic]]:
    """Apply each diagnostic's fix unless it touches text another accepted fix touches."""
    taken: List[Tuple[int, int]] = []
    accepted: List[Edit] = []
    applied: List[Diagnostic] = []
    seen = set()
    for diag in diagnostics:
        fix = diag.fix
        if fix is None:
            continue
        key = tuple((e.span, e.replacement) for e in fix.edits)
        if key in seen:  # the same edit offered by two diagnostics
            applied.append(diag)
            continue
        if any(_overlaps(e, taken) for e in fix.edits):
            continue
        if any(e.expect is not None and text[e.span.start:e.span.end] != e.expect for e in fix.edits):
            continue
        seen.add(key)
        taken.extend((e.span.start, e.span.end) for e in fix.edits)
        accepted.extend(fix.edits)
        applied.append(diag)
    return splice(text, accepted), applied


def _overlaps(edit: Edit, taken: List[Tuple[int, int]]) -> bool:
    s, e = edit.span.start, edit.span.end
    for ts, te in taken:
        if s == e == ts == te:
            continue  # two insertions at one point stack, in order (a certificate and its key)
        if s == e or ts == te:  # an insertion: clashes with anything at or around its point
            if ts <= s <= te or s <= ts <= e:
                return True
        elif s < te and ts < e:
            return True
    return False
