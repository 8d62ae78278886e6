"""Which findings ``--fix`` must leave alone, whatever their fix would do.

A finding the user decided about is never fixed: one a suppression covers (an inline comment,
a ``disable-file`` comment, the ``etcdlint.io/ignore`` annotation) or one the run does not
report at all (``select``, ``ignore``, ``per-file-ignores``). A fix that touches a key given
more than once in one mapping (or anything inside such a key's value) is refused: only one of
the two occurrences counts, and editing or removing one of them can bring back the other.
"""

from __future__ import annotations

from collections import Counter
from typing import List, Sequence, Tuple

from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from etcdlint.model import Diagnostic
from etcdlint.text.yamlnodes import is_merge_key

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
    stack = list(documents or ())
    seen = set()
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        cls = node.__class__
        if cls is MappingNode:
            pairs = node.value
            if len(pairs) > 1:
                counts = Counter(k.value for k, _ in pairs
                                 if k.__class__ is ScalarNode and not is_merge_key(k))
                if any(n > 1 for n in counts.values()):
                    found.extend((k.start_mark.index, v.end_mark.index) for k, v in pairs
                                 if k.__class__ is ScalarNode and counts.get(k.value, 0) > 1)
            stack.extend(v for _, v in pairs if v.__class__ is not ScalarNode)
        elif cls is SequenceNode:
            stack.extend(v for v in node.value if v.__class__ is not ScalarNode)
    return found


def touches(diag: Diagnostic, entries: Sequence[Tuple[int, int]]) -> bool:
    """Whether the finding, or an edit of its fix, lies within one of ``entries``."""
    spans = [diag.span] + ([e.span for e in diag.fix.edits] if diag.fix is not None else [])
    return any(start <= span.end and span.start <= end
               for span in spans for start, end in entries)
