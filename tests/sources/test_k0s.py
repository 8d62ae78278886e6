"""k0s ClusterConfig, k0sctl Cluster and k0smotron K0sControlPlane."""


import pytest

from conftest import TESTS, codes, lint_files, messages
from etcdlint.engine.lint import LintOptions
from etcdlint.fixing.run import fix_bytes

FORMS = TESTS / "fixtures" / "forms" / "k0s"


def k0s(etcd="", head="", storage_type="etcd"):
    return ("apiVersion: k0s.k0sproject.io/v1beta1\n"
            "kind: ClusterConfig\n"
            "metadata:\n"
            "  name: k0s\n"
            "spec:\n" + head +
            "  storage:\n"
            f"    type: {storage_type}\n"
            "    etcd:\n"
            "      peerAddress: 10.0.0.10\n" + etcd)


def test_k0s_defaults_are_secure():
    assert codes(k0s()) == []
    result = lint_files({"k0s.yaml": k0s()})
    assert result.configurations == 1


def test_k0s_extra_args_replace_its_flags():
    text = k0s("      extraArgs:\n"
               "        client-cert-auth: \"false\"\n"
               "        peer-auto-tls: \"true\"\n"
               "        enable-pprof: \"1\"\n")
    assert messages(text) == [
        "11:28 ETCD002 --client-cert-auth is false: etcd accepts clients without a certificate",
        "12:25 ETCD006 --peer-auto-tls is true: etcd members may use self-signed certificates "
        "they cannot verify",
        "13:24 ETCD111 --enable-pprof is true: /debug/pprof is served on the client URLs",
    ]


def test_k0s_unquoted_boolean_is_refused_and_still_judged():
    text = k0s("      extraArgs:\n"
               "        client-cert-auth: false\n")
    assert messages(text) == [
        "11:27 ETCD002 --client-cert-auth is false: etcd accepts clients without a certificate",
        "11:27 ETCD203 the value 'false' of client-cert-auth is not a string: k0s refuses the "
        "configuration; quote it (\"false\")",
    ]


def test_k0s_extra_args_as_a_list_are_refused():
    text = k0s("      extraArgs:\n"
               "        - --client-cert-auth=false\n")
    assert messages(text) == [
        "11:9 ETCD203 extra arguments written as a list, not a map of names to values: k0s "
        "refuses the configuration"]


def test_k0s_raw_args_come_last_and_win():
    text = k0s("      extraArgs:\n"
               "        peer-client-cert-auth: \"false\"\n"
               "      rawArgs:\n"
               "        - --peer-client-cert-auth=true\n"
               "        - --auto-tls\n")
    assert codes(text) == ["11:9 ETCD207", "14:11 ETCD003"]


def test_k0s_raw_args_are_read_by_etcds_flag_parser():
    text = k0s("      rawArgs:\n"
               "        - --client-cert-auth\n"
               "        - \"false\"\n")
    assert codes(text) == ["12:11 ETCD206"]


def test_k0s_kine_and_external_run_no_etcd():
    assert lint_files({"k.yaml": k0s(storage_type="kine")}).configurations == 0
    external = k0s("      externalCluster:\n"
                   "        endpoints:\n"
                   "          - https://10.0.0.20:2379\n"
                   "        etcdPrefix: lab\n"
                   "        caFile: /etc/etcd/ca.crt\n"
                   "        clientCertFile: /etc/etcd/client.crt\n"
                   "        clientKeyFile: /etc/etcd/client.key\n")
    result = lint_files({"k.yaml": external})
    assert result.configurations == 0 and result.diagnostics == []
    without_ca = external.replace("        caFile: /etc/etcd/ca.crt\n", "")
    assert codes(without_ca) == ["10:7 ETCD102", "10:7 ETCD103"]
    together = " (k0s passes caFile, clientCertFile and clientKeyFile only all together)"
    plain = external.replace("https://", "http://")
    assert messages(without_ca.replace("https://", "http://")) == [
        f"10:7 ETCD102 spec.storage.etcd.externalCluster.caFile is not set{together}: the API "
        "server does not check etcd's certificate against etcd's own CA",
        "10:7 ETCD103 spec.storage.etcd.externalCluster.clientCertFile and "
        f"spec.storage.etcd.externalCluster.clientKeyFile are not set{together}: the API "
        "server presents no client certificate to etcd",
        "12:13 ETCD101 spec.storage.etcd.externalCluster.endpoints has http://10.0.0.20:2379: "
        "the API server talks to etcd without TLS"]
    assert codes(plain) == ["12:13 ETCD101"]


def test_k0s_client_ca_shared_through_api_extra_args():
    text = k0s("      extraArgs:\n"
               "        trusted-ca-file: /var/lib/k0s/pki/ca.crt\n",
               head="  api:\n    extraArgs:\n      client-ca-file: /var/lib/k0s/pki/ca.crt\n")
    assert codes(text) == ["14:26 ETCD007"]
    assert codes(text.replace("      client-ca-file: /var/lib/k0s/pki/ca.crt\n",
                              "      client-ca-file: /etc/pki/users.crt\n")) == []


K0SCTL_DEFAULT = """\
apiVersion: k0sctl.k0sproject.io/v1beta1
kind: Cluster
metadata:
  name: lab
spec:
  hosts:
    - role: controller+worker
      ssh: {address: 10.0.0.1}
"""


def test_k0sctl_without_config_runs_k0s_defaults():
    # (a k0sctl file that never says etcd has nothing to report: the pre-filter skips it)
    unfiltered = LintOptions(prefilter=False)
    result = lint_files({"k0sctl.yaml": K0SCTL_DEFAULT}, unfiltered)
    assert result.configurations == 1 and result.diagnostics == []
    workers = K0SCTL_DEFAULT.replace("controller+worker", "worker")
    assert lint_files({"k0sctl.yaml": workers}, unfiltered).configurations == 0


def test_k0s_fix_sets_true_and_removes_what_defaults_to_false():
    text = k0s("      extraArgs:\n"
               "        client-cert-auth: \"false\"   # lab\n"
               "        auto-tls: \"true\"\n"
               "        quota-backend-bytes: \"8589934592\"\n")
    outcome = fix_bytes("k0s.yaml", text.encode(), LintOptions(), ("safe",))
    assert outcome.fixed.decode() == k0s("      extraArgs:\n"
                                         "        client-cert-auth: \"true\"   # lab\n"
                                         "        quota-backend-bytes: \"8589934592\"\n")
    assert sorted(d.rule for d, _, _ in outcome.applied) == ["ETCD002", "ETCD003"]


EXPECTED = {
    "k0s.yaml": [],
    "k0s-kine.yaml": [],
    "k0s-external.yaml": ["9:7 ETCD102", "9:7 ETCD103", "11:13 ETCD101", "12:13 ETCD101"],
    "k0sctl.yaml": ["32:37 ETCD106"],
    "k0smotron.yaml": ["21:39 ETCD005"],
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_k0s_regression_files(name):
    assert codes((FORMS / name).read_text(), path=name) == EXPECTED[name]
