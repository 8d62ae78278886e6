"""Kubernetes ``$(VAR)`` expansion (etcdlint/etcd/kubeexpand.py): what it makes of a token,
every character placed, in time linear in the token and what it expands to."""

import pytest

from conftest import codes, pod

from etcdlint.etcd.kubeexpand import expand_k8s_refs
from etcdlint.text.span import Span
from etcdlint.text.tokens import Token, exact_token


class _CountingToken(Token):
    """A token that counts how often its position lists are asked for."""

    __slots__ = ("reads",)

    @property
    def starts(self):
        self.reads += 1
        return Token.starts.fget(self)

    @property
    def ends(self):
        self.reads += 1
        return Token.ends.fget(self)


def test_positions_of_a_token_are_built_once():
    token = exact_token("--name=$(A)", 40)
    assert token.starts is token.starts and token.ends is token.ends
    assert token.starts == tuple(range(40, 51)) and token.ends == tuple(range(41, 52))


def test_expansion_reads_the_position_lists_once():
    text = "x" * 1000 + "$(A)$$(B)$(C)$(D" + "y" * 1000
    token = _CountingToken(text, Span(10, 10 + len(text)), base=10)
    token.reads = 0
    out = expand_k8s_refs(token, {"A": "a" * 500}, frozenset({"C"}))
    assert token.reads == 2
    assert out.text == "x" * 1000 + "a" * 500 + "$(B)$(C)$(D" + "y" * 1000
    assert out.dynamic  # C is defined without a literal value
    # each expanded character sits on its whole reference; `$$` on both of its characters
    assert out.sub_span(1000, 1500) == Span(1010, 1014)
    assert out.sub_span(1500, 1501) == Span(1014, 1016)
    assert out.sub_span(1501, 1504) == Span(1016, 1019)
    assert out.sub_span(1504, 1511) == Span(1019, 1026)
    assert out.sub_span(1511, 2511) == Span(1026, 2026)


@pytest.mark.parametrize("text,expected", [
    ("$", "$"), ("$$", "$"), ("a$", "a$"), ("$(A", "$(A"), ("$()", "$()"), ("$(A)$(A)", "vv"),
    ("$$$(A)", "$v"), ("$(B)", "$(B)"),
    # as Kubernetes reads it: the name is what comes before the first `)`
    ("$($(A))", "$($(A))"), ("$(B$(A)", "$(B$(A)"), ("$(B)$(A)", "$(B)v"),
])
def test_expansion_edges(text, expected):
    out = expand_k8s_refs(exact_token(text, 0), {"A": "v"}, frozenset())
    assert out.text == expected
    assert len(out.starts) == len(out.ends) == len(expected)


def test_a_long_argument_with_a_long_reference_is_judged_at_the_reference():
    # a 20,000-character argument holding $(A), A 20,000 characters: the value etcd reads is
    # not a boolean, and the finding points at the argument's value (`    - --client-cert-auth=`
    # is 25 columns wide)
    text = pod("    command:\n    - etcd\n"
               f"    - --client-cert-auth={'y' * 9990}$(A){'y' * 9990}\n"
               "    env:\n    - name: A\n      value: " + "z" * 20000 + "\n")
    assert [c for c in codes(text) if "ETCD205" in c or "ETCD002" in c] == ["11:26 ETCD205"]
