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
