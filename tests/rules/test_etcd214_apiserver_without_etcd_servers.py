"""kube-apiserver configured for etcd (--etcd-certfile, --etcd-cafile, ...) but without
--etcd-servers refuses to start: ETCD214."""

import pytest

from conftest import codes, messages

HEAD = ("kind: Pod\nmetadata: {name: kube-apiserver}\nspec:\n  containers:\n  - command:\n"
        "    - kube-apiserver\n    - --client-ca-file=/pki/ca.crt\n")
# `- kube-apiserver` is line 6 (the binary at column 7), flags from line 7
CLIENT = ["--etcd-cafile=/pki/etcd/ca.crt", "--etcd-certfile=/pki/apiserver-etcd-client.crt",
          "--etcd-keyfile=/pki/apiserver-etcd-client.key"]


def apiserver(flags):
    return HEAD + "".join(f"    - {f}\n" for f in flags)


def test_etcd_client_flags_without_etcd_servers():
    assert messages(apiserver(CLIENT)) == [
        "6:7 ETCD214 --etcd-servers is not set: kube-apiserver refuses to start (--etcd-servers "
        "must be specified)"]


def test_empty_etcd_servers():
    assert messages(apiserver(CLIENT + ["--etcd-servers="])) == [
        "11:7 ETCD214 --etcd-servers is empty: kube-apiserver refuses to start (--etcd-servers "
        "must be specified)"]


@pytest.mark.parametrize("flags,expected", [
    (CLIENT + ["--etcd-servers=https://10.0.0.5:2379"], []),
    (["--etcd-cafile=/pki/etcd/ca.crt"], ["6:7 ETCD214"]),
    (["--etcd-certfile=/c.crt", "--etcd-keyfile=/c.key"], ["6:7 ETCD214"]),
    (["--etcd-servers-overrides=/events#https://10.0.0.7:2379"], ["6:7 ETCD214"]),
    (["--etcd-servers", "https://10.0.0.5:2379"] + CLIENT, []),  # the value as the next item
    ([], []),  # nothing about etcd at all: not judged
])
def test_cases(flags, expected):
    assert codes(apiserver(flags)) == expected


def test_a_command_line_etcdlint_cannot_read_whole_is_not_judged():
    text = ("kind: Pod\nmetadata: {name: kube-apiserver}\nspec:\n  containers:\n"
            "  - command: [sh, -c, 'exec kube-apiserver --etcd-cafile=/ca.crt $EXTRA_ARGS']\n")
    assert codes(text) == []
    known = ("kind: Pod\nmetadata: {name: kube-apiserver}\nspec:\n  containers:\n"
             "  - command: [sh, -c, 'exec kube-apiserver --etcd-cafile=/ca.crt --v=2']\n")
    # `  - command: [sh, -c, 'exec ` -> kube-apiserver at column 29
    assert codes(known) == ["5:29 ETCD214"]


def test_kubeadm_always_names_etcd_servers():
    text = ("apiVersion: kubeadm.k8s.io/v1beta3\nkind: ClusterConfiguration\n"
            "apiServer:\n  extraArgs:\n    etcd-cafile: /etc/kubernetes/pki/etcd/ca.crt\n")
    assert "ETCD214" not in " ".join(codes(text))
