"""RKE1 cluster.yml: services.etcd over the etcd command line RKE writes."""


import pytest

from conftest import TESTS, codes, lint_files, messages
from etcdlint.engine.lint import LintOptions
from etcdlint.fixing.run import fix_bytes

FORMS = TESTS / "fixtures" / "forms" / "rke"

NODES = ("nodes:\n"
         "  - address: 10.0.0.11\n"
         "    user: ubuntu\n"
         "    role: [controlplane, etcd]\n")
OWN_CA = ("      trusted-ca-file: /etc/kubernetes/ssl/etcd-ca.pem\n")


def rke(extra_args="", etcd_more="", nodes=NODES):
    etcd = "  etcd:\n"
    if extra_args:
        etcd += "    extra_args:\n" + extra_args
    return nodes + "services:\n" + etcd + etcd_more


def test_rke_shares_one_ca_for_etcd_and_the_api_server():
    assert messages(rke()) == [
        "6:3 ETCD007 --trusted-ca-file /etc/kubernetes/ssl/kube-ca.pem is also kube-apiserver's "
        "--client-ca-file (m.yaml): every client certificate of the Kubernetes CA is accepted "
        "by etcd; give etcd a CA of its own"]


def test_rke_ca_finding_points_at_the_etcd_role_without_services():
    assert codes(NODES) == ["4:26 ETCD007"]


def test_rke_secure_with_a_ca_of_its_own():
    assert codes(rke(OWN_CA)) == []


def test_rke_api_server_ca_override_is_read():
    text = rke(etcd_more="  kube-api:\n    extra_args:\n"
                         "      client-ca-file: /etc/kubernetes/ssl/users-ca.pem\n")
    assert codes(text) == []


def test_rke_extra_args_replace_its_flags():
    text = rke(OWN_CA + "      client-cert-auth: \"false\"\n"
                        "      peer-auto-tls: true\n"
                        "      listen-client-urls: http://0.0.0.0:2379\n")
    assert codes(text) == ["9:26 ETCD002", "10:22 ETCD006", "11:27 ETCD104"]


def test_rke_extra_args_array_comes_after_and_wins():
    text = rke(OWN_CA, etcd_more="    extra_args_array:\n"
                                 "      client-cert-auth: [\"false\"]\n")
    assert codes(text) == ["10:27 ETCD002"]


def test_rke_extra_env_against_its_own_flag():
    text = rke(OWN_CA, etcd_more="    extra_env:\n"
                                 "      - ETCD_CLIENT_CERT_AUTH=false\n"
                                 "      - ETCD_AUTO_TLS=true\n")
    assert codes(text) == ["10:9 ETCD208", "11:23 ETCD003"]


def test_rke_external_etcd_configures_only_the_api_server():
    text = ("nodes:\n"
            "  - address: 10.0.0.11\n"
            "    role: [controlplane, worker]\n"
            "services:\n"
            "  etcd:\n"
            "    external_urls:\n"
            "      - http://10.0.0.50:2379\n")
    result = lint_files({"cluster.yml": text})
    assert result.configurations == 0
    assert messages(text) == ["7:9 ETCD101 services.etcd.external_urls has "
                              "http://10.0.0.50:2379: the API server talks to etcd without TLS"]
    # an extra argument of the API server replaces what RKE makes of external_urls
    flag = text + "  kube-api:\n    extra_args:\n      etcd-servers: http://10.0.0.60:2379\n"
    assert messages(flag)[0] == ("10:21 ETCD101 --etcd-servers has http://10.0.0.60:2379: the "
                                 "API server talks to etcd without TLS")


def test_a_services_fragment_is_read_and_a_compose_file_is_not():
    fragment = "services:\n  etcd:\n    extra_args:\n      enable-pprof: \"true\"\n"
    assert codes(fragment) == ["3:5 ETCD007", "4:22 ETCD111"]
    compose = ("services:\n"
               "  etcd:\n"
               "    image: quay.io/coreos/etcd:v3.5.17\n"
               "    command: [etcd, --listen-client-urls=http://0.0.0.0:2379]\n"
               "  kubelet:\n"
               "    image: busybox\n")
    # (read once, by the compose reader: its etcd runs without a CA, RKE's would use kube-ca)
    result = lint_files({"compose.yaml": compose})
    assert result.configurations == 1
    assert [(d.start.line, d.start.column, d.diagnostic.message) for d in result.diagnostics
            if d.diagnostic.rule == "ETCD007"] == [
        (4, 15, "--trusted-ca-file is not set: etcd has no CA of its own to check client "
                "certificates against")]
    # An etcd image without a command is one compose member running etcd's defaults, read
    # once, by the compose reader: not an RKE cluster.yml.
    result = lint_files({"compose.yaml": "services:\n  etcd:\n    image: etcd\n"})
    assert result.configurations == 1
    assert [d.diagnostic.message for d in result.diagnostics if "kube-ca" in d.diagnostic.message] == []


def test_rke_without_an_etcd_node_is_not_modelled():
    text = NODES.replace("controlplane, etcd", "controlplane, worker")
    assert lint_files({"cluster.yml": text}).configurations == 0


def test_rke_fix_keeps_quotes_and_removes_defaults():
    text = rke(OWN_CA + "      client-cert-auth: 'false'\n"
                        "      enable-pprof: \"true\"   # profiling\n"
                        "      quota-backend-bytes: \"8589934592\"\n")
    outcome = fix_bytes("cluster.yml", text.encode(), LintOptions(), ("safe",))
    assert outcome.fixed.decode() == rke(OWN_CA + "      client-cert-auth: 'true'\n"
                                                  "      enable-pprof: \"false\"   # profiling\n"
                                                  "      quota-backend-bytes: \"8589934592\"\n")
    assert sorted(d.rule for d, _, _ in outcome.applied) == ["ETCD002", "ETCD111"]


EXPECTED = {
    "cluster.yml": ["14:3 ETCD007"],
    "cluster-hardened.yml": [],
    "cluster-insecure.yml": ["7:5 ETCD007", "8:28 ETCD106", "9:21 ETCD111", "10:25 ETCD002",
                             "12:9 ETCD208"],
    "cluster-external.yml": ["10:9 ETCD101"],
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_rke_regression_files(name):
    assert codes((FORMS / name).read_text(), path=name) == EXPECTED[name]
