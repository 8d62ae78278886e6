"""One pass over a file's YAML documents: each is composed, located and checked, then let go.

A document's nodes take about a hundred times the memory of its text, so a file of many
documents is never held whole: only what later stages read is kept (what the adapters found,
the suppression annotations, the duplicate keys). Two things need more than one document:

- ``envFrom``, ``configMapKeyRef`` and ``--config-file`` read ConfigMaps of the same file,
  wherever they stand in it. A document whose adapters look a ConfigMap up at all is located
  again once the whole file is read, with all its ConfigMaps; the others cannot depend on them.
  A ConfigMap is kept by its name and place in the text, and composed again when looked up.
  Likewise a document whose adapters look at the file's other documents (a Helm release's
  chart source or chart config): it is located again with all of them, composed once more for
  that (such files are small).
- duplicate keys (ETCD212) are reported in every document of a file that configures etcd,
  which is known only at the end: documents are held (up to ``HOLD_CHARS`` characters of
  text) until then or until etcd is found, and checked as they go beyond that.

The garbage collector is held off meanwhile: composition allocates millions of objects and no
reference cycle, and each collection would scan every live node again.
"""

from __future__ import annotations

import gc
from functools import wraps
from typing import Any, Callable, Iterable, List, Optional, Sequence, Tuple

from ruamel.yaml.nodes import Node

from etcdlint.engine.judgement import FileJudgement
from etcdlint.model import Diagnostic, EtcdConfig
from etcdlint.records import field, record
from etcdlint.sources import FileContext, Found, adapters_for
from etcdlint.text.compose import ParseFailure, compose_document_at, iter_documents
from etcdlint.text.sidefile import NO_SIDE_FILES
from etcdlint.text.yamlnodes import map_get, scalar_str

HOLD_CHARS = 32 * 1024

DocumentCheck = Callable[[str, List[Node]], Iterable[Diagnostic]]


@record(frozen=False)
class FileDocuments:
    """What the later stages read of a file's documents."""

    # Adapters' results, in document order (empty when a ``FileJudgement`` took them).
    found: List[Found] = field(default_factory=list)
    # What the document checks found, when the file configures etcd (ETCD212).
    document_findings: List[Diagnostic] = field(default_factory=list)
    annotations: list = field(default_factory=list)  # suppressions in annotations
    failure: Optional[ParseFailure] = None
    documents: Optional[List[Node]] = None  # all of them, when asked to keep them


class _Place(tuple):
    """Where a ConfigMap's document is in the text: (start, end, line of start)."""

    __slots__ = ()


class _WatchedConfigMaps(dict):
    """The ConfigMaps read so far ((namespace, name) -> ``data``, ``sources.envvars``), noting
    whether an adapter looked one up.

    A ConfigMap is kept by its key and its document's place in ``text``, not by its nodes
    (most are never looked up, and their data nodes took about 8 KB each for 570 bytes of
    text): the first lookup composes its document again, places its nodes where they are in
    the file, and keeps its ``data``. Each document is thus composed at most twice. Without
    ``text`` (the documents are all kept anyway), or in a stream with directives, or for a
    document that does not start a line, the ``data`` node itself is kept.
    """

    looked = False

    def __init__(self, text: Optional[str] = None):
        super().__init__()
        self.text = text if text is not None and not _has_directives(text) else None

    def index(self, kind: Optional[str], doc: Node) -> None:
        """Add ``doc`` when it is a ConfigMap with a name (the last of a namespace and name
        wins), as ``sources.index_configmap`` does."""
        if kind != "ConfigMap":
            return
        from etcdlint.sources.envvars import configmap_data

        named = configmap_data(doc)
        if named is None:
            return
        start = doc.start_mark
        if self.text is not None and start.column == 0:
            dict.__setitem__(self, named[0], _Place((start.index, doc.end_mark.index,
                                                      start.line)))
        else:
            dict.__setitem__(self, *named)

    def get(self, key, default=None):
        self.looked = True
        value = dict.get(self, key, default)
        return self._composed(key, value) if value.__class__ is _Place else value

    def __contains__(self, key) -> bool:
        self.looked = True
        return dict.__contains__(self, key)

    def __getitem__(self, key):
        self.looked = True
        value = dict.__getitem__(self, key)
        return self._composed(key, value) if value.__class__ is _Place else value

    def _composed(self, key: tuple, place: _Place) -> Optional[Node]:
        from etcdlint.sources.envvars import configmap_data

        doc = compose_document_at(self.text, *place)
        named = configmap_data(doc) if doc is not None else None
        if named is None or named[0] != key:  # (not what it was: as if never read)
            dict.__delitem__(self, key)
            return None
        dict.__setitem__(self, key, named[1])
        return named[1]


