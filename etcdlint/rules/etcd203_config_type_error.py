from etcdlint.rules.base import Rule
from etcdlint.rules.cis_flags import with_cis_of
from etcdlint.rules.problem_rules import report_problems


def check(config, options):
    for diag in report_problems(RULE, config, "type-error", help={
            "type-error": "write the value with the type the message names"}):
        yield with_cis_of(diag, _refused_setting(config, diag.span))


def _refused_setting(config, span):
    """The setting whose value is the refused one (the source keeps it, value unknown)."""
    for name, setting in config.settings.items():
        if setting.value is None and setting.value_span == span:
            return name
    return None


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
a single string where etcd wants a list (`cipher-suites: TLS_…` or `log-outputs: stderr`:
both are lists in every release), a k3s/RKE2 `etcd-arg` value k3s writes into etcd's
config file with the wrong type (only `true`/`false` become booleans, `1` is a number,
`yes` a string; `cipher-suites=TLS_A,TLS_B` stays one string, `cipher-suites=[TLS_A,TLS_B]`
becomes a list),
or an unquoted `true`/number in kubeadm or k0s `extraArgs`, which both read as strings only
(a map or list there is refused by k0s and RKE too).

## Why is this bad?
etcd (or kubeadm, k0s, RKE) refuses the whole file and nothing starts. A value etcd's config
file refuses for a setting a CIS control decides (`client-cert-auth`, `auto-tls` and their
peer forms) carries that control's id, as ETCD205 does. (A kubeadm `extraArgs` value that is
not a string keeps its meaning once quoted: it carries none.)

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
