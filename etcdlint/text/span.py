"""Where things are in the decoded text: offset spans and 1-based line/column positions."""

from __future__ import annotations



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


class Position(tuple):
    """A 1-based line and column. Two of them for every finding a run reports: a tuple, for
    the same reason as ``Span``."""

    __slots__ = ()

    def __new__(cls, line: int, column: int) -> "Position":
        return tuple.__new__(cls, (line, column))

    @property
    def line(self) -> int:
        return self[0]

    @property
    def column(self) -> int:
        return self[1]

    def __getnewargs__(self):
        return tuple(self)

    def __repr__(self) -> str:
        return f"Position(line={self[0]}, column={self[1]})"
