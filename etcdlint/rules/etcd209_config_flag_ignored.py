from etcdlint.model import Edit, Fix
from etcdlint.rules.base import Rule, make
from etcdlint.etcd.command_line import reads_command_line


def check(config, options):
    if not reads_command_line(config):
        return
    for use in config.flag_uses:
        if use.name == "config":
            fix = Fix("rename --config to --config-file", "unsafe",
                      (Edit(use.name_span, "config-file", "config"),),
                      names=("config", "config-file"))
            if any(name != "config" for name in config.settings):
                runs = "the file it names is never read, etcd runs on the rest of its command line"
            else:
                runs = "etcd then runs on its defaults (plaintext on localhost, no authentication)"
            yield make(RULE, config.path, use.name_span,
                       f"etcd silently ignores --config: {runs}; the flag is --config-file", fix)


RULE = Rule(
    code="ETCD209",
    name="ConfigFlagIgnored",
    title="--config instead of --config-file (silently ignored)",
    cis=None,
    severity="error",
    security_severity="7.0",
    fix="unsafe",
    docs="""\
## What it does
Reports `--config` on an etcd command line.

## Why is this bad?
`--config` is one of the old flags etcd still accepts and throws away, without a warning. The
file it names is never read; etcd runs on its defaults: plaintext client and peer listeners
on localhost and no client authentication.

## Example
```yaml
- --config=/etc/etcd/etcd.conf.yml
```
Use instead `--config-file=/etc/etcd/etcd.conf.yml`.

## Fix safety
Unsafe: the flag is renamed to `--config-file`. etcd then reads that file and ignores every
other flag and `ETCD_` variable, so the fix is applied only when nothing else is set.
""",
    check=check,
)
