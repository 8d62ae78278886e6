"""A verdict on a batch of fixes, document by document.

The fixes of a round are applied together and the fixed text linted once. Where the file has
the same number of documents before and after, each document is judged on its own: it may
show no finding the original document did not have (the fixed ones aside) and must load to
the same data except around the settings fixed in it. A failure that cannot be pinned to the
fixes of one document (the text no longer parses, a document without fixes changed, an edit
reaching past its document) is reported for the whole batch. This is what keeps ``--fix``
linear when many fixes are refused: one lint judges every document's fixes at once.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from typing import Dict, List, Optional, Sequence

from etcdlint.records import field, record
from etcdlint.fixing.verify import (MAX_NODES, TooBig, document_alike, fixed_words,
                                    new_findings, same_documents)
from etcdlint.model import Diagnostic


@record
class Verdict:
    problem: Optional[str] = None  # a failure of the batch as a whole
    by_document: Dict[int, str] = field(default_factory=dict)  # document -> why it failed
    document_of: List[int] = field(default_factory=list)  # each applied fix's document

    @property
    def ok(self) -> bool:
        return self.problem is None and not self.by_document


def judge(text: str, new_text: str, before, after, applied: Sequence[Diagnostic]) -> Verdict:
    """The verdict on ``applied`` (fixes of ``before``, a FileResult of ``text``), whose text
    ``new_text`` linted as ``after``."""
    if any(d.rule == "ETCD000" for d in after.diagnostics) and \
            not any(d.rule == "ETCD000" for d in before.diagnostics):
        return Verdict("the fixed text would not parse")
    old_docs, new_docs = before.documents, after.documents
    if not old_docs or not new_docs or len(old_docs) != len(new_docs):
        return Verdict(_whole(text, new_text, before, after, applied))
    old_at, new_at = _locator(old_docs), _locator(new_docs)
    document_of = [old_at(d.span.start) for d in applied]
    for diag, doc in zip(applied, document_of):
        if any(old_at(e.span.start) != doc or old_at(e.span.end) != doc for e in diag.fix.edits):
            return Verdict(_whole(text, new_text, before, after, applied))  # spans documents
    allowed = Counter((old_at(d.span.start), d.rule) for d in before.diagnostics)
    allowed.subtract(Counter((doc, d.rule) for d, doc in zip(applied, document_of)))
    added: Dict[int, set] = {}
    for (doc, code), n in Counter((new_at(d.span.start), d.rule)
                                  for d in after.diagnostics).items():
        if n > max(allowed.get((doc, code), 0), 0):
            added.setdefault(doc, set()).add(code)
    names: Dict[int, set] = {}
    for diag, doc in zip(applied, document_of):
        names.setdefault(doc, set()).update(diag.fix.names)
    reasons = {doc: f"it would add {', '.join(sorted(codes))}" for doc, codes in added.items()}
    budget = [MAX_NODES]
    try:
        for doc, (old, new) in enumerate(zip(old_docs, new_docs)):
            if doc in reasons:
                continue
            if not document_alike(old, new, fixed_words(names.get(doc, ())), budget):
                reasons[doc] = "the fixed text changes more than the fixed settings"
    except TooBig:
        return Verdict("the file is too large to verify a fix on")
    unexplained = sorted(set(reasons) - set(document_of))
    if unexplained:  # a document without fixes changed: the batch is to blame, not one document
        return Verdict(reasons[unexplained[0]])
    return Verdict(None, reasons, document_of)


def _locator(documents):
    """Offset -> index of the document it lies in (text before the first one: the first)."""
    starts = [0] + [doc.start_mark.index for doc in documents[1:]]

    def at(offset: int) -> int:
        return max(bisect_right(starts, offset) - 1, 0)
    return at


def _whole(text: str, new_text: str, before, after, applied) -> Optional[str]:
    extra = new_findings(before.diagnostics, after.diagnostics, applied)
    if extra:
        return f"it would add {', '.join(extra)}"
    names = {name for diag in applied for name in diag.fix.names}
    return same_documents(text, new_text, names, before.documents, after.documents)
