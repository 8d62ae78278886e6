"""Splice fixes into text: non-overlapping, in order, every byte outside an edit kept."""

from __future__ import annotations

from bisect import bisect_left, insort
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
        for e in fix.edits:
            insort(taken, (e.span.start, e.span.end))
        accepted.extend(fix.edits)
        applied.append(diag)
    return keep_ending(text, splice(text, accepted)), applied


def keep_ending(before: str, after: str) -> str:
    """``after``, ending the way ``before`` ends: with the same line break, or with none
    (a fix that removes a file's last line must not add or drop the final newline)."""
    want, have = _ending(before), _ending(after)
    if want == have or not after:
        return after
    return after[:len(after) - len(have)] + want


def _ending(text: str) -> str:
    for end in ("\r\n", "\n", "\r"):
        if text.endswith(end):
            return end
    return ""


def _overlaps(edit: Edit, taken: List[Tuple[int, int]]) -> bool:
    """Whether ``edit`` clashes with one of ``taken`` (sorted, and not clashing with each
    other: only the last two starting before the edit can reach it)."""
    s, e = edit.span.start, edit.span.end
    i = bisect_left(taken, (s, s))
    for ts, te in taken[max(i - 2, 0):i]:
        if _clash(s, e, ts, te):
            return True
    for k in range(i, len(taken)):  # (not islice: it would step over the first i)
        ts, te = taken[k]
        if ts > e:
            break
        if _clash(s, e, ts, te):
            return True
    return False


def _clash(s: int, e: int, ts: int, te: int) -> bool:
    if s == e == ts == te:
        return False  # two insertions at one point stack, in order (a certificate and its key)
    if s == e or ts == te:  # an insertion: clashes with anything at or around its point
        return ts <= s <= te or s <= ts <= e
    return s < te and ts < e
