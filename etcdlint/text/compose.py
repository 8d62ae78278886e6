"""YAML composition with positions and limits: a stream's documents one at a time, with
ruamel.yaml's C composer where it can (its pure one where it cannot), never deeper than
``MAX_DEPTH`` levels, without the aliases YAML readers refuse (``etcdlint.text.aliases``);
the problem that ends a stream early, as a ``ParseFailure``. Every YAML text etcdlint reads
is composed here."""

from __future__ import annotations

from typing import Iterator, List, Optional, Tuple

from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from etcdlint.records import record
from etcdlint.text.aliases import EXCESSIVE, RECURSIVE, alias_problem, may_have_aliases
from etcdlint.text.nesting import C_SAFE_DEPTH, MAX_DEPTH, depth_bound, event_depth, too_deep


@record
class ParseFailure:
    message: str
    offset: Optional[int]  # code-point offset of the problem, when the parser gave one
    line: Optional[int] = None  # 0-based, when only line/column are known
    column: Optional[int] = None
    invalid: bool = True  # False: valid YAML that etcdlint does not read (nested too deeply)
    brief: str = ""  # the problem alone, without what it means for the stream


_C_LOADER: Optional[type] = None


def _c_loader() -> Optional[type]:
    """ruamel.yaml's C base loader, with the per-node resolver calls made constant (None when
    the C extension is unavailable).

    The base resolver has no implicit and no path resolvers, so its ``resolve`` always ends
    in the default tag for the node's kind and ``descend``/``ascend_resolver`` do nothing;
    the C composer still calls these Python methods for every node.
    """
    global _C_LOADER
    if _C_LOADER is None:
        try:
            from ruamel.yaml.cyaml import CBaseLoader
        except ImportError:  # pragma: no cover - C extension unavailable
            return None
        tags = {ScalarNode: CBaseLoader.DEFAULT_SCALAR_TAG,
                SequenceNode: CBaseLoader.DEFAULT_SEQUENCE_TAG,
                MappingNode: CBaseLoader.DEFAULT_MAPPING_TAG}
        if CBaseLoader.yaml_implicit_resolvers or CBaseLoader.yaml_path_resolvers:
            _C_LOADER = CBaseLoader  # pragma: no cover - someone registered resolvers
        else:
            _C_LOADER = type("ConstantTagCLoader", (CBaseLoader,), {
                "resolve": lambda self, kind, value, implicit: tags[kind],
                "descend_resolver": lambda self, node, index: None,
                "ascend_resolver": lambda self: None,
            })
    return _C_LOADER


def _compose_all(text: str, pure: bool) -> Iterator[Node]:
    """Compose with ruamel.yaml's C parser (its pure-Python one when asked or missing).

    The *base* loaders resolve no implicit tags: every plain scalar is a string, which is
    several times faster than the versioned resolver; ``scalar_kind`` resolves the few
    plain scalars whose YAML type matters, the way YAML 1.2 does.
    """
    loader_class = None if pure else _c_loader()
    if loader_class is None:
        from ruamel.yaml.loader import BaseLoader as loader_class
    loader = loader_class(text)
    if pure:  # (the C composer has no such limit: the text was measured before it got here)
        loader.max_depth = MAX_DEPTH
    if pure and not hasattr(loader, "doc_infos"):
        try:  # (the pure scanner of recent ruamel.yaml records %YAML and %TAG there)
            from ruamel.yaml.docinfo import DocInfo
        except ImportError:  # pragma: no cover - older ruamel.yaml: nothing to set
            pass
        else:
            loader.doc_infos = [DocInfo()]
    try:
        while loader.check_node():
            yield loader.get_node()
    finally:
        dispose = getattr(loader, "dispose", None)
        if dispose is not None:
            dispose()


NOT_READ = "this document and those after it are not read"
DEEP = f"nesting deeper than {MAX_DEPTH} levels"
TOO_DEEP = f"{DEEP}: {NOT_READ}"
ALIAS_PROBLEMS = {
    RECURSIVE: "an alias inside the value of its own anchor (YAML readers refuse it: "
               "\"anchor value contains itself\")",
    EXCESSIVE: "aliases that expand to far more data than the document holds (YAML readers "
               "refuse it: \"document contains excessive aliasing\")",
}
EXPANDED_TOO_DEEP = f"aliases that nest deeper than {MAX_DEPTH} levels once expanded"


def what_fails(failure: ParseFailure) -> str:
    """What a text that failed to compose is, for a note: "is not valid YAML", or what it
    holds that etcdlint does not read."""
    return "is not valid YAML" if failure.invalid else f"holds {failure.brief}"


def _too_deep(mark) -> ParseFailure:
    return ParseFailure(TOO_DEEP, None, mark.line, mark.column, invalid=False, brief=DEEP)


def _alias_failure(what: str, where: Node) -> ParseFailure:
    brief = ALIAS_PROBLEMS.get(what, EXPANDED_TOO_DEEP)
    mark = where.start_mark
    return ParseFailure(f"{brief}: {NOT_READ}", None, mark.line, mark.column, invalid=False,
                        brief=brief)


