from etcdlint.rules.base import Rule, check_bool_not_true, exempt_as_single_member
from etcdlint.rules.withheld import auto_tls_removal_withheld


def check(config, options):
    if exempt_as_single_member(config, options):
        return
    yield from check_bool_not_true(
        RULE, config, "peer-auto-tls",
        "etcd members may use self-signed certificates they cannot verify",
        lambda: auto_tls_removal_withheld(config, "peer-auto-tls"))


RULE = Rule(
    code="ETCD006",
    name="PeerAutoTLSEnabled",
    title="etcd peers use self-signed certificates (--peer-auto-tls)",
    cis="2.6",
    severity="error",
    security_severity="6.8",
    fix="safe",
    docs="""\
## What it does
Reports `--peer-auto-tls` when it is effectively true (a bare `--peer-auto-tls` counts), or
`ETCD_PEER_AUTO_TLS`, or `peer-transport-security.auto-tls`. Applies to single members too,
unless the `exempt-single-member` option is on.

## Why is this bad?
Self-signed peer certificates encrypt the replication stream but authenticate nobody.

## Example
```yaml
- --peer-auto-tls=true
```
Use instead: remove it and set `--peer-cert-file` and `--peer-key-file`.

## Fix safety
Safe: the flag is removed or set to false. Where auto TLS is what serves an `https://`
peer URL (no `--peer-cert-file` and `--peer-key-file`), no fix is offered, and the message
says so: without it etcd would not start (ETCD213). Set the certificate files first.

bitnami/etcd chart values: `auth.peer.useAutoTLS: false` is written only when
`auth.peer.existingSecret` is set, and unsafe: the chart then serves the certificate
and key from that Secret. Without it the fix is display-only.
""",
    check=check,
)
