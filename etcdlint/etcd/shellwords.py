"""Split a POSIX shell script into simple commands of words, each placed in the script.

Only what is needed to find ``etcd`` invocations and their flags: quoting, escapes,
line continuations, comments, command separators and redirections. Words holding a
parameter expansion or command substitution are marked dynamic; ``$VAR`` and ``${VAR}``
are expanded from ``env`` when every referenced name is known there.
"""

from __future__ import annotations

from typing import Dict, List, Optional

from etcdlint.text.lazy_regex import lazy
from etcdlint.text.span import Span
from etcdlint.text.tokens import Token

_SEPARATORS = set(";&|()\n")
_VAR = lazy(r"\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))")


class _Word:
    __slots__ = ("chars", "starts", "ends", "dynamic", "quoted", "redirect", "raw_start", "raw_end")

    def __init__(self) -> None:
        self.raw_start = -1
        self.raw_end = -1
        self.chars: List[str] = []
        self.starts: List[int] = []
        self.ends: List[int] = []
        self.dynamic = False
        self.quoted = False
        self.redirect = False

    def add(self, ch: str, start: int, end: int) -> None:
        self.chars.append(ch)
        self.starts.append(start)
        self.ends.append(end)

    def empty(self) -> bool:
        return not self.chars and not self.quoted


def split_commands(script: Token, env: Optional[Dict[str, str]] = None) -> List[List[Token]]:
    """Simple commands of ``script``; each word's characters map into the file."""
    text = script.text
    n = len(text)
    commands: List[List[Token]] = []
    words: List[_Word] = []
    cur = _Word()
    skip_next_word = False

    def finish_word(at: int) -> None:
        nonlocal cur, skip_next_word
        cur.raw_end = at
        if not cur.empty():
            if skip_next_word:
                skip_next_word = False
            elif not cur.redirect:
                words.append(cur)
        cur = _Word()

    def finish_command(at: int) -> None:
        finish_word(at)
        if words:
            commands.append([_to_token(w, script, env) for w in words])
        words.clear()

    i = 0
    while i < n:
        c = text[i]
        if c not in " \t\r\n;&|()<>" and not (c == "#" and cur.empty()):
            if cur.raw_start < 0:
                cur.raw_start = i
        if c == "\\":
            if i + 1 < n and text[i + 1] == "\n":
                i += 2
                continue
            if i + 1 < n:
                cur.add(text[i + 1], i, i + 2)
                i += 2
                continue
            i += 1
            continue
        if c == "'":
            j = text.find("'", i + 1)
            j = n if j < 0 else j
            cur.quoted = True
            for k in range(i + 1, j):
                cur.add(text[k], k, k + 1)
            i = j + 1
            continue
        if c == '"':
            cur.quoted = True
            i += 1
            while i < n and text[i] != '"':
                ch = text[i]
                if ch == "\\" and i + 1 < n and text[i + 1] in '$`"\\\n':
                    if text[i + 1] != "\n":
                        cur.add(text[i + 1], i, i + 2)
                    i += 2
                    continue
                if ch in "$`":
                    cur.dynamic = True
                cur.add(ch, i, i + 1)
                i += 1
            i += 1
            continue
        if c == "$" and i + 1 < n and text[i + 1] == "(":
            depth = 0
            j = i + 1
            while j < n:
                if text[j] == "(":
                    depth += 1
                elif text[j] == ")":
                    depth -= 1
                    if depth == 0:
                        break
                j += 1
            cur.dynamic = True
            for k in range(i, min(j + 1, n)):
                cur.add(text[k], k, k + 1)
            i = j + 1
            continue
        if c in "$`":
            cur.dynamic = True
            cur.add(c, i, i + 1)
            i += 1
            continue
        if c == "#" and cur.empty():
            j = text.find("\n", i)
            i = n if j < 0 else j
            continue
        if c in " \t\r":
            finish_word(i)
            i += 1
            continue
        if c in "<>":
            if cur.chars and "".join(cur.chars).isdigit() and not cur.quoted:
                cur = _Word()
            else:
                finish_word(i)
            j = i
            while j < n and text[j] in "<>&|":
                j += 1
            if text[j - 1] == "&" and j < n and text[j].isdigit() or text[i:j].endswith("&-"):
                while j < n and (text[j].isdigit() or text[j] == "-"):
                    j += 1
            else:
                skip_next_word = True
            i = j
            continue
        if c in _SEPARATORS:
            finish_command(i)
            i += 1
            continue
        cur.add(c, i, i + 1)
        i += 1
    finish_command(n)
    return commands


def _to_token(word: _Word, script: Token, env: Optional[Dict[str, str]]) -> Token:
    """The word's token: positions (kept as indexes into the script) placed in the file."""
    text = "".join(word.chars)
    starts, ends = script.place(word.starts, word.ends)
    dynamic = word.dynamic
    if dynamic and env is not None and "$(" not in text and "`" not in text:
        names = [m.group(1) or m.group(2) for m in _VAR.finditer(text)]
        if names and all(name in env for name in names):
            text, starts, ends = _expand(text, starts, ends, env)
            dynamic = False
    if word.raw_start >= 0 and word.raw_end > word.raw_start:
        span = script.sub_span(word.raw_start, word.raw_end)
    elif starts:
        span = Span(starts[0], ends[-1])
    else:
        span = Span(script.span.start, script.span.start)
    return Token(text, span, tuple(starts), tuple(ends), dynamic)


def _expand(text: str, starts: List[int], ends: List[int], env: Dict[str, str]):
    out_text: List[str] = []
    out_s: List[int] = []
    out_e: List[int] = []
    pos = 0
    for m in _VAR.finditer(text):
        for k in range(pos, m.start()):
            out_text.append(text[k])
            out_s.append(starts[k])
            out_e.append(ends[k])
        value = env[m.group(1) or m.group(2)]
        for ch in value:
            out_text.append(ch)
            out_s.append(starts[m.start()])
            out_e.append(ends[m.end() - 1])
        pos = m.end()
    for k in range(pos, len(text)):
        out_text.append(text[k])
        out_s.append(starts[k])
        out_e.append(ends[k])
    return "".join(out_text), out_s, out_e
