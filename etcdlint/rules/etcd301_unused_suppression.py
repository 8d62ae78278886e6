from __future__ import annotations

from typing import Iterator

from etcdlint.model import Diagnostic
from etcdlint.rules.base import Rule


def check_suppressions(path: str, suppressions, enabled: frozenset,
                       known: frozenset) -> Iterator[Diagnostic]:
    """Each suppression (or code of one) that suppressed nothing in the file at ``path``,
    once suppressions are applied; a code that names no rule is ETCD302's, one the run does
    not check for the file suppresses nothing by design."""
    for sup in suppressions:
        where = "annotation etcdlint.io/ignore" if sup.kind == "annotation" else "suppression"
        if sup.codes is None:
            if not sup.used:
                yield Diagnostic(RULE.code, None, RULE.severity,
                                 f"this {where} suppresses nothing", path, sup.span, None, (),
                                 f"remove this {where}")
            continue
        for code, span in sup.code_spans:
            if code in known and code not in sup.used and code in enabled:
                yield Diagnostic(RULE.code, None, RULE.severity,
                                 f"{code} in this {where} suppresses nothing", path, span, None,
                                 (), f"remove {code} from this {where}")


RULE = Rule(
    code="ETCD301",
    name="UnusedSuppression",
    title="A suppression that suppresses nothing",
    cis=None,
    severity="warning",
    security_severity="0.0",
    fix="none",
    docs="""\
## What it does
Reports an `# etcdlint: disable…` comment or an `etcdlint.io/ignore` annotation, or one code
in it, that suppressed no diagnostic in this run. Codes switched off by `--ignore`,
`ignore` or `per-file-ignores` are not reported as unused.

## Why is this bad?
A stale suppression hides the next real problem on that line. When the setting it was
written for is fixed, remove the suppression too.

## Example
```yaml
- --client-cert-auth=true  # etcdlint: disable=ETCD002
```

## Fix safety
No automatic fix.
""",
    check_suppressions=check_suppressions,
)
