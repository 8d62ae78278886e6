"""Unit files and drop-ins, read as systemd's ``config_parse`` reads them
(``src/shared/conf-parser.c``):

- a line ending in an odd number of backslashes continues on the next one; the final
  backslash becomes a blank and the next line is appended as it is; a comment line met
  inside such a continuation is skipped;
- leading and trailing whitespace of the (joined) line is dropped; an empty line, or one
  starting with ``#`` or ``;``, is a comment (only at the start of a line: ``ExecStart=etcd
  # x`` passes ``#`` and ``x`` to etcd);
- ``[Section]`` opens a section; other lines are ``Key=value``, both sides stripped; a line
  without ``=`` is ignored (systemd warns and goes on).
"""

from __future__ import annotations

from typing import List, Optional

from etcdlint.etcd.systemd.placed import Placed
from etcdlint.records import record
from etcdlint.text.span import Span
from etcdlint.text.tokens import Token

WHITESPACE = " \t\n\r"
COMMENTS = "#;"


@record
class Assignment:
    section: str
    key: str
    value: Token  # stripped; each character placed in the source
    key_span: Span
    span: Span  # the whole (joined) line


def read_assignments(source: Token) -> List[Assignment]:
    """Every ``Key=value`` of the unit text ``source``, in order, with its section."""
    text = source.text
    out: List[Assignment] = []
    section = ""
    pending: Optional[Placed] = None
    pos, n = 0, len(text)
    while pos < n or pending is not None:
        if pos >= n:  # a continuation on the last line: what was gathered is the line
            line, pending = pending, None
        else:
            nl = text.find("\n", pos)
            end = n if nl < 0 else nl
            stop = end
            while stop > pos and text[stop - 1] in "\r\n":
                stop -= 1
            raw = Placed()
            for k in range(pos, stop):
                raw.add(text[k], k, k + 1)
            pos = end + 1
            if pending is not None:
                if raw.text.lstrip(WHITESPACE)[:1] in tuple(COMMENTS):
                    continue  # a comment inside a continuation
                pending.extend(raw)
                line = pending
            else:
                line = raw
            if _continues(line.text):
                line.chars[-1] = " "
                pending = line
                continue
            pending = None
        section = _parse_line(source, line, section, out)
    return out


def _continues(line: str) -> bool:
    escaped = False
    for ch in line:
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
    return escaped


def _parse_line(source: Token, line: Placed, section: str, out: List[Assignment]) -> str:
    stripped = line.strip(WHITESPACE)
    text = stripped.text
    if not text or text[0] in COMMENTS:
        return section
    if text[0] == "[":
        if text.endswith("]"):
            return text[1:-1]
        return section
    eq = text.find("=")
    if eq < 0:
        return section
    key = stripped.slice(0, eq).strip(WHITESPACE)
    value = stripped.slice(eq + 1, len(stripped)).strip(WHITESPACE)
    whole = stripped.token(source)
    key_token = key.token(source)
    if value.chars:
        value_token = value.token(source)
    else:  # an empty value: placed just after the "="
        after = stripped.ends[eq]
        value_token = Placed().token(source, after, after)
    out.append(Assignment(section, key.text, value_token, key_token.span, whole.span))
    return section
