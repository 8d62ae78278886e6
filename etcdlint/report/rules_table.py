"""``etcdlint rules`` and ``etcdlint explain``."""

from __future__ import annotations

import json
from typing import List

from etcdlint.report.rule_text import docs_markdown, full_description


def render_table(rules, fmt: str = "text") -> str:
    if fmt == "json":
        return json.dumps([{
            "code": r.code, "name": r.name, "cis": r.cis, "severity": r.severity,
            "security_severity": r.security_severity, "fix": r.fix, "title": r.title,
            "description": full_description(r),
        } for r in rules], indent=2) + "\n"
    lines: List[str] = [f"{'code':<8} {'CIS':<4} {'severity':<8} {'fix':<6} title"]
    for r in rules:
        lines.append(f"{r.code:<8} {r.cis or '-':<4} {r.severity:<8} {r.fix:<6} {r.title}")
    return "\n".join(lines) + "\n"


def render_explain(rule) -> str:
    return docs_markdown(rule).rstrip("\n") + "\n"
