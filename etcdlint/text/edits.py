"""Turn edit intents into plain replacements by looking at the text around them.

A removal takes the whole list item or line when the item is alone on its line (and has no
comment), the item and its comma in a flow sequence, or the word and one run of blanks in
a shell script. An insertion copies the neighbour's indentation and quoting. Anything that
does not fit these shapes gives None (the fix's fallback is tried instead).
"""

from __future__ import annotations

import re
from typing import Iterator, Optional, Tuple

from etcdlint.text.span import Span

_ITEM_PREFIX = re.compile(r"[ \t]*(?:-[ \t]+)*")

# A plain replacement: the span, the text put there, the text expected there.
Replacement = Tuple[Span, str, Optional[str]]


def concrete(text: str, span: Span, replacement: str, expect: Optional[str], mode: str,
             kind: str) -> Optional[Replacement]:
    """The replacement an edit intent (``mode`` "replace", "remove-item", "insert-after" in
    the style of ``kind``) comes to in ``text``; None when the text around it does not fit."""
    if mode == "replace":
        if expect is not None and text[span.start:span.end] != expect:
            return None
        return span, replacement, expect
    if mode == "remove-item":
        removed = removal_span(text, span)
        if removed is None:
            return None
        return removed, "", text[removed.start:removed.end]
    if mode == "insert-after":
        return insertion(text, span, kind, replacement)
    return None


def _line_start(text: str, pos: int) -> int:
    return text.rfind("\n", 0, pos) + 1


def _line_end(text: str, pos: int) -> int:
    """Offset of the line break ending the line that holds ``pos`` (``\\r\\n`` included)."""
    end = text.find("\n", pos)
    if end < 0:
        return len(text)
    return end - 1 if end > 0 and text[end - 1] == "\r" else end


def _newline(text: str, pos: int) -> str:
    end = text.find("\n", pos)
    if end > 0 and text[end - 1] == "\r":
        return "\r\n"
    if end < 0 and "\r\n" in text:
        return "\r\n"
    return "\n"


def _content_end(text: str, span: Span) -> int:
    end = span.end
    while end > span.start and text[end - 1] in " \t\r\n":
        end -= 1
    return end


def removal_span(text: str, span: Span) -> Optional[Span]:
    end = _content_end(text, span)
    start = _line_start(text, span.start)
    before = text[start:span.start]
    line_end = _line_end(text, end)
    after = text[end:line_end]
    # A whole block-sequence item or mapping entry on its own lines.
    if _ITEM_PREFIX.fullmatch(before) and after.strip() == "":
        if "-" in before or before.strip() == "":
            nl = text.find("\n", end)
            stop = len(text) if nl < 0 else nl + 1
            if _is_only_item_of_sequence(text, start, stop, before) or \
                    _is_only_entry_of_mapping(text, start, stop, before):
                return None
            joined = _continued_from(text, start) if before.strip() == "" else None
            if joined is not None:  # the last word of a continued command: take its "\\" too
                return Span(joined, line_end)
            return Span(start, stop)
        return None
    # An item of a flow sequence: take its comma too (not a key without its value: the
    # variable ``envFrom`` or ``configMapKeyRef`` reads in ``{a: x, KEY: v}``).
    back = span.start
    while back > 0 and text[back - 1] in " \t\r\n":
        back -= 1
    if back > 0 and text[back - 1] == ",":
        fwd = end
        while fwd < len(text) and text[fwd] in " \t":
            fwd += 1
        return None if text.startswith(":", fwd) else Span(back - 1, end)
    if back > 0 and text[back - 1] in "[{":
        fwd = end
        while fwd < len(text) and text[fwd] in " \t":
            fwd += 1
        if fwd < len(text) and text[fwd] == ",":
            fwd += 1
            while fwd < len(text) and text[fwd] in " \t":
                fwd += 1
            return Span(span.start, fwd)
        return None
    # A word of a shell script.
    if before.strip() == "" and after.strip() == "\\":
        nl = text.find("\n", end)  # the word is alone on a continued line: drop the line
        return Span(start, len(text) if nl < 0 else nl + 1)
    if before.strip() == "":
        lead = len(after) - len(after.lstrip(" \t"))
        if lead and after.strip() and not after.strip().startswith("#"):
            return Span(span.start, end + lead)
        return None
    if not _ITEM_PREFIX.fullmatch(before) and before[-1:] in (" ", "\t"):
        ws = len(before) - len(before.rstrip(" \t"))
        return Span(span.start - ws, end)
    return None


def _continued_from(text: str, start: int) -> Optional[int]:
    """Where the `` \\`` ending the line before ``start`` begins, when that line ends so."""
    if start == 0:
        return None
    prev_end = start - 1  # the "\n" before ``start``
    if prev_end > 0 and text[prev_end - 1] == "\r":
        prev_end -= 1
    if prev_end == 0 or text[prev_end - 1] != "\\":
        return None
    at = prev_end - 1
    while at > 0 and text[at - 1] in " \t":
        at -= 1
    return at


