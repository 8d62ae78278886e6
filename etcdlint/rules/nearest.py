"""The rule code a mistyped one was most likely meant to be: the hint of a configuration's or
the command line's selectors and the help of ETCD302."""

from __future__ import annotations

import os
from typing import Optional, Sequence

# Letters typed for the digits they look like (upper case: codes are compared in it).
_LOOKALIKES = str.maketrans("OIL", "011")


def nearest_code(code: str, codes: Sequence[str]) -> Optional[str]:
    """The code of ``codes`` that ``code`` was most likely meant to be, or None.

    First ``code`` in upper case, with O, I or L after ``ETCD`` read as the digit it looks like
    (``etcd0O1``: ETCD001); else the code one typo away from that (a character replaced, added
    or removed, or two neighbours swapped: ``ETCD2012``, ``ETDC201``) that shares the longest
    beginning with it; of those, the one whose replaced digit is the nearest key on the number
    row (``ETCD217``: ETCD216), then the first in ``codes``. Farther codes are not offered:
    ``ETCD999`` is near none."""
    typed = code.upper()
    if typed.startswith("ETCD"):
        typed = "ETCD" + typed[4:].translate(_LOOKALIKES)
    if typed in codes:
        return typed
    best, best_key = None, None
    for known in codes:
        cost = _typo(typed, known)
        if cost is None:
            continue
        key = (len(os.path.commonprefix([typed, known])), -cost)
        if best_key is None or key > best_key:
            best, best_key = known, key
    return best


_NUMBER_ROW = "1234567890"


def _typo(a: str, b: str) -> Optional[int]:
    """None unless ``a`` and ``b`` are one typo apart (a character replaced, added or removed,
    or two neighbours swapped); else how far apart the keys of a replaced digit are on the
    number row (1 for any other replacement, 0 for the other typos)."""
    if a == b or abs(len(a) - len(b)) > 1:
        return None
    if len(a) == len(b):
        diff = [i for i, (x, y) in enumerate(zip(a, b)) if x != y]
        if len(diff) == 1:
            x, y = a[diff[0]], b[diff[0]]
            if x in _NUMBER_ROW and y in _NUMBER_ROW:
                return abs(_NUMBER_ROW.index(x) - _NUMBER_ROW.index(y))
            return 1
        swapped = (len(diff) == 2 and diff[1] == diff[0] + 1
                   and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]])
        return 0 if swapped else None
    short, long = (a, b) if len(a) < len(b) else (b, a)
    return 0 if any(long[:i] + long[i + 1:] == short for i in range(len(long))) else None
