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


def test_scalar_kind_of_every_short_plain_scalar():
    # The shortcut for plain scalars starting with "-" (flags) must agree with the full
    # YAML 1.2 resolution on every string it could meet.
    import itertools

    from ruamel.yaml.nodes import ScalarNode

    from etcdlint.yamlnodes import _BOOL, _FLOAT, _INT, _NULL, scalar_kind

    def resolved(value):
        for name, pattern in (("null", _NULL), ("bool", _BOOL), ("int", _INT), ("float", _FLOAT)):
            if pattern.match(value):
                return name
        return "str"

    kinds = set()
    for length in range(4):
        for chars in itertools.product("-+09._xoeEinfINa", repeat=length):
            value = "".join(chars)
            kind = scalar_kind(ScalarNode("tag:yaml.org,2002:str", value, None, None))
            assert kind == resolved(value), value
            kinds.add(kind)
    assert kinds == {"null", "bool", "int", "float", "str"} - {"bool"}
    assert scalar_kind(ScalarNode("tag:yaml.org,2002:str", "--auto-tls", None, None)) == "str"
    assert scalar_kind(ScalarNode("tag:yaml.org,2002:str", "-.inf", None, None)) == "float"
    assert scalar_kind(ScalarNode("tag:yaml.org,2002:str", "-0x1F", None, None)) == "int"
