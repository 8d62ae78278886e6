"""Structural checks of a document that configures etcd (not of etcd's settings)."""

from __future__ import annotations

from collections import Counter
from typing import Iterator, List, Optional, Sequence, Tuple

from ruamel.yaml.nodes import Node, ScalarNode

from etcdlint.model import Diagnostic
from etcdlint.records import replace
from etcdlint.text.yamlnodes import is_merge_key, mappings_with_duplicate_keys, node_span


def duplicate_keys(path: str, documents: List[Node],
                   entries: Optional[List[Tuple[int, int]]] = None) -> Iterator[Diagnostic]:
    """A key given twice in one mapping: kubectl rejects it; other tools keep one silently.
    ``entries``, when given, gets each such entry's ``(start, end)`` (``duplicated_entries``)."""
    for pairs in mappings_with_duplicate_keys(documents):
        if entries is not None:
            entries.extend(duplicated_entries(pairs))
        yield from _report(path, pairs)


def duplicated_entries(pairs) -> List[Tuple[int, int]]:
    """``(start, end)`` of each entry of a mapping's ``pairs``, key to end of value, whose key
    the mapping gives more than once (merge keys ``<<`` aside): no fix may touch one, since
    editing or removing one occurrence can bring back the other."""
    counts = Counter(k.value for k, _ in pairs if k.__class__ is ScalarNode and not is_merge_key(k))
    return [(k.start_mark.index, v.end_mark.index) for k, v in pairs
            if k.__class__ is ScalarNode and counts.get(k.value, 0) > 1]


def touches(diag: Diagnostic, entries: Sequence[Tuple[int, int]]) -> bool:
    """Whether the finding, or an edit of its fix, lies within one of ``entries``."""
    spans = [diag.span] + ([e.span for e in diag.fix.edits] if diag.fix is not None else [])
    return any(start <= span.end and span.start <= end
               for span in spans for start, end in entries)


def without_fixes_on(diagnostics: List[Diagnostic],
                     entries: Sequence[Tuple[int, int]]) -> List[Diagnostic]:
    """``diagnostics``, those whose fix touches a duplicated entry without it: ``--fix``
    refuses such a fix (ETCD212 says what to do first), so none is offered."""
    return [d if d.fix is None or not touches(d, entries) else replace(d, fix=None)
            for d in diagnostics]


def _report(path: str, pairs) -> Iterator[Diagnostic]:
    from etcdlint.rules import BY_CODE

    rule = BY_CODE["ETCD212"]
    first_line = {}
    for key, _ in pairs:
        if key.__class__ is not ScalarNode or is_merge_key(key):
            continue
        if key.value in first_line:
            yield Diagnostic(rule.code, None, rule.severity,
                             f"key {key.value!r} appears twice in this mapping (first on line "
                             f"{first_line[key.value]}): kubectl refuses the document, other "
                             "tools keep one of the two silently", path, node_span(key))
        else:
            first_line[key.value] = key.start_mark.line + 1
