"""``env_file`` and ``.env`` files of a compose project, read the way compose-go v2.x reads
them (``dotenv/parser.go``): ``KEY=value`` or ``KEY: value`` lines, an optional
``export``, ``#`` comments (after a blank in an unquoted value), single-quoted values taken
literally, double-quoted values with backslash escapes, quoted values over several lines.

A value that refers to a variable (``$``, outside single quotes) or a bare ``KEY`` (taken
from the environment compose runs in) is unknown: None. A file compose could not parse
gives None as a whole.
"""

from __future__ import annotations

import re
from typing import Dict, List, Optional, Tuple

_EXPORT = re.compile(r"export[ \t]+")
_KEY_CHARS = re.compile(r"[A-Za-z0-9_.\-\[\]]+")
_ESCAPES = {"a": "\a", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v",
            '"': '"', "\\": "\\", "$": "$"}


def parse_dotenv(text: str) -> Optional[List[Tuple[str, Optional[str]]]]:
    """``[(key, value or None)]`` in file order; None when compose would refuse the file."""
    out: List[Tuple[str, Optional[str]]] = []
    i, n = 0, len(text)
    while i < n:
        while i < n and text[i] in " \t\r\n\f\v":
            i += 1
        if i >= n:
            break
        if text[i] == "#":
            j = text.find("\n", i)
            i = n if j < 0 else j + 1
            continue
        export = _EXPORT.match(text, i)
        if export:
            i = export.end()
        key_match = _KEY_CHARS.match(text, i)
        if key_match is None:
            return None
        key = key_match.group()
        i = key_match.end()
        while i < n and text[i] in " \t":
            i += 1
        if i >= n or text[i] in "\r\n":
            out.append((key, None))  # a bare KEY: from compose's own environment
            continue
        if text[i] not in "=:":
            return None
        i += 1
        while i < n and text[i] in " \t":
            i += 1
        if i < n and text[i] in "'\"":
            found = _quoted(text, i)
            if found is None:
                return None
            value, i = found
            out.append((key, value))
            continue
        j = text.find("\n", i)
        j = n if j < 0 else j
        raw = text[i:j].split(" #", 1)[0].rstrip()
        out.append((key, None if "$" in raw else raw))
        i = j
    return out


def _quoted(text: str, i: int) -> Optional[Tuple[Optional[str], int]]:
    quote = text[i]
    chars: List[str] = []
    escape = False
    for k in range(i + 1, len(text)):
        ch = text[k]
        if ch != quote:
            if not escape and ch == "\\":
                escape = True
                continue
            if escape:
                escape = False
                chars.append("\\")
            chars.append(ch)
            continue
        if escape:
            escape = False
            chars.append(ch)
            continue
        value = "".join(chars)
        if quote == '"':
            if re.search(r"(?<!\\)\$", value):
                return None, k + 1
            value = re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(0)), value)
        return value, k + 1
    return None


def known_values(entries: Optional[List[Tuple[str, Optional[str]]]]) -> Dict[str, str]:
    """The entries whose value is known (the last of a repeated key decides)."""
    known: Dict[str, str] = {}
    for key, value in entries or ():
        known.pop(key, None)
        if value is not None:
            known[key] = value
    return known
