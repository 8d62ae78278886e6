"""JSON pointers (RFC 6901), as JSON patches give their paths."""

from __future__ import annotations

from typing import List, Optional


def reference_tokens(path: Optional[str]) -> Optional[List[str]]:
    """The keys and indexes ``path`` names, in order (``~1`` is ``/``, ``~0`` is ``~``):
    ``[]`` for the whole document (``""``); None when ``path`` is not a JSON pointer."""
    if path is None or (path and not path.startswith("/")):
        return None
    if path == "":
        return []
    return [part.replace("~1", "/").replace("~0", "~") for part in path[1:].split("/")]
