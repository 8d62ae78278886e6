from etcdlint.rules.base import Rule, make, setting_name


def check(config, options):
    setting = config.get("auth-token")
    if setting is not None and setting.known and setting.value.split(",", 1)[0].strip() == "simple":
        yield make(RULE, config.path, setting.value_span,
                   f"{setting_name(config, 'auth-token')} is simple: etcd's simple tokens are "
                   "stateful and not signed; prefer jwt", None,
                   f"set {setting_name(config, 'auth-token')} to jwt,pub-key=<public key file>,"
                   "priv-key=<private key file>,sign-method=RS256")


RULE = Rule(
    code="ETCD112",
    name="SimpleAuthToken",
    title="etcd role-based auth with simple tokens (--auth-token=simple)",
    cis=None,
    severity="note",
    security_severity="2.0",
    fix="none",
    docs="""\
## What it does
Reports an explicit `--auth-token=simple`. (It is etcd's default; only an explicit choice is
reported.)

## Why is this bad?
Simple tokens are random strings kept in memory by the member that issued them: they are not
signed, cannot be verified by other members and are meant for development. etcd recommends
`jwt` tokens for production when user/password authentication is enabled.

## Example
```yaml
- --auth-token=simple
```
Use instead:
```yaml
- --auth-token=jwt,pub-key=/etc/etcd/jwt.pub,priv-key=/etc/etcd/jwt.key,sign-method=RS256
```

## Fix safety
No automatic fix: JWT needs keys.
""",
    check=check,
)
