"""How Docker Compose reads the strings of a compose file: ``${VAR}`` interpolation, and a
``command``/``entrypoint`` string split into words.

Both keep every character placed in the file, so a finding points into the string.

Interpolation follows compose-go v2.x (``template/template.go``, used by ``docker compose``
v2): ``$$`` is a ``$``; ``$VAR`` and ``${VAR}``; ``${VAR:-default}`` (unset or empty),
``${VAR-default}`` (unset), ``${VAR:?error}``, ``${VAR?error}``, ``${VAR:+alt}``,
``${VAR+alt}``; a default is itself interpolated; ``${`` without a valid name and ``}``
makes compose refuse the file. The variables etcdlint knows are those of the project's
``.env`` file; a variable it does not know is unknown (never guessed), except that a
default is used: ``${VAR:-x}`` is ``x`` unless ``.env`` sets ``VAR``.

What variables add to a file's strings is bounded (``Interpolation``: ``MAX_ADDED``
characters in all): a string whose variables would pass it is left as written, unknown
(``capped``), so that a long ``.env`` value named many times cannot make a string of
gigabytes.

A default or alternative that gives a value (``${P:-true}``) keeps its characters where they
are written, so a finding points at them; the whole expression is recorded (``defaults``):
the deploying environment decides that value (it may set ``P``), and a word holding it spans
the expression to its ``}``.

A string ``command`` is split the way compose-go does it (``types/command.go``:
``shellwords.Parse`` of github.com/mattn/go-shellwords v1.0.12, without environment or
backtick expansion): blanks separate words, ``'…'`` and ``"…"`` quote, a backslash escapes
the next character (inside double quotes too) except inside single quotes, ``$(…)`` and
backticks are kept as they are; an unquoted ``;``, ``&``, ``|``, ``<`` or ``>`` ends the
command line and the rest is dropped; an unterminated quote or a stray ``(`` makes compose
refuse the file.
"""

from __future__ import annotations

import re
from typing import List, Mapping, Optional, Tuple

from etcdlint.records import record
from etcdlint.text.span import Span
from etcdlint.text.tokens import Token

_NAME = re.compile(r"[_a-zA-Z][_a-zA-Z0-9]*")
_OPERATORS = (":-", ":?", ":+", "-", "?", "+")


@record
class Placed:
    """A string with, for each character, its source range and whether it comes from a
    variable etcdlint does not know."""

    text: str
    starts: Tuple[int, ...]
    ends: Tuple[int, ...]
    unknown: Tuple[bool, ...]
    span: Span
    error: Optional[str] = None  # why compose refuses the string
    capped: bool = False  # its variables would pass the file's ``Interpolation``: not read
    defaults: Tuple[Span, ...] = ()  # each ``${…}`` whose default or alternative was used

    @property
    def dynamic(self) -> bool:
        return any(self.unknown)

    def token(self) -> Token:
        return Token(self.text, self.span, self.starts, self.ends, self.dynamic)


MAX_ADDED = 1 << 18  # characters variables may add to the strings of one compose file


class Interpolation:
    """What interpolation did in the strings of one file: how many more characters
    variables may add, how many strings were left as written, the defaults it used."""

    def __init__(self, chars: int = MAX_ADDED) -> None:
        self.left = chars
        self.capped = 0  # strings left as written because they would pass it
        self.defaults: List[Span] = []  # (see ``Placed.defaults``), in the order met

    def spend(self, chars: int) -> None:
        if chars > self.left:
            raise _OverBudget()
        self.left -= chars


class _OverBudget(Exception):
    pass


class _Out:
    def __init__(self, interpolation: Interpolation) -> None:
        self.interpolation = interpolation
        self.chars: List[str] = []
        self.starts: List[int] = []
        self.ends: List[int] = []
        self.unknown: List[bool] = []

    def add(self, ch: str, start: int, end: int, unknown: bool = False) -> None:
        self.chars.append(ch)
        self.starts.append(start)
        self.ends.append(end)
        self.unknown.append(unknown)

    def add_value(self, value: str, start: int, end: int) -> None:
        """A variable's value, every character placed at the reference."""
        self.interpolation.spend(len(value))
        n = len(value)
        self.chars.extend(value)
        self.starts.extend([start] * n)
        self.ends.extend([end] * n)
        self.unknown.extend([False] * n)


