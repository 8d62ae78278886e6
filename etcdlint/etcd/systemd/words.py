"""The words of ``ExecStart=`` and ``Environment=``, as systemd splits and expands them.

- Splitting is ``extract_first_word`` with ``EXTRACT_UNQUOTE|EXTRACT_CUNESCAPE``
  (``src/basic/extract-word.c``): blanks separate words; ``'`` and ``"`` quote anywhere in
  a word (``--name="a b"`` is one word) and are removed; a backslash takes the C escape
  that follows (``\\n``, ``\\t``, ``\\x41``, ``\\\\``, ``\\"``, ``\\ ``, …) in and out of quotes;
  an unknown escape or an unclosed quote makes systemd refuse the line.
- ``ExecStart=`` (``config_parse_exec`` in ``src/core/load-fragment.c``): the first word may
  start with the prefixes ``-``, ``@``, ``:``, ``+``, ``!``/``!!`` (``@``: the next word is
  ``argv[0]``; ``:``: no variable expansion); a word ``;`` separates commands and ``\\;`` is a
  literal ``;``; ``%%`` is ``%`` and other ``%`` specifiers depend on the unit's name and the
  machine (unknown here).
- At start (``replace_env_argv`` in ``src/basic/env-util.c``, systemd.service(5) "Command
  lines"): a word that is only ``$NAME`` becomes the variable's value split at blanks (no
  words when it is unset); ``${NAME}`` inside a word is replaced by the value as it is
  (empty when unset); ``$$`` is ``$``; a ``$`` before anything else stays.
- ``Environment=`` (``config_parse_environ``): each word is a ``NAME=value`` assignment (an
  invalid one is ignored); an empty value clears what was set before.
"""

from __future__ import annotations

import re
from typing import Dict, List, Optional, Sequence, Tuple

from etcdlint.etcd.systemd.placed import Placed
from etcdlint.records import record
from etcdlint.text.span import Span
from etcdlint.text.tokens import Token

BLANKS = " \t\n\r"
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
_SIMPLE = {"a": "\a", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v",
           "\\": "\\", '"': '"', "'": "'", "s": " ", " ": " "}


class WordError(ValueError):
    """systemd refuses the line: ``message`` says why, ``at`` where (an index of the text)."""

    def __init__(self, message: str, at: int) -> None:
        super().__init__(message)
        self.at = at


@record
class Word:
    chars: Placed
    raw_start: int  # index range of the word in the source text, quotes included
    raw_end: int
    specifier: bool = False  # holds a ``%`` specifier systemd resolves on the machine


def split_words(source: Token, cunescape: bool = True, relax: bool = False) -> List[Word]:
    """The words of ``source.text`` (raises ``WordError`` where systemd refuses them)."""
    text = source.text
    n = len(text)
    words: List[Word] = []
    i = 0
    while True:
        while i < n and text[i] in BLANKS:
            i += 1
        if i >= n:
            return words
        if cunescape and text.startswith("\\;", i) and (i + 2 >= n or text[i + 2] in BLANKS):
            semicolon = Placed()  # (``\;``: a literal ``;`` word of ExecStart=)
            semicolon.add(";", i, i + 2)
            words.append(Word(semicolon, i, i + 2))
            i += 2
            continue
        word, i = _one_word(text, i, cunescape, relax)
        words.append(word)


