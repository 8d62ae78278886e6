from __future__ import annotations

from typing import Iterator, List

from ruamel.yaml.nodes import Node, ScalarNode

from etcdlint.model import Diagnostic
from etcdlint.rules.base import Rule
from etcdlint.text.shown import shown_value
from etcdlint.text.yamlnodes import is_merge_key, mappings_with_duplicate_keys, node_span


def check_documents(path: str, documents: List[Node]) -> Iterator[Diagnostic]:
    """A key given twice in one mapping of ``documents`` (those of a file that configure
    etcd, read while their nodes are held): kubectl rejects it; other tools keep one
    silently."""
    for pairs in mappings_with_duplicate_keys(documents):
        first_line = {}
        for key, _ in pairs:
            if key.__class__ is not ScalarNode or is_merge_key(key):
                continue
            if key.value in first_line:
                yield Diagnostic(RULE.code, None, RULE.severity,
                                 f"key {shown_value(key.value)!r} appears twice in this mapping (first on "
                                 f"line {first_line[key.value]}): kubectl refuses the document, "
                                 "other tools keep one of the two silently", path, node_span(key),
                                 None, (), f"remove one of the two {key.value!r} keys (this one "
                                 f"or the one on line {first_line[key.value]}), keeping the value "
                                 "you mean")
            else:
                first_line[key.value] = key.start_mark.line + 1


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
    check_documents=check_documents,
)
