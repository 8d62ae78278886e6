"""A file's results, gathered a document at a time in document order, though some documents
are judged only at the end of the file (they read its ConfigMaps or its other documents).

Each document's results are appended as soon as they are final; a document judged late
holds its place (``hold``) and its results are put there when the file is done
(``finish``), in one pass. A file of many documents thus keeps no per-document structure,
only the results themselves.
"""

from __future__ import annotations

from typing import Any, Callable, List, Sequence, Tuple


class FileJudgement:
    """``judge`` turns one document's adapter results into a tuple of ``width`` sequences
    (configurations, diagnostics, ...); ``lists`` holds each, over the whole file."""

    __slots__ = ("judge", "lists", "_late")

    def __init__(self, judge: Callable[[list], Tuple[Sequence[Any], ...]], width: int) -> None:
        self.judge = judge
        self.lists: Tuple[List[Any], ...] = tuple([] for _ in range(width))
        self._late: List[Tuple[Tuple[int, ...], Tuple[Sequence[Any], ...]]] = []

    def take(self, found: list) -> None:
        """Judge a document read in order and append its results."""
        for into, parts in zip(self.lists, self.judge(found)):
            into.extend(parts)

    def hold(self) -> Tuple[int, ...]:
        """The place of a document that is judged later (``take_held``)."""
        return tuple(len(into) for into in self.lists)

    def take_held(self, place: Tuple[int, ...], found: list) -> None:
        """Judge a held document (held ones are taken in the order they were held)."""
        self._late.append((place, self.judge(found)))

    def finish(self) -> Tuple[List[Any], ...]:
        """Every list, with the held documents' results at their places."""
        if self._late:
            merged = []
            for number, into in enumerate(self.lists):
                out: List[Any] = []
                done = 0
                for place, parts in self._late:
                    out.extend(into[done:place[number]])
                    out.extend(parts[number])
                    done = place[number]
                out.extend(into[done:])
                merged.append(out)
            self.lists = tuple(merged)
            self._late = []
        return self.lists
