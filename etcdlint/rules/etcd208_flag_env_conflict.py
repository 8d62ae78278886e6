from etcdlint.rules.base import Rule
from etcdlint.rules.problem_rules import report_problems


def check(config, options):
    yield from report_problems(RULE, config, "env-conflict")


RULE = Rule(
    code="ETCD208",
    name="FlagEnvConflict",
    title="A flag and its ETCD_ variable both set (etcd exits)",
    cis=None,
    severity="error",
    security_severity="3.0",
    fix="none",
    docs="""\
## What it does
Reports an `ETCD_*` variable whose flag is also on the command line, including kubeadm's
own flags against `extraEnvs`.

## Why is this bad?
etcd exits at start-up with "conflicting environment variable is shadowed by corresponding
command-line flag", even when both values are equal. etcdlint judges the flag's value.

## Example
```yaml
command: [etcd, --client-cert-auth=true]
env:
- {name: ETCD_CLIENT_CERT_AUTH, value: "true"}
```
Use instead one of the two.

## Fix safety
No automatic fix.
""",
    check=check,
)
