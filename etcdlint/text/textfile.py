"""Bytes to text and back: encoding, BOM, and the offset <-> line:column index."""

from __future__ import annotations

import bisect
import codecs
from array import array
from itertools import accumulate, islice
from typing import List, Tuple

from etcdlint.records import record
from etcdlint.text.span import Position


class DecodeError(ValueError):
    """The bytes are not text etcdlint can read; ``offset`` is where decoding failed."""

    def __init__(self, message: str, offset: int = 0) -> None:
        super().__init__(message)
        self.offset = offset


@record
class SourceText:
    """A decoded file. Offsets everywhere are code points into ``text`` (BOM excluded)."""

    path: str
    text: str
    encoding: str = "utf-8"
    bom: bool = False

    def encode(self, text: str) -> bytes:
        """Encode ``text`` the way the original file was encoded (BOM included)."""
        data = text.encode(self.encoding)
        if self.bom:
            data = _BOMS[self.encoding] + data
        return data


_BOMS = {
    "utf-8": codecs.BOM_UTF8,
    "utf-16-le": codecs.BOM_UTF16_LE,
    "utf-16-be": codecs.BOM_UTF16_BE,
}


def decode(path: str, data: bytes) -> SourceText:
    """Decode file bytes; raise DecodeError for binary or undecodable content."""
    for encoding, bom in _BOMS.items():
        if data.startswith(bom):
            body = data[len(bom):]
            return SourceText(path, _decode(body, encoding), encoding, True)
    utf16 = utf16_without_bom(data)
    if utf16:
        return SourceText(path, _decode(data, utf16), utf16, False)
    if b"\x00" in data[:8192]:
        raise DecodeError("binary content (NUL byte): not a YAML text file", data.index(b"\x00"))
    return SourceText(path, _decode(data, "utf-8"), "utf-8", False)


def utf16_without_bom(data: bytes) -> str:
    """YAML's encoding detection: an ASCII first character next to a NUL byte."""
    if len(data) >= 2 and data[0] == 0 and data[1] != 0:
        return "utf-16-be"
    if len(data) >= 2 and data[0] != 0 and data[1] == 0:
        return "utf-16-le"
    return ""


_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def looks_utf16(data: bytes) -> bool:
    head = data[:2]  # (without a NUL byte in it, no BOM-less UTF-16: most files)
    return head in _UTF16_BOMS or (0 in head and bool(utf16_without_bom(data)))


def _decode(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise DecodeError(f"invalid {encoding.upper()} at byte {exc.start}", exc.start) from None


_PLUS_ONE = (1).__add__  # a line's length plus its newline


_CHUNK = 1 << 20


def _newline_starts(text: str) -> array:
    """Where each line starts, lines ending in LF: 8 bytes a line, and the text is split a
    chunk at a time (a whole split of a big file would hold a string per line at once)."""
    starts = array("q", [0])
    for begin in range(0, len(text), _CHUNK):
        lengths = map(_PLUS_ONE, map(len, text[begin:begin + _CHUNK].split("\n")[:-1]))
        starts.extend(islice(accumulate(lengths, initial=begin), 1, None))
    return starts


class LineIndex:
    """Maps code-point offsets to 1-based line and column (CRLF and lone CR end lines)."""

    def __init__(self, text: str) -> None:
        n = len(text)
        if "\r" not in text:  # the usual case, in C: each line's start after the one before
            self._starts = _newline_starts(text)
            self._length = n
            return
        starts: List[int] = [0]
        i = 0
        find = text.find
        while True:
            j = find("\n", i)
            k = find("\r", i, j if j >= 0 else n)
            if k >= 0 and (k + 1 >= n or text[k + 1] != "\n"):
                starts.append(k + 1)
                i = k + 1
                continue
            if j < 0:
                break
            starts.append(j + 1)
            i = j + 1
        self._starts = array("q", starts)
        self._length = n

    def position(self, offset: int) -> Position:
        offset = max(0, min(offset, self._length))
        line = bisect.bisect_right(self._starts, offset) - 1
        return Position(line + 1, offset - self._starts[line] + 1)

    def offset(self, line: int, column: int) -> int:
        """Offset of a 1-based line/column (clamped to the text)."""
        line = max(1, min(line, len(self._starts)))
        return min(self._starts[line - 1] + max(column, 1) - 1, self._length)

    def line_span(self, line: int) -> Tuple[int, int]:
        start = self._starts[line - 1]
        end = self._starts[line] if line < len(self._starts) else self._length
        return start, end

    @property
    def line_count(self) -> int:
        return len(self._starts)
