from etcdlint.rules.base import Rule, make, setting_name

# Go's crypto/tls InsecureCipherSuites(): RC4, 3DES and CBC-SHA256 suites.
INSECURE = frozenset((
    "TLS_RSA_WITH_RC4_128_SHA", "TLS_RSA_WITH_3DES_EDE_CBC_SHA",
    "TLS_RSA_WITH_AES_128_CBC_SHA256", "TLS_ECDHE_ECDSA_WITH_RC4_128_SHA",
    "TLS_ECDHE_RSA_WITH_RC4_128_SHA", "TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA",
    "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256",
))


def check(config, options):
    setting = config.get("cipher-suites")
    if setting is None or setting.value is None:
        return
    for suite, span in setting.parts():
        if suite in INSECURE:
            yield make(RULE, config.path, span,
                       f"{setting_name(config, 'cipher-suites')} includes {suite}, which Go "
                       "lists as insecure", None,
                       f"remove {suite} from {setting_name(config, 'cipher-suites')}")


RULE = Rule(
    code="ETCD108",
    name="InsecureCipherSuite",
    title="An insecure TLS cipher suite in --cipher-suites",
    cis=None,
    severity="error",
    security_severity="5.9",
    fix="none",
    docs="""\
## What it does
Reports each suite in `--cipher-suites` (or the config file's `cipher-suites` list) that Go's
`crypto/tls` lists as insecure: the RC4, 3DES and CBC-SHA256 suites. etcd accepts them.

## Why is this bad?
These suites have known practical attacks (RC4 biases, Sweet32 on 3DES, Lucky13-style
timing on CBC-SHA256). A client that offers them can be downgraded to them.

## Example
```yaml
- --cipher-suites=TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,TLS_RSA_WITH_3DES_EDE_CBC_SHA
```
Use instead only AEAD suites, e.g.
`TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384`, or leave the
flag unset to use Go's defaults.

## Fix safety
No automatic fix: removing a suite can cut off old clients.
""",
    check=check,
)
