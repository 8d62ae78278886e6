"""Chart version constraints as a release gives them: the range of versions a constraint
admits (``9.x``, ``~12.0.0``, ``^9.4.0``, ``>=8.0.0 <10.0.0``, ``||`` alternatives), and
whether every version in that range has a feature. A constraint outside this syntax cannot
be read (None).
"""

from __future__ import annotations

import re
from typing import List, Optional, Sequence, Tuple

_INF = (10 ** 6, 0, 0)
_PART = re.compile(r"v?(\d+|[xX*])(?:\.(\d+|[xX*]))?(?:\.(\d+|[xX*]))?(?:[-+][0-9A-Za-z.-]*)?$")


def version_range(constraint: Optional[str], newest: tuple) -> Optional[Tuple[tuple, tuple]]:
    """(lowest, highest) chart version a constraint admits; None when it cannot be read.
    No constraint (or ``*``) is the newest chart, read as ``newest`` (the version of the
    chart etcdlint was read from)."""
    if constraint is None or constraint.strip() in ("", "*", "x", "X", "latest"):
        return newest, newest
    lows: List[tuple] = []
    highs: List[tuple] = []
    for alternative in constraint.split("||"):
        low, high = (0, 0, 0), _INF
        words = alternative.replace(",", " ").split()
        i = 0
        while i < len(words):
            word = words[i]
            if word in (">", ">=", "<", "<=", "=", "~", "^") and i + 1 < len(words):
                word = word + words[i + 1]
                i += 1
            i += 1
            got = _one(word)
            if got is None:
                return None
            low, high = max(low, got[0]), min(high, got[1])
        lows.append(low)
        highs.append(high)
    if not lows:
        return None
    return min(lows), max(highs)


def _one(word: str) -> Optional[Tuple[tuple, tuple]]:
    op = re.match(r"(>=|<=|>|<|=|~>|~|\^)?", word).group(0)
    match = _PART.match(word[len(op):].strip())
    if not match:
        return None
    parts = [None if p is None or p in "xX*" else int(p) for p in match.groups()]
    known = [p for p in parts if p is not None]
    while len(known) < len(parts) and parts[len(known)] is not None:
        known.append(parts[len(known)])
    fixed = tuple(known) + (0,) * (3 - len(known))
    wild = len(known) < 3
    top = _bump(known) if wild else fixed
    if op in ("", "="):
        return (fixed, top) if wild else (fixed, fixed)
    if op == ">=":
        return fixed, _INF
    if op == ">":
        return (top if wild else fixed), _INF
    if op == "<":
        return (0, 0, 0), _before(fixed)
    if op == "<=":
        return (0, 0, 0), top
    if op in ("~", "~>"):
        return fixed, _bump(known[:2] if len(known) >= 2 else known)
    if op == "^":
        lead = next((i for i, p in enumerate(fixed) if p), 2)
        return fixed, _bump(list(fixed[:lead + 1]))
    return None


def _bump(parts: Sequence[int]) -> tuple:
    """The highest version below the next ``parts`` (``9`` -> 9.inf.inf)."""
    if not parts:
        return _INF
    return tuple(parts) + (10 ** 6,) * (3 - len(parts))


def _before(version: tuple) -> tuple:
    major, minor, patch = version
    if patch:
        return major, minor, patch - 1
    if minor:
        return major, minor - 1, 10 ** 6
    return (major - 1, 10 ** 6, 10 ** 6) if major else (0, 0, 0)


def has_feature(versions: Optional[Tuple[tuple, tuple]], since: tuple) -> Optional[bool]:
    """Whether every chart version admitted has the feature (None: some have, some not)."""
    if versions is None:
        return None
    low, high = versions
    if low >= since:
        return True
    if high < since:
        return False
    return None
