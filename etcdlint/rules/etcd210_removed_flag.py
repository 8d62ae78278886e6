from etcdlint.records import replace

from etcdlint.etcd.versions import (EXPERIMENTAL_DEPRECATED, FEATURE_GATES, REMOVED_VALUES,
                                    graduated, removal, removed_value, show)
from etcdlint.rules.base import Rule, make, setting_name
from etcdlint.etcd.command_line import reads_command_line


def check(config, options):
    if config.version is None:
        return
    for name, _ in REMOVED_VALUES:
        setting = config.get(name)
        found = removed_value(name, setting.value) if setting is not None and setting.known \
            else None
        if found is not None and config.version >= found[0]:
            yield make(RULE, config.path, setting.value_span,
                       f"{setting_name(config, name)}={setting.value} was removed in etcd "
                       f"{show(found[0])} and this is etcd {show(config.version)}: it refuses "
                       f"to start (\"{found[1]}\"); use {found[2]}", None,
                       f"replace {setting_name(config, name)}={setting.value} with {found[2]}")
    if not reads_command_line(config):
        return
    for use in config.flag_uses:
        found = removal(use.name)
        if found is None:
            continue
        removed_in, instead = found
        help = _help(use, instead)
        if config.version >= removed_in:
            yield make(RULE, config.path, use.name_span,
                       f"--{use.name} was removed in etcd {show(removed_in)} and this is etcd "
                       f"{show(config.version)}: it refuses to start; use {instead}", None, help)
        elif use.name.startswith("experimental-") and config.version >= EXPERIMENTAL_DEPRECATED:
            yield replace(make(RULE, config.path, use.name_span,
                               f"--{use.name} is deprecated in etcd {show(config.version)} and "
                               f"removed in {show(removed_in)}: use {instead}", None, help),
                          severity="warning")


def _help(use, instead: str) -> str:
    """The exact replacement: the graduated flag with the same value, or its feature gate."""
    if not instead.startswith("--"):
        return f"remove --{use.name} ({instead[len('nothing: '):]})" \
            if instead.startswith("nothing: ") else \
            f"replace --{use.name} with {instead}"
    written = f"--{use.name}" if use.bare or not use.value else f"--{use.name}={use.value}"
    if use.name in FEATURE_GATES:
        value = "true" if use.bare else use.value
        return f"replace {written} with {graduated(use.name, value)}"
    if instead.startswith("--log-level"):
        return f"replace {written} with {instead}"
    return f"replace {written} with {instead}" + (f"={use.value}" if use.value and not use.bare
                                                  and "=" not in instead else "")


RULE = Rule(
    code="ETCD210",
    name="RemovedFlag",
    title="A flag the image's etcd version no longer has",
    cis=None,
    severity="error",
    security_severity="3.0",
    fix="none",
    docs="""\
## What it does
When the etcd version is known (the container image tag, or kubeadm's
`etcd.local.imageTag`), reports flags that version removed: `--debug`, `--log-output` and
`--log-package-levels` (3.5); `--enable-v2`, `--experimental-enable-v2v3` and the `--proxy*`
flags (3.6); every `--experimental-*` flag (3.7). In 3.6 the `--experimental-*` flags are
deprecated: a warning. Also values a version removed: `--logger=capnslog` (3.5; from a flag,
an `ETCD_LOGGER` variable or a config file's `logger` key), which etcd-io/etcd
`server/embed/config_logging.go` (`setupLogging`) rejects with "--logger=capnslog is removed
in v3.5".

## Why is this bad?
A removed flag is an unknown flag: etcd exits at start-up, typically right after an image
upgrade.

## Example
```yaml
image: registry.k8s.io/etcd:3.7.1-0
command: [etcd, --experimental-initial-corrupt-check=true]
```
Use instead `--feature-gates=InitialCorruptCheck=true`.

## Fix safety
No automatic fix.
""",
    check=check,
)
