"""Read a command line the way Go's ``flag`` package does.

``-x`` and ``--x`` are the same; ``--x=v`` always works; ``--x v`` only for flags that are
not booleans; a bare boolean flag is true; ``--`` ends the flags; the first word that is not
a flag stops Go's parser (etcd then refuses to start). Unlike Go, reading goes on after
such a word, so that the rest of the command line is still checked; the stray word is
recorded as a problem.
"""

from __future__ import annotations

from typing import Callable, List, Sequence, Tuple

from etcdlint.model import ArgvProblem, FlagUse
from etcdlint.text.templates import has_template
from etcdlint.text.tokens import Token


def parse_flags(tokens: Sequence[Token], is_bool: Callable[[str], bool],
                is_known: Callable[[str], bool]) -> Tuple[List[FlagUse], List[ArgvProblem]]:
    uses: List[FlagUse] = []
    problems: List[ArgvProblem] = []
    i = 0
    n = len(tokens)
    while i < n:
        tok = tokens[i]
        s = tok.text
        i += 1
        if s == "--":
            for rest in tokens[i:]:
                problems.append(ArgvProblem(
                    "positional", f"{_show(rest.text)} after '--' is not a flag: etcd refuses to start",
                    rest.span, "remove '--' and what follows it, or make each word a flag"))
            break
        if has_template(s) and not s.startswith("-"):
            # a ``{{ … }}`` word may render to any flags: what etcd reads is not known
            problems.append(ArgvProblem("template", f"{_show(s)} is a template expression",
                                        tok.span))
            continue
        if len(s) < 2 or s[0] != "-":
            problems.append(ArgvProblem("positional", _positional_message(s, uses, tok), tok.span,
                                        _positional_help(s, uses)))
            continue
        dashes = 2 if s[1] == "-" else 1
        body = s[dashes:]
        if not body or body[0] in "-=":
            problems.append(ArgvProblem("bad-syntax", f"bad flag syntax: {_show(s)}", tok.span,
                                        "write the flag as --name=value, or remove the word"))
            continue
        name, eq, value = body.partition("=")
        if ("$" in name and tok.dynamic) or has_template(name):
            continue  # the flag name itself is computed at run time (or rendering)
        name_span = tok.sub_span(dashes, dashes + len(name))
        if eq:
            vstart = dashes + len(name) + 1
            value_tok = tok.slice_from(vstart)
            uses.append(FlagUse(name, value, tok.span, name_span, tok.sub_span(vstart, len(s)),
                                True, tok.dynamic and "$" in value, token=value_tok))
            continue
        if is_bool(name):
            uses.append(FlagUse(name, "true", tok.span, name_span, tok.inner_span(), False,
                                bare=True))
            continue
        if i < n and (is_known(name) or not tokens[i].text.startswith("-")):
            nxt = tokens[i]
            i += 1
            span = type(tok.span)(tok.span.start, nxt.span.end)
            uses.append(FlagUse(name, nxt.text, span, name_span, nxt.span, False,
                                nxt.dynamic and "$" in nxt.text, token=nxt))
            continue
        if is_known(name):
            problems.append(ArgvProblem("missing-value", f"flag needs an argument: -{name}", tok.span,
                                        f"give it a value: --{name}=VALUE"))
        else:
            uses.append(FlagUse(name, "", tok.span, name_span, tok.span, False))
    return uses, problems


def _positional_message(word: str, uses: List[FlagUse], tok: Token) -> str:
    prev = uses[-1] if uses else None
    if prev is not None and prev.bare:
        return (f"{_show(word)} is not a flag: boolean flags take no separate value, write "
                f"--{prev.name}={word}; etcd refuses to start")
    return f"{_show(word)} is not a flag: etcd refuses to start"


def _positional_help(word: str, uses: List[FlagUse]) -> str:
    prev = uses[-1] if uses else None
    if prev is not None and prev.bare:
        return f"write --{prev.name}={word}"
    return f"remove {_show(word)}, or make it a flag's value (--name={word})"


def _show(text: str) -> str:
    return repr(text) if text else "''"
