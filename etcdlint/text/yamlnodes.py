"""YAML composition with positions, and small helpers to walk the node graph."""

from __future__ import annotations

import re
from typing import Iterator, List, Optional, Sequence, Tuple

from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from etcdlint.records import record
from etcdlint.text.aliases import EXCESSIVE, RECURSIVE, alias_problem, may_have_aliases
from etcdlint.text.nesting import C_SAFE_DEPTH, MAX_DEPTH, depth_bound, too_deep
from etcdlint.text.span import Span
from etcdlint.text.tokens import Token, align, coarse_token, exact_token

MERGE_TAG = "tag:yaml.org,2002:merge"
NULL_TAG = "tag:yaml.org,2002:null"
STR_TAG = "tag:yaml.org,2002:str"


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


_NULLS = frozenset(("", "~", "null", "Null", "NULL"))
_BOOLS = frozenset(("true", "True", "TRUE", "false", "False", "FALSE"))
_INT = re.compile(r"^(?:[-+]?0b[0-1_]+|[-+]?0o?[0-7_]+|[-+]?[0-9_]+|[-+]?0x[0-9a-fA-F_]+)$")
_FLOAT = re.compile(
    r"^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+]?[0-9]+)?|[-+]?(?:[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)"
    r"|\.[0-9_]+(?:[eE][-+][0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$")


_NUMBER_START = frozenset("-+0123456789._")  # how every int and float starts
_NUMBER_SECOND = frozenset("0123456789._")  # after "-": -1, -0x1F, -1.5, -.inf, -_1


def scalar_kind(node: ScalarNode) -> str:
    """The YAML 1.2 type of a scalar: "str", "null", "bool", "int" or "float" (or the name of
    an explicit tag)."""
    tag = node.tag
    if tag != STR_TAG:
        return tag.rsplit(":", 1)[-1]
    if node.style:
        return "str"
    value = node.value
    if value in _NULLS:
        return "null"
    if value in _BOOLS:
        return "bool"
    if value[0] not in _NUMBER_START or value[0] == "-" and value[1:2] not in _NUMBER_SECOND:
        return "str"  # a name or a flag: no int or float starts like that
    if _INT.match(value):
        return "int"
    if _FLOAT.match(value):
        return "float"
    return "str"


