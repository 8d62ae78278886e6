from etcdlint.rules.base import Rule, make, setting_name
from etcdlint.etcd.tls_listeners import SIDES, certificate_files, first_tls_url, listener_tls
from etcdlint.text.shown import shown_value


def check(config, options):
    for side in SIDES:
        tls = listener_tls(config, side)
        if tls is None or tls[0] == "self-signed":
            continue
        name, url, span = first_tls_url(config, side)
        listener = f"{setting_name(config, name)} has {shown_value(url)}"
        if tls[0] == "half":
            cert, key = certificate_files(config, side)
            missing = setting_name(config, side.key if cert else side.cert)
            yield make(RULE, config.path, span,
                       f"{listener}, but {missing} is not set: etcd refuses to start (KeyFile "
                       f"and CertFile must both be present[key: {key}, cert: {cert}])", None,
                       f"set {missing} as well")
            continue
        host = url.partition("://")[2].split("/", 1)[0]  # (what etcd listens on)
        yield make(RULE, config.path, span,
                   f"{listener}, but {setting_name(config, side.cert)} and "
                   f"{setting_name(config, side.key)} are not set and "
                   f"{setting_name(config, side.auto)} is off: etcd refuses to start "
                   f"({side.refusal.format(url=shown_value(url), host=shown_value(host))})", None,
                   f"set {setting_name(config, side.cert)} and {setting_name(config, side.key)} "
                   "to etcd's certificate and key")


RULE = Rule(
    code="ETCD213",
    name="TLSListenerWithoutCertificate",
    title="An https:// listener without a certificate (etcd refuses to start)",
    cis=None,
    severity="error",
    security_severity="3.0",
    fix="none",
    docs="""\
## What it does
Reports the first `https://` (or `unixs://`) URL etcd is told to listen on when it has no
certificate for it: for `--listen-client-urls`, `--listen-client-http-urls` and
`--listen-metrics-urls`, neither `--cert-file` nor `--key-file` set and `--auto-tls` off;
for `--listen-peer-urls`, neither `--peer-cert-file` nor `--peer-key-file` set and
`--peer-auto-tls` off. Also one of the two files without the other: etcd then ignores auto
TLS and needs both. The same holds for their `ETCD_` variables and config file keys.
A value etcdlint cannot know (a variable from a Secret) is not judged.

As read in etcd's source (etcd-io/etcd v3.4.0, v3.5.0, v3.6.0): `configureClientListeners`
in `server/embed/etcd.go` refuses a client URL with the `https` scheme when the client TLS
info is empty (`TLSInfo.Empty()`: no certificate and no key file, in
`client/pkg/transport/listener.go`); `configurePeerListeners` wraps an `https` peer
listener in TLS and `transport.newTLSListener` refuses the empty TLS info; metrics
listeners use the client TLS info (`createMetricsListener` in 3.6). Auto TLS fills the TLS
info with a generated certificate first (`ClientSelfCert`, `PeerSelfCert` in
`server/embed/config.go`), which is why it avoids the error, but only when neither file is
given. With one file, `TLSInfo.baseConfig` refuses: "KeyFile and CertFile must both be
present" (at the peer listener, or when the client listener starts serving: etcd exits
with "listener failed").

## Why is this bad?
etcd exits at start-up: "TLS key/cert (--cert-file, --key-file) must be provided for client
url … with HTTPS scheme" for clients, "cannot listen on TLS for …: KeyFile and CertFile are
not presented" for peers. This is also what removing `--auto-tls` from such a
configuration would lead to, which is why `--fix` refuses to remove it there.

## Example
```yaml
command:
- etcd
- --listen-client-urls=https://10.0.0.5:2379
```
Use instead:
```yaml
command:
- etcd
- --listen-client-urls=https://10.0.0.5:2379
- --cert-file=/etc/kubernetes/pki/etcd/server.crt
- --key-file=/etc/kubernetes/pki/etcd/server.key
```

## Fix safety
No automatic fix here; ETCD001's unsafe fix adds the certificate paths when kubeadm's layout
shows them.
""",
    check=check,
)
