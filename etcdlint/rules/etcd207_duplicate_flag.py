from etcdlint.rules.base import Rule, make
from etcdlint.etcd.command_line import reads_command_line


def check(config, options):
    if not reads_command_line(config):
        return
    last = {}
    for use in config.flag_uses:
        last[use.name] = use
    for use in config.flag_uses:
        final = last[use.name]
        if final is not use and final.value != use.value:
            yield make(RULE, config.path, use.span,
                       f"--{use.name}={use.value} has no effect: a later --{use.name}="
                       f"{final.value} wins", None,
                       f"remove --{use.name}={use.value}, keeping the later --{use.name}="
                       f"{final.value} (or the other way round)")


RULE = Rule(
    code="ETCD207",
    name="DuplicateFlag",
    title="The same flag given twice with different values",
    cis=None,
    severity="warning",
    security_severity="4.0",
    fix="none",
    docs="""\
## What it does
Reports an earlier occurrence of a flag that a later occurrence overrides with another
value. etcd keeps the last one (its list flags replace, they do not append). kubeadm
v1beta4's repeated `extraArgs` names count too: kubeadm sorts them by value, so the greatest
value is the last.

## Why is this bad?
A reader sees the first value and believes it; etcd uses the other.

## Example
```yaml
- --client-cert-auth=true
- --client-cert-auth=false
```

## Fix safety
No automatic fix: which value was meant is the author's call.
""",
    check=check,
)
