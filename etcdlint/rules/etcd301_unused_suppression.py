from etcdlint.rules.base import Rule

# Reported by the engine after suppressions are applied (they are not a property of an
# etcd configuration); this module holds the rule's metadata and documentation.

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
)
