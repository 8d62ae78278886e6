"""Fixes that only swap the text of scalars are judged without comparing the documents as
data (no structure can change: ``text.scalar_edits``); any other edit keeps the comparison,
and every fix keeps the re-lint."""

import pytest

from conftest import fix
from etcdlint.engine.lint import LintOptions
from etcdlint.fixing import verdict

HEAD = "kind: Pod\nspec:\n  containers:\n  - name: etcd\n    command:\n    - etcd\n"
TLS = ("    - --cert-file=/p/s.crt\n    - --key-file=/p/s.key\n"
       "    - --trusted-ca-file=/p/ca.crt\n"
       "    - --peer-cert-file=/p/p.crt\n    - --peer-key-file=/p/p.key\n"
       "    - --peer-trusted-ca-file=/p/ca.crt\n"
       "    - --listen-client-urls=https://10.0.0.5:2379\n"
       "    - --listen-peer-urls=https://10.0.0.5:2380\n")


@pytest.fixture
def compared(monkeypatch):
    """The batches whose documents the verdict compared as data."""
    calls = []
    real = verdict._changed_parts

    def counted(*args):
        calls.append(1)
        return real(*args)

    monkeypatch.setattr(verdict, "_changed_parts", counted)
    return calls


def test_a_value_swapped_in_one_item_is_not_compared(compared):
    text = HEAD + TLS + "    - --client-cert-auth=false\n    - '--peer-client-cert-auth=false'\n"
    outcome = fix(text)
    assert outcome.fixed.decode() == HEAD + TLS + (
        "    - --client-cert-auth=true\n    - '--peer-client-cert-auth=true'\n")
    assert sorted(d.rule for d, _, _ in outcome.applied) == ["ETCD002", "ETCD005"]
    assert compared == []


def test_a_removal_in_the_batch_keeps_the_comparison(compared):
    text = HEAD + TLS + "    - --client-cert-auth=false\n    - --peer-client-cert-auth=true\n" \
        "    - --auto-tls\n"
    outcome = fix(text)
    assert outcome.fixed.decode() == HEAD + TLS + (
        "    - --client-cert-auth=true\n    - --peer-client-cert-auth=true\n")
    assert sorted(d.rule for d, _, _ in outcome.applied) == ["ETCD002", "ETCD003"]
    assert compared == [1]


def test_a_swapped_value_that_reports_again_is_still_refused(unpredicted, compared):
    text = ("kind: Pod\nspec:\n  containers:\n  - command:\n    - etcd\n    - --auto-tls\n"
            "    - --trusted-ca-file=/p/ca.crt\n    - --client-cert-auth=false\n"
            "    - --listen-client-urls=https://10.0.0.5:2379\n")
    outcome = fix(text, options=LintOptions(select=("ETCD002",)))
    assert outcome.fixed.decode() == text
    assert [(d.rule, reason) for d, reason, _, _ in outcome.refused] == [
        ("ETCD002", "it would report ETCD002 again (--client-cert-auth is true, but --auto-tls "
                    "replaces etcd's client TLS settings with its self-signed certificate, and "
                    "--client-cert-auth and --trusted-ca-file with them: etcd accepts clients "
                    "without a certificate)")]
    assert compared == []