def _one_word(text: str, i: int, cunescape: bool, relax: bool) -> Tuple[Word, int]:
    n = len(text)
    start = i
    out = Placed()
    quote = ""
    while i < n:
        c = text[i]
        if c == "\\":
            if i + 1 >= n:
                if relax:
                    out.add("\\", i, i + 1)
                    i += 1
                    break
                raise WordError("a backslash ends the line", i)
            if cunescape:
                found = _cunescape(text, i)
                if found is None:
                    if relax:
                        out.add("\\", i, i + 1)
                        out.add(text[i + 1], i + 1, i + 2)
                        i += 2
                        continue
                    raise WordError(f"invalid escape sequence \\{text[i + 1]}", i)
                ch, length = found
                out.add(ch, i, i + length)
                i += length
            else:
                out.add(text[i + 1], i, i + 2)
                i += 2
            continue
        if quote:
            if c == quote:
                quote = ""
            else:
                out.add(c, i, i + 1)
            i += 1
            continue
        if c in BLANKS:
            break
        if c in "'\"":
            quote = c
            i += 1
            continue
        out.add(c, i, i + 1)
        i += 1
    if quote and not relax:
        raise WordError(f"the quote {quote} is never closed", start)
    return Word(out, start, i), i


def _cunescape(text: str, i: int) -> Optional[Tuple[str, int]]:
    """(character, length of the escape) of the C escape at ``text[i]`` (a backslash)."""
    c = text[i + 1]
    if c in _SIMPLE:
        return _SIMPLE[c], 2
    if c == "x" and re.match(r"[0-9A-Fa-f]{2}", text[i + 2:i + 4]):
        return chr(int(text[i + 2:i + 4], 16)), 4
    if c in "01234567" and re.match(r"[0-7]{3}", text[i + 1:i + 4]):
        return chr(int(text[i + 1:i + 4], 8)), 4
    if c == "u" and re.match(r"[0-9A-Fa-f]{4}", text[i + 2:i + 6]):
        return chr(int(text[i + 2:i + 6], 16)), 6
    if c == "U" and re.match(r"[0-9A-Fa-f]{8}", text[i + 2:i + 10]):
        value = int(text[i + 2:i + 10], 16)
        return (chr(value), 10) if value < 0x110000 else None
    return None


@record
class ExecCommand:
    """One command of an ``ExecStart=`` line."""

    path: Token  # the program (prefixes removed)
    argv: Tuple[Token, ...]  # its arguments (``argv[0]`` left out)
    prefixes: str
    expand: bool  # variables are expanded (no ``:`` prefix)
    dynamic: bool = False  # a ``%`` specifier in the program


def parse_exec(value: Token) -> List[ExecCommand]:
    """The commands of an ``ExecStart=`` value (raises ``WordError`` where systemd refuses
    it). An empty value gives none (it clears the list)."""
    words = split_words(value)
    commands: List[ExecCommand] = []
    current: List[Word] = []
    text = value.text
    for word in words:
        raw = text[word.raw_start:word.raw_end]
        if raw == ";":
            _add_command(value, current, commands)
            current = []
            continue
        if raw == "\\;":
            lit = Placed()
            lit.add(";", word.raw_start, word.raw_end)
            word = Word(lit, word.raw_start, word.raw_end)
        current.append(word)
    _add_command(value, current, commands)
    return commands


def _add_command(value: Token, words: List[Word], commands: List[ExecCommand]) -> None:
    if not words:
        return
    first = words[0]
    chars = first.chars
    k = 0
    prefixes = ""
    while k < len(chars) and chars.chars[k] in "-@:+!|":
        prefixes += chars.chars[k]
        k += 1
    path_chars = chars.slice(k, len(chars))
    rest = words[1:]
    if "@" in prefixes and rest:
        rest = rest[1:]  # argv[0], given separately
    path_token, path_dynamic = _specifiers(path_chars, value,
                                           word_start(first, k), first.raw_end)
    argv = []
    for word in rest:
        token, dynamic = _specifiers(word.chars, value, word.raw_start, word.raw_end)
        argv.append(token if not dynamic else Token(token.text, token.span, token.starts,
                                                    token.ends, True))
    commands.append(ExecCommand(path_token, tuple(argv), prefixes, ":" not in prefixes,
                                path_dynamic))


def word_start(word: Word, k: int) -> int:
    return word.chars.starts[k] if k < len(word.chars) else word.raw_end


