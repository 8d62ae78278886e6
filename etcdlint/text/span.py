"""Where things are in the decoded text: offset spans and 1-based line/column positions."""

from __future__ import annotations

from etcdlint.records import record


class Span(tuple):
    """Offsets (code points) into the decoded text, BOM excluded; end is exclusive.

    A pair, created very often: a tuple is the cheapest immutable record Python has.
    """

    __slots__ = ()

    def __new__(cls, start: int, end: int) -> "Span":
        return tuple.__new__(cls, (start, end))

    @property
    def start(self) -> int:
        return self[0]

    @property
    def end(self) -> int:
        return self[1]

    def __getnewargs__(self):
        return tuple(self)

    def __repr__(self) -> str:
        return f"Span(start={self[0]}, end={self[1]})"


@record
class Position:
    line: int
    column: int
