"""SARIF 2.1.0 for GitHub code scanning (and any other SARIF consumer)."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any, Dict, Optional, Tuple
from urllib.parse import quote

from etcdlint import __version__
from etcdlint.report.rule_text import docs_markdown, docs_plain, full_description
from etcdlint.report.safe_text import printable_path

INFORMATION_URI = "https://pypi.org/project/etcdlint/"
SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
_LEVELS = {"error": "error", "warning": "warning", "note": "note"}
_PRECISION = {"error": "very-high", "warning": "high", "note": "medium"}


def render(result, root: Optional[str] = None) -> str:
    from etcdlint.rules import RULES

    root_path = Path(os.path.abspath(root or os.getcwd()))
    rule_index = {rule.code: i for i, rule in enumerate(RULES)}
    results = []
    seen: Dict[Tuple[str, str, str], int] = {}
    for item in result.diagnostics:
        d = item.diagnostic
        uri, base = _artifact(d.path, root_path)
        source = result.sources.get(d.path)
        index = result.indexes.get(d.path)
        line_text = _line_text(source.text, index, item.start.line) if index is not None else ""
        key = (d.rule, uri, line_text.strip())
        seen[key] = seen.get(key, 0) + 1
        end_line, end_column = item.end.line, item.end.column
        if (end_line, end_column) <= (item.start.line, item.start.column):
            end_line, end_column = item.start.line, item.start.column + 1
        location: Dict[str, Any] = {"uri": uri}
        if base:
            location["uriBaseId"] = base
        entry: Dict[str, Any] = {
            "ruleId": d.rule,
            "ruleIndex": rule_index[d.rule],
            "level": _LEVELS[d.severity],
            "message": {"text": printable_path(d.message)},
            "locations": [{
                "physicalLocation": {
                    "artifactLocation": location,
                    "region": {
                        "startLine": item.start.line,
                        "startColumn": item.start.column,
                        "endLine": end_line,
                        "endColumn": end_column,
                    },
                },
            }],
            "partialFingerprints": {
                "primaryLocationLineHash": _fingerprint(key, seen[key]),
            },
        }
        related = getattr(item, "related", ())
        if related:
            entry["relatedLocations"] = [_related(i, r, root_path)
                                         for i, r in enumerate(related, 1)]
        results.append(entry)
    log = {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "etcdlint",
                "version": __version__,
                "semanticVersion": __version__,
                "informationUri": INFORMATION_URI,
                "rules": [_rule(rule) for rule in RULES],
            }},
            "automationDetails": {"id": "etcdlint/"},
            "columnKind": "unicodeCodePoints",
            "originalUriBaseIds": {"%SRCROOT%": {"uri": root_path.as_uri() + "/"}},
            "results": results,
        }],
    }
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"


def _related(number: int, related, root: Path) -> Dict[str, Any]:
    """A ``relatedLocations`` entry (SARIF 2.1.0 §3.27.22): the other file a result
    depends on, such as the API server a CIS 2.7 finding compares etcd with."""
    uri, base = _artifact(related.path, root)
    artifact: Dict[str, Any] = {"uri": uri}
    if base:
        artifact["uriBaseId"] = base
    end_line, end_column = related.end.line, related.end.column
    if (end_line, end_column) <= (related.start.line, related.start.column):
        end_line, end_column = related.start.line, related.start.column + 1
    return {
        "id": number,
        "message": {"text": printable_path(related.message)},
        "physicalLocation": {
            "artifactLocation": artifact,
            "region": {"startLine": related.start.line, "startColumn": related.start.column,
                       "endLine": end_line, "endColumn": end_column},
        },
    }


def _rule(rule) -> Dict[str, Any]:
    tags = ["security", "etcd"]
    if rule.cis:
        tags.append(f"CIS-{rule.cis}")
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.title},
        "fullDescription": {"text": full_description(rule)},
        "help": {"text": docs_plain(rule), "markdown": docs_markdown(rule)},
        "helpUri": f"{INFORMATION_URI}#rules",
        "defaultConfiguration": {"level": _LEVELS[rule.severity]},
        "properties": {
            "tags": tags,
            "precision": _PRECISION[rule.severity],
            "problem.severity": "recommendation" if rule.severity == "note" else rule.severity,
            "security-severity": rule.security_severity,
        },
    }


def _artifact(path: str, root: Path) -> Tuple[str, Optional[str]]:
    """A URI relative to the repository root when the file is inside it."""
    if path == "-":
        return "stdin", "%SRCROOT%"
    absolute = Path(os.path.abspath(path))
    try:
        rel = absolute.relative_to(root)
        return quote(rel.as_posix(), errors="surrogateescape"), "%SRCROOT%"
    except ValueError:
        return "file://" + quote(absolute.as_posix(), errors="surrogateescape"), None


def _line_text(text: str, index, line: int) -> str:
    start, end = index.line_span(line)
    return text[start:end].rstrip("\r\n")


def _fingerprint(key: Tuple[str, str, str], occurrence: int) -> str:
    """Stable when unrelated lines move: rule, file and the flagged line's text, not its number."""
    digest = hashlib.sha256("\0".join(key).encode("utf-8")).hexdigest()[:16]
    return f"{digest}:{occurrence}"