def interpolate(token: Token, variables: Mapping[str, str],
                interpolation: Optional[Interpolation] = None) -> Placed:
    """``token`` (a YAML string of the compose file) after compose's interpolation; what its
    variables add is taken from ``interpolation`` (the file's: one of its own when not
    given), and the defaults it uses are added to it."""
    starts, ends = token.starts, token.ends
    interpolation = interpolation if interpolation is not None else Interpolation()
    out = _Out(interpolation)
    first_default = len(interpolation.defaults)
    try:
        error = _interpolate(token.text, 0, len(token.text), starts, ends, variables, out)
    except _OverBudget:
        interpolation.capped += 1
        return Placed(token.text, tuple(starts), tuple(ends), (True,) * len(token.text),
                      token.span, None, capped=True)
    return Placed("".join(out.chars), tuple(out.starts), tuple(out.ends), tuple(out.unknown),
                  token.span, error, defaults=tuple(interpolation.defaults[first_default:]))


MAX_DEPTH = 32  # nested defaults deeper than this are not followed: the value is unknown


def _interpolate(text: str, i: int, n: int, starts, ends, variables: Mapping[str, str],
                 out: _Out, depth: int = 0) -> Optional[str]:
    error = None
    while i < n:
        c = text[i]
        if c != "$" or i + 1 >= n:
            out.add(c, starts[i], ends[i])
            i += 1
            continue
        nxt = text[i + 1]
        if nxt == "$":
            out.add("$", starts[i], ends[i + 1])
            i += 2
            continue
        if nxt == "{":
            close = _closing_brace(text, i + 1, n)
            found = (_braced(text, i + 2, close, starts, ends, variables, depth,
                             out.interpolation) if close > 0 else None)
            if found is None:
                error = error or f"invalid interpolation format {text[i:n]!r}"
                for k in range(i, n):
                    out.add(text[k], starts[k], ends[k], True)
                return error
            value, inner_error = found
            error = error or inner_error
            if value is None:
                for k in range(i, close + 1):
                    out.add(text[k], starts[k], ends[k], True)
            elif isinstance(value, str):  # the variable's own value
                out.add_value(value, starts[i], ends[close])
            else:  # a default or alternative, placed where it is written
                out.interpolation.defaults.append(Span(starts[i], ends[close]))
                for ch, s, e, unknown in value:
                    out.add(ch, s, e, unknown)
            i = close + 1
            continue
        match = _NAME.match(text, i + 1, n)
        if match is None:
            out.add(c, starts[i], ends[i])
            i += 1
            continue
        value = variables.get(match.group())
        if value is None:
            for k in range(i, match.end()):
                out.add(text[k], starts[k], ends[k], True)
        else:
            out.add_value(value, starts[i], ends[match.end() - 1])
        i = match.end()
    return error


def _closing_brace(text: str, at: int, n: int) -> int:
    """compose-go's ``getFirstBraceClosingIndex`` from the ``{`` at ``at``; -1 if none."""
    depth = 0
    i = at
    while i < n:
        if text[i] == "}":
            depth -= 1
            if depth == 0:
                return i
        if text[i] == "{":
            depth += 1
            i += 1
        i += 1
    return -1


