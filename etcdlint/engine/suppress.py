"""Inline suppressions and the ``etcdlint.io/ignore`` annotation.

``# etcdlint: disable=ETCD002,ETCD005 -- reason`` on a line, ``# etcdlint: disable-next-line=…``
above it, ``# etcdlint: disable-file`` (all rules, or ``=codes``) anywhere in the file, and
``metadata.annotations["etcdlint.io/ignore"]: "ETCD002,ETCD005 -- reason"`` on an object
(for generated YAML that loses comments). Rules never see any of this.
"""

from __future__ import annotations

from bisect import bisect_right
from typing import Callable, Iterable, List, Optional, Sequence, Set, Tuple

from ruamel.yaml.nodes import Node

from etcdlint.records import field, record
from etcdlint.model import Diagnostic, Span
from etcdlint.text.lazy_regex import lazy
from etcdlint.text.textfile import LineIndex
from etcdlint.text.yamlnodes import get_path, node_span, scalar_str, scalar_token

ANNOTATION = "etcdlint.io/ignore"
_DIRECTIVE = lazy(
    r"(?:^|[ \t])#[ \t]*etcdlint:[ \t]*(disable-next-line|disable-file|disable)\b"
    r"(?:[ \t]*=[ \t]*([A-Za-z0-9_, \t]*?))?[ \t]*(?:--[ \t]*(.*?))?[ \t]*$")
_CODE = lazy(r"[A-Za-z0-9_]+")


@record(frozen=False)
class Suppression:
    kind: str  # "line", "file", "annotation"
    codes: Optional[Tuple[str, ...]]  # None: every rule
    span: Span  # where the directive itself is
    code_spans: Tuple[Tuple[str, Span], ...] = ()
    lines: Optional[Tuple[int, int]] = None  # 1-based inclusive range it covers
    region: Optional[Span] = None  # for annotations: the object's span
    used: Set[str] = field(default_factory=set)

    def covers(self, diag: Diagnostic, line: int) -> bool:
        if self.codes is not None and diag.rule not in self.codes:
            return False
        if self.kind == "file":
            return True
        if self.kind == "annotation":
            return self.region is not None and self.region.start <= diag.span.start < self.region.end
        return self.lines is not None and self.lines[0] <= line <= self.lines[1]


def comment_directives(text: str, index: LineIndex) -> List[Suppression]:
    found: List[Suppression] = []
    if "etcdlint:" not in text:
        return found
    for number in range(1, index.line_count + 1):
        start, end = index.line_span(number)
        line = text[start:end].rstrip("\r\n")
        if "etcdlint:" not in line:
            continue
        match = _DIRECTIVE.search(line)
        if match is None:
            continue
        kind, codes_text = match.group(1), match.group(2)
        hash_at = line.index("#", match.start())
        span = Span(start + hash_at, start + len(line))
        codes, code_spans = _codes(codes_text, start + (match.start(2) if codes_text else 0))
        if kind == "disable-file":
            found.append(Suppression("file", codes, span, code_spans))
        elif kind == "disable":
            found.append(Suppression("line", codes, span, code_spans, lines=(number, number)))
        else:
            found.append(Suppression("line", codes, span, code_spans, lines=(number + 1, number + 1)))
    return found


def _codes(text: Optional[str], offset: int):
    if text is None or not text.strip():
        return None, ()
    spans = _code_spans(text, lambda start, end: Span(offset + start, offset + end))
    return tuple(code for code, _ in spans), spans


def _code_spans(text: str, to_span: Callable[[int, int], Span]) -> Tuple[Tuple[str, Span], ...]:
    """Each word of ``text`` that can be a rule code, with its span in the file."""
    return tuple((m.group(), to_span(m.start(), m.end())) for m in _CODE.finditer(text))


def annotation_directives(documents: Sequence[Node], text: str) -> List[Suppression]:
    found: List[Suppression] = []
    for doc in documents:
        for obj in _objects(doc):
            node = get_path(obj, "metadata", "annotations", ANNOTATION)
            value = scalar_str(node)
            if value is None:
                continue
            spans = _code_spans(value.split("--", 1)[0], scalar_token(node, text).sub_span)
            found.append(Suppression("annotation", tuple(code for code, _ in spans) or None,
                                     node_span(node), spans, region=node_span(obj)))
    return found


def _objects(doc: Node, depth: int = 0) -> Iterable[Node]:
    yield doc
    items = get_path(doc, "items")
    if items is not None and depth < 4 and hasattr(items, "value") and isinstance(items.value, list):
        for item in items.value:
            yield from _objects(item, depth + 1)


def apply(diagnostics: List[Diagnostic], suppressions: List[Suppression],
          index: LineIndex) -> List[Diagnostic]:
    """The diagnostics no suppression covers; marks the suppressions that were used."""
    if not suppressions:
        return diagnostics
    kept = []
    candidates = candidates_for(suppressions)
    for diag in diagnostics:
        line = index.position(diag.span.start).line
        hit = False
        for i in candidates(line, diag.span.start):
            sup = suppressions[i]
            if sup.covers(diag, line):
                sup.used.add(diag.rule)
                hit = True
        if not hit:
            kept.append(diag)
    return kept


def candidates_for(sups: Sequence[Suppression]) -> Callable[[int, int], List[int]]:
    """(line, offset) -> the indexes of the suppressions that may cover a finding there: those
    of that line, those of the whole file, the annotations of the objects around it. A file's
    findings are matched in one pass, not each against every suppression."""
    by_line: dict = {}
    everywhere: List[int] = []
    for i, sup in enumerate(sups):
        if sup.kind == "file":
            everywhere.append(i)
        elif sup.kind == "line" and sup.lines is not None:
            for line in range(sup.lines[0], sup.lines[1] + 1):
                by_line.setdefault(line, []).append(i)
    around = _enclosing_annotations(sups)

    def candidates(line: int, offset: int) -> List[int]:
        return by_line.get(line, []) + everywhere + around(offset)
    return candidates


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

