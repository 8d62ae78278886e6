from etcdlint.rules.base import Rule

# Reported by the engine while reading suppressions; this module holds the metadata.

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
)