def is_null(node: Node) -> bool:
    return isinstance(node, ScalarNode) and not node.style and node.tag == STR_TAG \
        and node.value in _NULLS or (isinstance(node, ScalarNode) and node.tag == NULL_TAG)


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
    one (see ``etcdlint.text.nesting``). A text the C composer refuses only for a ``:`` inside
    a plain scalar of a flow collection goes to the pure one too (see ``_colon_in_flow``),
    which carries on after the documents already yielded.
    """
    bound = depth_bound(text)
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


def node_span(node: Node) -> Span:
    return Span(node.start_mark.index, node.end_mark.index)


def is_map(node: object) -> bool:
    return isinstance(node, MappingNode)


def is_seq(node: object) -> bool:
    return isinstance(node, SequenceNode)


def is_scalar(node: object) -> bool:
    return isinstance(node, ScalarNode)


def map_items(node: Node) -> List[Tuple[Node, Node]]:
    """Key/value pairs of a mapping with ``<<`` merges applied (own keys win; last wins).

    Each merged node is flattened once per call, so merge "bombs" stay linear; merges of
    merges are followed with a stack of our own, so a chain of them, however long, does not
    reach Python's recursion limit.
    """
    if not isinstance(node, MappingNode):
        return []
    if not _has_merge(node):
        return node.value
    seen = {id(node)}
    # each frame: the mapping, its pairs still to read, the merge sources still to read,
    # the pairs merged into it so far, its own pairs
    stack = [[node, iter(node.value), None, [], []]]
    while True:
        frame = stack[-1]
        _, pairs, sources, merged, own = frame
        child = None
        while child is None:
            if sources is not None:
                src = next(sources, None)
                if src is None:
                    sources = frame[2] = None
                elif id(src) in seen or not isinstance(src, MappingNode):
                    pass
                elif not _has_merge(src):
                    merged.extend(src.value)
                else:
                    seen.add(id(src))
                    child = src
                continue
            pair = next(pairs, None)
            if pair is None:
                break
            key, value = pair
            if is_merge_key(key):
                sources = frame[2] = iter(value.value if isinstance(value, SequenceNode)
                                          else [value])
            else:
                own.append(pair)
        if child is not None:
            stack.append([child, iter(child.value), None, [], []])
            continue
        stack.pop()
        items = _merged_with_own(merged, own)
        if not stack:
            return items
        stack[-1][3].extend(items)


def _merged_with_own(merged: List[Tuple[Node, Node]],
                     own: List[Tuple[Node, Node]]) -> List[Tuple[Node, Node]]:
    if not merged:
        return own
    keys = {k.value for k, _ in own if isinstance(k, ScalarNode)}
    return [(k, v) for k, v in merged if not (isinstance(k, ScalarNode) and k.value in keys)] + own


def is_merge_key(key: Node) -> bool:
    """``<<`` written plain (or tagged ``!!merge``): a merge key."""
    return isinstance(key, ScalarNode) and key.value == "<<" and (
        (not key.style and key.tag == STR_TAG) or key.tag == MERGE_TAG)


def mappings_with_duplicate_keys(documents: Sequence[Node]) -> Iterator[list]:
    """The ``(key, value)`` pairs of every mapping under ``documents`` (each node visited
    once, aliases included) that gives a scalar key other than the merge key ``<<`` twice."""
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
                keys = [k.value for k, _ in pairs
                        if k.__class__ is ScalarNode and not is_merge_key(k)]
                if len(keys) != len(set(keys)):
                    yield pairs
            stack.extend(v for _, v in pairs if v.__class__ is not ScalarNode)
        elif cls is SequenceNode:
            stack.extend(v for v in node.value if v.__class__ is not ScalarNode)


def _has_merge(node: MappingNode) -> bool:
    for key, _ in node.value:
        if key.value == "<<" and is_merge_key(key):
            return True
    return False


def map_get(node: Optional[Node], key: str) -> Optional[Node]:
    """The value under ``key`` (the last one when a key repeats), or None."""
    if not isinstance(node, MappingNode):
        return None
    found = None
    for k, v in (node.value if not _has_merge(node) else map_items(node)):
        if k.value == key and isinstance(k, ScalarNode):
            found = v
    return found


def map_get_pair(node: Optional[Node], key: str) -> Optional[Tuple[Node, Node]]:
    found = None
    for k, v in map_items(node) if node is not None else ():
        if isinstance(k, ScalarNode) and k.value == key:
            found = (k, v)
    return found


def get_path(node: Optional[Node], *keys: str) -> Optional[Node]:
    for key in keys:
        node = map_get(node, key)
        if node is None:
            return None
    return node


def seq_items(node: Optional[Node]) -> List[Node]:
    return list(node.value) if isinstance(node, SequenceNode) else []


def scalar_str(node: Optional[Node]) -> Optional[str]:
    """The text of a scalar (null becomes None); None for non-scalars."""
    if not isinstance(node, ScalarNode):
        return None
    if node.value in _NULLS and is_null(node):
        return None
    return node.value


def scalar_token(node: ScalarNode, text: str) -> Token:
    """A token for a scalar, each character placed in the source when possible."""
    value = "" if node.value in _NULLS and is_null(node) else node.value
    span = node_span(node)
    source = text[span.start:span.end]
    style = node.style
    if style in (None, "") and source == value:
        return exact_token(value, span.start)
    if style in ("'", '"') and source[1:-1] == value:
        return Token(value, span, base=span.start + 1)
    placed = align(value, source, span.start, skip_header=style in ("|", ">"))
    if placed is None:
        return coarse_token(value, span)
    return Token(value, span, placed[0], placed[1])
