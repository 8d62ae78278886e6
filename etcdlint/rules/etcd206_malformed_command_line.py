from etcdlint.rules.base import Rule
from etcdlint.rules.problem_rules import report_problems


def check(config, options):
    yield from report_problems(RULE, config, "positional", "bad-syntax", "missing-value",
                               help=_HELP)


_HELP = {"positional": "remove the word, or make it a flag's value (--name=value)",
         "bad-syntax": "write the flag as --name=value, or remove the word",
         "missing-value": "give the flag a value (--name=value)"}


RULE = Rule(
    code="ETCD206",
    name="MalformedCommandLine",
    title="A word etcd's flag parser rejects (etcd refuses to start)",
    cis=None,
    severity="error",
    security_severity="3.0",
    fix="none",
    docs="""\
## What it does
Reports what Go's flag parser rejects on an etcd command line: a word that is not a flag
(most often the value of a boolean written apart, `--client-cert-auth false`), `---x` or
`--=x`, a flag that needs a value at the end of the line, anything after `--`.

etcdlint goes on reading the command line after such a word, so that the other flags are
still checked; etcd itself stops there.

## Why is this bad?
Boolean flags never take the next word as their value: `--client-cert-auth false` sets the
flag to true, then etcd exits with `"false" is not a valid flag`.

## Example
```yaml
- --client-cert-auth
- "false"
```
Use instead `--client-cert-auth=true` (or `=false` if that was really meant).

## Fix safety
No automatic fix: what was meant (`--client-cert-auth=false`?) is the author's call.
""",
    check=check,
)
