"""Edits that provably swap one scalar's text for another's, and those that may not."""

import pytest

from etcdlint.text.compose import compose_documents
from etcdlint.text.scalar_edits import only_scalar_replacements
from etcdlint.text.span import Span

TEXT = """\
kind: Pod
spec:
  containers:
  - name: etcd  # the server
    command:
    - etcd
    - --client-cert-auth=false
    - '--peer-client-cert-auth=false'
    - "--auto-tls=false"
    args: [etcd, --client-cert-auth=false, "--x=1"]
    env: {ETCD_CLIENT_CERT_AUTH: "false", ETCD_AUTO_TLS: maybe}
    script: |
      etcd --client-cert-auth=false
    mode: false
---
kind: Service
metadata: {name: etcd-client}
"""


def at(text, word, nth=0):
    """The span of the ``nth`` ``word`` of ``text``."""
    where = -1
    for _ in range(nth + 1):
        where = text.index(word, where + 1)
    return Span(where, where + len(word))


def proved(edits, text=TEXT):
    docs, failure = compose_documents(text)
    assert failure is None
    return only_scalar_replacements(text, docs, edits)


def value_of(line_start):
    """The span of the first ``false`` from the line that starts with ``line_start``."""
    where = TEXT.index("false", TEXT.index(line_start))
    return Span(where, where + len("false"))


BLOCK_ITEM = value_of("    - --client-cert-auth")
SINGLE = value_of("    - '--peer")
DOUBLE = value_of('    - "--auto')
FLOW_ITEM = value_of("    args:")
FLOW_VALUE = value_of("    env:")
BLOCK_SCALAR = value_of("      etcd --client")
MAP_VALUE = value_of("    mode:")


@pytest.mark.parametrize("edits", [
    [(BLOCK_ITEM, "true")],
    [(SINGLE, "true")],
    [(DOUBLE, "true")],
    [(FLOW_ITEM, "true")],
    [(FLOW_VALUE, "true")],
    [(at(TEXT, "maybe"), "yes")],
    [(FLOW_VALUE, "a: b, [c]")],  # quoted: indicators are text
    [(Span(SINGLE.start, SINGLE.end + 1), "true'")],  # the closing quote, put back
    [(MAP_VALUE, "true")],
    [(BLOCK_ITEM, "true"), (SINGLE, "true"), (DOUBLE, "true"), (FLOW_ITEM, "true")],
    [(SINGLE, "it''s")],  # a quote, doubled
    [(BLOCK_ITEM, "don't")],  # a quote inside a plain scalar
    [(BLOCK_ITEM, "a#b")],  # no blank before it: not a comment
    [(BLOCK_ITEM, "https://a:2379,https://b:2379")],  # block context: commas are text
    [(at(TEXT, "--client-cert-auth=false"), "--client-cert-auth=true")],  # the whole token
    [(at(TEXT, "etcd-client"), "etcd-peer")],  # in the second document
])
def test_a_swap_inside_one_scalar_is_proved(edits):
    assert proved(edits) is True


@pytest.mark.parametrize("edits", [
    [(BLOCK_ITEM, "true: x")],  # a mapping
    [(BLOCK_ITEM, "true:")],  # ... once followed by the line's end
    [(BLOCK_ITEM, "true #x")],  # a comment
    [(BLOCK_ITEM, "true ")],  # a trailing blank
    [(BLOCK_ITEM, "true\n    - --auto-tls")],  # a new item
    [(BLOCK_ITEM, "tr\tue")],  # a tab
    [(BLOCK_ITEM, "tr\u2028ue")],  # a line separator (YAML 1.1 breaks the line there)
    [(SINGLE, "tr'ue")],  # a lone quote ends the scalar
    [(SINGLE, "true'")],
    [(DOUBLE, 'tr"ue')],
    [(DOUBLE, "tr\\ue")],  # an escape
    [(DOUBLE, "true\\")],  # ... of the closing quote
    [(FLOW_ITEM, "true]")],  # flow indicators, in a flow collection
    [(FLOW_ITEM, "a,b")],
    [(FLOW_ITEM, "{a}")],
    [(at(TEXT, "maybe"), "x:y")],  # a new colon in a flow collection
    [(at(TEXT, "--client-cert-auth=false"), "[x]")],  # indicators first
    [(at(TEXT, "--client-cert-auth=false"), "{x}")],
    [(at(TEXT, "--client-cert-auth=false"), "#x")],
    [(at(TEXT, "--client-cert-auth=false"), "&a x")],
    [(at(TEXT, "--client-cert-auth=false"), "*a")],
    [(at(TEXT, "--client-cert-auth=false"), "!!int 1")],
    [(at(TEXT, "--client-cert-auth=false"), "|")],
    [(at(TEXT, "--client-cert-auth=false"), "'x'")],  # another style
    [(at(TEXT, "--client-cert-auth=false"), "- x")],
    [(at(TEXT, "--client-cert-auth=false"), "-")],
    [(at(TEXT, "--client-cert-auth=false"), "? x")],
    [(at(TEXT, "--client-cert-auth=false"), "---")],
    [(at(TEXT, "'--peer-client-cert-auth=false'"), "--peer-client-cert-auth=true")],
    [(Span(BLOCK_ITEM.start, BLOCK_ITEM.end + 1), "true")],  # past the token's end
    [(Span(BLOCK_ITEM.start, BLOCK_ITEM.end + 7), "true")],  # into the next item
    [(Span(SINGLE.start, SINGLE.end + 1), "true")],  # the closing quote with it
    [(BLOCK_SCALAR, "true")],  # inside a block scalar
    [(at(TEXT, "mode"), "kind")],  # a mapping key
    [(at(TEXT, "# the server"), "# a server")],  # a comment: no scalar holds it
    [(BLOCK_ITEM, "")],  # a removal
    [(Span(BLOCK_ITEM.end, BLOCK_ITEM.end), "x")],  # an insertion
    [(at(TEXT, "- --client-cert-auth=false\n"), "")],  # a whole item removed
    [(Span(BLOCK_ITEM.start, BLOCK_ITEM.start + 2), "tr"),
     (Span(BLOCK_ITEM.start + 2, BLOCK_ITEM.end), "ue")],  # two edits in one scalar
    [],
])
def test_what_may_change_the_structure_is_not(edits):
    assert proved(edits) is False


def test_a_text_with_anchors_is_not_proved():
    text = "a: &x false\nb: *x\nc: false\n"
    assert proved([(at(text, "false", 1), "true")], text) is False


def test_a_multi_line_plain_scalar_is_not_proved():
    text = "a: --client-cert-auth=false\n  continued\n"
    assert proved([(at(text, "false"), "true")], text) is False


def test_text_the_nodes_were_not_composed_from_is_not_proved():
    docs, _ = compose_documents(TEXT)
    other = TEXT.replace("--client-cert-auth=false\n", "--client-cert-auth=fals3\n", 1)
    assert only_scalar_replacements(other, docs, [(BLOCK_ITEM, "true")]) is False
