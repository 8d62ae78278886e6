"""Findings as a run reports them: in order of path, position, rule and message, each once."""

from etcdlint.engine.located import dedupe_and_sort, locate
from etcdlint.model import Diagnostic, Fix
from etcdlint.text.span import Span
from etcdlint.text.textfile import LineIndex

INDEX = LineIndex("a: 1\nb: 2\nc: 3\n")


def diag(rule, start, end, message="m", path="f.yaml", fix=None):
    return Diagnostic(rule, None, "error", message, path, Span(start, end), fix)


def test_order_and_each_finding_once():
    first_fix = Fix("first", "safe", ())
    items = locate([
        diag("ETCD002", 5, 9),
        diag("ETCD001", 5, 9, "b"),
        diag("ETCD001", 5, 9, "a", fix=first_fix),
        diag("ETCD001", 5, 7, "a"),  # the same start, another end: another finding
        diag("ETCD001", 5, 9, "a", fix=Fix("second", "safe", ())),  # a duplicate
        diag("ETCD001", 0, 1, path="e.yaml"),
        diag("ETCD003", 0, 1),
    ], INDEX, {}, {})
    out = [(d.diagnostic.path, d.start, d.diagnostic.rule, d.diagnostic.message,
            d.diagnostic.span) for d in dedupe_and_sort(items)]
    assert out == [
        ("e.yaml", (1, 1), "ETCD001", "m", (0, 1)),
        ("f.yaml", (1, 1), "ETCD003", "m", (0, 1)),
        ("f.yaml", (2, 1), "ETCD001", "a", (5, 9)),
        ("f.yaml", (2, 1), "ETCD001", "a", (5, 7)),
        ("f.yaml", (2, 1), "ETCD001", "b", (5, 9)),
        ("f.yaml", (2, 1), "ETCD002", "m", (5, 9)),
    ]
    kept = [d for d in dedupe_and_sort(items) if d.diagnostic.span == (5, 9)
            and d.diagnostic.message == "a"]
    assert [d.diagnostic.fix.title for d in kept] == ["first"]  # the first of equal ones


def test_positions_are_shared_and_severity_set_by_the_run():
    items = locate([diag("ETCD001", 5, 9), diag("ETCD002", 5, 9)], INDEX,
                   {"ETCD002": "note"}, {})
    assert items[0].start is items[1].start and items[0].end is items[1].end
    assert [(d.start, d.end, d.diagnostic.severity) for d in items] == [
        ((2, 1), (2, 5), "error"), ((2, 1), (2, 5), "note")]
