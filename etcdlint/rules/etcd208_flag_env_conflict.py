from etcdlint.etcd.versions import ENV_CONFLICT_FATAL, show
from etcdlint.records import replace
from etcdlint.rules.base import Rule
from etcdlint.rules.problem_rules import report_problems

_SHADOWED = "(conflicting environment variable is shadowed by corresponding command-line flag)"


def check(config, options):
    version = config.version
    for diag in report_problems(RULE, config, "env-conflict", help={
            "env-conflict": "remove the variable or the flag: keep one of the two"}):
        if version is None:
            yield replace(diag, message=f"{diag.message}: etcd {show(ENV_CONFLICT_FATAL)} and "
                                        f"later exit at start-up {_SHADOWED}; 3.3 and earlier "
                                        "ignore the variable")
        elif version >= ENV_CONFLICT_FATAL:
            yield replace(diag, message=f"{diag.message}: etcd {show(version)} exits at start-up "
                                        f"{_SHADOWED}")
        else:
            yield replace(diag, severity="warning",
                          message=f"{diag.message}: etcd {show(version)} ignores the variable "
                                  f"(the flag wins); etcd {show(ENV_CONFLICT_FATAL)} and later "
                                  "exit at start-up")


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
own flags against `extraEnvs`. What etcd does about it depends on its version, known from
the container image tag or kubeadm's `etcd.local.imageTag`:

- etcd 3.4 and later: an error, etcd exits.
- etcd 3.3 and earlier: a warning, etcd only logs that the variable is unused and the flag
  wins; the configuration stops working on an upgrade to 3.4.
- version unknown: an error, and the message says which releases exit.

As read in etcd-io/etcd `pkg/flags/flag.go`, `verifyEnv`: v2.3.0 to v3.2 log "recognized
environment variable …, but unused: shadowed by corresponding flag" (Info), v3.3.0 the
same as a warning (with "TODO: exit with error in v3.4"), v3.4.0, v3.5.0 and v3.6.0 exit
(`Fatal`). It runs only when etcd reads its command line (not with `--config-file`).

## Why is this bad?
etcd 3.4 and later exit at start-up with "conflicting environment variable is shadowed by
corresponding command-line flag", even when both values are equal. etcdlint judges the
flag's value, the one earlier releases use.

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
