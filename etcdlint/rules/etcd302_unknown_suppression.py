from __future__ import annotations

from typing import Iterator

from etcdlint.model import Diagnostic
from etcdlint.rules.base import Rule
from etcdlint.text.shown import shown_value


def _help(code: str, where: str, known: frozenset) -> str:
    """The code meant: the whole codes ``code`` begins (a prefix is not a code here), else the
    nearest one (``etcdlint.rules.nearest``)."""
    from etcdlint.rules.nearest import nearest_code

    starting = sorted(c for c in known if c.startswith(code.upper()))
    if 1 < len(starting) <= 4:
        return (f"write the whole code ({', '.join(starting[:-1])} or {starting[-1]}), or "
                f"remove {code}")
    if starting:
        near = starting[0] if len(starting) == 1 else None
    else:
        near = nearest_code(code, sorted(known))
    if near is not None:
        return f"replace {code} with {near} (the nearest rule code), or remove it"
    return f"remove {code} from this {where} ('etcdlint rules' lists the codes)"


def check_suppressions(path: str, suppressions, enabled: frozenset,
                       known: frozenset) -> Iterator[Diagnostic]:
    """Each code of a suppression in the file at ``path`` that names no etcdlint rule."""
    for sup in suppressions:
        where = "annotation etcdlint.io/ignore" if sup.kind == "annotation" else "suppression"
        for code, span in sup.code_spans if sup.codes is not None else ():
            if code not in known:
                yield Diagnostic(RULE.code, None, RULE.severity,
                                 f"{shown_value(code)} in this {where} is not an etcdlint rule", path, span,
                                 None, (), shown_value(_help(code, where, known)))


RULE = Rule(
    code="ETCD302",
    name="UnknownSuppressionCode",
    title="A suppression names a rule code that does not exist",
    cis=None,
    severity="warning",
    security_severity="0.0",
    fix="none",
    docs="""\
## What it does
Reports a code in an `# etcdlint: disable…` comment or an `etcdlint.io/ignore` annotation
that is not an etcdlint rule (`ETCD02`, `etcd002`, `ETCD999`).

## Why is this bad?
The suppression suppresses nothing, and the author believes it does.

## Example
```yaml
metadata:
  annotations:
    etcdlint.io/ignore: "ETCD02"
```
Use instead `"ETCD002"`.

## Fix safety
No automatic fix.
""",
    check_suppressions=check_suppressions,
)
