from etcdlint.rules.base import Rule, make, setting_name


def check(config, options):
    low = config.get("tls-min-version")
    ciphers = config.get("cipher-suites")
    if (low is not None and low.known and low.value == "TLS1.3" and ciphers is not None
            and ciphers.known and ciphers.value.strip()):
        yield make(RULE, config.path, ciphers.span,
                   f"{setting_name(config, 'cipher-suites')} cannot be set with "
                   f"{setting_name(config, 'tls-min-version')} TLS1.3 (TLS 1.3 suites are not "
                   "configurable): etcd refuses to start", None,
                   f"remove {setting_name(config, 'cipher-suites')}, or set "
                   f"{setting_name(config, 'tls-min-version')} to TLS1.2")
    high = config.get("tls-max-version")
    if (low is not None and high is not None and low.known and high.known
            and low.value == "TLS1.3" and high.value == "TLS1.2"):
        yield make(RULE, config.path, high.value_span,
                   f"{setting_name(config, 'tls-max-version')} TLS1.2 is below "
                   f"{setting_name(config, 'tls-min-version')} TLS1.3: etcd refuses to start",
                   None, f"set {setting_name(config, 'tls-max-version')} to TLS1.3, or remove it")


RULE = Rule(
    code="ETCD211",
    name="IncompatibleTLSSettings",
    title="TLS settings etcd refuses together",
    cis=None,
    severity="error",
    security_severity="3.0",
    fix="none",
    docs="""\
## What it does
Reports `--cipher-suites` together with `--tls-min-version=TLS1.3` (Go does not let TLS 1.3
suites be chosen), and a `--tls-max-version` below `--tls-min-version`.

## Why is this bad?
etcd validates these at start-up and exits.

## Example
```yaml
- --tls-min-version=TLS1.3
- --cipher-suites=TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256
```
Use instead: drop `--cipher-suites` when requiring TLS 1.3.

## Fix safety
No automatic fix.
""",
    check=check,
)
