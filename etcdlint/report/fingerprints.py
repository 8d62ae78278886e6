"""A finding's fingerprint: stable when lines move and when unrelated lines change.

It hashes the rule, the file (relative to a root directory) and the flagged line's text with
its surrounding whitespace stripped — not the line number — and counts repeats of that
triple in the run (``…:1``, ``…:2``). SARIF's ``partialFingerprints``, the GitLab report's
``fingerprint`` and the baseline file all use it.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Dict, List, Optional, Tuple
from urllib.parse import quote


def located_uris(result, root: Optional[str] = None) -> List[Tuple[str, Optional[str]]]:
    """``(uri, uriBaseId)`` of each diagnostic of ``result``, relative to ``root`` when the file
    is inside it (``%SRCROOT%``), else an absolute ``file://`` URI."""
    root_path = Path(os.path.abspath(root or os.getcwd()))
    by_path: Dict[str, Tuple[str, Optional[str]]] = {}  # (a file's findings share its URI)
    out = []
    for item in result.diagnostics:
        path = item.diagnostic.path
        found = by_path.get(path)
        if found is None:
            found = by_path[path] = artifact(path, root_path)
        out.append(found)
    return out


def fingerprints(result, root: Optional[str] = None,
                 uris: Optional[List[Tuple[str, Optional[str]]]] = None) -> List[str]:
    """One fingerprint per diagnostic of ``result``, in order. ``uris``: ``located_uris`` of
    the result, when the caller has them already."""
    out: List[str] = []
    seen: Dict[Tuple[str, str, str], int] = {}
    for item, (uri, _) in zip(result.diagnostics, uris or located_uris(result, root)):
        d = item.diagnostic
        source = result.sources.get(d.path)
        index = result.indexes.get(d.path)
        text = line_text(source.text, index, item.start.line) if index is not None else ""
        key = (d.rule, uri, text.strip())
        seen[key] = seen.get(key, 0) + 1
        out.append(_digest(key, seen[key]))
    return out


def artifact(path: str, root: Path) -> Tuple[str, Optional[str]]:
    """A URI relative to the repository root when the file is inside it."""
    if path == "-":
        return "stdin", "%SRCROOT%"
    absolute = Path(os.path.abspath(path))
    try:
        rel = absolute.relative_to(root)
        return quote(rel.as_posix(), errors="surrogateescape"), "%SRCROOT%"
    except ValueError:
        return "file://" + quote(absolute.as_posix(), errors="surrogateescape"), None


def line_text(text: str, index, line: int) -> str:
    start, end = index.line_span(line)
    return text[start:end].rstrip("\r\n")


def _digest(key: Tuple[str, str, str], occurrence: int) -> str:
    digest = hashlib.sha256("\0".join(key).encode("utf-8")).hexdigest()[:16]
    return f"{digest}:{occurrence}"
