"""etcd operators: etcd-io/etcd-operator and CoreOS ``EtcdCluster``, etcd-druid ``Etcd``."""

import json

import pytest

from conftest import TESTS, codes, fix, messages

FIXTURES = TESTS / "fixtures" / "sources" / "operators"

ETCD_IO = ("apiVersion: operator.etcd.io/v1alpha1\n"
           "kind: EtcdCluster\n"
           "metadata:\n"
           "  name: etcd\n"
           "spec:\n"
           "  size: 3\n"
           "  version: v3.5.21\n"
           "  etcdOptions:\n")
ETCD_IO_TLS = ("  - --cert-file=/tls/server/tls.crt\n"
               "  - --key-file=/tls/server/tls.key\n"
               "  - --client-cert-auth=true\n"
               "  - --trusted-ca-file=/tls/server/ca.crt\n"
               "  - --peer-cert-file=/tls/peer/tls.crt\n"
               "  - --peer-key-file=/tls/peer/tls.key\n"
               "  - --peer-client-cert-auth=true\n"
               "  - --peer-trusted-ca-file=/tls/peer/ca.crt\n"
               "  - --listen-client-urls=https://0.0.0.0:2379\n"
               "  - --advertise-client-urls=https://$(POD_NAME).etcd:2379\n"
               "  - --listen-peer-urls=https://0.0.0.0:2380\n"
               "  - --initial-advertise-peer-urls=https://$(POD_NAME).etcd:2380\n")


def test_etcd_io_operator_secure_with_tls_flags_in_etcd_options():
    assert codes(ETCD_IO + ETCD_IO_TLS) == []


def test_etcd_io_operator_insecure_defaults_and_options():
    text = ETCD_IO + "  - --client-cert-auth=false\n"
    # the operator's plaintext flags are reported at etcdOptions (line 8), the option itself
    # at its value
    assert codes(text) == [
        "8:3 ETCD001", "8:3 ETCD001", "8:3 ETCD004", "8:3 ETCD004", "8:3 ETCD005",
        "8:3 ETCD007", "8:3 ETCD104", "8:3 ETCD104", "8:3 ETCD105", "8:3 ETCD105",
        "9:24 ETCD002"]


def test_etcd_io_operator_tls_alone_does_not_give_etcd_tls():
    text = ETCD_IO.replace("  etcdOptions:\n", "  tls:\n    provider: auto\n")
    found = messages(text)
    assert found[-1] == (
        "8:3 ETCD201 spec.tls: etcd-operator (v0.1.0 to v0.2.0) issues certificates but passes "
        "etcd no TLS flag: the members still serve clients and peers over plain HTTP; set the "
        "TLS flags and https:// URLs in etcdOptions")
    assert found[0].startswith("5:1 ETCD001")  # no etcdOptions: at spec
    with_flags = ETCD_IO + ETCD_IO_TLS + "  tls:\n    provider: auto\n"
    assert codes(with_flags) == []


def test_etcd_io_operator_fix_edits_etcd_options():
    text = ETCD_IO + ETCD_IO_TLS.replace("--client-cert-auth=true", "--client-cert-auth=false")
    assert codes(text) == ["11:24 ETCD002"]
    assert fix(text).fixed.decode() == ETCD_IO + ETCD_IO_TLS
    missing = ETCD_IO + ETCD_IO_TLS.replace("  - --peer-client-cert-auth=true\n", "")
    assert fix(missing).fixed.decode() == missing + "  - --peer-client-cert-auth=true\n"


COREOS = ("apiVersion: etcd.database.coreos.com/v1beta2\n"
          "kind: EtcdCluster\n"
          "metadata:\n"
          "  name: example\n"
          "spec:\n"
          "  size: 3\n"
          "  version: 3.5.21\n"
          "  TLS:\n"
          "    static:\n"
          "      member:\n"
          "        peerSecret: etcd-peer-tls\n"
          "        serverSecret: etcd-server-tls\n"
          "      operatorSecret: etcd-client-tls\n")


def test_coreos_operator_static_tls_is_secure():
    assert codes(COREOS) == []


