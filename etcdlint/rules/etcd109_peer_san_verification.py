from etcdlint.rules.base import Rule, bool_value, make, setting_name
from etcdlint.rules.fixes import remove_or_set


def check(config, options):
    for name in ("peer-skip-client-san-verification",
                 "experimental-peer-skip-client-san-verification"):
        setting = config.get(name)
        if bool_value(setting) is True:
            label = setting_name(config, name)
            yield make(RULE, config.path, setting.value_span,
                       f"{label} is true: etcd accepts a peer's certificate whatever address it "
                       "was issued for",
                       remove_or_set(setting, "false", f"remove {label} (it defaults to false)"))


RULE = Rule(
    code="ETCD109",
    name="PeerSANVerificationSkipped",
    title="etcd skips the SAN check of peer certificates",
    cis=None,
    severity="warning",
    security_severity="5.3",
    fix="safe",
    docs="""\
## What it does
Reports `--peer-skip-client-san-verification=true` (and its older name
`--experimental-peer-skip-client-san-verification`, or
`peer-transport-security.skip-client-san-verification` in a config file).

## Why is this bad?
Without the SAN check, any certificate signed by the peer CA is accepted from any address,
so a stolen peer certificate works from anywhere.

## Example
```yaml
- --experimental-peer-skip-client-san-verification=true
```
Use instead: remove it.

## Fix safety
Safe: the setting is removed.
""",
    check=check,
)