def _braced(text: str, i: int, close: int, starts, ends, variables: Mapping[str, str],
            depth: int, interpolation: Interpolation):
    """The value of ``${…}`` whose body is ``text[i:close]``: (value, error), the value None
    when unknown, the variable's own value as a string, else the characters of a default or
    alternative with their places; None when compose refuses the expression."""
    match = _NAME.match(text, i, close)
    if match is None:
        return None
    name = match.group()
    rest = match.end()
    if rest == close:
        return variables.get(name), None
    op = next((o for o in _OPERATORS if text.startswith(o, rest)), None)
    if op is None:
        return None
    if depth >= MAX_DEPTH:
        return None, None
    arg = _Out(interpolation)
    error = _interpolate(text, rest + len(op), close, starts, ends, variables, arg, depth + 1)
    arg_chars = list(zip(arg.chars, arg.starts, arg.ends, arg.unknown))
    value = variables.get(name)
    own = value
    if op in (":-", "-"):
        if value is None and getattr(variables, "all_unknown", False):
            return None, error  # the file that would set it was not read: not the default
        if value is None or (op == ":-" and value == ""):
            return arg_chars, error  # the default, placed where it is written
        return own, error
    if op in (":?", "?"):
        if value is None or (op == ":?" and value == ""):
            return None, error  # compose stops when it is unset: not knowable here
        return own, error
    if value is None:  # ":+" / "+": the alternative only if set
        return None, error
    if value != "" or op == "+":
        return arg_chars, error
    return own, error


@record
class Words:
    tokens: Tuple[Token, ...]
    unknown: Tuple[bool, ...]  # per word: it holds a variable etcdlint does not know
    dropped: Optional[Span] = None  # where an unquoted ; & | < > ended the command line
    error: Optional[str] = None
    # per word: its first character comes from a variable etcdlint does not know
    leading_unknown: Tuple[bool, ...] = ()


def split_words(placed: Placed) -> Words:
    """go-shellwords' ``Parse`` of an interpolated string (see the module docstring)."""
    text = placed.text
    words: List[Token] = []
    unknown: List[bool] = []
    leading: List[bool] = []
    chars: List[int] = []  # indexes into ``text`` of the current word's characters
    escaped = double = single = backquote = dollar = False
    got = 0  # 0: no word, 1: a word, 2: a quoted (maybe empty) word
    dropped = None
    error = None

    def push() -> None:
        s = tuple(placed.starts[k] for k in chars)
        e = tuple(placed.ends[k] for k in chars)
        word_unknown = any(placed.unknown[k] for k in chars)
        if chars:
            span = Span(s[0], max(e))
            for used in placed.defaults:  # the word holds the expression up to its ``}``
                if used.start <= span.end and span.start <= used.end:
                    span = Span(min(span.start, used.start), max(span.end, used.end))
        else:
            span = Span(placed.starts[0], placed.starts[0]) if placed.starts else placed.span
        words.append(Token("".join(text[k] for k in chars), span, s, e, word_unknown))
        unknown.append(word_unknown)
        leading.append(bool(chars) and placed.unknown[chars[0]])

    for i, r in enumerate(text):
        if escaped:
            chars.append(i)
            escaped = False
            got = 1
            continue
        if r == "\\":
            if single:
                chars.append(i)
            else:
                escaped = True
            continue
        if r in " \t\r\n":
            if single or double or backquote or dollar:
                chars.append(i)
            elif got:
                push()
                chars = []
                got = 0
            continue
        if r == "`":
            if not single and not double and not dollar:
                backquote = not backquote
        elif r == ")":
            if not single and not double and not backquote:
                dollar = not dollar
        elif r == "(":
            if not single and not double and not backquote:
                if not dollar and chars and text[chars[-1]] == "$":
                    dollar = True
                    chars.append(i)
                    continue
                error = "invalid command line string (an unquoted '(')"
                break
        elif r == '"':
            if not single and not dollar:
                if double:
                    got = 2
                double = not double
                continue
        elif r == "'":
            if not double and not dollar:
                if single:
                    got = 2
                single = not single
                continue
        elif r in ";&|<>":
            if not (single or double or backquote or dollar):
                if r == ">" and chars and text[chars[0]].isdigit():
                    got = 0
                dropped = Span(placed.starts[i], placed.ends[-1])
                break
        got = 1
        chars.append(i)
    else:
        if escaped or single or double or backquote or dollar:
            error = "invalid command line string (an unterminated quote or substitution)"
    if error is None and got:
        push()
    return Words(tuple(words), tuple(unknown), dropped, error, tuple(leading))
