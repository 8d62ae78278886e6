"""SARIF 2.1.0 for GitHub code scanning (and any other SARIF consumer)."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, Dict, Optional

from etcdlint import __version__
from etcdlint.report.rule_text import docs_markdown, docs_plain, full_description
from etcdlint.report.fingerprints import artifact, fingerprints, located_uris
from etcdlint.report.safe_text import printable_path

from etcdlint.report.rule_pages import REPOSITORY as INFORMATION_URI, page_uri
SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
_LEVELS = {"error": "error", "warning": "warning", "note": "note"}
_PRECISION = {"error": "very-high", "warning": "high", "note": "medium"}


def automation_id(category: Optional[str]) -> str:
    """``etcdlint/`` or ``etcdlint/CATEGORY/``: GitHub keeps one analysis per category (the
    id up to its last ``/``), so runs in several jobs stay apart when each names its own.
    github/codeql-action's upload-sarif fills this in from its ``category`` input only when
    the run has none (``src/upload-lib.ts``, ``populateRunAutomationDetails``)."""
    category = (category or "").strip().strip("/")
    return f"etcdlint/{category}/" if category else "etcdlint/"


def _with_help(d) -> str:
    """The result's message: the finding's, then on a line of its own what to change (code
    scanning shows a result's whole message under the alert and in pull requests; the same
    text is the result's ``help`` property, for tools)."""
    return f"{d.message}\nHelp: {d.help}" if d.help else d.message


def render(result, root: Optional[str] = None, category: Optional[str] = None) -> str:
    """``root``: the ``%SRCROOT%`` directory; by default the repository's
    (``source_root.py``)."""
    from etcdlint.rules import RULES

    from etcdlint.report.source_root import result_root

    root_path = Path(os.path.abspath(root or result_root(result)))
    rule_index = {rule.code: i for i, rule in enumerate(RULES)}
    results = []
    uris = located_uris(result, str(root_path))  # (once: the fingerprints hash them too)
    prints = fingerprints(result, str(root_path), uris)
    for item, fingerprint, (uri, base) in zip(result.diagnostics, prints, uris):
        d = item.diagnostic
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
            "message": {"text": printable_path(_with_help(d))},
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
                "primaryLocationLineHash": fingerprint,
            },
        }
        properties: Dict[str, Any] = {}
        if d.cis:  # (the result's own: a configuration error can decide a CIS control too)
            properties["tags"] = [f"CIS-{d.cis}"]
        if d.help:
            properties["help"] = printable_path(d.help)
        if properties:
            entry["properties"] = properties
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
            "automationDetails": {"id": automation_id(category)},
            "columnKind": "unicodeCodePoints",
            "originalUriBaseIds": {"%SRCROOT%": {"uri": root_path.as_uri() + "/"}},
            "results": results,
        }],
    }
    # Compact: the standard library encodes with its C encoder only without ``indent`` (five
    # times as fast on a big report); SARIF consumers do not read the layout.
    return json.dumps(log, ensure_ascii=False, separators=(",", ":")) + "\n"


GITHUB_SHOWN_RESULTS = 5000  # code scanning shows this many results of a run ...
GITHUB_MAX_RESULTS = 25000  # ... and rejects a run with more (docs.github.com, "SARIF
# support for code scanning", "Supported SARIF output file properties": upload limits)


def ingestion_warnings(result, root: Optional[str] = None) -> list:
    """What GitHub code scanning would not show of this run's SARIF, one sentence each."""
    from etcdlint.report.source_root import relative_path, result_root

    warnings = []
    count = len(result.diagnostics)
    if count > GITHUB_MAX_RESULTS:
        warnings.append(f"the SARIF report has {count:,} results: GitHub code scanning rejects "
                        f"a run of more than {GITHUB_MAX_RESULTS:,} (narrow the paths, or "
                        "--select fewer rules)")
    elif count > GITHUB_SHOWN_RESULTS:
        warnings.append(f"the SARIF report has {count:,} results: GitHub code scanning shows "
                        f"only the first {GITHUB_SHOWN_RESULTS:,}")
    top = os.path.abspath(root or result_root(result))
    outside = sorted({d.diagnostic.path for d in result.diagnostics
                      if d.diagnostic.path != "-"
                      and os.path.isabs(relative_path(d.diagnostic.path, top))})
    if outside:
        warnings.append(f"{len(outside)} {'file is' if len(outside) == 1 else 'files are'} "
                        f"outside the repository root {printable_path(top)} and named by "
                        "absolute file:// URIs, which GitHub code scanning does not match "
                        "with the repository's files (run etcdlint inside the repository)")
    return warnings


def _related(number: int, related, root: Path) -> Dict[str, Any]:
    """A ``relatedLocations`` entry (SARIF 2.1.0 §3.27.22): the other file a result
    depends on, such as the API server a CIS 2.7 finding compares etcd with."""
    uri, base = artifact(related.path, root)
    location: Dict[str, Any] = {"uri": uri}
    if base:
        location["uriBaseId"] = base
    end_line, end_column = related.end.line, related.end.column
    if (end_line, end_column) <= (related.start.line, related.start.column):
        end_line, end_column = related.start.line, related.start.column + 1
    return {
        "id": number,
        "message": {"text": printable_path(related.message)},
        "physicalLocation": {
            "artifactLocation": location,
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
        "helpUri": page_uri(rule.code),
        "defaultConfiguration": {"level": _LEVELS[rule.severity]},
        "properties": {
            "tags": tags,
            "precision": _PRECISION[rule.severity],
            "problem.severity": "recommendation" if rule.severity == "note" else rule.severity,
            "security-severity": rule.security_severity,
        },
    }
