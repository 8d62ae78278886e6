"""etcdlint's faster C loader composes exactly what ruamel.yaml's own base loaders compose."""

import pytest
from ruamel.yaml.nodes import MappingNode, SequenceNode

from etcdlint.yamlnodes import _c_loader, compose_documents

DOCUMENTS = """\
%YAML 1.2
---
apiVersion: v1
kind: Pod
metadata: &meta {name: etcd, labels: {tier: "control-plane"}}
spec:
  containers:
  - name: etcd
    command: [etcd, '--client-cert-auth=false', --auto-tls]
    args:
    - >-
      --cert-file=/a
    - |
      --key-file=/b
    env:
    - {name: ETCD_AUTO_TLS, value: !!str true}
    - name: N
      value: !!int 3
    - name: EMPTY
      value:
    - name: CUSTOM
      value: !custom tagged
  other: *meta
  <<: {merged: yes}
? complex key
: ~
--- !!set
? a
? b
...
--- [1, 2.5, null, .inf, 0x1F]
"""


def flatten(node, out):
    out.append((type(node).__name__, node.tag, node.start_mark.index, node.end_mark.index,
                getattr(node, "style", None)))
    if isinstance(node, MappingNode):
        for key, value in node.value:
            flatten(key, out)
            flatten(value, out)
    elif isinstance(node, SequenceNode):
        for item in node.value:
            flatten(item, out)
    else:
        out.append(node.value)
    return out


def compose_with(loader_class, text):
    loader = loader_class(text)
    if getattr(loader, "max_depth", False) is False:
        loader.max_depth = None
    docs = []
    while loader.check_node():
        docs.append(flatten(loader.get_node(), []))
    return docs


def test_constant_tag_loader_composes_what_the_c_base_loader_composes():
    from ruamel.yaml.cyaml import CBaseLoader

    fast = _c_loader()
    if fast is None:
        pytest.skip("ruamel.yaml's C extension is not installed")
    assert fast is not CBaseLoader and issubclass(fast, CBaseLoader)
    expected = compose_with(CBaseLoader, DOCUMENTS)
    assert compose_with(fast, DOCUMENTS) == expected
    assert len(expected) == 3


def test_compose_documents_uses_the_same_tags_as_ruamel():
    docs, failure = compose_documents(DOCUMENTS)
    assert failure is None
    tags = {entry[1] for doc in docs for entry in flatten(doc, []) if isinstance(entry, tuple)}
    assert tags == {"tag:yaml.org,2002:map", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:str",
                    "tag:yaml.org,2002:int", "tag:yaml.org,2002:set",
                    "!custom"}
