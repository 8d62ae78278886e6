"""Text assembled from pieces of a source ``Token``, each character keeping its place."""

from __future__ import annotations

from typing import List

from etcdlint.text.span import Span
from etcdlint.text.tokens import Token


class Placed:
    """Characters gathered one at a time, each with the index range in the source token's
    text it came from (a ``\\n`` escape covers two characters of the source)."""

    __slots__ = ("chars", "starts", "ends")

    def __init__(self) -> None:
        self.chars: List[str] = []
        self.starts: List[int] = []
        self.ends: List[int] = []

    def add(self, ch: str, start: int, end: int) -> None:
        self.chars.append(ch)
        self.starts.append(start)
        self.ends.append(end)

    def extend(self, other: "Placed") -> None:
        self.chars.extend(other.chars)
        self.starts.extend(other.starts)
        self.ends.extend(other.ends)

    @property
    def text(self) -> str:
        return "".join(self.chars)

    def __len__(self) -> int:
        return len(self.chars)

    def strip(self, blanks: str) -> "Placed":
        i, j = 0, len(self.chars)
        while i < j and self.chars[i] in blanks:
            i += 1
        while j > i and self.chars[j - 1] in blanks:
            j -= 1
        return self.slice(i, j)

    def slice(self, i: int, j: int) -> "Placed":
        out = Placed()
        out.chars, out.starts, out.ends = self.chars[i:j], self.starts[i:j], self.ends[i:j]
        return out

    def token(self, source: Token, raw_start: int = -1, raw_end: int = -1,
              dynamic: bool = False) -> Token:
        """The token of these characters, placed where ``source`` places them; its span is
        ``[raw_start, raw_end)`` of the source (quotes included) when given, else from the
        first character to the last."""
        starts, ends = source.place(self.starts, self.ends) if self.chars else ([], [])
        if 0 <= raw_start < raw_end:
            span = source.sub_span(raw_start, raw_end)
        elif starts:
            span = Span(starts[0], ends[-1])
        else:
            at = source.sub_span(raw_start, raw_start).start if raw_start >= 0 else \
                source.span.start
            span = Span(at, at)
        return Token(self.text, span, tuple(starts), tuple(ends), dynamic)
