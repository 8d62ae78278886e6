"""Which findings ``--fix`` must leave alone, whatever their fix would do.

A finding the user decided about is never fixed: one a suppression covers (an inline comment,
a ``disable-file`` comment, the ``etcdlint.io/ignore`` annotation) or one the run does not
report at all (``select``, ``ignore``, ``per-file-ignores``). A fix that touches a key given
more than once in one mapping (or anything inside such a key's value) is refused: only one of
the two occurrences counts, and editing or removing one of them can bring back the other. A
fix must not leave a suppression without a purpose either (``unused_suppressions``, compared
before and after by the verdict): the user's decision would be reported as unused (ETCD301).
"""

from __future__ import annotations

from bisect import bisect_right
from itertools import chain
from typing import Callable, List, Sequence, Tuple

from ruamel.yaml.nodes import Node

from etcdlint.model import Diagnostic
from etcdlint.rules.structure import duplicated_entries as entries_of
from etcdlint.rules.structure import touches  # noqa: F401 (what --fix asks of a fix)
from etcdlint.text.yamlnodes import mappings_with_duplicate_keys

UNUSED = "it would leave a suppression without a purpose (ETCD301)"
DUPLICATED = ("its key is given more than once in the same mapping (ETCD212): remove the"
              " duplicate first")


def reported(diag: Diagnostic, result, enabled: frozenset) -> bool:
    """Whether the run reports ``diag`` (of ``result``, a FileResult): enabled, not suppressed."""
    if diag.rule not in enabled:
        return False
    if not result.suppressions or result.index is None:
        return True
    line = result.index.position(diag.span.start).line
    return not any(sup.covers(diag, line) for sup in result.suppressions)


def duplicated_entries(documents: Sequence[Node]) -> List[Tuple[int, int]]:
    """``(start, end)`` of every entry, key to end of value, whose key is given more than once
    in its mapping (merge keys ``<<`` aside)."""
    found: List[Tuple[int, int]] = []
    for pairs in mappings_with_duplicate_keys(documents):
        found.extend(entries_of(pairs))
    return found


def unused_suppressions(result, enabled: frozenset) -> List[int]:
    """Where each suppression (each of its codes) that the run would report as unused
    (ETCD301) is, as offsets; the same judgement as the engine's, without marking anything."""
    sups = result.suppressions
    if not sups or result.index is None or "ETCD301" not in enabled:
        return []
    used = [set() for _ in sups]
    by_line: dict = {}
    everywhere = []
    for i, sup in enumerate(sups):
        if sup.kind == "file":
            everywhere.append(i)
        elif sup.kind == "line" and sup.lines is not None:
            for line in range(sup.lines[0], sup.lines[1] + 1):
                by_line.setdefault(line, []).append(i)
    around = _enclosing_annotations(sups)
    position = result.index.position
    for diag in result.diagnostics:
        if diag.rule not in enabled:
            continue
        line = position(diag.span.start).line
        for i in chain(by_line.get(line, ()), everywhere, around(diag.span.start)):
            if sups[i].covers(diag, line):
                used[i].add(diag.rule)
    found: List[int] = []
    for sup, codes in zip(sups, used):
        if sup.codes is None:
            if not codes:
                found.append(sup.span.start)
        else:
            found.extend(span.start for code, span in sup.code_spans
                         if code in enabled and code not in codes)
    return found


def _enclosing_annotations(sups) -> Callable[[int], List[int]]:
    """offset -> the annotation suppressions whose object holds it. Objects are nested or
    apart, so those holding an offset are ancestors of the last one starting before it."""
    order = sorted((i for i, s in enumerate(sups) if s.kind == "annotation" and s.region),
                   key=lambda i: (sups[i].region.start, -sups[i].region.end))
    starts = [sups[i].region.start for i in order]
    parent: List[int] = []
    stack: List[int] = []
    for k, i in enumerate(order):
        while stack and sups[order[stack[-1]]].region.end <= sups[i].region.start:
            stack.pop()
        parent.append(stack[-1] if stack else -1)
        stack.append(k)

    def around(offset: int) -> List[int]:
        out = []
        k = bisect_right(starts, offset) - 1
        while k >= 0:
            region = sups[order[k]].region
            if region.start <= offset < region.end:
                out.append(order[k])
            k = parent[k]
        return out
    return around
