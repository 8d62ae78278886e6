from __future__ import annotations

from etcdlint.model import Diagnostic, Span
from etcdlint.rules.base import Rule
from etcdlint.text.shown import shown_message


# What to change, by why the file was not read.
HELP_DECODE = "save the file as UTF-8 text, or leave it out with exclude (or --exclude)"
HELP_YAML = "correct the YAML here, or leave the file out with exclude (or --exclude)"
HELP_NESTED = "leave the file out with exclude (or --exclude)"
HELP_READ = "make the file readable, or leave it out with exclude (or --exclude)"
HELP_SIZE = ("raise the max-file-size key (or --max-file-size) above the file's size, or "
             "leave it out with exclude (or --exclude)")


def unreadable(path: str, span: Span, message: str, help: str = HELP_YAML) -> Diagnostic:
    """The finding for a file that could not be read (or read whole) as YAML, at ``span``:
    where reading stopped (the file's start when it could not be read at all)."""
    return Diagnostic(RULE.code, None, RULE.severity, shown_message(message), path, span, None,
                      (), help)


RULE = Rule(
    code="ETCD000",
    name="UnreadableInput",
    title="A file could not be read as YAML",
    cis=None,
    severity="error",
    security_severity="0.0",
    fix="none",
    docs="""\
## What it does
Reports a file that etcdlint could not read: invalid YAML, an encoding that is not UTF-8 or
UTF-16, binary content, a file over the size limit, or YAML nested deeper than 200 levels
(collections and scalars each count one, an alias none). The diagnostic points at the line and
column where reading failed; the documents before that point are checked.

## Why is this bad?
A file that cannot be read cannot be checked. If it configures etcd, its settings are
unknown, and the tools that deploy it will usually reject it too.

## Example
```yaml
spec:
  containers:
  - command: [etcd, --cert-file=/a
```

## Fix safety
There is no automatic fix: correct the YAML by hand.
""",
)
