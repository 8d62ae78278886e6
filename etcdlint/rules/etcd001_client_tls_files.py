from etcdlint.rules.base import Rule, check_files_set, setting_name
from etcdlint.etcd.tls_listeners import CLIENT, listener_tls


def check(config, options):
    yield from check_files_set(RULE, config, ("cert-file", "key-file"), _consequence(config))


def _consequence(config) -> str:
    """What etcd does without the files: auto TLS on a TLS listener serves a self-signed
    certificate, a TLS listener without it stops etcd, anything else is plaintext."""
    tls = listener_tls(config, CLIENT)
    if tls is None:
        return "etcd serves its clients without TLS"
    how, scheme = tls
    if how == "self-signed":
        return (f"etcd serves its {scheme}:// client URLs with the self-signed certificate "
                f"{setting_name(config, 'auto-tls')} generates, which no client can verify")
    return f"etcd refuses to start with an {scheme}:// client URL without it"


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
path, and client certificate authentication cannot work at all. On an `https://` listener
etcd without them either serves the self-signed certificate `--auto-tls` generates, which no
client can verify (the message then says so), or refuses to start (ETCD213).

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
