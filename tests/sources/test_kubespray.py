"""Kubespray inventories: group_vars/host_vars etcd variables, by etcd_deployment_type."""

import pytest

from conftest import codes, lint_files, messages
from etcdlint.engine.lint import LintOptions
from etcdlint.fixing.run import fix_bytes

ALL = "inventory/mycluster/group_vars/all/etcd.yml"


def test_sample_inventory_is_found_and_clean():
    text = ("---\n"
            "etcd_data_dir: /var/lib/etcd\n"
            "etcd_deployment_type: host\n")
    result = lint_files({ALL: text})
    assert result.configurations == 1
    assert codes(text, ALL) == []


def test_host_mode_variables_become_settings_at_the_variable():
    text = ("etcd_deployment_type: host\n"
            "etcd_secure_client: false\n"
            "etcd_peer_client_auth: \"maybe\"\n"
            "etcd_metrics_port: 2381\n"
            "etcd_tls_cipher_suites:\n"
            "  - TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256\n"
            "  - TLS_RSA_WITH_RC4_128_SHA\n"
            "etcd_extra_vars:\n"
            "  ETCD_AUTO_TLS: \"true\"\n"
            "  ETCD_LISTEN_CLIENT_URLS: http://0.0.0.0:2379\n")
    assert messages(text, ALL) == [
        "2:21 ETCD002 etcd_secure_client is false: etcd accepts clients without a certificate",
        "3:25 ETCD205 ETCD_PEER_CLIENT_CERT_AUTH='maybe' is not a boolean etcd accepts (1, t, T, "
        "TRUE, true, True, 0, f, F, FALSE, false, False): etcd refuses to start",
        "4:20 ETCD106 etcd_metrics_port has http://<etcd_address>:2381: metrics and health "
        "endpoints are served to the network without TLS",
        "7:5 ETCD108 etcd_tls_cipher_suites includes TLS_RSA_WITH_RC4_128_SHA, which Go lists "
        "as insecure",
        "9:19 ETCD003 etcd_extra_vars.ETCD_AUTO_TLS is true: etcd may serve clients with a "
        "self-signed certificate no client can verify",
        "10:28 ETCD104 etcd_extra_vars.ETCD_LISTEN_CLIENT_URLS has http://0.0.0.0:2379: etcd "
        "serves clients without TLS (ETCD_CERT_FILE of Kubespray's etcd.env, ETCD_KEY_FILE of "
        "Kubespray's etcd.env and etcd_secure_client are ignored on it)",
    ]


def test_without_a_deployment_type_kubespray_defaults_to_host():
    assert codes("etcd_peer_client_auth: false\n", ALL) == ["1:24 ETCD005"]


def test_ansible_reads_yaml_1_1_booleans():
    # PyYAML (Ansible) reads ``no``/``off`` as false: rendered False, which etcd accepts.
    text = "etcd_secure_client: no\netcd_peer_client_auth: off\n"
    assert messages(text, ALL) == [
        "1:21 ETCD002 etcd_secure_client is false: etcd accepts clients without a certificate",
        "2:24 ETCD005 etcd_peer_client_auth is False: etcd accepts peers without a certificate"]


def test_docker_mode_reads_the_same_environment_file_and_extra_vars_come_last():
    text = ("etcd_deployment_type: docker\n"
            "etcd_secure_client: true\n"
            "etcd_extra_vars:\n"
            "  ETCD_CLIENT_CERT_AUTH: \"false\"\n")
    assert messages(text, ALL) == [
        "4:27 ETCD002 etcd_extra_vars.ETCD_CLIENT_CERT_AUTH is false: etcd accepts clients "
        "without a certificate"]


