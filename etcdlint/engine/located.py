"""A run's findings as reported: located by line and column, in order, each once."""

from __future__ import annotations

from typing import Dict, List

from etcdlint.model import Diagnostic, LocatedDiagnostic, LocatedRelated
from etcdlint.records import replace
from etcdlint.text.span import Position
from etcdlint.text.textfile import LineIndex


def locate(diagnostics: List[Diagnostic], index: LineIndex, severities: Dict[str, str],
           indexes: Dict[str, LineIndex]) -> List[LocatedDiagnostic]:
    """Each diagnostic with its line and column range (``index``: of its file; ``indexes``:
    of the files its related locations are in), at the severity the run sets for its rule."""
    out: List[LocatedDiagnostic] = []
    # One Position per offset: a file's configurations share their anchors, and a file of
    # many alike configurations gives many findings at each.
    positions: Dict[int, Position] = {}
    for diag in diagnostics:
        severity = severities.get(diag.rule, diag.severity)
        if severity != diag.severity:
            diag = replace(diag, severity=severity)
        related = tuple(
            LocatedRelated(r.path, where.position(r.span.start), where.position(r.span.end),
                           r.message)
            for r in diag.related for where in (indexes.get(r.path),) if where is not None)
        start, end = diag.span
        first = positions.get(start)
        if first is None:
            first = positions[start] = index.position(start)
        last = positions.get(end)
        if last is None:
            last = positions[end] = index.position(end)
        out.append(LocatedDiagnostic(diag, first, last, related))
    return out


def dedupe_and_sort(items: List[LocatedDiagnostic]) -> List[LocatedDiagnostic]:
    """``items`` by path, position, rule and message, each finding once (the first of equal
    ones). Sorted in stable passes on each part of the order, from the last to the first:
    a key per part is a field the finding already holds, where one tuple key per finding
    would add a tuple for each of a big file's hundreds of thousands of findings."""
    items.sort(key=_message)  # (in place: the caller's list is not read again)
    items.sort(key=_rule)
    items.sort(key=_start)
    items.sort(key=_path)
    unique: List[LocatedDiagnostic] = []
    group: List[LocatedDiagnostic] = []  # the kept findings equal to the last in sort order
    for item in items:
        d = item.diagnostic
        if group:
            g = group[0].diagnostic
            if (g.rule, g.path, g.message) != (d.rule, d.path, d.message) or \
                    group[0].start != item.start:
                group = []
            elif any(other.diagnostic.span == d.span for other in group):
                continue
        group.append(item)
        unique.append(item)
    return unique


def _message(item: LocatedDiagnostic) -> str:
    return item.diagnostic.message


def _rule(item: LocatedDiagnostic) -> str:
    return item.diagnostic.rule


def _start(item: LocatedDiagnostic) -> Position:
    return item.start


def _path(item: LocatedDiagnostic) -> str:
    return item.diagnostic.path
