"""The gitignore-style patterns of a configuration (``exclude``, ``per-file-ignores``), each
checked by pathspec, the library that matches them."""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Tuple

from etcdlint.config.files import Locate


def bad_pattern(pattern: str) -> Optional[str]:
    """Why ``pattern`` is not a gitignore-style pattern pathspec accepts, or None."""
    import re

    import pathspec

    try:
        pathspec.GitIgnoreSpec.from_lines([pattern])
    except (ValueError, re.error) as exc:  # (a bad range such as [z-a] is re's error)
        return str(exc) or "not a valid pattern"
    return None


def pattern_errors(data: Dict[str, Any], locate: Locate) -> List[Tuple[int, str]]:
    """(line, message) for each pattern of ``exclude`` and ``per-file-ignores`` that pathspec
    refuses (values of the wrong type are the schema's to report)."""
    found = []
    exclude = data.get("exclude")
    for i, pattern in enumerate(exclude if isinstance(exclude, list) else ()):
        why = bad_pattern(pattern) if isinstance(pattern, str) else None
        if why is not None:
            found.append((locate(["exclude", i]), f"exclude/{i}: {pattern!r} is not a "
                          f"gitignore-style pattern ({why})"))
    ignores = data.get("per-file-ignores")
    for pattern in ignores if isinstance(ignores, dict) else ():
        why = bad_pattern(pattern)
        if why is not None:
            found.append((locate(["per-file-ignores", pattern]), f"per-file-ignores: {pattern!r} "
                          f"is not a gitignore-style pattern ({why})"))
    return found
