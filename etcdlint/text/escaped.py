"""Strings whose characters are written escaped, each character still placed in the file:
double-quoted YAML/JSON scalars with backslash escapes (``"[Service]\\nExecStart=…"`` in an
Ignition config) and ``data:`` URLs with percent-encoding (RFC 2397)."""

from __future__ import annotations

import codecs
from typing import List, Optional

from ruamel.yaml.nodes import ScalarNode

from etcdlint.text.span import Span
from etcdlint.text.tokens import Token
from etcdlint.text.yamlnodes import node_span, scalar_token

_SIMPLE = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "/": "/", "b": "\b",
           "f": "\f", "0": "\0", "a": "\a", "v": "\v", "e": "\x1b", " ": " ", "\t": "\t",
           "N": "\x85", "_": "\xa0", "L": "\u2028", "P": "\u2029"}
_HEX = {"x": 2, "u": 4, "U": 8}
_HEX_DIGITS = frozenset("0123456789abcdefABCDEF")


def string_token(node: ScalarNode, text: str) -> Token:
    """``scalar_token``, but a one-line double-quoted scalar with escapes gets every
    character placed too (``\\n`` is two characters of the file, one of the value)."""
    span = node_span(node)
    source = text[span.start:span.end]
    if node.style == '"' and "\\" in source and "\n" not in source and source.endswith('"'):
        placed = _unescape(source[1:-1], span.start + 1)
        if placed is not None and placed.text == node.value:
            return Token(placed.text, span, placed.starts, placed.ends)
    return scalar_token(node, text)


def _unescape(body: str, base: int) -> Optional[Token]:
    chars: List[str] = []
    starts: List[int] = []
    ends: List[int] = []
    i, n = 0, len(body)
    while i < n:
        c = body[i]
        if c != "\\":
            chars.append(c)
            starts.append(base + i)
            ends.append(base + i + 1)
            i += 1
            continue
        if i + 1 >= n:
            return None
        e = body[i + 1]
        if e in _SIMPLE:
            chars.append(_SIMPLE[e])
            width = 2
        elif e in _HEX:
            digits = body[i + 2:i + 2 + _HEX[e]]
            if len(digits) != _HEX[e] or not all(d in _HEX_DIGITS for d in digits):
                return None
            chars.append(chr(int(digits, 16)))
            width = 2 + _HEX[e]
        else:
            return None
        starts.append(base + i)
        ends.append(base + i + width)
        i += width
    return Token("".join(chars), Span(base, base + n), starts, ends)


def data_url(token: Token) -> Optional[Token]:
    """The data of a plain ``data:`` URL (``data:,…`` or ``data:text/plain;charset=…,…``),
    percent-decoded, each character placed where its ``%XX`` (or itself) is; None for
    another URL, a base64 one, or bytes that are not UTF-8."""
    text = token.text
    comma = text.find(",")
    if not text.startswith("data:") or comma < 0 or ";base64" in text[:comma].lower():
        return None
    decoder = codecs.getincrementaldecoder("utf-8")()
    t_starts, t_ends = token.starts, token.ends
    chars: List[str] = []
    starts: List[int] = []
    ends: List[int] = []
    pending = -1
    i, n = comma + 1, len(text)
    while i < n:
        c = text[i]
        width = 1
        if c == "%" and i + 2 < n and all(d in _HEX_DIGITS for d in text[i + 1:i + 3]):
            byte = bytes((int(text[i + 1:i + 3], 16),))
            width = 3
        else:
            byte = c.encode("utf-8")
        if pending < 0:
            pending = t_starts[i]
        try:
            out = decoder.decode(byte)
        except UnicodeDecodeError:
            return None
        for ch in out:
            chars.append(ch)
            starts.append(pending)
            ends.append(t_ends[i + width - 1])
        if out:
            pending = -1
        i += width
    if pending >= 0:
        return None
    return Token("".join(chars), token.span, starts, ends)
