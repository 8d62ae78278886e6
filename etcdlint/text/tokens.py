"""Tokens: a string value plus where each of its characters sits in the file.

A token's text is what etcd sees (after YAML unquoting, shell unquoting, ``$(VAR)``
expansion); each character keeps the source range it came from, so a diagnostic can point
at exactly the value part of ``--client-cert-auth=false``. Most tokens are copied verbatim
from the file: those store only their first offset.
"""

from __future__ import annotations

from typing import Optional, Sequence, Tuple

from etcdlint.text.span import Span


class Token:
    __slots__ = ("text", "span", "dynamic", "_base", "_starts", "_ends")

    def __init__(self, text: str, span: Span, starts: Optional[Sequence[int]] = None,
                 ends: Optional[Sequence[int]] = None, dynamic: bool = False,
                 base: Optional[int] = None) -> None:
        self.text = text
        self.span = span
        self.dynamic = dynamic
        self._base = base  # set: character i sits at base + i
        self._starts = tuple(starts) if starts is not None else None
        self._ends = tuple(ends) if ends is not None else None

    @property
    def starts(self) -> Tuple[int, ...]:
        """Where each character starts (built once: reading it per character stays linear)."""
        if self._starts is None:
            self._starts = tuple(range(self._base, self._base + len(self.text)))
        return self._starts

    @property
    def ends(self) -> Tuple[int, ...]:
        if self._ends is None:
            self._ends = tuple(range(self._base + 1, self._base + len(self.text) + 1))
        return self._ends

    def sub_span(self, i: int, j: int) -> Span:
        """Source span of ``text[i:j]``; an empty range is an empty span at ``i``."""
        base = self._base
        if base is not None and 0 <= i <= j <= len(self.text) and self.text:
            return Span(base + i, base + j)
        n = len(self.text)
        if n == 0:
            return Span(self.span.start, self.span.end)
        i = max(0, min(i, n))
        j = max(i, min(j, n))
        if self._base is not None:
            return Span(self._base + i, self._base + j)
        if i == j:
            pos = self._starts[i] if i < n else self._ends[n - 1]
            return Span(pos, pos)
        return Span(self._starts[i], self._ends[j - 1])

    def place(self, starts: Sequence[int], ends: Sequence[int]) -> Tuple[list, list]:
        """File offsets for ranges ``[starts[k], ends[k])`` of the text (each non-empty)."""
        if self._base is not None:
            base = self._base
            return [base + i for i in starts], [base + j for j in ends]
        own_starts, own_ends = self._starts, self._ends
        return [own_starts[i] for i in starts], [own_ends[j - 1] for j in ends]

    def inner_span(self) -> Span:
        """The span of the value itself (inside any quotes); the whole token if empty."""
        return self.sub_span(0, len(self.text)) if self.text else self.span

    def slice_from(self, start: int) -> "Token":
        """The token for ``text[start:]``."""
        rest = self.text[start:]
        span = self.sub_span(start, len(self.text))
        if self._base is not None:
            return Token(rest, span, dynamic=self.dynamic, base=self._base + start)
        return Token(rest, span, self._starts[start:], self._ends[start:], self.dynamic)

    def __eq__(self, other: object) -> bool:
        return (isinstance(other, Token) and self.text == other.text and self.span == other.span
                and self.starts == other.starts and self.ends == other.ends
                and self.dynamic == other.dynamic)

    def __hash__(self) -> int:
        return hash((self.text, self.span))

    def __repr__(self) -> str:
        return f"Token({self.text!r}, {self.span!r})"

    def __reduce__(self):
        return (Token, (self.text, self.span, self._starts, self._ends, self.dynamic, self._base))


def exact_token(text: str, start: int, dynamic: bool = False) -> Token:
    """A token whose characters sit one-to-one in the source from ``start``."""
    return Token(text, Span(start, start + len(text)), dynamic=dynamic, base=start)


def coarse_token(text: str, span: Span, dynamic: bool = False) -> Token:
    """A token whose characters cannot be placed individually: each maps to the whole span."""
    n = len(text)
    return Token(text, span, (span.start,) * n, (span.end,) * n, dynamic)


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


def joined(tokens: Sequence[Token], span: Span, separator: str = ",") -> Token:
    """The tokens as one value, ``separator`` between them, every character still placed (a
    separator where the next token starts); ``span`` is the whole list's."""
    text, starts, ends = "", [], []
    for i, tok in enumerate(tokens):
        if i:
            text += separator
            starts.extend([tok.span.start] * len(separator))
            ends.extend([tok.span.start] * len(separator))
        text += tok.text
        starts.extend(tok.starts)
        ends.extend(tok.ends)
    return Token(text, span, tuple(starts), tuple(ends))
