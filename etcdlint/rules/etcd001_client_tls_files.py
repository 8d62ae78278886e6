from etcdlint.rules.base import Rule, check_files_set


def check(config, options):
    yield from check_files_set(RULE, config, ("cert-file", "key-file"),
                               "etcd serves its clients without TLS")


RULE = Rule(
    code="ETCD001",
    name="ClientTLSCertificateMissing",
    title="etcd serves clients without a TLS certificate and key (--cert-file, --key-file)",
    cis="2.1",
    severity="error",
    security_severity="8.2",
    fix="unsafe",
    docs="""\
## What it does
Checks that the effective configuration gives etcd a server certificate and key for client
connections: `--cert-file` and `--key-file` (or `ETCD_CERT_FILE` / `ETCD_KEY_FILE`, or
`client-transport-security.cert-file` / `key-file` in a config file) are set and not empty.

## Why is this bad?
Without them etcd talks to its clients, the Kubernetes API server among them, in plaintext.
Every object of the cluster, Secrets included, crosses the network readable by anyone on the
path, and client certificate authentication cannot work at all.

## Example
```yaml
command:
- etcd
- --listen-client-urls=https://10.0.0.5:2379
- --client-cert-auth=true
```
Use instead:
```yaml
command:
- etcd
- --listen-client-urls=https://10.0.0.5:2379
- --cert-file=/etc/kubernetes/pki/etcd/server.crt
- --key-file=/etc/kubernetes/pki/etcd/server.key
- --client-cert-auth=true
```

## Fix safety
Unsafe: a path is only inserted when it can be inferred from sibling settings (kubeadm's
`/etc/kubernetes/pki/etcd/` layout); the certificate must exist on the node.

bitnami/etcd chart values: the chart reads its certificates only from
`auth.client.existingSecret` (it generates none). With that Secret named, the fix sets
`auth.client.secureTransport: true` (or `useAutoTLS: false`): unsafe, the Secret must
hold cert.pem and key.pem and every client must switch to https. Without it the fix is
display-only: the chart's `required` check would fail the render.
""",
    check=check,
)
