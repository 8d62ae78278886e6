"""The kubeadm-config ConfigMap: a ClusterConfiguration inside data.ClusterConfiguration."""


import pytest

from conftest import TESTS, codes, lint_files, messages
from etcdlint.engine.lint import LintOptions
from etcdlint.fixing.run import fix_bytes

FORMS = TESTS / "fixtures" / "forms" / "kubeadm-config"


def configmap(inner, name="kubeadm-config", namespace="kube-system"):
    return ("apiVersion: v1\n"
            "kind: ConfigMap\n"
            "metadata:\n"
            f"  name: {name}\n"
            f"  namespace: {namespace}\n"
            "data:\n"
            "  ClusterConfiguration: |\n"
            "    apiVersion: kubeadm.k8s.io/v1beta3\n"
            "    kind: ClusterConfiguration\n" + inner)


EXTRA = ("    etcd:\n"
         "      local:\n"
         "        extraArgs:\n")


def test_kubeadm_config_defaults_are_secure():
    # (the pre-filter skips a ClusterConfiguration that never says etcd: nothing to report)
    result = lint_files({"cm.yaml": configmap("    clusterName: kubernetes\n")},
                        LintOptions(prefilter=False))
    assert result.configurations == 1 and result.diagnostics == []


def test_kubeadm_config_positions_are_those_of_the_file():
    text = configmap(EXTRA + "          client-cert-auth: \"false\"\n"
                             "          peer-auto-tls: \"true\"\n")
    assert messages(text) == [
        "13:30 ETCD002 --client-cert-auth is false: etcd accepts clients without a certificate",
        "14:27 ETCD006 --peer-auto-tls is true: etcd members may use self-signed certificates "
        "they cannot verify",
    ]


def test_kubeadm_config_shared_ca_with_its_own_apiserver():
    text = configmap(EXTRA + "          trusted-ca-file: /etc/kubernetes/pki/ca.crt\n")
    assert codes(text) == ["13:28 ETCD007"]


def test_other_configmaps_are_not_kubeadms():
    text = configmap(EXTRA + "          client-cert-auth: \"false\"\n")
    assert lint_files({"cm.yaml": text.replace("kubeadm-config", "my-notes")}).configurations == 0
    assert lint_files({"cm.yaml": text.replace("kube-system", "default")}).configurations == 0


def test_kubeadm_config_fix_edits_inside_the_string():
    text = configmap(EXTRA + "          client-cert-auth: \"false\"\n"
                             "          enable-pprof: \"true\"\n"
                             "          snapshot-count: \"5000\"\n")
    outcome = fix_bytes("cm.yaml", text.encode(), LintOptions(), ("safe",))
    assert outcome.fixed.decode() == configmap(EXTRA + "          client-cert-auth: \"true\"\n"
                                                       "          snapshot-count: \"5000\"\n")
    assert sorted(d.rule for d, _, _ in outcome.applied) == ["ETCD002", "ETCD111"]


EXPECTED = {
    "kubeadm-config.yaml": [],
    "kubeadm-config-insecure.yaml": ["16:20 ETCD106", "18:20 ETCD007", "20:21 ETCD003"],
    # a double-quoted string with escapes is placed as a whole
    "kubeadm-config-external.yaml": ["7:25 ETCD101", "7:25 ETCD103"],
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_kubeadm_config_regression_files(name):
    assert codes((FORMS / name).read_text(), path=name) == EXPECTED[name]
