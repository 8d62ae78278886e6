from etcdlint.rules.base import Rule, bool_value, make, setting_name
from etcdlint.rules.fixes import remove_or_set


# etcd's config file (which k3s/RKE2 write too): which releases read each key (see
# etcdlint/sources/configfile.py for the sources).
_CONFIG_FILE_READERS = {
    "experimental-peer-skip-client-san-verification":
        ("etcd 3.6 accepts", " (etcd 3.4, 3.5 and 3.7 ignore this top-level key of the config file)"),
    "peer-skip-client-san-verification":
        ("etcd 3.6 and later accept", " (etcd 3.4 and 3.5 ignore this key)"),
}


def check(config, options):
    in_file = config.source in ("config-file", "k3s")
    for name in ("peer-skip-client-san-verification",
                 "experimental-peer-skip-client-san-verification"):
        setting = config.get(name)
        if bool_value(setting) is True:
            label = f"etcd-arg {name}" if config.source == "k3s" else setting_name(config, name)
            who, which = _CONFIG_FILE_READERS[name] if in_file else ("etcd accepts", "")
            yield make(RULE, config.path, setting.value_span,
                       f"{label} is true: {who} a peer's certificate whatever address it "
                       f"was issued for{which}",
                       remove_or_set(setting, "false", f"remove {label} (it defaults to false)"),
                       f"remove {label}, or set it to false")


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

In etcd's config file (and the k3s/RKE2 `etcd-arg` entries written there as top-level
keys) what is read depends on the release, which etcdlint does not know there; the message
says which releases skip the check:

| key in the config file | 3.4, 3.5 | 3.6 | 3.7 |
| --- | --- | --- | --- |
| `experimental-peer-skip-client-san-verification` (top level) | ignored | read | ignored |
| `peer-transport-security.skip-client-san-verification` | ignored | read | read |
| `peer-skip-client-san-verification` (top level) | ignored (ETCD201) | ignored | ignored |

(etcd-io/etcd `server/embed/config.go` and `server/etcdmain/config.go` at v3.4.45, v3.5.33,
v3.6.14, v3.7.1.)

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
