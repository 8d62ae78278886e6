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

from typing import List

from etcdlint.model import Diagnostic
from etcdlint.engine.lint import fix_touches as touches  # noqa: F401 (what --fix asks)
from etcdlint.engine.suppress import candidates_for
from etcdlint.text.yamlnodes import duplicated_entries  # noqa: F401 (what --fix asks)

UNUSED = "it would leave a suppression without a purpose (ETCD301)"
DUPLICATED = ("its key is given more than once in the same mapping (ETCD212): remove the"
              " duplicate first")


def reported(diag: Diagnostic, result, enabled: frozenset, candidates=None) -> bool:
    """Whether the run reports ``diag`` (of ``result``, a FileResult): enabled, not suppressed.
    ``candidates``: ``suppress.candidates_for`` the result's suppressions, when asked of many
    findings of it."""
    if diag.rule not in enabled:
        return False
    if not result.suppressions or result.index is None:
        return True
    line = result.index.position(diag.span.start).line
    sups = result.suppressions
    candidates = candidates or candidates_for(sups)
    return not any(sups[i].covers(diag, line) for i in candidates(line, diag.span.start))


def unused_suppressions(result, enabled: frozenset) -> List[int]:
    """Where each suppression (each of its codes) that the run would report as unused
    (ETCD301) is, as offsets; the same judgement as the engine's, without marking anything."""
    sups = result.suppressions
    if not sups or result.index is None or "ETCD301" not in enabled:
        return []
    used = [set() for _ in sups]
    candidates = candidates_for(sups)
    position = result.index.position
    for diag in result.diagnostics:
        if diag.rule not in enabled:
            continue
        line = position(diag.span.start).line
        for i in candidates(line, diag.span.start):
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
