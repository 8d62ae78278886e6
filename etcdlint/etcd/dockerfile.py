"""Dockerfiles, read as BuildKit reads them (moby/buildkit ``frontend/dockerfile/parser``
``parser.go``, ``line_parsers.go``, and ``frontend/dockerfile/shell/lex.go``), keeping each
character's place:

- parser directives (``# escape=`` ``\\`` or `````) at the top; a line whose first non-blank
  character is ``#`` is a comment, inside a continuation too, and so is an empty line there;
  the lines of a here-document (``RUN <<EOF`` … ``EOF``) belong to it;
- a line ending in the escape character (blanks after it allowed) continues on the next:
  the escape character is removed and the next line appended as it is;
- an instruction is its keyword (any letter case), its ``--flags``, and the rest;
- ``CMD``, ``ENTRYPOINT`` and ``SHELL`` are a JSON array of strings (exec form) or, if the
  rest is not one, a string run by the stage's ``SHELL`` (``/bin/sh -c`` by default);
- ``ENV name=value …`` (or the old ``ENV name value``) and ``ARG name[=default] …``; their
  values are words of BuildKit's shell lexer: quotes removed, ``\\`` escapes, ``$VAR``,
  ``${VAR}``, ``${VAR:-word}``, ``${VAR-word}``, ``${VAR:+word}``, ``${VAR+word}`` from the
  stage's ``ARG`` and ``ENV`` values so far.

(dockerfile-parse, BSD-licensed, gives an instruction's lines but not where its words are:
findings point at a word, so this reader keeps each character's place itself.)
"""

from __future__ import annotations

import json
import re
from typing import Dict, List, Optional, Tuple

from etcdlint.etcd.systemd.placed import Placed
from etcdlint.records import record
from etcdlint.text.span import Span
from etcdlint.text.tokens import Token

_DIRECTIVE = re.compile(r"#[ \t]*([A-Za-z][A-Za-z0-9_]*)[ \t]*=[ \t]*(.*?)[ \t]*$")


@record
class Instruction:
    keyword: str  # lower case
    keyword_span: Span
    flags: Tuple[Token, ...]  # --platform=…, --from=…
    rest: Token  # after the keyword and flags, blanks around it removed


def read_instructions(source: Token) -> List[Instruction]:
    text = source.text
    lines = _physical_lines(text)
    escape = "\\"
    k = 0
    # parser directives: comment lines at the very top
    while k < len(lines):
        start, end = lines[k]
        m = _DIRECTIVE.match(text[start:end])
        if m is None:
            break
        if m.group(1).lower() == "escape" and m.group(2) in ("\\", "`"):
            escape = m.group(2)
        k += 1
    out: List[Instruction] = []
    while k < len(lines):
        start, end = lines[k]
        k += 1
        line = _placed(text, start, end)
        lead = len(line.text) - len(line.text.lstrip(" \t"))
        line = line.slice(lead, len(line))
        if not line.text or line.text.startswith("#"):
            continue
        line, more = _continued(line, escape)
        while more and k < len(lines):
            start, end = lines[k]
            k += 1
            nxt = _placed(text, start, end)
            stripped = nxt.text.strip(" \t")
            if stripped.startswith("#") or not stripped:
                continue
            nxt, more = _continued(nxt, escape)
            line.extend(nxt)
        instruction = _instruction(source, line)
        if instruction is not None:
            out.append(instruction)
            # a here-document's lines (``RUN <<EOF`` … ``EOF``) are its content, not
            # instructions
            for word in _heredocs(instruction):
                while k < len(lines):
                    start, end = lines[k]
                    k += 1
                    body = text[start:end]
                    if (body.lstrip("\t") if word[1] else body) == word[0]:
                        break
    return out


_HEREDOC = re.compile(r"<<(-?)([\"']?)([A-Za-z_][A-Za-z0-9_]*)\2")


def _heredocs(instruction: Instruction) -> List[Tuple[str, bool]]:
    """The here-documents a RUN, COPY or ADD opens: (terminating word, ``<<-``)."""
    if instruction.keyword not in ("run", "copy", "add"):
        return []
    return [(m.group(3), m.group(1) == "-") for m in _HEREDOC.finditer(instruction.rest.text)]


def _physical_lines(text: str) -> List[Tuple[int, int]]:
    out = []
    pos = 0
    while pos <= len(text):
        nl = text.find("\n", pos)
        end = len(text) if nl < 0 else nl
        stop = end - 1 if end > pos and text[end - 1] == "\r" else end
        out.append((pos, stop))
        if nl < 0:
            break
        pos = nl + 1
    return out


def _placed(text: str, start: int, end: int) -> Placed:
    out = Placed()
    for p in range(start, end):
        out.add(text[p], p, p + 1)
    return out


def _continued(line: Placed, escape: str) -> Tuple[Placed, bool]:
    text = line.text
    stripped = text.rstrip(" \t")
    if stripped.endswith(escape):
        return line.slice(0, len(stripped) - 1), True
    return line, False


