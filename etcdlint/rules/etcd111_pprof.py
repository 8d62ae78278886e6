from etcdlint.rules.base import Rule, bool_value, make, setting_name
from etcdlint.rules.fixes import remove_or_set


def check(config, options):
    setting = config.get("enable-pprof")
    if bool_value(setting) is True:
        label = setting_name(config, "enable-pprof")
        yield make(RULE, config.path, setting.value_span,
                   f"{label} is true: /debug/pprof is served on the client URLs",
                   remove_or_set(setting, "false", f"remove {label} (it defaults to false)"),
                   f"remove {label}, or set it to false")


RULE = Rule(
    code="ETCD111",
    name="PprofEnabled",
    title="etcd serves Go profiling data (--enable-pprof)",
    cis=None,
    severity="warning",
    security_severity="5.3",
    fix="safe",
    docs="""\
## What it does
Reports `--enable-pprof=true` (or `enable-pprof: true` in a config file).

## Why is this bad?
`/debug/pprof` exposes goroutine stacks, heap profiles and command lines, and lets a caller
make the server spend CPU on profiling: information disclosure and denial of service.

## Example
```yaml
enable-pprof: true
```
Use instead: remove it, or set it to false.

## Fix safety
Safe: the setting is removed or set to false.
""",
    check=check,
)
