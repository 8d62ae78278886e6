"""Tokens: a string value plus where each of its characters sits in the file.

A token's text is what etcd sees (after YAML unquoting, shell unquoting, ``$(VAR)``
expansion); ``starts``/``ends`` give, per character, the source range it came from, so a
diagnostic can point at exactly the value part of ``--client-cert-auth=false``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional, Sequence, Tuple

from etcdlint.model import Span


@dataclass(frozen=True)
class Token:
    text: str
    span: Span
    starts: Tuple[int, ...]
    ends: Tuple[int, ...]
    dynamic: bool = False  # contains a shell expansion whose value is unknown

    def inner_span(self) -> Span:
        """The span of the value itself (inside any quotes); the whole token if empty."""
        return self.sub_span(0, len(self.text)) if self.text else self.span

    def sub_span(self, i: int, j: int) -> Span:
        """Source span of ``text[i:j]``; an empty range is an empty span at ``i``."""
        n = len(self.text)
        if n == 0:
            return Span(self.span.start, self.span.end)
        i = max(0, min(i, n))
        j = max(i, min(j, n))
        if i == j:
            pos = self.starts[i] if i < n else self.ends[n - 1]
            return Span(pos, pos)
        return Span(self.starts[i], self.ends[j - 1])


def exact_token(text: str, start: int, dynamic: bool = False) -> Token:
    """A token whose characters sit one-to-one in the source from ``start``."""
    n = len(text)
    starts = tuple(range(start, start + n))
    return Token(text, Span(start, start + n), starts, tuple(s + 1 for s in starts), dynamic)


def coarse_token(text: str, span: Span, dynamic: bool = False) -> Token:
    """A token whose characters cannot be placed individually: each maps to the whole span."""
    n = len(text)
    return Token(text, span, (span.start,) * n, (span.end,) * n, dynamic)


def token_from_parts(text: str, span: Span, starts: Sequence[int], ends: Sequence[int],
                     dynamic: bool = False) -> Token:
    return Token(text, span, tuple(starts), tuple(ends), dynamic)


def align(value: str, source: str, base: int, skip_header: bool) -> Optional[Tuple[Tuple[int, ...], Tuple[int, ...]]]:
    """Place each character of a YAML scalar's value in its source text.

    Handles plain, quoted (without escapes that change characters) and block scalars,
    including folded line breaks. Returns per-character (starts, ends), or None when the
    value cannot be aligned (escape sequences), so callers fall back to a coarse token.
    """
    p = 0
    n = len(source)
    if skip_header:
        nl = source.find("\n")
        if nl < 0:
            return None
        p = nl + 1
    starts = []
    for c in value:
        while p < n:
            s = source[p]
            if s == c:
                break
            if c in " \n" and s in "\r\n":
                break
            if s in " \t\r\n\"'\\":
                p += 1
                continue
            return None
        else:
            return None
        starts.append(base + p)
        if source[p] == "\r" and p + 1 < n and source[p + 1] == "\n":
            p += 1
        p += 1
    return tuple(starts), tuple(s + 1 for s in starts)
