"""Offsets to 1-based line:column and back, for every kind of line break."""

import pytest

from etcdlint.text.textfile import LineIndex


@pytest.mark.parametrize("text,starts", [
    ("", [0]),
    ("a", [0]),
    ("a\n", [0, 2]),
    ("ab\n\ncd\n", [0, 3, 4, 7]),
    ("ab\r\ncd", [0, 4]),
    ("ab\rcd\r", [0, 3, 6]),
    ("a\r\n\rb\n\r\n", [0, 3, 4, 6, 8]),
    ("é\nü\n", [0, 2, 4]),
])
def test_line_starts(text, starts):
    index = LineIndex(text)
    assert index.line_count == len(starts)
    for line, start in enumerate(starts, 1):
        assert index.offset(line, 1) == start
        assert index.position(start).line == line
        assert index.position(start).column == 1


def test_positions_and_line_spans():
    index = LineIndex("kind: Pod\r\nspec:\n  x: 1")
    assert (index.position(13).line, index.position(13).column) == (2, 3)
    assert (index.position(999).line, index.position(999).column) == (3, 7)
    assert index.line_span(1) == (0, 11)
    assert index.line_span(3) == (17, 23)


def test_line_starts_across_chunk_boundaries(monkeypatch):
    # a big file's line starts are found a chunk of text at a time: every chunk size agrees
    import random

    import etcdlint.text.textfile as textfile

    rng = random.Random(7)
    for _ in range(300):
        text = "".join(rng.choice("ab\n") for _ in range(rng.randint(0, 60)))
        monkeypatch.setattr(textfile, "_CHUNK", rng.randint(1, 9))
        expected = [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"]
        index = LineIndex(text)
        assert [index.offset(line, 1) for line in range(1, index.line_count + 1)] == expected