def iter_documents(text: str, failures: List[ParseFailure], expanded: bool = False
                   ) -> Iterator[Node]:
    """Compose the documents of a stream one at a time (empty ones are skipped). The problem
    that ends the stream early, if any, is appended to ``failures``; the documents before it
    have been yielded.

    Every YAML text etcdlint reads comes through here, with the same limits: nesting (below)
    and aliases (``etcdlint.text.aliases``: a document with an alias YAML readers refuse ends
    the stream). ``expanded``: the documents will be expanded as data (a Kustomize build), so
    the depth their aliases reach counts too.

    A text that could nest deeper than ``MAX_DEPTH`` levels has each document measured before
    it is yielded; one that could nest deeper than the C composer can take goes to the pure
    one (see ``etcdlint.text.nesting``): a text whose brackets alone pass that depth (JSON of
    many small objects) has its depth measured by the C event parser first. A text the C
    composer refuses only for a ``:`` inside a plain scalar of a flow collection goes to the
    pure one too (see ``_colon_in_flow``), which carries on after the documents already
    yielded.
    """
    bound = depth_bound(text)
    if bound > C_SAFE_DEPTH:  # (brackets alone may say so: measure it)
        exact = event_depth(text, C_SAFE_DEPTH)
        if exact is not None and exact <= C_SAFE_DEPTH:
            bound = exact
    pure = bound > C_SAFE_DEPTH
    aliases = may_have_aliases(text)
    composed = 0  # documents taken from the composer so far (empty ones included)
    while True:
        try:
            for index, doc in enumerate(_compose_all(text, pure)):
                if index < composed:
                    continue  # (yielded before the C composer stopped)
                composed += 1
                if doc is None:
                    continue
                if bound > MAX_DEPTH:
                    deep = too_deep(doc)
                    if deep is not None:
                        failures.append(_too_deep(deep.start_mark))
                        return
                if aliases and text.find("&", doc.start_mark.index, doc.end_mark.index) >= 0:
                    # (an alias names an anchor of its own document)
                    problem = alias_problem(doc, expanded)
                    if problem is not None:
                        failures.append(_alias_failure(*problem))
                        return
                yield doc
            return
        except MarkedYAMLError as exc:
            if not pure and _colon_in_flow(exc):
                pure = True  # (the pure composer keeps ``max_depth`` and the checks above)
                continue
            failures.append(_failure(exc))
        except RecursionError:  # pragma: no cover - an older pure composer without max_depth
            failures.append(ParseFailure(TOO_DEEP, None, invalid=False, brief=DEEP))
        except YAMLError as exc:
            failures.append(ParseFailure(str(exc).splitlines()[0] if str(exc) else "invalid YAML",
                                         None))
        return


def _colon_in_flow(exc: MarkedYAMLError) -> bool:
    """The C scanner's refusal of a ``:`` not followed by a blank inside a plain scalar of a
    flow collection (``[etcd, --listen-client-urls=http://0.0.0.0:2379]``).

    libyaml as bundled in ruamel.yaml.clib 0.2.15 follows YAML 1.1 there; YAML 1.2 and the
    parsers that read these files for real take the ``:`` as part of the scalar: go-yaml,
    under kubectl (sigs.k8s.io/yaml) and compose-go, ends a plain scalar at ``:`` only before
    a blank (gopkg.in/yaml.v2 ``scannerc.go``, ``yaml_parser_scan_plain_scalar``, as vendored
    in kubernetes/kubernetes), and so does ruamel.yaml's pure scanner (0.19.1, ``scanner.py``,
    ``scan_plain``). One case still differs: a ``:`` right before ``,``, ``]`` or ``}`` (``[a:,
    b]``) ends the scalar for ruamel.yaml (a key with an empty value) but not for go-yaml v2
    (the string ``a:``).
    """
    return exc.problem == "found unexpected ':'" and \
        exc.context == "while scanning a plain scalar"


def _failure(exc: MarkedYAMLError) -> ParseFailure:
    mark = exc.problem_mark or exc.context_mark
    if type(exc).__name__ == "MaxDepthExceededError" and mark is not None:
        return _too_deep(mark)  # (the pure composer's own limit, ``max_depth``)
    problem = exc.problem or exc.context or "invalid YAML"
    if exc.context and exc.problem:
        problem = f"{exc.problem} ({exc.context})"
    if mark is None:
        return ParseFailure(problem, None)
    return ParseFailure(problem, None, mark.line, mark.column)


def compose_documents(text: str, expanded: bool = False
                      ) -> Tuple[List[Node], Optional[ParseFailure]]:
    """Compose every document of a stream; on error, keep the documents before it (see
    ``iter_documents`` for the limits and ``expanded``)."""
    failures: List[ParseFailure] = []
    docs = list(iter_documents(text, failures, expanded))
    return docs, failures[0] if failures else None


def compose_document_at(text: str, start: int, end: int, line: int) -> Optional[Node]:
    """The document ``text[start:end]`` composed again alone, every node's marks placed where
    they are in ``text`` (``start`` begins line ``line``, 0-based: columns are unchanged);
    None when it does not compose to one document. It costs what composing that document did,
    with its limits; the caller vouches that the span was one document of a stream without
    directives (``%YAML``, ``%TAG``), composed before."""
    from etcdlint.text.marks import shift_marks

    docs, failure = compose_documents(text[start:end])
    if failure is not None or len(docs) != 1:
        return None
    shift_marks(docs, start, line)
    return docs[0]
