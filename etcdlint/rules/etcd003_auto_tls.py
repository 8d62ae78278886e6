from etcdlint.rules.base import Rule, check_bool_not_true
from etcdlint.rules.withheld import auto_tls_removal_withheld


def check(config, options):
    yield from check_bool_not_true(
        RULE, config, "auto-tls",
        "etcd may serve clients with a self-signed certificate no client can verify",
        lambda: auto_tls_removal_withheld(config, "auto-tls"))


RULE = Rule(
    code="ETCD003",
    name="ClientAutoTLSEnabled",
    title="etcd uses self-signed certificates for clients (--auto-tls)",
    cis="2.3",
    severity="error",
    security_severity="7.4",
    fix="safe",
    docs="""\
## What it does
Reports `--auto-tls` when it is effectively true (a bare `--auto-tls` counts),
or `ETCD_AUTO_TLS`, or `client-transport-security.auto-tls` in a config file.

## Why is this bad?
With auto TLS etcd generates its own self-signed certificate. Clients cannot verify who they
talk to, so the connection is encrypted but open to impersonation.

## Example
```yaml
- --auto-tls
```
Use instead: remove the flag, or write `--auto-tls=false`, and configure real certificates
with `--cert-file` and `--key-file`.

## Fix safety
Safe: the flag is removed or set to false. Where auto TLS is what serves an `https://`
client (or metrics) URL (no `--cert-file` and `--key-file`), no fix is offered, and the
message says so: without it etcd would not start (ETCD213). Set the certificate files first.

bitnami/etcd chart values: `auth.client.useAutoTLS: false` is written only when
`auth.client.existingSecret` is set, and unsafe: the chart then serves the certificate
and key from that Secret. Without it the fix is display-only.
""",
    check=check,
)
