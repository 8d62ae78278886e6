"""etcdlint's faster C loader composes exactly what ruamel.yaml's own base loaders compose."""

import pytest
from ruamel.yaml.nodes import MappingNode, SequenceNode

from etcdlint.text.compose import _c_loader, compose_documents

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


# YAML 1.2 resolution of plain scalars, as regular expressions: the reference the shortcuts
# of ``scalar_kind`` are checked against.
REFERENCE = [
    ("null", r"^(?:~|null|Null|NULL|)$"),
    ("bool", r"^(?:true|True|TRUE|false|False|FALSE)$"),
    ("int", r"^(?:[-+]?0b[0-1_]+|[-+]?0o?[0-7_]+|[-+]?[0-9_]+|[-+]?0x[0-9a-fA-F_]+)$"),
    ("float", r"^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+]?[0-9]+)?|[-+]?(?:[0-9][0-9_]*)"
              r"(?:[eE][-+]?[0-9]+)|\.[0-9_]+(?:[eE][-+][0-9]+)?|[-+]?\.(?:inf|Inf|INF)"
              r"|\.(?:nan|NaN|NAN))$"),
]


def test_scalar_kind_of_every_short_plain_scalar():
    # The shortcuts (sets for null and bool, first characters for numbers) must agree with
    # full resolution on every string they could meet.
    import itertools
    import re

    from ruamel.yaml.nodes import ScalarNode

    from etcdlint.text.yamlnodes import scalar_kind

    patterns = [(name, re.compile(pattern)) for name, pattern in REFERENCE]

    def resolved(value):
        return next((name for name, pattern in patterns if pattern.match(value)), "str")

    kinds = set()
    for length in range(5):
        for chars in itertools.product("-+09._xoeEinfINaTrulsN~", repeat=length):
            value = "".join(chars)
            kind = scalar_kind(ScalarNode("tag:yaml.org,2002:str", value, None, None))
            assert kind == resolved(value), value
            kinds.add(kind)
    for value in ("true", "False", "NULL", "null", "--auto-tls", "-.inf", "-0x1F", ".NaN", "1e3",
                  "0o17", "etcd", "https://a:2379", "yes", "on"):
        kind = scalar_kind(ScalarNode("tag:yaml.org,2002:str", value, None, None))
        assert kind == resolved(value), value
        kinds.add(kind)
    assert kinds == {"null", "bool", "int", "float", "str"}
    assert scalar_kind(ScalarNode("tag:yaml.org,2002:str", "true", None, None, style='"')) == "str"
    assert scalar_kind(ScalarNode("tag:yaml.org,2002:int", "x", None, None)) == "int"


def _findings(paths):
    from etcdlint.engine.lint import LintOptions, lint_file

    out = []
    for path in paths:
        result = lint_file(str(path), path.read_bytes(), LintOptions())
        out.extend((str(path), d.rule, d.span, d.message) for d in result.diagnostics)
    return out


@pytest.mark.parametrize("where", ["examples and fixtures", "corpus"])
def test_the_pure_parser_finds_what_the_c_parser_finds(monkeypatch, where):
    # Deeply nested text goes to ruamel.yaml's pure parser: the same findings at the same
    # positions must come out of it.
    import etcdlint.text.compose as composing
    from conftest import CORPUS, ROOT

    if where == "corpus":
        if not CORPUS.is_dir():
            pytest.skip("../shared/corpus is not present")
        paths = sorted(p for p in CORPUS.rglob("*") if p.suffix in (".yaml", ".yml"))
    else:
        paths = sorted(ROOT.glob("examples/**/*.yaml")) + sorted(ROOT.glob("tests/fixtures/**/*.yaml"))
    assert len(paths) >= 30
    with_c = _findings(paths)
    monkeypatch.setattr(composing, "C_SAFE_DEPTH", -1)
    assert _findings(paths) == with_c
    assert len(with_c) > 50


def _places(node, seen=None):
    """Each node's (kind, value, start index/line/column, end index/line/column), in order."""
    seen = set() if seen is None else seen
    if id(node) in seen:
        return [("alias", node.start_mark.index)]
    seen.add(id(node))
    marks = tuple((m.index, m.line, m.column) for m in (node.start_mark, node.end_mark))
    if isinstance(node, SequenceNode):
        return [("seq", marks)] + [p for item in node.value for p in _places(item, seen)]
    if isinstance(node, MappingNode):
        return [("map", marks)] + [p for key, value in node.value
                                   for p in _places(key, seen) + _places(value, seen)]
    return [(node.value, marks)]


def test_a_document_composed_again_alone_has_its_places_in_the_stream():
    from etcdlint.text.compose import compose_document_at

    text = ("kind: Service\nmetadata: {name: a}\n---\n# the config\r\nkind: ConfigMap\n"
            "metadata:\n  name: b\ndata:\n  x: &v 'one'\n  y: *v\n  z: |\n    line\n"
            "---\nkind: Pod\n")
    docs, _ = compose_documents(text)
    doc = docs[1]
    again = compose_document_at(text, doc.start_mark.index, doc.end_mark.index,
                                doc.start_mark.line)
    assert _places(again) == _places(doc)
    at = text.index("kind: ConfigMap")
    assert _places(again)[1] == ("kind", ((at, 4, 0), (at + 4, 4, 4)))


def test_a_span_that_is_not_one_document_is_not_composed():
    from etcdlint.text.compose import compose_document_at

    text = "a: 1\n---\nb: [\n"
    assert compose_document_at(text, 9, len(text), 2) is None
    assert compose_document_at("a: 1\n---\nb: 2\n", 0, 14, 0) is None
