from etcdlint.etcd.flags import KNOWN_FLAGS
from etcdlint.rules.base import Rule, make
from etcdlint.etcd.command_line import reads_command_line


def check(config, options):
    if not reads_command_line(config):
        return
    for use in config.flag_uses:
        if use.name in KNOWN_FLAGS:
            continue
        import difflib

        close = difflib.get_close_matches(use.name, KNOWN_FLAGS, n=1, cutoff=0.75)
        hint = f"; did you mean --{close[0]}?" if close else ""
        yield make(RULE, config.path, use.name_span,
                   f"etcd has no flag --{use.name}: it refuses to start (flag provided but not "
                   f"defined){hint}", None,
                   f"replace --{use.name} with --{close[0]}" if close else
                   f"remove --{use.name} ('etcd --help' lists the flags it has)")


RULE = Rule(
    code="ETCD204",
    name="UnknownFlag",
    title="A flag etcd does not know (etcd refuses to start)",
    cis=None,
    severity="error",
    security_severity="3.0",
    fix="none",
    docs="""\
## What it does
Reports a flag that no etcd release from 3.4 on defines, on an etcd command line, in kubeadm
`extraArgs` or in Talos `extraArgs`, with the closest real flag when there is one. A value
glued to the flag with a space inside one list item (`- --cert-file /x`) is one argv word,
and so an unknown flag too. Flags that a later release removed are ETCD210.

## Why is this bad?
etcd exits at start-up with `flag provided but not defined`. A typo in a security flag
(`--client-cert-auht`) is the classic way to lose a setting without noticing.

## Example
```yaml
- --client-cert-auht=true
```
Use instead `--client-cert-auth=true`.

## Fix safety
No automatic fix.
""",
    check=check,
)
