"""ETCD007 (CIS 2.7): etcd's trusted CA against the API server's client CA, across files."""

import pytest

from conftest import codes, command_pod, lint_files, with_flag


# CIS 2.7: etcd's CA against the API server's client CA, across files.
APISERVER = (
    "kind: Pod\n"
    "metadata: {name: kube-apiserver}\n"
    "spec:\n"
    "  containers:\n"
    "  - command:\n"
    "    - kube-apiserver\n"
    "    - --client-ca-file={ca}\n")


def test_shared_ca_across_files():
    etcd = command_pod(with_flag("trusted-ca-file", "--trusted-ca-file=/etc/kubernetes/pki/ca.crt"))
    result = lint_files({"a/etcd.yaml": etcd,
                         "a/kube-apiserver.yaml": APISERVER.replace("{ca}", "/etc/kubernetes/pki/./ca.crt")})
    assert [(d.diagnostic.path, d.start.line, d.start.column, d.diagnostic.rule, d.diagnostic.message)
            for d in result.diagnostics] == [
        ("a/etcd.yaml", 14, 25, "ETCD007",
         "--trusted-ca-file /etc/kubernetes/pki/ca.crt is also kube-apiserver's --client-ca-file "
         "(a/kube-apiserver.yaml): every client certificate of the Kubernetes CA is accepted by "
         "etcd; give etcd a CA of its own")]
    # Another directory is another node's (or cluster's) files: its paths are not compared.
    result = lint_files({"a/etcd.yaml": etcd,
                         "b/kube-apiserver.yaml": APISERVER.replace("{ca}", "/etc/kubernetes/pki/./ca.crt")})
    assert result.diagnostics == []


def test_distinct_ca_across_files():
    etcd = command_pod(with_flag("trusted-ca-file", "--trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt"))
    result = lint_files({"etcd.yaml": etcd,
                         "kube-apiserver.yaml": APISERVER.replace("{ca}", "/etc/kubernetes/pki/ca.crt")})
    assert result.diagnostics == []


def test_apiserver_with_split_flag_value():
    etcd = command_pod(with_flag("trusted-ca-file", "--trusted-ca-file=/ca.crt"))
    api = APISERVER.replace("--client-ca-file={ca}", "--client-ca-file\n    - /ca.crt")
    result = lint_files({"etcd.yaml": etcd, "api.yaml": api})
    assert [d.diagnostic.rule for d in result.diagnostics] == ["ETCD007"]


CASES = [
    ("trusted-ca missing", with_flag("trusted-ca-file", None), ["10:7 ETCD007", "13:26 ETCD110"]),
]


@pytest.mark.parametrize("name,flags,expected", CASES, ids=[c[0] for c in CASES])
def test_command_flags(name, flags, expected):
    assert codes(command_pod(flags)) == expected
