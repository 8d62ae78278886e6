"""Command lines on which etcd prints something and exits instead of serving.

etcd-io/etcd ``server/etcdmain/config.go`` (``newConfig`` and ``config.parse``, the same since
v2): the flag set is Go's ``flag.FlagSet`` with ``ContinueOnError``; ``parse`` exits 0 when
``Parse`` returns ``flag.ErrHelp``, which Go's ``flag`` package (``FlagSet.parseOne``) returns
for ``-h`` and ``-help`` (any dash count, any ``=value``: etcd defines neither flag), as soon
as it meets one. After a complete parse, a stray word is an error (``%q is not a valid
flag``); otherwise ``--version`` (a boolean, last one wins) prints the version and exits 0,
before any configuration file or ``ETCD_*`` variable is read (``ETCD_VERSION`` is even unset
and ignored, in ``configFromCmdLine``).

Such a command line is a question to the binary, not a server's configuration: it has no
findings. A word etcdlint cannot know (``$VAR``, a template) is not guessed to be one of
these flags, and anything that makes Go's parser fail first keeps the command line judged.
"""

from __future__ import annotations

from typing import Callable, Dict, Sequence

from etcdlint.model import ArgvProblem, FlagUse
from etcdlint.text.tokens import Token

HELP_FLAGS = frozenset(("h", "help"))
# Go's strconv.ParseBool spellings of true
_TRUE = frozenset(("1", "t", "T", "TRUE", "true", "True"))
# what stops Go's parser, or makes etcd refuse the command line, before --version counts
_STOPS = frozenset(("positional", "bad-syntax", "missing-value", "template"))


def prints_and_exits(args: Sequence[Token], uses: Sequence[FlagUse],
                     problems: Sequence[ArgvProblem], is_known: Callable[[str], bool]) -> bool:
    """Whether etcd, given ``args`` (read into ``uses`` and ``problems`` by
    etcdlint.etcd.goflags.parse_flags), prints its help or version and exits."""
    order: Dict[int, int] = {}
    for i, tok in enumerate(args):
        order.setdefault(tok.span.start, i)

    def at(use_or_problem) -> int:
        return order.get(use_or_problem.span.start, len(args))

    stops = [at(p) for p in problems if p.kind in _STOPS]
    stops += [at(u) for u in uses if u.name not in HELP_FLAGS and not is_known(u.name)]
    first_stop = min(stops, default=len(args))
    if any(u.name in HELP_FLAGS and at(u) < first_stop for u in uses):
        return True
    if stops:
        return False
    versions = [u for u in uses if u.name == "version"]
    return bool(versions) and versions[-1].value in _TRUE