def test_coreos_operator_client_tls_needs_the_operator_secret():
    text = COREOS.replace("      operatorSecret: etcd-client-tls\n", "")
    # the client side stays plaintext (at spec.TLS, line 8), and the operator refuses the
    # serverSecret without operatorSecret (line 12)
    assert codes(text) == [
        "8:3 ETCD001", "8:3 ETCD001", "8:3 ETCD002", "8:3 ETCD007", "8:3 ETCD104",
        "8:3 ETCD104", "12:9 ETCD202"]
    peer_only = text.replace("        serverSecret: etcd-server-tls\n", "")
    assert "12:9 ETCD202" not in codes(peer_only) and "8:3 ETCD005" not in codes(peer_only)


def test_coreos_operator_etcd_env_and_its_fix():
    env = ("  pod:\n"
           "    etcdEnv:\n"
           "    - name: ETCD_QUOTA_BACKEND_BYTES\n"
           "      value: \"4294967296\"\n")
    insecure = (COREOS + env + "    - name: ETCD_PEER_AUTO_TLS\n      value: \"true\"\n")
    assert codes(insecure) == ["19:15 ETCD006"]
    assert fix(insecure).fixed.decode() == COREOS + env
    conflict = COREOS + env + "    - name: ETCD_CLIENT_CERT_AUTH\n      value: \"true\"\n"
    assert codes(conflict) == ["18:13 ETCD208"]  # the operator passes --client-cert-auth


DRUID = ("apiVersion: druid.gardener.cloud/v1alpha1\n"
         "kind: Etcd\n"
         "metadata:\n"
         "  name: etcd-main\n"
         "spec:\n"
         "  replicas: 3\n"
         "  etcd:\n"
         "    clientUrlTls:\n"
         "      tlsCASecretRef: {name: ca-etcd}\n"
         "      serverTLSSecretRef: {name: etcd-server}\n"
         "      clientTLSSecretRef: {name: etcd-client}\n"
         "    peerUrlTls:\n"
         "      tlsCASecretRef: {name: ca-etcd-peer}\n"
         "      serverTLSSecretRef: {name: etcd-peer-server}\n")


def test_druid_with_both_tls_sections_is_secure():
    assert codes(DRUID) == []


def test_druid_without_peer_tls():
    text = DRUID.split("    peerUrlTls:\n")[0]
    assert codes(text) == ["7:3 ETCD004", "7:3 ETCD004", "7:3 ETCD005", "7:3 ETCD105",
                           "7:3 ETCD105"]
    skip = DRUID + "      skipClientSANVerification: true\n"
    assert codes(skip) == ["15:34 ETCD109"]


def test_other_kinds_and_groups_are_not_read():
    assert codes(COREOS.replace("etcd.database.coreos.com", "example.com")) == []
    assert codes(DRUID.replace("druid.gardener.cloud", "example.com")
                 .replace("    peerUrlTls:\n", "    x:\n")) == []


def test_regression_operator_samples():
    etcd_io = codes((FIXTURES / "etcd-operator-sample.yaml").read_text())
    # the cert-manager sample: plain HTTP despite spec.tls; the second cluster glues a value
    # to its flag with a blank (one word etcd does not know) and repeats the operator's
    # ETCD_INITIAL_CLUSTER as a flag (etcd exits)
    assert [c for c in etcd_io if not c.endswith(("ETCD001", "ETCD004"))] == [
        "16:1 ETCD002", "16:1 ETCD005", "16:1 ETCD007", "16:1 ETCD104", "16:1 ETCD104",
        "16:1 ETCD105", "16:1 ETCD105", "22:3 ETCD201",
        "38:3 ETCD002", "38:3 ETCD005", "38:3 ETCD007", "38:3 ETCD104", "38:3 ETCD104",
        "38:3 ETCD105", "38:3 ETCD105", "38:3 ETCD208", "40:8 ETCD204", "41:36 ETCD105"]
    coreos = codes((FIXTURES / "coreos-etcd-operator.yaml").read_text())
    assert [c for c in coreos if not c.startswith("9:1 ")] == ["31:13 ETCD208"]
    assert len(coreos) == 12
    druid = codes((FIXTURES / "etcd-druid.yaml").read_text())
    assert druid == ["57:3 ETCD001", "57:3 ETCD001", "57:3 ETCD002", "57:3 ETCD007",
                     "57:3 ETCD104", "57:3 ETCD104", "63:34 ETCD109"]


