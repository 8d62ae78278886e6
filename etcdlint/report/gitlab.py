"""GitLab Code Quality: the CodeClimate issue format GitLab reads from a job's
``artifacts:reports:codequality`` file (described by ``schemas/gitlab-codequality.schema.json``).

GitLab needs ``description``, ``check_name``, ``fingerprint``, ``severity`` (``info``,
``minor``, ``major``, ``critical``, ``blocker``) and ``location.path`` with
``location.lines.begin``. Paths are relative to ``$CI_PROJECT_DIR`` when it is set (the
checkout GitLab resolves them against, as ruff's emitter does: astral-sh/ruff,
``crates/ruff_linter/src/message/gitlab.rs`` at 0761b73), else to the working directory. The fingerprint
is the SARIF one (``report/fingerprints.py``), so it survives unrelated edits and GitLab can
tell new findings from old ones in a merge request. Like ruff, the description starts with
the rule code, since GitLab shows the description and not ``check_name``. A finding's help
line (what to change) is the issue's ``content.body``, CodeClimate's place for more than the
description.
"""

from __future__ import annotations

import json
import os
from typing import Any, Dict, List

from etcdlint.report.fingerprints import fingerprints
from etcdlint.report.safe_text import printable_path

SEVERITY = {"error": "critical", "warning": "major", "note": "info"}


def render(result) -> str:
    root = os.environ.get("CI_PROJECT_DIR") or os.getcwd()
    issues: List[Dict[str, Any]] = []
    for item, fingerprint in zip(result.diagnostics, fingerprints(result, root)):
        d = item.diagnostic
        cis = f" [CIS {d.cis}]" if d.cis else ""
        issues.append({
            "type": "issue",
            "check_name": d.rule,
            "description": f"{d.rule}{cis}: {printable_path(d.message)}",
            "categories": ["Security"],
            "severity": SEVERITY[d.severity],
            "fingerprint": fingerprint,
            "location": {
                "path": _path(d.path, root),
                "lines": {"begin": item.start.line, "end": max(item.end.line, item.start.line)},
            },
        })
        if d.help:  # (CodeClimate's ``content``: what to change, under the description)
            issues[-1]["content"] = {"body": printable_path(d.help)}
    return json.dumps(issues, indent=2, ensure_ascii=False) + "\n"


def _path(path: str, root: str) -> str:
    if path == "-":
        return "stdin"
    absolute = os.path.abspath(path)
    rel = os.path.relpath(absolute, os.path.abspath(root))
    shown = absolute if rel == ".." or rel.startswith(".." + os.sep) else rel
    return printable_path(shown.replace(os.sep, "/"))
