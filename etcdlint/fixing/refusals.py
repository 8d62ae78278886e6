"""Why a fix is refused because it would add findings, in words a user can act on.

``it would add ETCD213 (--listen-peer-urls has https://…: etcd refuses to start …)`` names
each new finding with its message (the first one of its code that the text before the fix
did not have), so the reason says what is new and why. A code of a finding the batch fixes
shows up too when the fixed setting is then reported for another reason (setting
``--peer-client-cert-auth`` to true while ``--peer-auto-tls`` replaces it): that one reads
``it would report ETCD005 again (…)``. A configuration error the run does not report has
no message at hand and is named by its rule's title.
"""

from __future__ import annotations

from typing import Iterable, Sequence

from etcdlint.model import Diagnostic


def added_reason(codes: Iterable[str], before: Sequence[Diagnostic],
                 after: Sequence[Diagnostic], fixed: Sequence[Diagnostic]) -> str:
    """The reason for refusing fixes ``fixed`` whose text shows ``codes`` more often."""
    old = {(d.rule, d.message) for d in before}
    own = {d.rule for d in fixed}
    again, added = [], []
    for code in sorted(set(codes)):
        if code in own:
            again.append(f"{code} again ({_why(code, old, after)})")
        else:
            added.append(f"{code} ({_why(code, old, after)})")
    parts = []
    if again:
        parts.append(f"report {', '.join(again)}")
    if added:
        parts.append(f"add {', '.join(added)}")
    return "it would " + " and ".join(parts)


def _why(code: str, old, after: Sequence[Diagnostic]) -> str:
    found = [d for d in after if d.rule == code]
    for d in found:
        if (d.rule, d.message) not in old:
            return d.message
    if found:
        return found[0].message
    from etcdlint.rules import CODES, rule

    return rule(code).title if code in CODES else "a new finding"
