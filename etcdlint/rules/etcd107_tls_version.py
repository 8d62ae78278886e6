from etcdlint.rules.base import Rule, make, setting_name

ACCEPTED = ("TLS1.2", "TLS1.3")


def check(config, options):
    for name in ("tls-min-version", "tls-max-version"):
        setting = config.get(name)
        if setting is None or not setting.known or setting.value in ACCEPTED:
            continue
        if name == "tls-max-version" and setting.value == "":
            continue
        yield make(RULE, config.path, setting.value_span,
                   f"{setting_name(config, name)} is {setting.value!r}: etcd accepts only TLS1.2 "
                   "or TLS1.3 here; older protocol versions are not allowed, and etcd refuses "
                   "to start", None, f"set {setting_name(config, name)} to TLS1.2 or TLS1.3")


RULE = Rule(
    code="ETCD107",
    name="TLSVersionNotAllowed",
    title="A TLS version below 1.2 (--tls-min-version, --tls-max-version)",
    cis=None,
    severity="error",
    security_severity="5.9",
    fix="none",
    docs="""\
## What it does
Reports `--tls-min-version` or `--tls-max-version` values other than `TLS1.2` and `TLS1.3`
(for example `TLS1.0` or `TLS1.1`).

## Why is this bad?
TLS 1.0 and 1.1 are broken and deprecated. etcd itself accepts only `TLS1.2` and `TLS1.3` for
these flags and refuses to start otherwise, so the setting both asks for weak TLS and keeps
the member down.

## Example
```yaml
- --tls-min-version=TLS1.1
```
Use instead `--tls-min-version=TLS1.2` (etcd's default) or `TLS1.3`.

## Fix safety
No automatic fix.
""",
    check=check,
)
