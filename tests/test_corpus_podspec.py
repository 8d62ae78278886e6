"""Regression on real manifests from public repositories (../shared/corpus)."""

import pytest

from conftest import CORPUS, lint_files

pytestmark = pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not present")

# kubeadm-style static pods with TLS and client authentication on both sides.
SECURE_STATIC_PODS = [
    "MaxxMoney__kubeadm_etc_kubernetes/manifests__etcd.yaml",
    "austintalbot__cks-at/manifests__etcd.yaml",
    "devopsyuva__manifests/manifests__etcd.yaml",
    "dolittle-edge-packages__kubernetes-bootstrapper/manifests__etcd.yaml",
    "golovanovsv__configs/manifests__etcd.yaml",
    "sallyom__otel-kubeadm/manifests__etcd.yaml",
    "tsaarni__managed-kubernetes/manifests__etcd.yaml",
    "tsaarni__managed-kubernetes/manifests__managed-kube-etcd.yaml",
    "mihailgmihaylov__kubernetes-the-hard-way/manifests__etcd.yaml",
]


def lint_corpus(*names):
    return lint_files({name: (CORPUS / name).read_bytes() for name in names})


@pytest.mark.parametrize("name", SECURE_STATIC_PODS)
def test_secure_static_pods_pass_cis(name):
    result = lint_corpus(name)
    assert result.configurations == 1
    assert [d.diagnostic.rule for d in result.diagnostics if d.diagnostic.cis] == []


@pytest.mark.parametrize("name", [n for n in SECURE_STATIC_PODS
                                  if not n.startswith(("tsaarni", "mihailgmihaylov"))])
def test_secure_static_pods_are_clean(name):
    assert lint_corpus(name).diagnostics == []


def test_placeholder_member_name_is_not_in_the_initial_cluster():
    # a guide's template: ETCD_NAME etcd_master_name, ETCD_INITIAL_CLUSTER master-0=…
    result = lint_corpus("mihailgmihaylov__kubernetes-the-hard-way/manifests__etcd.yaml")
    assert [f"{d.start.line}:{d.start.column} {d.diagnostic.rule}"
            for d in result.diagnostics] == ["39:14 ETCD216"]


def test_kubeadm_1_10_pod_keeps_the_default_peer_listener():
    # it sets https client URLs but no --listen-peer-urls: etcd's http://localhost:2380
    result = lint_corpus("tsaarni__managed-kubernetes/manifests__etcd.yaml")
    assert [(f"{d.start.line}:{d.start.column}", d.diagnostic.rule, d.diagnostic.severity)
            for d in result.diagnostics] == [("15:7", "ETCD105", "warning")]


def test_kubeadm_pair_passes_cis_2_7():
    result = lint_corpus("MaxxMoney__kubeadm_etc_kubernetes/manifests__etcd.yaml",
                         "MaxxMoney__kubeadm_etc_kubernetes/manifests__kube-apiserver.yaml")
    assert result.diagnostics == []


def test_partial_tls_static_pod():
    result = lint_corpus("mikolajsemeniuk__k8s-ckad-questions/manifests__etcd.yaml")
    assert [f"{d.start.line}:{d.start.column} {d.diagnostic.rule}" for d in result.diagnostics] == [
        "11:11 ETCD002", "11:11 ETCD005"]


def test_plaintext_static_pod():
    result = lint_corpus("HiulnaraPyvovar__mastering-k8s/manifests__etcd.yaml")
    assert [f"{d.start.line}:{d.start.column} {d.diagnostic.rule}" for d in result.diagnostics] == [
        "12:7 ETCD001", "12:7 ETCD001", "12:7 ETCD002", "12:7 ETCD004", "12:7 ETCD004",
        "12:7 ETCD005", "12:7 ETCD007", "13:31 ETCD104", "14:28 ETCD104", "15:26 ETCD105",
        "16:33 ETCD105", "17:37 ETCD105"]


def test_statefulset_with_three_exec_etcd_branches():
    result = lint_corpus(
        "kubernetes__kubernetes/test__e2e__testing-manifests__statefulset__etcd__statefulset.yaml")
    assert result.configurations == 3
    anchors = sorted({(d.start.line, d.start.column) for d in result.diagnostics
                      if d.diagnostic.rule == "ETCD002"})
    assert anchors == [(94, 22), (131, 22), (157, 18)]


def test_env_configured_workloads_are_found():
    result = lint_corpus(
        "etcd-io__etcd/tests__antithesis__config__manifests__default-etcd-3-replicas.yaml",
        "kubernetes__examples/_archived__openshift-origin__etcd-controller.yaml",
        "juliocesarscheidt__etcd-project/k8s__etcd-cluster.yaml")
    assert result.configurations == 5
    assert {d.diagnostic.rule for d in result.diagnostics} >= {"ETCD001", "ETCD002"}