def _has_directives(text: str) -> bool:
    """Whether a line of ``text`` starts with ``%`` (a directive, such as ``%TAG``, changes
    how the documents after it read: they are not composed apart)."""
    return text.startswith("%") or "\n%" in text or "\r%" in text


class _WatchedDocuments(list):
    """The file's documents (none while they are read one at a time), noting whether an
    adapter looked at them."""

    looked = False

    def __iter__(self):
        self.looked = True
        return list.__iter__(self)

    def __getitem__(self, index):
        self.looked = True
        return list.__getitem__(self, index)

    def __len__(self) -> int:
        self.looked = True
        return list.__len__(self)


def collector_held(function):
    """``function``, run with the garbage collector off (on again after, if it was): what a
    file's lint and a run's end allocate is mostly kept, and freed by reference counts."""

    @wraps(function)
    def held(*args, **kwargs):
        if not gc.isenabled():
            return function(*args, **kwargs)
        gc.disable()
        try:
            return function(*args, **kwargs)
        finally:
            gc.enable()

    return held


@collector_held
def read_documents(path: str, text: str, keep: bool = False,
                   values_chart: Optional[str] = None,
                   judgement: Optional[FileJudgement] = None,
                   document_checks: Sequence[DocumentCheck] = (),
                   side_files: Any = NO_SIDE_FILES) -> FileDocuments:
    """The documents of ``text``, read one at a time. Each document's adapter results go to
    ``judgement`` as soon as they are final (its caller finishes it); without one, they are
    kept in ``found``. ``document_checks`` read the nodes of the documents of a file that
    configures etcd (while they are held)."""
    from etcdlint.engine.suppress import annotation_directives

    out = FileDocuments(documents=[] if keep else None)
    configmaps = _WatchedConfigMaps(None if keep else text)
    documents = _WatchedDocuments()
    ctx = FileContext(path, text, documents, configmaps, values_chart=values_chart,
                      side_files=side_files)
    collected = judgement if judgement is not None else FileJudgement(_as_found, 1)
    deferred: List[Tuple[Tuple[int, ...], Node]] = []
    held: List[Node] = []
    held_chars = 0
    has_etcd = False
    failures: List[ParseFailure] = []
    needs_documents = False
    for doc in iter_documents(text, failures):
        if keep:
            out.documents.append(doc)
        kind = scalar_str(map_get(doc, "kind"))
        configmaps.index(kind, doc)
        configmaps.looked = documents.looked = False
        found = [item for adapter in adapters_for(kind) for item in adapter(doc, ctx)]
        if configmaps.looked or documents.looked:
            needs_documents = needs_documents or documents.looked
            deferred.append((collected.hold(), doc))
        else:
            has_etcd = has_etcd or any(isinstance(f, EtcdConfig) for f in found)
            collected.take(found)
        out.annotations.extend(annotation_directives([doc], text))
        held.append(doc)
        held_chars += doc.end_mark.index - doc.start_mark.index
        if has_etcd or held_chars > HOLD_CHARS:
            _check(out, document_checks, path, held)
            held, held_chars = [], 0
    if needs_documents:
        ctx.documents = list(iter_documents(text, []))
    for place, doc in deferred:
        kind = scalar_str(map_get(doc, "kind"))
        found = [item for adapter in adapters_for(kind) for item in adapter(doc, ctx)]
        has_etcd = has_etcd or any(isinstance(f, EtcdConfig) for f in found)
        collected.take_held(place, found)
    if has_etcd:
        _check(out, document_checks, path, held)
    else:
        out.document_findings = []
    if judgement is None:
        out.found = collected.finish()[0]
    out.failure = failures[0] if failures else None
    return out


def _check(out: FileDocuments, checks: Sequence[DocumentCheck], path: str,
           documents: List[Node]) -> None:
    for check in checks:
        out.document_findings.extend(check(path, documents))


def _as_found(found: List[Found]) -> Tuple[List[Found]]:
    return (found,)
