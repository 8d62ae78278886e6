"""What ``--fix`` could not apply, in brief: one line per rule and reason, with a count and
the first place, as ruff sums up what it leaves; every refusal only with ``--show-fixes``.

``etcdlint: ETCD003 fix not applied 200 times, first at a.yaml:12:7: it would add ETCD213
(...)``: fixes are counted together when their rule and their reason, details in parentheses
aside (the URL, the file names), are the same; the details shown are the first one's.
"""

from __future__ import annotations

from typing import Dict, List, Sequence, Tuple

from etcdlint.report.safe_text import escape_controls


def reason_kind(reason: str) -> str:
    """``reason`` without its parenthesised details: ``it would add ETCD213 (--listen-...
    (...))`` -> ``it would add ETCD213``."""
    out, depth = [], 0
    for char in reason:
        if char == "(":
            depth += 1
        elif char == ")" and depth:
            depth -= 1
        elif not depth:
            out.append(char)
    return " ".join("".join(out).split())


def refusal_lines(outcomes: Sequence, every: bool) -> List[str]:
    """The lines (without their line break) that say which fixes were not applied and why:
    each one when ``every``, else one per rule and reason kind."""
    lines: List[str] = []
    groups: Dict[Tuple[str, str], List] = {}  # (rule, kind) -> [count, first line]
    for outcome in outcomes:
        shown = escape_controls(outcome.path)
        for diag, reason, line, col in sorted(outcome.refused, key=lambda r: (r[2], r[3])):
            where = f"{shown}:{line}:{col}"
            if every:
                lines.append(f"etcdlint: {where}: {diag.rule} fix not applied: "
                             f"{escape_controls(reason)}")
                continue
            group = groups.get((diag.rule, reason_kind(reason)))
            if group is None:
                groups[(diag.rule, reason_kind(reason))] = [1, where, escape_controls(reason)]
            else:
                group[0] += 1
    if every:
        return lines
    total = 0
    for (rule, _), (count, where, reason) in groups.items():
        total += count
        if count == 1:
            lines.append(f"etcdlint: {where}: {rule} fix not applied: {reason}")
        else:
            lines.append(f"etcdlint: {rule} fix not applied {count} times, first at {where}: "
                         f"{reason}")
    if total > len(groups):
        lines.append(f"etcdlint: --show-fixes lists each of the {total} fixes not applied")
    return lines
