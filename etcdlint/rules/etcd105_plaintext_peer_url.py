from etcdlint.rules.base import Rule
from etcdlint.rules.listener_checks import plaintext_urls


def check(config, options):
    yield from plaintext_urls(
        RULE, config, ("listen-peer-urls", "initial-advertise-peer-urls"),
        ("peer-cert-file", "peer-key-file", "peer-client-cert-auth"), "talks to its peers")


RULE = Rule(
    code="ETCD105",
    name="PlaintextPeerURL",
    title="etcd peers talk over a URL without TLS (http://)",
    cis=None,
    severity="error",
    security_severity="7.5",
    fix="none",
    docs="""\
## What it does
Reports `http://` URLs in `--listen-peer-urls` and `--initial-advertise-peer-urls`, and a
missing `--listen-peer-urls` (etcd's default is `http://localhost:2380`). Loopback URLs are
warnings. When peer TLS files are set, the message notes that etcd ignores them on `http://`.

## Why is this bad?
Peer traffic carries the complete replication stream; a plaintext peer listener also lets
anyone who reaches it act as a member.

## Example
```yaml
- --listen-peer-urls=http://10.0.0.5:2380
```
Use instead:
```yaml
- --listen-peer-urls=https://10.0.0.5:2380
```

## Fix safety
No automatic fix.
""",
    check=check,
)
