from etcdlint.etcd.tls_listeners import CLIENT
from etcdlint.rules.base import Rule, check_bool_true
from etcdlint.rules.listener_checks import cert_auth_dropped
from etcdlint.rules.withheld import cert_auth_fix_withheld


def check(config, options):
    yield from check_bool_true(RULE, config, "client-cert-auth",
                               "etcd accepts clients without a certificate",
                               lambda: cert_auth_fix_withheld(config, RULE.code,
                                                              "client-cert-auth",
                                                              "trusted-ca-file", CLIENT))
    yield from cert_auth_dropped(RULE, config, CLIENT, "client-cert-auth", "trusted-ca-file",
                                 "clients")


RULE = Rule(
    code="ETCD002",
    name="ClientCertAuthDisabled",
    title="etcd does not require client certificates (--client-cert-auth)",
    cis="2.2",
    severity="error",
    security_severity="8.1",
    fix="safe",
    docs="""\
## What it does
Checks that `--client-cert-auth` is effectively `true`: as a flag (`--client-cert-auth`,
`--client-cert-auth=true`, or any spelling Go accepts: `1`, `t`, `TRUE`, ...), as
`ETCD_CLIENT_CERT_AUTH`, or as `client-transport-security.client-cert-auth` in a config file.
The last occurrence of a repeated flag is the one that counts, as in etcd.

`--client-cert-auth=true` does not count where `--auto-tls` serves an `https://` listener
(no `--cert-file` or `--key-file`): etcd replaces its whole client TLS configuration with the
generated one, `--client-cert-auth` and `--trusted-ca-file` included, and asks no client for
a certificate (etcd-io/etcd v3.4.0-v3.6.0, `ClientSelfCert` in `server/embed/config.go`).
That is reported at `--auto-tls`, without a fix: certificate files are what is needed.

## Why is this bad?
etcd holds every Kubernetes object. When it does not demand a client certificate signed by
its CA, anyone who can reach the client port can read and write the whole cluster state.

## Example
```yaml
- --client-cert-auth=false
```
Use instead:
```yaml
- --client-cert-auth=true
```

## Fix safety
Safe: the value is set to `true`, or the flag is added. Clients without a certificate stop
working, which is the point. No fix is offered, and the message says why, while
`--trusted-ca-file` is missing (etcd would then check certificates against the system's
public CAs, ETCD110) or while `--auto-tls` serves the client URLs (it replaces this setting:
set `--cert-file` and `--key-file` first).

bitnami/etcd chart values: with `auth.client.secureTransport: true` the fix adds
`auth.client.enableAuthentication: true` beside its siblings (or as a new Argo CD
`helm.parameters` item). Unsafe: the chart then points etcd at the CA in
`auth.client.existingSecret` (`caFilename`, default `ca.crt`), and etcd does not start when
the Secret lacks it. Without `secureTransport`, or under `useAutoTLS`, the fix is
display-only: client certificate checks need certificates etcdlint cannot provide.
""",
    check=check,
)