def test_kubeadm_mode_extra_vars_are_flags_and_env_variables_never_reach_etcd():
    text = ("etcd_deployment_type: kubeadm\n"
            "etcd_secure_client: false\n"
            "etcd_metrics_port: 2381\n"
            "etcd_listen_metrics_urls: \"http://0.0.0.0:2381\"\n"
            "etcd_extra_vars:\n"
            "  auto-tls: \"true\"\n"
            "  ETCD_QUOTA_BACKEND_BYTES: \"8589934592\"\n")
    assert messages(text, ALL) == [
        "2:1 ETCD201 etcd_secure_client has no effect with etcd_deployment_type kubeadm: "
        "kubeadm's etcd requires client certificates whatever it says",
        "3:1 ETCD201 etcd_metrics_port has no effect with etcd_deployment_type kubeadm: "
        "kubeadm's etcd serves metrics on http://127.0.0.1:2381 unless "
        "etcd_listen_metrics_urls is set",
        "4:28 ETCD106 etcd_listen_metrics_urls has http://0.0.0.0:2381: metrics and health "
        "endpoints are served to the network without TLS",
        "6:14 ETCD003 etcd_extra_vars.auto-tls is true: etcd may serve clients with a "
        "self-signed certificate no client can verify",
        "7:3 ETCD204 etcd has no flag --ETCD_QUOTA_BACKEND_BYTES: it refuses to start (flag "
        "provided but not defined)"]


def test_kubeadm_mode_clean():
    text = "etcd_deployment_type: kubeadm\netcd_extra_vars:\n  quota-backend-bytes: 8589934592\n"
    assert codes(text, ALL) == []


def test_a_deployment_type_kubespray_refuses():
    assert messages("etcd_deployment_type: podman\netcd_secure_client: false\n", ALL) == [
        "1:23 ETCD202 etcd_deployment_type 'podman' is not one of host, docker, kubeadm: "
        "Kubespray's inventory check refuses it"]


def test_templated_values_are_never_judged():
    text = ("etcd_secure_client: \"{{ secure_etcd }}\"\n"
            "etcd_extra_vars:\n"
            "  ETCD_AUTO_TLS: \"{{ auto }}\"\n")
    assert codes(text, ALL) == []
    result = lint_files({ALL: "etcd_deployment_type: \"{{ mode }}\"\netcd_secure_client: no\n"})
    assert result.diagnostics == []
    assert result.notes == [f"{ALL}:1:1: note: etcd_deployment_type is not a plain value: the "
                            "etcd settings are not judged"]


@pytest.mark.parametrize("path", ["roles/etcd/defaults/main.yml", "group_vars.yml",
                                  "playbooks/vars/etcd.yml"])
def test_unrelated_ansible_yaml_stays_quiet(path):
    result = lint_files({path: "etcd_secure_client: false\netcd_deployment_type: host\n"})
    assert result.configurations == 0
    assert result.diagnostics == []


def test_fix_sets_the_variable_itself():
    text = ("etcd_secure_client: False  # keep\n"
            "etcd_peer_client_auth: \"no\"\n"
            "etcd_extra_vars:\n"
            "  ETCD_AUTO_TLS: \"true\"\n"
            "  ETCD_SNAPSHOT_COUNT: \"10000\"\n")
    fixed = fix_bytes(ALL, text.encode(), LintOptions(), ("safe",)).fixed
    assert fixed.decode() == ("etcd_secure_client: true  # keep\n"
                                   "etcd_peer_client_auth: \"true\"\n"
                                   "etcd_extra_vars:\n"
                                   "  ETCD_SNAPSHOT_COUNT: \"10000\"\n")
    again = fix_bytes(ALL, fixed, LintOptions(), ("safe",)).fixed
    assert again == fixed


