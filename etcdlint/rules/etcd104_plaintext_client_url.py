from etcdlint.rules.base import Rule
from etcdlint.rules.listener_checks import plaintext_urls


def check(config, options):
    yield from plaintext_urls(
        RULE, config, ("listen-client-urls", "advertise-client-urls", "listen-client-http-urls"),
        ("cert-file", "key-file", "client-cert-auth"), "serves clients",
        listeners=("listen-client-urls", "listen-client-http-urls"))


RULE = Rule(
    code="ETCD104",
    name="PlaintextClientURL",
    title="etcd serves or advertises a client URL without TLS (http://)",
    cis=None,
    severity="error",
    security_severity="8.0",
    fix="none",
    docs="""\
## What it does
Reports `http://` (and `unix://`) URLs in `--listen-client-urls`, `--advertise-client-urls`
and `--listen-client-http-urls`, each at its own position in the list. When
`--listen-client-urls` is not set at all, etcd listens on its default `http://localhost:2379`,
which is reported once at the `etcd` token. A URL on a loopback address or a unix socket is a
warning rather than an error: only local processes reach it, but they reach it without any
authentication.

etcd ignores `--cert-file`, `--key-file` and `--client-cert-auth` on `http://` listeners (it
only logs a warning); the message says so when those are set, because CIS 2.1 and 2.2 then
pass on paper while the listener is plaintext.

## Why is this bad?
A plaintext client listener exposes every key and value, and accepts writes from anyone who
can reach it.

## Example
```yaml
- --listen-client-urls=http://0.0.0.0:2379
```
Use instead:
```yaml
- --listen-client-urls=https://127.0.0.1:2379,https://10.0.0.5:2379
```

## Fix safety
No automatic fix: switching a URL to `https://` needs certificates and changes what clients
must use.
""",
    check=check,
)