def test_prefilter_lets_operator_resources_through():
    from etcdlint.repo.prefilter import may_hold_etcd
    assert may_hold_etcd(b"apiVersion: operator.etcd.io/v1alpha1\nkind: EtcdCluster\n"
                         b"spec:\n  size: 3\n")
    assert may_hold_etcd(b"apiVersion: etcd.database.coreos.com/v1beta2\n"
                         b"kind: EtcdCluster\nspec:\n  size: 3\n")


def test_only_the_modelled_api_versions_are_read():
    assert codes(ETCD_IO.replace("v1alpha1", "v1beta1") + "  - --client-cert-auth=false\n") == []
    without_operator_secret = COREOS.replace("      operatorSecret: etcd-client-tls\n", "")
    assert codes(without_operator_secret.replace("v1beta2", "v1beta1")) == []


def test_druid_version_only_from_an_etcd_image():
    from etcdlint.engine.lint import LintOptions, lint_file
    image = "    image: example.com/gardener/etcd-wrapper:v0.4.2\n"
    wrapper = DRUID.replace("  etcd:\n", "  etcd:\n" + image)
    assert [c.version for c in lint_file("m.yaml", wrapper.encode(), LintOptions()).etcd] == [None]
    plain = wrapper.replace("gardener/etcd-wrapper:v0.4.2", "etcd:v3.5.21")
    assert [c.version for c in lint_file("m.yaml", plain.encode(), LintOptions()).etcd] == [(3, 5)]


@pytest.mark.parametrize("text", [
    ETCD_IO.replace("  etcdOptions:\n", "  etcdOptions: --x\n"),
    ETCD_IO + "  - [nested]\n  - {a: b}\n  - null\n  - ''\n",
    ETCD_IO.split("spec:")[0] + "spec: 5\n",
    COREOS.replace("    static:\n", "    static: [x]\n    other:\n"),
    COREOS + "  pod: [x]\n",
    COREOS.replace("      member:\n", "      member: null\n      m:\n"),
    DRUID.replace("    clientUrlTls:\n", "    clientUrlTls: [x]\n    c:\n"),
    DRUID.split("spec:")[0] + "spec:\n  etcd: null\n",
    "apiVersion: druid.gardener.cloud/v1alpha1\nkind: Etcd\n",
])
def test_odd_resources_never_crash(text):
    from conftest import lint_files
    assert lint_files({"m.yaml": text}).internal_errors == []


@pytest.mark.parametrize("api_version,served,operator", [
    ("etcd.database.coreos.com/v1", "etcd.database.coreos.com/v1beta2",
     "the CoreOS etcd operator"),
    ("operator.etcd.io/v1beta1", "operator.etcd.io/v1alpha1", "etcd-io/etcd-operator"),
])
def test_an_api_version_the_operator_does_not_serve_gets_a_note(
        tmp_path, cli, api_version, served, operator):
    (tmp_path / "etcd.yaml").write_text(
        f"apiVersion: {api_version}\nkind: EtcdCluster\nmetadata:\n  name: example\n"
        "spec:\n  size: 3\n  etcdOptions:\n  - --client-cert-auth=false\n")
    run = cli("etcd.yaml", cwd=tmp_path)
    note = (f"etcd.yaml:1:13: note: EtcdCluster example: apiVersion {api_version} is not served "
            f"by {operator} (its resource definition serves {served}): not modelled, not judged")
    assert (run.code, run.out) == (
        0, f"No problems found in 1 file (1 etcd configuration).\n{note}\n")
    report = json.loads(cli("--format", "json", "etcd.yaml", cwd=tmp_path).out)
    assert report["summary"]["notes"] == [note]


def test_a_served_api_version_gets_no_note(tmp_path, cli):
    (tmp_path / "etcd.yaml").write_text(ETCD_IO + ETCD_IO_TLS)
    assert cli("etcd.yaml", cwd=tmp_path).out == (
        "No problems found in 1 file (1 etcd configuration).\n")