def _instruction(source: Token, line: Placed) -> Optional[Instruction]:
    text = line.text
    m = re.match(r"[ \t]*(\S+)", text)
    if m is None:
        return None
    keyword = m.group(1).lower()
    kw_span = line.slice(m.start(1), m.end(1)).token(source).span
    pos = m.end(1)
    flags = []
    while True:
        fm = re.compile(r"[ \t]+(--\S+)").match(text, pos)
        if fm is None or keyword not in ("from", "copy", "add", "run", "healthcheck"):
            break
        flags.append(line.slice(fm.start(1), fm.end(1)).token(source))
        pos = fm.end()
    rest = line.slice(pos, len(line)).strip(" \t")
    if rest.chars:
        rest_token = rest.token(source)
    else:
        at = line.ends[-1] if line.chars else 0
        rest_token = Placed().token(source, at, at)
    return Instruction(keyword, kw_span, tuple(flags), rest_token)


def exec_form(rest: Token) -> Optional[List[Token]]:
    """The strings of a JSON-array ``rest``, each placed; None when it is not one."""
    text = rest.text
    if not text.startswith("["):
        return None
    try:
        value = json.loads(text)
    except ValueError:
        return None
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        return None
    out: List[Token] = []
    i = 1
    n = len(text)
    while i < n:
        c = text[i]
        if c == '"':
            chars = Placed()
            start = i
            i += 1
            while i < n and text[i] != '"':
                if text[i] == "\\":
                    found = _json_escape(text, i)
                    chars.add(found[0], i, i + found[1])
                    i += found[1]
                    continue
                chars.add(text[i], i, i + 1)
                i += 1
            i += 1
            out.append(chars.token(rest, start, i))
            continue
        i += 1
    return out


def _json_escape(text: str, i: int) -> Tuple[str, int]:
    c = text[i + 1]
    if c == "u":
        return chr(int(text[i + 2:i + 6], 16)), 6
    return {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f"}.get(c, c), 2


def shell_words(rest: Token) -> List[Tuple[int, int]]:
    """Index ranges of the blank-separated words of ``rest`` (quotes kept together), as
    BuildKit's ``parseWords`` splits ``ENV``/``ARG`` lines."""
    text = rest.text
    out = []
    i, n = 0, len(text)
    while i < n:
        while i < n and text[i] in " \t":
            i += 1
        if i >= n:
            break
        start = i
        quote = ""
        while i < n:
            c = text[i]
            if c == "\\" and i + 1 < n and quote != "'":
                i += 2
                continue
            if quote:
                if c == quote:
                    quote = ""
            elif c in "'\"":
                quote = c
            elif c in " \t":
                break
            i += 1
        out.append((start, i))
    return out


def lex_word(rest: Token, start: int, end: int, env: Dict[str, Optional[Token]]) -> Token:
    """The value of ``rest.text[start:end]`` after BuildKit's shell lexer: quotes removed,
    escapes taken, variables replaced (a variable of unknown value makes it dynamic)."""
    text = rest.text
    dynamic = False
    i = start
    quote = ""
    # (character, start, end, whether placed already): indexes of ``rest.text``, or file
    # offsets for the characters of a variable's value
    pieces: List[Tuple[str, int, int, bool]] = []

    def add(ch, s, e):
        pieces.append((ch, s, e, False))

    while i < end:
        c = text[i]
        if quote == "'":
            if c == "'":
                quote = ""
            else:
                add(c, i, i + 1)
            i += 1
            continue
        if c == "\\" and i + 1 < end:
            if quote == '"' and text[i + 1] not in '$"\\`':
                add("\\", i, i + 1)
                i += 1
                continue
            add(text[i + 1], i, i + 2)
            i += 2
            continue
        if c in "'\"" and (not quote or c == quote):
            quote = "" if quote else c
            i += 1
            continue
        if c == "$":
            m = re.compile(r"\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-+])([^}]*))?\}|"
                           r"([A-Za-z_][A-Za-z0-9_]*))").match(text, i)
            if m is not None and m.end() <= end:
                name = m.group(1) or m.group(4)
                op, word = m.group(2), m.group(3)
                known = name in env
                value = env.get(name)
                if known and value is None or not known and op is None:
                    dynamic = True
                    for k in range(m.start(), m.end()):
                        add(text[k], k, k + 1)
                    i = m.end()
                    continue
                is_set = known and (value is not None) and \
                    (op is None or not op.startswith(":") or value.text != "")
                if op is None or (op.endswith("-") and is_set):
                    if value is not None:
                        pieces.extend((ch, s, e, True) for ch, s, e in
                                      zip(value.text, value.starts, value.ends))
                    dynamic = dynamic or bool(value is not None and value.dynamic)
                elif op.endswith("-"):
                    ws = m.start(3)
                    for k in range(ws, ws + len(word)):
                        add(text[k], k, k + 1)
                elif op.endswith("+") and is_set:
                    ws = m.start(3)
                    for k in range(ws, ws + len(word)):
                        add(text[k], k, k + 1)
                i = m.end()
                continue
        add(c, i, i + 1)
        i += 1
    starts, ends = [], []
    for ch, s, e, placed in pieces:
        if not placed:
            placed_s, placed_e = rest.place([s], [e])
            starts.append(placed_s[0])
            ends.append(placed_e[0])
        else:
            starts.append(s)
            ends.append(e)
    span = rest.sub_span(start, end)
    return Token("".join(p[0] for p in pieces), span, tuple(starts), tuple(ends), dynamic)

