from etcdlint.rules.base import Rule
from etcdlint.rules.problem_rules import report_problems


def check(config, options):
    yield from report_problems(RULE, config, "rejected", help={
        "rejected": "correct it as the message says, or remove it"})


RULE = Rule(
    code="ETCD202",
    name="RejectedExtraArg",
    title="A setting the tool in front of etcd refuses (Talos, docker compose, systemd)",
    cis=None,
    severity="error",
    security_severity="3.0",
    fix="none",
    docs="""\
## What it does
Reports Talos `cluster.etcd.extraArgs` entries for flags Talos sets itself (TLS files,
`client-cert-auth`, `auto-tls`, listen URLs, the data directory, …). Talos refuses them with
`extra arg "…" is not allowed` and the etcd service does not start. Also reports a compose
`command`/`entrypoint` string that docker compose cannot split into words (an unterminated
quote, a stray `(`) and a `${…}` compose cannot interpolate: compose refuses the file. In a
systemd unit, an `ExecStart=`/`Environment=` line systemd cannot split into words (an
unclosed quote, an unknown backslash escape) and a second `ExecStart=` in a service that is not
`Type=oneshot`: systemd refuses to load the unit. A Kubespray `etcd_deployment_type` other
than `host`, `docker` or `kubeadm` is refused by Kubespray's inventory check.

## Why is this bad?
The node's etcd fails to start; the security setting the author wanted was never possible
there, because Talos already enforces TLS and client authentication.

## Example
```yaml
cluster:
  etcd:
    extraArgs:
      client-cert-auth: "true"
```
Use instead: remove the entry.

## Fix safety
No automatic fix.
""",
    check=check,
)
