"""The JSON report: a public contract described by ``schemas/report.schema.json``."""

from __future__ import annotations

import json
from typing import Any, Dict, Iterator, Optional

from etcdlint import __version__
from etcdlint.model import Fix
from etcdlint.report.safe_text import printable_path


def diagnostic_dict(item, index=None) -> Dict[str, Any]:
    d = item.diagnostic
    out = {
        "rule": d.rule,
        "cis": d.cis,
        "severity": d.severity,
        "message": d.message,
        "path": printable_path(d.path),
        "line": item.start.line,
        "column": item.start.column,
        "end_line": item.end.line,
        "end_column": item.end.column,
        "fix": fix_dict(d.fix, index) if index is not None else None,
        "help": d.help,
    }
    related = getattr(item, "related", ())
    if related:  # (the places SARIF's ``relatedLocations`` name)
        out["related"] = [{"path": printable_path(r.path), "line": r.start.line,
                           "column": r.start.column, "end_line": r.end.line,
                           "end_column": r.end.column, "message": r.message}
                          for r in related]
    return out


def fix_dict(fix: Optional[Fix], index) -> Optional[Dict[str, Any]]:
    if fix is None:
        return None
    edits = []
    for edit in fix.edits:
        start, end = index.position(edit.span.start), index.position(edit.span.end)
        edits.append({"line": start.line, "column": start.column, "end_line": end.line,
                      "end_column": end.column, "replacement": edit.replacement})
    return {"title": fix.title, "applicability": fix.applicability, "edits": edits}


def summary(result) -> Dict[str, Any]:
    by_rule: Dict[str, int] = {}
    by_severity = {"error": 0, "warning": 0, "note": 0}
    for item in result.diagnostics:
        by_rule[item.diagnostic.rule] = by_rule.get(item.diagnostic.rule, 0) + 1
        by_severity[item.diagnostic.severity] = by_severity.get(item.diagnostic.severity, 0) + 1
    out = {
        "files": result.files,
        "configurations": result.configurations,
        "diagnostics": len(result.diagnostics),
        "by_severity": by_severity,
        "by_rule": dict(sorted(by_rule.items())),
    }
    skipped = getattr(result, "skipped_templates", 0)
    if skipped:
        out["skipped_templates"] = skipped
    jinja = getattr(result, "skipped_jinja", 0)
    if jinja:
        out["skipped_jinja_templates"] = jinja
    notes = getattr(result, "notes", ())
    if notes:
        out["notes"] = list(notes)
    return out


def render(result, baselined: Optional[int] = None) -> str:
    return "".join(chunks(result, baselined))


_CHUNK = 256  # findings written at once


def chunks(result, baselined: Optional[int] = None) -> Iterator[str]:
    """The report of ``render`` in pieces, byte for byte what ``json.dumps(report, indent=2)``
    writes for the whole, a few hundred findings at a time: a report of many findings is
    never held whole, as text or as objects."""
    head = json.dumps({"version": __version__}, indent=2, ensure_ascii=False)
    indexes = result.indexes
    if not result.diagnostics:
        yield head[:-2] + ',\n  "diagnostics": [],\n'
    else:
        yield head[:-2] + ',\n  "diagnostics": [\n'
        items = result.diagnostics
        for start in range(0, len(items), _CHUNK):
            part = ",\n".join(
                _indented(json.dumps(diagnostic_dict(item, indexes.get(item.diagnostic.path)),
                                     indent=2, ensure_ascii=False), "    ")
                for item in items[start:start + _CHUNK])
            yield part + (",\n" if start + _CHUNK < len(items) else "\n  ],\n")
    total = summary(result)
    if baselined is not None:
        total["baselined"] = baselined
    yield '  "summary": ' + _indented(json.dumps(total, indent=2, ensure_ascii=False), "  ",
                                      first=False) + "\n}\n"


def statistics(result, unsafe_fixes: bool = False) -> str:
    """``--statistics --format json``: ``[{"code", "name", "cis", "count", "fixable"}]``, most
    found first (``fixable``: how many of them ``--fix`` fixes)."""
    from etcdlint.report.text import statistics as rows
    from etcdlint.rules import rule

    return json.dumps([{"code": code, "name": rule(code).name, "cis": rule(code).cis,
                        "count": n, "fixable": fixable}
                       for code, n, fixable in rows(result, unsafe_fixes)],
                      indent=2, ensure_ascii=False) + "\n"


def lines(result) -> Iterator[str]:
    """``--format json-lines``: each finding as one compact JSON object (the report's
    ``diagnostics`` item) on a line of its own, as ruff's ``json-lines``; no summary."""
    indexes = result.indexes
    items = result.diagnostics
    for start in range(0, len(items), _CHUNK):
        yield "".join(json.dumps(diagnostic_dict(item, indexes.get(item.diagnostic.path)),
                                 ensure_ascii=False, separators=(",", ":")) + "\n"
                      for item in items[start:start + _CHUNK])


def _indented(text: str, prefix: str, first: bool = True) -> str:
    lines = text.split("\n")
    return "\n".join((prefix + line) if (i or first) else line for i, line in enumerate(lines))
