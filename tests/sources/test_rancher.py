"""Rancher provisioning Cluster and Cluster API RKE2ControlPlane: k3s/RKE2 server config."""


import pytest

from conftest import TESTS, codes, lint_files, messages
from etcdlint.engine.lint import LintOptions
from etcdlint.fixing.run import fix_bytes

FORMS = TESTS / "fixtures" / "forms" / "rancher"

HEAD = ("apiVersion: provisioning.cattle.io/v1\n"
        "kind: Cluster\n"
        "metadata:\n"
        "  name: edge\n"
        "spec:\n"
        "  kubernetesVersion: v1.30.6+rke2r1\n"
        "  rkeConfig:\n")


def test_provisioning_cluster_defaults_are_secure():
    text = HEAD + "    machineGlobalConfig:\n      cni: calico\n"
    result = lint_files({"c.yaml": text}, LintOptions(prefilter=False))
    assert result.configurations == 1 and result.diagnostics == []


def test_imported_cluster_runs_no_etcd_of_rancher():
    text = HEAD.replace("  rkeConfig:\n", "  localClusterAuthEndpoint: {enabled: false}\n")
    assert lint_files({"c.yaml": text}, LintOptions(prefilter=False)).configurations == 0


def test_machine_global_config_is_a_k3s_config():
    text = HEAD + ("    machineGlobalConfig:\n"
                   "      etcd-expose-metrics: true\n"
                   "      etcd-arg:\n"
                   "        - enable-pprof=true\n"
                   "        - peer-client-cert-auth=false\n")
    assert messages(text) == [
        "9:7 ETCD106 --listen-metrics-urls has http://<node-ip>:2381: metrics and health "
        "endpoints are served to the network without TLS",
        "11:24 ETCD111 --enable-pprof is true: /debug/pprof is served on the client URLs",
        "12:11 ETCD201 etcd-arg peer-client-cert-auth has no effect: k3s writes it as a top-level "
        "key of etcd's config file, where etcd ignores TLS settings (k3s configures etcd's TLS "
        "itself)",
    ]


SELECTORS = HEAD + ("    machineGlobalConfig:\n"
                    "      etcd-arg: [enable-pprof=true]\n"
                    "    machineSelectorConfig:\n"
                    "      - config:\n"
                    "          etcd-arg: [quota-backend-bytes=8589934592]\n"
                    "      - config:\n"
                    "          etcd-arg:\n"
                    "            - listen-client-urls=http://0.0.0.0:2379\n"
                    "        machineLabelSelector:\n"
                    "          matchLabels: {rke.cattle.io/etcd-role: \"true\"}\n")


def test_a_later_selector_entry_replaces_the_whole_etcd_arg_list():
    # the entry without a selector applies to every machine: the global pprof is gone;
    # the labelled entry is one more configuration, for the machines it picks out
    result = lint_files({"c.yaml": SELECTORS})
    assert result.configurations == 2
    assert codes(SELECTORS) == ["15:34 ETCD104"]


def test_an_empty_selector_matches_every_machine():
    text = SELECTORS.replace("          matchLabels: {rke.cattle.io/etcd-role: \"true\"}\n",
                             "          matchLabels: {}\n")
    result = lint_files({"c.yaml": text})
    assert result.configurations == 1
    assert codes(text) == ["15:34 ETCD104"]


RKE2CP = """\
apiVersion: controlplane.cluster.x-k8s.io/v1beta2
kind: RKE2ControlPlane
metadata:
  name: cp
spec:
  serverConfig:
    etcd:
      customConfig:
        extraArgs:
          - listen-metrics-urls=http://0.0.0.0:2381
          - enable-pprof=true
          - snapshot-count=10000
"""


def test_rke2_control_plane_extra_args_are_etcd_args():
    assert codes(RKE2CP) == ["10:33 ETCD106", "11:26 ETCD111"]
    secure = RKE2CP.replace("          - listen-metrics-urls=http://0.0.0.0:2381\n", "") \
                   .replace("          - enable-pprof=true\n", "")
    assert codes(secure) == []


def test_rke2_control_plane_template():
    text = RKE2CP.replace("kind: RKE2ControlPlane\n", "kind: RKE2ControlPlaneTemplate\n") \
                 .replace("spec:\n  serverConfig:\n", "spec:\n  template:\n    spec:\n      "
                          "serverConfig:\n        etcd: {exposeMetrics: true}\n")
    text = text[:text.index("    etcd:\n      customConfig")]
    assert codes(text) == ["9:16 ETCD106"]


def test_rke2_control_plane_fix_removes_the_list_item():
    outcome = fix_bytes("cp.yaml", RKE2CP.encode(), LintOptions(), ("safe",))
    assert outcome.fixed.decode() == RKE2CP.replace("          - enable-pprof=true\n", "")
    assert [d.rule for d, _, _ in outcome.applied] == ["ETCD111"]


def test_provisioning_cluster_fix_in_a_flow_list():
    text = HEAD + ("    machineGlobalConfig:\n"
                   "      etcd-arg: [quota-backend-bytes=8589934592, enable-pprof=true]\n")
    outcome = fix_bytes("c.yaml", text.encode(), LintOptions(), ("safe",))
    assert outcome.fixed.decode() == HEAD + ("    machineGlobalConfig:\n"
                                             "      etcd-arg: [quota-backend-bytes=8589934592]\n")


EXPECTED = {
    "provisioning-cluster.yaml": [],
    "provisioning-cluster-metrics.yaml": ["10:7 ETCD106", "18:34 ETCD104", "19:15 ETCD201"],
    "rke2-controlplane.yaml": ["12:7 ETCD106", "17:26 ETCD111"],
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_rancher_regression_files(name):
    assert codes((FORMS / name).read_text(), path=name) == EXPECTED[name]
