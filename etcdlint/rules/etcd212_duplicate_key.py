from etcdlint.rules.base import Rule

# Reported by the engine's structural check of documents that configure etcd
# (etcdlint.rules.structure); this module holds the rule's metadata and documentation.

RULE = Rule(
    code="ETCD212",
    name="DuplicateKey",
    title="A YAML key given twice in one mapping",
    cis=None,
    severity="error",
    security_severity="4.0",
    fix="none",
    docs="""\
## What it does
Reports a key that appears twice in the same mapping of a document that configures etcd
(two `command:` keys in a container, two `client-cert-auth:` keys in a config section).
etcdlint reads the last one, as most YAML readers do.

## Why is this bad?
Readers disagree: `kubectl` refuses the document, etcd's config reader and many tools keep
one of the two silently. A reviewer reading the first value sees a different configuration
from the one that runs.

## Example
```yaml
client-transport-security:
  client-cert-auth: true
  client-cert-auth: false
```

## Fix safety
No automatic fix: which one was meant is the author's call.
""",
)
