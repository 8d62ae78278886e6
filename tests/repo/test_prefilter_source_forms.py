"""The pre-filter lets every file of the new source forms through: linting each regression
file with and without it finds the same configurations' problems."""


import pytest

from conftest import TESTS, lint_files
from etcdlint.engine.lint import LintOptions
from etcdlint.repo.prefilter import may_hold_etcd

FORMS = TESTS / "fixtures" / "forms"
FILES = sorted(p for p in FORMS.rglob("*") if p.suffix in (".yaml", ".yml"))


def found(path, prefilter):
    result = lint_files({path.name: path.read_bytes()}, LintOptions(prefilter=prefilter))
    return [(d.start.line, d.start.column, d.diagnostic.rule) for d in result.diagnostics]


@pytest.mark.parametrize("path", FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_prefilter_changes_nothing_on_the_new_forms(path):
    assert found(path, True) == found(path, False)


@pytest.mark.parametrize("path", FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_file_that_configures_etcd_is_parsed(path):
    unfiltered = lint_files({path.name: path.read_bytes()}, LintOptions(prefilter=False))
    if unfiltered.configurations or unfiltered.diagnostics:
        assert may_hold_etcd(path.read_bytes())


def test_there_are_files_of_every_form():
    assert {p.parent.name for p in FILES} == {
        "k0s", "rke", "kubeadm-config", "rancher", "talos-capi", "talhelper"}


# What always concerns etcd, each word alone enough for a file to be parsed (letter case as
# written), and look-alikes that are not.
ALWAYS = ["KubeadmControlPlane", "TalosControlPlane", "K0sControlPlane", "RKE2ControlPlane",
          "kind.x-k8s.io", "cluster-init", "-transport-security", "listen-client-urls",
          "listen-peer-urls", "initial-cluster", "client-ca-file", "operator.etcd.io/",
          "etcd.database.coreos.com/", "etcd_deployment_type", "etcd_secure_client",
          "etcd_peer_client_auth", "etcd_extra_vars", "etcd_listen_metrics_urls",
          "etcd_metrics_port", "etcd_tls_cipher_suites"]


@pytest.mark.parametrize("word", ALWAYS)
def test_a_word_that_always_concerns_etcd_is_enough(word):
    assert may_hold_etcd(f"kind: Thing\nspec:\n  note: {word}\n".encode())


@pytest.mark.parametrize("text", [
    "kind: Service\nspec:\n  type: ClusterIP\n",
    "host: api.cluster.local\nclusterName: one\n",
    "kind: kubeadmcontrolplane\nlisten_client_urls: x\ncluster_init: true\n",
    "kind: ConfigMap\ndata:\n  note: talks to etcd\n",
])
def test_look_alikes_are_not_parsed(text):
    assert not may_hold_etcd(text.encode())


@pytest.mark.parametrize("path, data, prefilter, form", [
    ("deploy/app.yaml", b"kind: Service\nspec:\n  type: ClusterIP\n", True, None),
    ("deploy/app.yaml", b"kind: Service\nspec:\n  type: ClusterIP\n", False, ""),
    ("deploy/etcd.yaml", b"kind: Pod\nspec:\n  containers:\n  - command: [etcd]\n", True, ""),
    ("images/Dockerfile.yaml", b"FROM quay.io/coreos/etcd:v3.5.12\n", True, "dockerfile"),
    ("images/Dockerfile.yaml", b"FROM alpine:3\n", True, None),
    ("web/package.json", b'{"name": "web", "kind": "x"}', False, None),
    ("k8s/pod.json", b'{"apiVersion": "v1", "kind": "Pod", "command": ["etcd"]}', True, ""),
    ("etc/etcd.conf", b"ETCD_NAME=a\n", True, "env-file"),
    ("etc/etcd.conf", b"name: a\n", True, None),
    ("etc/etcd.conf", b"name: a\n", False, ""),
    ("etc/etcd.service.d/10-tls.conf", b"[Service]\nExecStart=\n", True, "dropin"),
    ("rendered/app.yaml.j2", b"kind: Service\n", True, None),
])
def test_what_a_file_is_read_as(path, data, prefilter, form):
    from etcdlint.repo.prefilter import form_to_read

    assert form_to_read(path, data, lambda p: None, prefilter) == form


def test_a_file_of_a_charts_values_is_read_whatever_it_says():
    from etcdlint.repo.prefilter import form_to_read

    assert form_to_read("ops/kv.yaml", b"replicaCount: 3\n", lambda p: None) is None
    assert form_to_read("ops/kv.yaml", b"replicaCount: 3\n", lambda p: "bitnami/etcd") == ""