def _specifiers(chars: Placed, source: Token, raw_start: int, raw_end: int) -> Tuple[Token, bool]:
    """The word with ``%%`` made ``%``; dynamic when another specifier is in it."""
    out = Placed()
    dynamic = False
    i = 0
    while i < len(chars):
        c = chars.chars[i]
        if c == "%" and i + 1 < len(chars):
            if chars.chars[i + 1] == "%":
                out.add("%", chars.starts[i], chars.ends[i + 1])
                i += 2
                continue
            dynamic = True
        out.add(c, chars.starts[i], chars.ends[i])
        i += 1
    return out.token(source, raw_start, raw_end, dynamic), dynamic


@record
class EnvValue:
    """A variable of the unit's environment: its value placed where it was written."""

    name: str
    value: Optional[Token]  # None: not known (a file etcdlint cannot read)
    span: Span  # the whole assignment
    name_span: Span


def parse_environment(value: Token) -> List[EnvValue]:
    """The assignments of an ``Environment=`` value (raises ``WordError``)."""
    out: List[EnvValue] = []
    for word in split_words(value):
        token, dynamic = _specifiers(word.chars, value, word.raw_start, word.raw_end)
        name, eq, _ = token.text.partition("=")
        if not eq or not _NAME.match(name):
            continue  # systemd ignores an invalid assignment
        rest = token.slice_from(len(name) + 1)
        if not rest.text:
            rest = Token("", Span(rest.span.end, rest.span.end))
        name_span = token.sub_span(0, len(name))
        out.append(EnvValue(name, Token(rest.text, rest.span, rest.starts, rest.ends, dynamic),
                            token.span, name_span))
    return out


_BRACED = re.compile(r"\$\{([^}]*)\}|\$\$")


def expand_argv(argv: Sequence[Token], env: Dict[str, Optional[Token]]) -> Tuple[List[Token], bool]:
    """``argv`` with the unit's variables expanded, as systemd does at start; and whether
    every variable used was known (one from an unread file is not: its word is dynamic, and
    a whole-word ``$NAME`` of unknown value may stand for any number of words)."""
    out: List[Token] = []
    known = True
    for word in argv:
        text = word.text
        if text.startswith("$") and _NAME.match(text[1:]):
            name = text[1:]
            if name not in env:
                continue  # unset: no word at all
            value = env[name]
            if value is None:
                known = False
                continue
            for piece in split_words(value, cunescape=False, relax=True):
                out.append(piece.chars.token(value, piece.raw_start, piece.raw_end,
                                             value.dynamic))
            continue
        if "$" not in text:
            out.append(word)
            continue
        expanded, unknown = _replace_braced(word, env)
        known = known and not unknown
        out.append(expanded)
    return out, known


def _replace_braced(word: Token, env: Dict[str, Optional[Token]]) -> Tuple[Token, bool]:
    text = word.text
    chars, starts, ends = [], [], []
    dynamic = word.dynamic
    unknown = False
    pos = 0
    for m in _BRACED.finditer(text):
        for k in range(pos, m.start()):
            chars.append(text[k])
            starts.append(word.starts[k])
            ends.append(word.ends[k])
        pos = m.end()
        if m.group(0) == "$$":
            chars.append("$")
            starts.append(word.starts[m.start()])
            ends.append(word.ends[m.end() - 1])
            continue
        name = m.group(1)
        if name not in env:
            continue  # unset: empty
        value = env[name]
        if value is None:
            unknown = dynamic = True
            chars.append(m.group(0))  # (kept as written: it is not known)
            starts.extend([word.starts[m.start()]] * len(m.group(0)))
            ends.extend([word.ends[m.end() - 1]] * len(m.group(0)))
            continue
        dynamic = dynamic or value.dynamic
        chars.extend(value.text)
        starts.extend(value.starts)
        ends.extend(value.ends)
    for k in range(pos, len(text)):
        chars.append(text[k])
        starts.append(word.starts[k])
        ends.append(word.ends[k])
    return Token("".join(chars), word.span, tuple(starts), tuple(ends), dynamic), unknown
