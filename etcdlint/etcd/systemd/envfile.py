"""Environment files, read as systemd reads ``EnvironmentFile=`` (``load_env_file`` and its
state machine ``parse_env_file_internal`` in ``src/basic/env-file.c``; systemd.exec(5)):

- ``#`` or ``;`` after the blanks that start a line makes the line a comment; a line
  without ``=`` is ignored;
- the name is stripped of blanks around it; an invalid name (``export FOO``, ``a-b``) is
  dropped when the environment is built (``strv_env_clean``);
- the value starts after the blanks that follow ``=``; unquoted, a backslash takes the next
  character as it is (a backslash before a line break joins the lines) and trailing blanks
  are dropped; ``'…'`` is literal; in ``"…"`` a backslash escapes only ``"``, ``\\``, `````
  and ``$`` (and a line break), otherwise it stays; quoted and unquoted parts follow one
  another (``"a"b`` is ``ab``), and a quoted value may span lines;
- ``#`` inside a value is part of it; ``$VAR`` is not expanded; the last assignment of a
  name wins.
"""

from __future__ import annotations

import re
from typing import List

from etcdlint.etcd.systemd.placed import Placed
from etcdlint.records import record
from etcdlint.text.span import Span
from etcdlint.text.tokens import Token

_WHITESPACE = " \t\n\r"
_NEWLINE = "\n\r"
_NEED_ESCAPE = '"\\`$'
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")


@record
class EnvLine:
    name: str
    value: Token  # each character placed in the source
    span: Span  # from the name to the end of the value
    name_span: Span
    quoted: bool  # the value holds a quoted part


def read_env_lines(source: Token) -> List[EnvLine]:
    """The valid assignments of the environment file ``source``, in file order."""
    text = source.text
    out: List[EnvLine] = []
    state = "pre-key"
    key = Placed()
    value = Placed()
    key_ws = value_ws = -1
    quoted = False
    last = 0

    def push() -> None:
        k = key.slice(0, key_ws) if key_ws >= 0 else key
        name = k.text
        if _NAME.match(name):
            name_tok = k.token(source)
            if value.chars:
                value_tok = value.token(source)
                end = max(value_tok.span.end, source.sub_span(last, last + 1).end)
            else:
                at = source.sub_span(last + 1, last + 1).start
                value_tok = Token("", Span(at, at))
                end = at
            out.append(EnvLine(name, value_tok, Span(name_tok.span.start, end),
                               name_tok.span, quoted))

    for p, c in enumerate(text):
        if state == "pre-key":
            if c in "#;":
                state = "comment"
            elif c not in _WHITESPACE:
                state, key, key_ws = "key", Placed(), -1
                key.add(c, p, p + 1)
        elif state == "key":
            if c in _NEWLINE:
                state = "pre-key"
            elif c == "=":
                state, value, value_ws, quoted, last = "pre-value", Placed(), -1, False, p
            else:
                if c not in _WHITESPACE:
                    key_ws = -1
                elif key_ws < 0:
                    key_ws = len(key)
                key.add(c, p, p + 1)
        elif state == "pre-value":
            if c in _NEWLINE:
                state = "pre-key"
                push()
            elif c == "'":
                state, quoted, last = "single", True, p
            elif c == '"':
                state, quoted, last = "double", True, p
            elif c == "\\":
                state = "value-escape"
            elif c not in _WHITESPACE:
                state, last = "value", p
                value.add(c, p, p + 1)
        elif state == "value":
            if c in _NEWLINE:
                state = "pre-key"
                if value_ws >= 0:
                    value = value.slice(0, value_ws)
                push()
            elif c == "\\":
                state, value_ws = "value-escape", -1
            else:
                if c not in _WHITESPACE:
                    value_ws, last = -1, p
                elif value_ws < 0:
                    value_ws = len(value)
                value.add(c, p, p + 1)
        elif state == "value-escape":
            state = "value"
            if c not in _NEWLINE:
                value.add(c, p - 1, p + 1)
                last = p
        elif state == "single":
            if c == "'":
                state, last = "pre-value", p
            else:
                value.add(c, p, p + 1)
        elif state == "double":
            if c == '"':
                state, last = "pre-value", p
            elif c == "\\":
                state = "double-escape"
            else:
                value.add(c, p, p + 1)
        elif state == "double-escape":
            state = "double"
            if c in _NEED_ESCAPE:
                value.add(c, p - 1, p + 1)
            elif c != "\n":
                value.add("\\", p - 1, p)
                value.add(c, p, p + 1)
        elif state == "comment":
            if c == "\\":
                state = "comment-escape"
            elif c in _NEWLINE:
                state = "pre-key"
        elif state == "comment-escape":
            state = "pre-key" if c in _NEWLINE else "comment"
    if state in ("pre-value", "value", "value-escape", "single", "double", "double-escape"):
        if state == "value" and value_ws >= 0:
            value = value.slice(0, value_ws)
        push()
    return out