def _is_only_item_of_sequence(text: str, start: int, stop: int, before: str) -> bool:
    """Removing the last item of a block sequence would turn the list into null."""
    if "-" not in before:
        return False
    indent = before.index("-")
    return not (_sibling_item(_lines_before(text, start), indent)
                or _sibling_item(_lines_after(text, stop), indent))


_MAPPING_ENTRY = re.compile(r"[^\s#-][^#]*?:(?:[ \t]|$)")


def _is_only_entry_of_mapping(text: str, start: int, stop: int, before: str) -> bool:
    """Removing the only entry of a block mapping would turn the mapping into null (an
    ``extraArgs:`` left with nothing under it). ``before`` is blank: the entry starts its line."""
    if before.strip() or not _MAPPING_ENTRY.match(text, start + len(before)):
        return False
    indent = len(before)
    return not (_sibling_key(_lines_before(text, start), indent)
                or _sibling_key(_lines_after(text, stop), indent))


def _outer_lines(lines, indent: int) -> Iterator[Tuple[str, str, int]]:
    """``(line, stripped, width)`` of the lines of ``lines`` indented ``indent`` or less (the
    block's own and its parents'), blank and comment lines left out."""
    for line in lines:
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        width = len(line) - len(line.lstrip(" \t"))
        if width <= indent:
            yield line, stripped, width


def _sibling_key(lines, indent: int) -> bool:
    """Whether another key of the same block mapping comes first in ``lines``: a line at its
    indentation, or the first key of a sequence item (``- name: etcd``) at that column."""
    for line, stripped, width in _outer_lines(lines, indent):
        if stripped.startswith("-"):
            if _ITEM_PREFIX.match(line).end() == indent:
                return True
            if width == indent:  # a sequence that is the value of a key before it
                continue
            return False
        return width == indent
    return False


_WINDOW = 4096


def _lines_before(text: str, end: int) -> Iterator[str]:
    """The lines of ``text[:end]`` (``end`` a line start), last first, with their line breaks,
    as ``splitlines`` cuts them: read a window at a time back from ``end``, so that a removal
    looks at its neighbours only, not at the whole text."""
    size = _WINDOW
    while end > 0:
        begin = max(0, end - size)
        lines = text[begin:end].splitlines(True)
        if begin > 0:  # the first line may start before the window: read it again
            first = lines.pop(0)
            if not lines:
                size *= 2
                continue
            end = begin + len(first)
        else:
            end = 0
        yield from reversed(lines)


def _lines_after(text: str, start: int) -> Iterator[str]:
    """The lines of ``text[start:]``, first first, with their line breaks, a window at a time."""
    size = _WINDOW
    while start < len(text):
        stop = min(len(text), start + size)
        lines = text[start:stop].splitlines(True)
        if stop < len(text):  # the last line (or its "\r\n") may go on past the window
            last = lines.pop()
            if not lines:
                size *= 2
                continue
            start = stop - len(last)
        else:
            start = stop
        yield from lines


def _sibling_item(lines, indent: int) -> bool:
    """Whether another item of the same block sequence comes first in ``lines`` (each may
    end with its line break)."""
    for line, _, width in _outer_lines(lines, indent):
        return width == indent and line.startswith("-", width)
    return False


def insertion(text: str, span: Span, kind: str, replacement: str) -> Optional[Replacement]:
    name, _, value = replacement.partition("=")
    end = _content_end(text, span)
    start = _line_start(text, span.start)
    before = text[start:span.start]
    raw = text[span.start:end]
    nl = _newline(text, end)
    if kind == "argv":
        quote = raw[0] if raw[:1] in ("'", '"') else ""
        flag = replacement
        if _ITEM_PREFIX.fullmatch(before) and "-" in before:
            at = _line_end(text, end)
            return Span(at, at), f"{nl}{before}{quote}{flag}{quote}", ""
        quote = quote or ('"' if ":" in flag or "#" in flag else "")
        return Span(end, end), f", {quote}{flag}{quote}", ""
    if kind == "word":
        return Span(end, end), f" {replacement}", ""
    if kind == "env":
        if not (_ITEM_PREFIX.fullmatch(before) and "-" in before):
            return None
        quote = '"'
        match = re.search(r"value:[ \t]*(['\"])", raw)
        if match:
            quote = match.group(1)
        at = _line_end(text, end)
        if raw.startswith("{"):
            item = f"{{name: {name}, value: {quote}{value}{quote}}}"
            return Span(at, at), f"{nl}{before}{item}", ""
        pad = " " * len(before)
        return Span(at, at), f"{nl}{before}name: {name}{nl}{pad}value: {quote}{value}{quote}", ""
    if kind == "env-line":  # after the last assignment of an environment file
        at = _line_end(text, end)  # (indented as that line: a file in a YAML block scalar)
        indent = before[:len(before) - len(before.lstrip(" 	"))]
        return Span(at, at), f"{nl}{indent}{replacement}", ""
    if kind == "map":
        if before.strip() != "":
            return None
        at = _line_end(text, end)
        return Span(at, at), f"{nl}{before}{name}: {value}", ""
    return None
