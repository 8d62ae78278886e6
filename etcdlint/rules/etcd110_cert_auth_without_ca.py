from etcdlint.rules.base import Rule, bool_value, ca_missing, make, setting_name

PAIRS = (("client-cert-auth", "trusted-ca-file"), ("peer-client-cert-auth", "peer-trusted-ca-file"))


def check(config, options):
    for auth, ca in PAIRS:
        setting = config.get(auth)
        if bool_value(setting) is not True:
            continue
        if ca_missing(config, ca):
            yield make(RULE, config.path, setting.value_span,
                       f"{setting_name(config, auth)} is true but {setting_name(config, ca)} is "
                       "not set: certificates are checked against the system's public CAs", None,
                       f"set {setting_name(config, ca)} to the CA that signs the "
                       f"{'peer' if auth.startswith('peer-') else 'client'} certificates etcd "
                       "accepts")


RULE = Rule(
    code="ETCD110",
    name="CertAuthWithoutCA",
    title="Client certificate authentication without a CA (--trusted-ca-file)",
    cis=None,
    severity="error",
    security_severity="7.4",
    fix="none",
    docs="""\
## What it does
Reports `--client-cert-auth=true` without `--trusted-ca-file`, and
`--peer-client-cert-auth=true` without `--peer-trusted-ca-file`.

## Why is this bad?
Go then verifies client certificates against the host's public CA bundle: any certificate a
public CA issued to anyone is accepted.

## Example
```yaml
- --peer-client-cert-auth=true
```
Use instead:
```yaml
- --peer-client-cert-auth=true
- --peer-trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt
```

## Fix safety
No automatic fix.
""",
    check=check,
)
