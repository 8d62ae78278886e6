"""YAML inside a YAML string (kind ``kubeadmConfigPatches``, ConfigMap data files): parse
it, and map every position found inside back to the outer file."""

from __future__ import annotations

from typing import Callable, Iterator, List, Tuple, TypeVar

from ruamel.yaml.nodes import Node, ScalarNode

from etcdlint.model import Span
from etcdlint.records import fields, is_record, replace
from etcdlint.sources import FileContext, Found
from etcdlint.text.tokens import Token
from etcdlint.text.compose import compose_documents
from etcdlint.text.yamlnodes import scalar_token

T = TypeVar("T")


def inner_documents(node: ScalarNode, ctx: FileContext) -> Tuple[List[Node], FileContext, Callable[[Span], Span]]:
    """The documents of a string scalar, a context for them, and an inner->outer span map."""
    token = scalar_token(node, ctx.text)
    docs, failure = compose_documents(token.text)
    if failure is not None:
        docs = []
    inner = FileContext(ctx.path, token.text, docs, side_files=ctx.side_files)
    return docs, inner, _mapper(token)


def _mapper(token: Token) -> Callable[[Span], Span]:
    n = len(token.text)

    def outer(offset: int, is_end: bool) -> int:
        if n == 0:
            return token.span.start
        if is_end:
            return token.ends[offset - 1] if offset > 0 else token.starts[0]
        return token.starts[offset] if offset < n else token.ends[n - 1]

    def to_outer(span: Span) -> Span:
        start = outer(span.start, False)
        end = max(start, outer(span.end, True)) if span.end > span.start else start
        return Span(start, end)

    return to_outer


def remap(found: T, to_outer: Callable[[Span], Span]) -> T:
    """A copy of ``found`` with every Span (and Token position) mapped to the outer file."""
    return _remap(found, to_outer)


def _remap(value, fn):
    if isinstance(value, Span):
        return fn(value)
    if isinstance(value, Token):
        starts = tuple(fn(Span(s, s + 1)).start for s in value.starts)
        ends = tuple(fn(Span(e - 1, e)).end for e in value.ends)
        return Token(value.text, fn(value.span), starts, ends, value.dynamic)
    if isinstance(value, tuple):
        return tuple(_remap(v, fn) for v in value)
    if isinstance(value, list):
        return [_remap(v, fn) for v in value]
    if isinstance(value, dict):
        return {k: _remap(v, fn) for k, v in value.items()}
    if is_record(value):
        changes = {name: _remap(getattr(value, name), fn) for name in fields(value)}
        return replace(value, **changes)
    return value


def located_inside(node: ScalarNode, ctx: FileContext,
                   adapter: Callable[[Node, FileContext], Iterator[Found]]) -> Iterator[Found]:
    """Run ``adapter`` on each document of the string ``node``, positions mapped outward."""
    docs, inner, to_outer = inner_documents(node, ctx)
    for doc in docs:
        for found in adapter(doc, inner):
            yield replace(remap(found, to_outer), path=ctx.path)
