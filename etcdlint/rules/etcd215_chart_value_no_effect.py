from etcdlint.rules.base import Rule
from etcdlint.rules.problem_rules import report_problems


def check(config, options):
    yield from report_problems(RULE, config, "chart-no-effect", help={
        "chart-no-effect": "remove the value, or set what it depends on"})


RULE = Rule(
    code="ETCD215",
    name="ChartValueWithoutEffect",
    title="A Helm chart value that does not reach etcd (bitnami/etcd)",
    cis=None,
    severity="warning",
    security_severity="6.0",
    fix="none",
    docs="""\
## What it does
Reports bitnami/etcd chart values that read like a security setting but that the chart's
templates never turn into one:

- `auth.client.enableAuthentication: true` (or `auth.peer.…`) without
  `secureTransport: true`: the chart writes `ETCD_CLIENT_CERT_AUTH` and
  `ETCD_TRUSTED_CA_FILE` only inside its `secureTransport` branch, and serves plain HTTP;
- the same value under `useAutoTLS: true`: that branch writes only `ETCD_AUTO_TLS`, so
  etcd accepts any client (or peer) without a certificate;
- `useAutoTLS: true` without `secureTransport: true`: no `ETCD_AUTO_TLS` either.

## Why is this bad?
The values say "clients need a certificate" and etcd does not ask for one. A reviewer reads
the values, not the rendered StatefulSet.

## Example
```yaml
auth:
  client:
    enableAuthentication: true
```
Use instead:
```yaml
auth:
  client:
    secureTransport: true
    enableAuthentication: true
    existingSecret: etcd-client-certs   # cert.pem, key.pem, ca.crt
```

## Fix safety
None: turning on `secureTransport` needs a Secret with the certificates, which etcdlint
cannot provide (the chart generates none). ETCD001 and ETCD002 say what to set.
""",
    check=check,
)
