"""Rules that report what resolution recorded as a problem of a given kind."""

from __future__ import annotations

from typing import Iterator, Mapping

from etcdlint.model import Diagnostic
from etcdlint.rules.base import Rule, make


def report_problems(rule: Rule, config, *kinds: str,
                    help: Mapping[str, str] = {}) -> Iterator[Diagnostic]:
    """``help``: what to change, by kind, where the problem does not say it itself."""
    for problem in config.problems:
        if problem.kind in kinds:
            yield make(rule, config.path, problem.span, problem.message, None,
                       problem.help or help.get(problem.kind, ""))
