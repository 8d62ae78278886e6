from etcdlint.etcd.tls_listeners import PEER
from etcdlint.rules.base import Rule, check_bool_true, exempt_as_single_member
from etcdlint.rules.listener_checks import cert_auth_dropped
from etcdlint.rules.withheld import cert_auth_fix_withheld


def check(config, options):
    if exempt_as_single_member(config, options):
        return
    yield from check_bool_true(RULE, config, "peer-client-cert-auth",
                               "etcd accepts peers without a certificate",
                               lambda: cert_auth_fix_withheld(config, RULE.code,
                                                              "peer-client-cert-auth",
                                                              "peer-trusted-ca-file", PEER))
    yield from cert_auth_dropped(RULE, config, PEER, "peer-client-cert-auth",
                                 "peer-trusted-ca-file", "peers")


RULE = Rule(
    code="ETCD005",
    name="PeerClientCertAuthDisabled",
    title="etcd does not require peer certificates (--peer-client-cert-auth)",
    cis="2.5",
    severity="error",
    security_severity="7.5",
    fix="safe",
    docs="""\
## What it does
Checks that `--peer-client-cert-auth` is effectively `true` (flag, `ETCD_PEER_CLIENT_CERT_AUTH`,
or `peer-transport-security.client-cert-auth`). Applies to single members too, unless the
`exempt-single-member` option is on.

`--peer-client-cert-auth=true` does not count where `--peer-auto-tls` serves an `https://`
peer listener (no `--peer-cert-file` or `--peer-key-file`): etcd replaces its whole peer TLS
configuration with the generated one, `--peer-client-cert-auth` and `--peer-trusted-ca-file`
included (etcd-io/etcd v3.4.0-v3.6.0, `PeerSelfCert` in `server/embed/config.go`). That is
reported at `--peer-auto-tls`, without a fix.

## Why is this bad?
Without it any host that reaches the peer port can talk to the member as if it were part of
the cluster.

## Example
```yaml
- --peer-client-cert-auth=false
```
Use instead:
```yaml
- --peer-client-cert-auth=true
```

## Fix safety
Safe: the value is set to `true`, or the flag is added. No fix is offered, and the message
says why, while `--peer-trusted-ca-file` is missing (etcd would then check certificates
against the system's public CAs, ETCD110) or while `--peer-auto-tls` serves the peer URLs
(it replaces this setting: set `--peer-cert-file` and `--peer-key-file` first).

bitnami/etcd chart values: with `auth.peer.secureTransport: true` the fix adds
`auth.peer.enableAuthentication: true` beside its siblings (or as a new Argo CD
`helm.parameters` item). Unsafe: the chart then points etcd at the CA in
`auth.peer.existingSecret` (`caFilename`, default `ca.crt`), and etcd does not start when
the Secret lacks it. Without `secureTransport`, or under `useAutoTLS`, the fix is
display-only: client certificate checks need certificates etcdlint cannot provide.
""",
    check=check,
)
