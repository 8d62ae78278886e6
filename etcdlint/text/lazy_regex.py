"""Regular expressions compiled on first use.

Compiling a pattern costs from a tenth of a millisecond to half of one, and most runs use
few of the patterns etcdlint's modules define (a run over one manifest without a suppression
never reads a suppression comment): a module-level pattern made with ``lazy`` is compiled
when first used, not when its module is imported.
"""

from __future__ import annotations

import re
from typing import AnyStr, Pattern

# The methods a compiled pattern gives: once it is compiled, the lazy pattern holds them as
# its own attributes, so that later calls cost what the compiled pattern's cost.
_METHODS = ("search", "match", "fullmatch", "finditer", "findall", "sub", "subn", "split")


class LazyPattern:
    """A stand-in for ``re.compile(source, flags)`` that compiles it on first use."""

    def __init__(self, source, flags: int = 0) -> None:
        self._source = source
        self._flags = flags

    def __getattr__(self, name: str):
        # (reached only for what the instance does not hold yet: the first use)
        if name.startswith("_"):
            raise AttributeError(name)
        compiled = self.__dict__.get("_compiled")
        if compiled is None:
            compiled = self._compiled = re.compile(self._source, self._flags)
            for method in _METHODS:
                setattr(self, method, getattr(compiled, method))
        return getattr(compiled, name)


def lazy(source: AnyStr, flags: int = 0) -> Pattern[AnyStr]:
    """``re.compile(source, flags)``, compiled when first used."""
    return LazyPattern(source, flags)  # type: ignore[return-value]
