from etcdlint.rules.base import Rule
from etcdlint.rules.problem_rules import report_problems


def check(config, options):
    yield from report_problems(RULE, config, "type-error")


RULE = Rule(
    code="ETCD203",
    name="ConfigValueTypeError",
    title="A configuration value of the wrong type, refused at start-up",
    cis=None,
    severity="error",
    security_severity="3.0",
    fix="none",
    docs="""\
## What it does
Reports values whose YAML type the reader refuses: a quoted `"true"` for a boolean in etcd's
config file (etcd reads it as a string and exits), a map or list where etcd wants a string,
or an unquoted `true`/number in kubeadm or k0s `extraArgs`, which both read as strings only
(a map or list there is refused by k0s and RKE too).

## Why is this bad?
etcd (or kubeadm, k0s, RKE) refuses the whole file and nothing starts.

## Example
```yaml
client-transport-security:
  client-cert-auth: "true"
```
Use instead: `client-cert-auth: true`.

## Fix safety
No automatic fix.
""",
    check=check,
)
