"""The gitignore-style patterns of a configuration (``exclude``, ``per-file-ignores``,
``cluster-roots``, ``helm-values``), each checked by pathspec, the library that matches them."""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Tuple

from etcdlint.config.files import Locate

# The keys whose values (a list) or keys (a mapping) are gitignore-style patterns.
PATTERN_LISTS = ("exclude", "cluster-roots")
PATTERN_KEYS = ("per-file-ignores", "helm-values")


def bad_pattern(pattern: str) -> Optional[str]:
    """Why ``pattern`` is not a gitignore-style pattern pathspec accepts, or None."""
    import re

    import pathspec

    try:
        pathspec.GitIgnoreSpec.from_lines([pattern])
    except ValueError as exc:  # (pathspec's own pattern errors are ValueErrors)
        return str(exc) or "not a valid pattern"
    except re.error as exc:  # (a bracket expression Python's regular expressions refuse)
        return f"{exc.msg} in {pattern!r}"
    return None


def pattern_errors(data: Dict[str, Any], locate: Locate) -> List[Tuple[int, str]]:
    """(line, message) for each gitignore-style pattern of the configuration that pathspec
    refuses (values of the wrong type are the schema's to report)."""
    found = []
    for key in PATTERN_LISTS:
        patterns = data.get(key)
        for i, pattern in enumerate(patterns if isinstance(patterns, list) else ()):
            why = bad_pattern(pattern) if isinstance(pattern, str) else None
            if why is not None:
                found.append((locate([key, i]), f"{key}/{i}: {pattern!r} is not a "
                              f"gitignore-style pattern ({why})"))
    for key in PATTERN_KEYS:
        patterns = data.get(key)
        for pattern in patterns if isinstance(patterns, dict) else ():
            why = bad_pattern(pattern)
            if why is not None:
                found.append((locate([key, pattern]), f"{key}: {pattern!r} is not a "
                              f"gitignore-style pattern ({why})"))
    return found
