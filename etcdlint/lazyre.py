"""Regular expressions compiled on first use: a one-file run pays only for those it needs."""

from __future__ import annotations

import re
from typing import Any, Optional


class LazyPattern:
    """Stands for ``re.compile(pattern, flags)``; compiles it the first time it is used."""

    __slots__ = ("_pattern", "_flags", "_compiled")

    def __init__(self, pattern: Any, flags: int = 0) -> None:
        self._pattern = pattern
        self._flags = flags
        self._compiled: Optional[re.Pattern] = None

    def __getattr__(self, name: str) -> Any:  # search, match, sub, finditer, ...
        compiled = self._compiled
        if compiled is None:
            compiled = self._compiled = re.compile(self._pattern, self._flags)
        return getattr(compiled, name)
