"""A removal looks at the lines around it a window at a time (not the whole text split for
each removal): the windows give the lines ``splitlines`` gives, whatever the line breaks and
wherever a window cuts a line or a ``\\r\\n`` in two."""

import random

import pytest

from etcdlint.text import edits

PIECES = ["a", "-", " ", "\t", "\n", "\r\n", "\r", "\x0b", "x", "  - b", "#", "key: v"]


@pytest.mark.parametrize("window", [1, 2, 7, 4096])
def test_windows_give_the_lines_splitlines_gives(monkeypatch, window):
    monkeypatch.setattr(edits, "_WINDOW", window)
    rng = random.Random(window)
    for _ in range(3000):
        text = "".join(rng.choice(PIECES) for _ in range(rng.randint(0, 40)))
        for start in [0] + [i + 1 for i, c in enumerate(text) if c == "\n"]:
            assert list(edits._lines_before(text, start)) == \
                text[:start].splitlines(True)[::-1], (text, start)
        for start in range(len(text) + 1):
            assert list(edits._lines_after(text, start)) == text[start:].splitlines(True), \
                (text, start)


@pytest.mark.parametrize("text, removable", [
    ("extraArgs:\n  peer-auto-tls: 'true'\n", False),  # the only entry: the mapping is null
    ("extraArgs:\n  name: a\n  peer-auto-tls: 'true'\n", True),
    ("extraArgs:\n  peer-auto-tls: 'true'\n  name: a\n", True),
    ("- name: etcd\n  peer-auto-tls: 'true'\n", True),  # after the item's first key
    ("a:\n  b:\n    c: 1\n  peer-auto-tls: 'true'\n", True),  # a sibling with a nested value
    ("a:\n  peer-auto-tls: 'true'\nb: 2\n", False),  # only a key of the parent comes next
])
def test_the_only_entry_of_a_mapping_is_not_removed(text, removable):
    start = text.index("peer-auto-tls")
    end = text.index("\n", start)
    assert (edits.removal_span(text, edits.Span(start, end)) is not None) == removable


@pytest.mark.parametrize("text, removed", [
    ("data: {a: x, KEY: 'true'}\n", None),  # a key without its value: not an item
    ("data: {a: x, KEY  : 'true'}\n", None),
    ("args: [a, KEY]\n", ", KEY"),
    ("args: [a, KEY, b]\n", ", KEY"),
])
def test_a_key_of_a_flow_mapping_is_not_removed_alone(text, removed):
    start = text.index("KEY")
    span = edits.removal_span(text, edits.Span(start, start + 3))
    assert (text[span.start:span.end] if span is not None else None) == removed
