"""Inline suppressions and the ``etcdlint.io/ignore`` annotation.

``# etcdlint: disable=ETCD002,ETCD005 -- reason`` on a line, ``# etcdlint: disable-next-line=…``
above it, ``# etcdlint: disable-file`` (all rules, or ``=codes``) anywhere in the file, and
``metadata.annotations["etcdlint.io/ignore"]: "ETCD002,ETCD005 -- reason"`` on an object
(for generated YAML that loses comments). Rules never see any of this.
"""

from __future__ import annotations

import re
from typing import Callable, Iterable, List, Optional, Sequence, Set, Tuple

from ruamel.yaml.nodes import Node

from etcdlint.records import field, record
from etcdlint.model import Diagnostic, Span
from etcdlint.text.textfile import LineIndex
from etcdlint.text.yamlnodes import get_path, node_span, scalar_str, scalar_token

ANNOTATION = "etcdlint.io/ignore"
_DIRECTIVE = re.compile(
    r"(?:^|[ \t])#[ \t]*etcdlint:[ \t]*(disable-next-line|disable-file|disable)\b"
    r"(?:[ \t]*=[ \t]*([A-Za-z0-9_, \t]*?))?[ \t]*(?:--[ \t]*(.*?))?[ \t]*$")
_CODE = re.compile(r"[A-Za-z0-9_]+")


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
    for diag in diagnostics:
        line = index.position(diag.span.start).line
        hit = False
        for sup in suppressions:
            if sup.covers(diag, line):
                sup.used.add(diag.rule)
                hit = True
        if not hit:
            kept.append(diag)
    return kept