def _inventory(tmp_path, files):
    for name, text in files.items():
        path = tmp_path / "inventory" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def test_deployment_type_from_the_inventorys_other_files(tmp_path, cli):
    _inventory(tmp_path, {
        "group_vars/all/etcd.yml": "etcd_deployment_type: kubeadm\n",
        "group_vars/etcd.yml": "etcd_peer_client_auth: false\n"
                               "etcd_listen_metrics_urls: http://127.0.0.1:2381\n",
        "group_vars/k8s_cluster/etcd.yml": "etcd_metrics_port: 2381\n",
        "host_vars/node1.yml": "etcd_deployment_type: host\netcd_secure_client: false\n",
    })
    run = cli("inventory", cwd=tmp_path)
    assert run.out.splitlines() == [
        "inventory/group_vars/etcd.yml:1:1: ETCD201 warning etcd_peer_client_auth has no "
        "effect with etcd_deployment_type kubeadm: kubeadm's etcd requires peer certificates "
        "whatever it says",
        "inventory/group_vars/k8s_cluster/etcd.yml:1:1: ETCD201 warning etcd_metrics_port has "
        "no effect with etcd_deployment_type kubeadm: kubeadm's etcd serves metrics on "
        "http://127.0.0.1:2381 unless etcd_listen_metrics_urls is set",
        "inventory/host_vars/node1.yml:2:21: ETCD002 [*] error [CIS 2.2] etcd_secure_client is "
        "false: etcd accepts clients without a certificate",
        "Found 3 problems (1 error, 2 warnings) in 3 files.",
        "[*] 1 fixable with --fix."]
    assert run.code == 1


def test_another_files_metrics_urls_win_over_the_port(tmp_path, cli):
    _inventory(tmp_path, {
        "group_vars/all/etcd.yml": "etcd_listen_metrics_urls: http://127.0.0.1:2381\n",
        "group_vars/etcd.yml": "etcd_metrics_port: 2381\n",
    })
    run = cli("inventory", cwd=tmp_path)
    assert run.out.splitlines() == ["No problems found in 2 files (2 etcd configurations)."]


def test_deployment_types_that_differ_leave_it_unknown(tmp_path, cli):
    _inventory(tmp_path, {
        "group_vars/etcd.yml": "etcd_deployment_type: docker\n",
        "group_vars/k8s_cluster.yml": "etcd_deployment_type: host\n",
        "group_vars/all/etcd.yml": "etcd_secure_client: false\n",
    })
    run = cli("inventory/group_vars/all/etcd.yml", cwd=tmp_path)
    assert run.code == 0
    assert "inventory/group_vars/all/etcd.yml:1:1: note: etcd_deployment_type is 'docker' or " \
           "'host' in this inventory (group_vars/etcd.yml, group_vars/k8s_cluster.yml): the " \
           "etcd settings here are not judged" in run.out + run.err


API = ("apiVersion: v1\nkind: Pod\nmetadata:\n  name: kube-apiserver\nspec:\n  containers:\n"
       "    - name: kube-apiserver\n      command:\n        - kube-apiserver\n"
       "        - --client-ca-file={ca}\n        - --etcd-servers=https://10.0.0.1:2379\n"
       "        - --etcd-cafile={ca}\n        - --etcd-certfile=/pki/node.pem\n"
       "        - --etcd-keyfile=/pki/node-key.pem\n")


@pytest.mark.parametrize("mode, ca, name", [
    ("host", "/etc/ssl/etcd/ssl/ca.pem", "ETCD_TRUSTED_CA_FILE of Kubespray's etcd.env"),
    ("kubeadm", "/etc/kubernetes/ssl/etcd/ca.crt",
     "--trusted-ca-file of kubeadm (certificatesDir /etc/kubernetes/ssl)")])
def test_a_finding_a_default_decides_is_at_the_anchor_naming_the_default(mode, ca, name):
    result = lint_files({ALL: f"etcd_data_dir: /var/lib/etcd\netcd_deployment_type: {mode}\n",
                         "inventory/mycluster/group_vars/all/apiserver.yaml":
                             API.format(ca=ca)})
    assert [f"{d.start.line}:{d.start.column} {d.diagnostic.rule} {d.diagnostic.message}"
            for d in result.diagnostics] == [
        f"2:1 ETCD007 {name} {ca} is also kube-apiserver's --client-ca-file "
        "(inventory/mycluster/group_vars/all/apiserver.yaml): every client certificate of "
        "the Kubernetes CA is accepted by etcd; give etcd a CA of its own"]
