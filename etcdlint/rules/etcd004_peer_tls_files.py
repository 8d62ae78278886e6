from etcdlint.rules.base import Rule, check_files_set, exempt_as_single_member, setting_name
from etcdlint.etcd.tls_listeners import PEER, listener_tls


def check(config, options):
    if exempt_as_single_member(config, options):
        return
    yield from check_files_set(RULE, config, ("peer-cert-file", "peer-key-file"),
                               _consequence(config))


def _consequence(config) -> str:
    """What etcd does without the files (see ETCD001: the same for peers)."""
    tls = listener_tls(config, PEER)
    if tls is None:
        return "etcd members replicate data to each other without TLS"
    if tls[0] == "self-signed":
        return (f"etcd members talk TLS with the self-signed certificates "
                f"{setting_name(config, 'peer-auto-tls')} generates, which they cannot verify")
    return "etcd refuses to start with an https:// peer URL without it"


RULE = Rule(
    code="ETCD004",
    name="PeerTLSCertificateMissing",
    title="etcd peers talk without a TLS certificate and key (--peer-cert-file, --peer-key-file)",
    cis="2.4",
    severity="error",
    security_severity="7.5",
    fix="unsafe",
    docs="""\
## What it does
Checks that `--peer-cert-file` and `--peer-key-file` (or their `ETCD_` variables, or
`peer-transport-security.cert-file` / `key-file`) are set and not empty.

The check applies to every etcd, including a single member: kubeadm's first control-plane
node is a one-member cluster that others join later. The `exempt-single-member` option turns
this off for configurations whose `--initial-cluster` names only one member.

## Why is this bad?
Members send each other the full replication stream. Without peer TLS it crosses the network
in plaintext, and a rogue process can join as a peer. On an `https://` peer listener etcd
without them either uses the self-signed certificates `--peer-auto-tls` generates, which the
members cannot verify (the message then says so), or refuses to start (ETCD213).

## Example
```yaml
- --listen-peer-urls=http://10.0.0.5:2380
```
Use instead:
```yaml
- --listen-peer-urls=https://10.0.0.5:2380
- --peer-cert-file=/etc/kubernetes/pki/etcd/peer.crt
- --peer-key-file=/etc/kubernetes/pki/etcd/peer.key
```

## Fix safety
Unsafe: paths are inserted only when they can be inferred from sibling settings.

bitnami/etcd chart values: the chart reads its certificates only from
`auth.peer.existingSecret` (it generates none). With that Secret named, the fix sets
`auth.peer.secureTransport: true` (or `useAutoTLS: false`): unsafe, the Secret must
hold cert.pem and key.pem and every member must switch to https. Without it the fix is
display-only: the chart's `required` check would fail the render.
""",
    check=check,
)
