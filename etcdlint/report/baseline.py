"""A baseline: the findings a repository had when etcdlint was adopted, recorded by their
fingerprints (``report/fingerprints.py``) so that later runs report only new ones.

File paths in the fingerprints are taken relative to the baseline file's directory, so the
baseline matches whatever directory etcdlint is run from. The file is JSON, described by
``schemas/baseline.schema.json``; besides each fingerprint it records the rule, path, line
and message for the reader (only the fingerprint is matched). Writing a baseline records
exactly the current findings: one that disappeared is dropped.
"""

from __future__ import annotations

import json
import os
from typing import FrozenSet, List, Optional, Tuple

from etcdlint.records import record
from etcdlint.report.fingerprints import fingerprints, located_uris
from etcdlint.report.safe_text import printable_path

FORMAT = 1


class BaselineError(Exception):
    """A baseline file that cannot be read, already phrased as ``path: message``."""


@record
class Baseline:
    path: str
    known: FrozenSet[str]

    @property
    def root(self) -> str:
        return os.path.dirname(os.path.abspath(self.path))

    def filter(self, result) -> Tuple[list, int]:
        """The diagnostics of ``result`` the baseline does not record, and how many it does."""
        kept = [item for item, fp in zip(result.diagnostics, fingerprints(result, self.root))
                if fp not in self.known]
        return kept, len(result.diagnostics) - len(kept)


def load(path: str, limit: int = 10 * 1024 * 1024, root: Optional[str] = None) -> Baseline:
    """The baseline at ``path``: a regular file of at most ``limit`` bytes; with ``root`` (a
    baseline the configuration names), inside that repository root (repo/sidefiles.py)."""
    from etcdlint.repo.sidefiles import SideFiles, bounded_read

    found = SideFiles(root, None, limit).read(os.path.abspath(path)) if root is not None \
        else bounded_read(path, limit)
    if not found.ok:
        raise BaselineError(f"{path}: cannot read the baseline: {found.why()} "
                            f"(write one with --write-baseline {path})")
    raw = found.data
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise BaselineError(f"{path}: not a baseline: invalid JSON ({exc})") from None
    if not isinstance(data, dict) or data.get("etcdlint-baseline") != FORMAT:
        raise BaselineError(f"{path}: not a baseline: it must be a JSON object with "
                            f'"etcdlint-baseline": {FORMAT}')
    findings = data.get("findings")
    if not isinstance(findings, list):
        raise BaselineError(f'{path}: not a baseline: "findings" must be a list')
    known = set()
    for i, entry in enumerate(findings):
        fingerprint = entry.get("fingerprint") if isinstance(entry, dict) else None
        if not isinstance(fingerprint, str) or not fingerprint:
            raise BaselineError(f'{path}: findings[{i}] has no "fingerprint" string')
        known.add(fingerprint)
    return Baseline(path, frozenset(known))


def dump(result, path: str) -> str:
    """The baseline file recording every diagnostic of ``result``."""
    root = os.path.dirname(os.path.abspath(path))
    entries: List[dict] = []
    uris = located_uris(result, root)
    for item, fp, (uri, _) in zip(result.diagnostics, fingerprints(result, root, uris), uris):
        d = item.diagnostic
        entries.append({"fingerprint": fp, "rule": d.rule, "path": uri,
                        "line": item.start.line, "message": printable_path(d.message)})
    entries.sort(key=lambda e: (e["path"], e["line"], e["rule"], e["fingerprint"]))
    return json.dumps({"etcdlint-baseline": FORMAT, "findings": entries}, indent=2,
                      ensure_ascii=False) + "\n"
