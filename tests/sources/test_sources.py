"""Every source form: kubeadm, Cluster API, etcd config files, k3s/RKE2, Talos, kind."""

from conftest import MOUNTED, codes, lint_files, messages


def v1beta3(extra_args="", head="", etcd=None):
    etcd_block = etcd if etcd is not None else (
        "etcd:\n"
        "  local:\n"
        "    dataDir: /var/lib/etcd\n" + extra_args)
    return ("apiVersion: kubeadm.k8s.io/v1beta3\n"
            "kind: ClusterConfiguration\n" + head + etcd_block)


def test_kubeadm_defaults_are_secure():
    assert codes(v1beta3()) == []
    assert codes("apiVersion: kubeadm.k8s.io/v1beta3\nkind: ClusterConfiguration\n") == []


def test_kubeadm_v1beta3_map_overrides():
    text = v1beta3("    extraArgs:\n"
                   "      client-cert-auth: \"false\"\n"
                   "      auto-tls: 'true'\n"
                   "      peer-cert-file: ''\n")
    # dataDir is line 5, extraArgs 6; `      client-cert-auth: "` ends at column 25. kubeadm's
    # https:// peer URL (its default, reported at extraArgs) keeps its key but no certificate.
    assert codes(text) == ["6:5 ETCD213", "7:26 ETCD002", "8:18 ETCD003", "9:7 ETCD004"]


def test_kubeadm_v1beta4_list_side_by_side():
    v4 = ("apiVersion: kubeadm.k8s.io/v1beta4\n"
          "kind: ClusterConfiguration\n"
          "etcd:\n"
          "  local:\n"
          "    extraArgs:\n"
          "    - name: client-cert-auth\n"
          "      value: \"false\"\n"
          "    - name: auto-tls\n"
          "      value: \"true\"\n")
    v3 = v1beta3("    extraArgs:\n"
                 "      client-cert-auth: \"false\"\n"
                 "      auto-tls: \"true\"\n")
    assert codes(v4) == ["7:15 ETCD002", "9:15 ETCD003"]
    assert codes(v3) == ["7:26 ETCD002", "8:18 ETCD003"]


def test_kubeadm_v1beta4_duplicates_sorted_greatest_value_wins():
    text = ("apiVersion: kubeadm.k8s.io/v1beta4\n"
            "kind: ClusterConfiguration\n"
            "etcd:\n"
            "  local:\n"
            "    extraArgs:\n"
            "    - {name: client-cert-auth, value: \"true\"}\n"
            "    - {name: client-cert-auth, value: \"false\"}\n"
            "    - {name: peer-auto-tls, value: \"false\"}\n"
            "    - {name: peer-auto-tls, value: \"true\"}\n")
    # sorted by value: "false" < "true", so "true" is last for both flags and each "false"
    # is an overridden duplicate; `    - {name: peer-auto-tls, value: "` is 36 columns wide
    assert codes(text) == ["7:7 ETCD207", "8:7 ETCD207", "9:37 ETCD006"]


def test_kubeadm_unquoted_extra_arg_value():
    text = v1beta3("    extraArgs:\n      client-cert-auth: false\n")
    assert messages(text) == [
        "7:25 ETCD002 --client-cert-auth is false: etcd accepts clients without a certificate",
        "7:25 ETCD203 extraArgs value 'false' of client-cert-auth is not a string: kubeadm "
        "rejects the configuration; quote it (\"false\")"]


def test_kubeadm_with_init_configuration_beside_it():
    text = ("apiVersion: kubeadm.k8s.io/v1beta3\nkind: InitConfiguration\n"
            "localAPIEndpoint: {advertiseAddress: 10.0.0.1}\n---\n" + v1beta3())
    assert codes(text) == []


def test_kubeadm_shared_ca_with_its_own_apiserver():
    text = v1beta3("    extraArgs:\n      trusted-ca-file: /etc/kubernetes/pki/ca.crt\n")
    assert codes(text) == ["7:24 ETCD007"]


def test_kubeadm_custom_certificates_dir_shared_ca():
    text = v1beta3("    extraArgs:\n      trusted-ca-file: /pki/ca.crt\n",
                   head="certificatesDir: /pki/\n")
    assert codes(text) == ["8:24 ETCD007"]


EXTERNAL = ("apiVersion: kubeadm.k8s.io/v1beta2\n"
            "kind: ClusterConfiguration\n"
            "etcd:\n"
            "  external:\n"
            "    endpoints:\n"
            "    - https://10.0.0.5:2379\n"
            "    - {endpoint}\n"
            "{files}")
FILES = ("    caFile: /etc/kubernetes/pki/etcd/ca.crt\n"
         "    certFile: /etc/kubernetes/pki/apiserver-etcd-client.crt\n"
         "    keyFile: /etc/kubernetes/pki/apiserver-etcd-client.key\n")


def test_kubeadm_external_secure():
    assert codes(EXTERNAL.replace("{endpoint}", "https://10.0.0.6:2379").replace("{files}", FILES)) == []


def test_kubeadm_external_plaintext_endpoint():
    text = EXTERNAL.replace("{endpoint}", "http://10.0.0.6:2379").replace("{files}", FILES)
    assert messages(text) == [
        "7:7 ETCD101 etcd.external.endpoints has http://10.0.0.6:2379: the API server talks to "
        "etcd without TLS"]


def test_kubeadm_external_loopback_endpoint_is_a_warning():
    text = EXTERNAL.replace("{endpoint}", "http://127.0.0.1:2379").replace("{files}", FILES)
    result = lint_files({"k.yaml": text})
    assert [(d.diagnostic.rule, d.diagnostic.severity) for d in result.diagnostics] == [
        ("ETCD101", "warning")]


def test_kubeadm_external_missing_files():
    text = EXTERNAL.replace("{endpoint}", "https://10.0.0.6:2379").replace(
        "{files}", "    certFile: /etc/kubernetes/pki/apiserver-etcd-client.crt\n")
    assert messages(text) == [
        "4:3 ETCD102 etcd.external.caFile is not set: the API server does not check etcd's "
        "certificate against etcd's own CA",
        "4:3 ETCD103 etcd.external.keyFile is not set (kubeadm passes certFile and keyFile only "
        "when both are set): the API server presents no client certificate to etcd"]


KCP_V1BETA1 = """\
apiVersion: controlplane.cluster.x-k8s.io/v1beta1
kind: KubeadmControlPlane
metadata:
  name: cp
spec:
  kubeadmConfigSpec:
    clusterConfiguration:
      etcd:
        local:
          extraArgs:
            peer-client-cert-auth: "false"
"""

KCP_V1BETA2 = """\
apiVersion: controlplane.cluster.x-k8s.io/v1beta2
kind: KubeadmControlPlane
metadata:
  name: cp
spec:
  kubeadmConfigSpec:
    clusterConfiguration:
      etcd:
        local:
          extraArgs:
          - name: peer-client-cert-auth
            value: "false"
"""

KCPT = """\
apiVersion: controlplane.cluster.x-k8s.io/v1beta1
kind: KubeadmControlPlaneTemplate
metadata:
  name: cp
spec:
  template:
    spec:
      kubeadmConfigSpec:
        clusterConfiguration:
          etcd:
            local:
              extraArgs:
                auto-tls: "true"
"""


def test_capi_kubeadm_control_plane_map_and_list():
    assert codes(KCP_V1BETA1) == ["11:37 ETCD005"]
    assert codes(KCP_V1BETA2) == ["12:21 ETCD005"]


def test_capi_kubeadm_control_plane_template():
    assert codes(KCPT) == ["13:28 ETCD003"]


def test_capi_secure_defaults_and_worker_templates():
    text = ("apiVersion: controlplane.cluster.x-k8s.io/v1beta1\nkind: KubeadmControlPlane\n"
            "spec:\n  kubeadmConfigSpec:\n    initConfiguration: {}\n---\n"
            "apiVersion: bootstrap.cluster.x-k8s.io/v1beta1\nkind: KubeadmConfigTemplate\n"
            "spec:\n  template:\n    spec:\n      joinConfiguration: {}\n")
    result = lint_files({"c.yaml": text})
    assert result.configurations == 1 and result.diagnostics == []


def test_capi_external_etcd():
    text = ("apiVersion: controlplane.cluster.x-k8s.io/v1beta1\nkind: KubeadmControlPlane\n"
            "spec:\n  kubeadmConfigSpec:\n    clusterConfiguration:\n      etcd:\n"
            "        external:\n          endpoints: ['http://etcd.example:2379']\n")
    assert codes(text) == ["7:9 ETCD102", "7:9 ETCD103", "8:24 ETCD101"]


CONFIG_FILE = """\
name: etcd-1
data-dir: /var/lib/etcd
listen-client-urls: https://10.0.0.5:2379
listen-peer-urls: https://10.0.0.5:2380
client-transport-security:
  cert-file: /etc/etcd/server.crt
  key-file: /etc/etcd/server.key
  client-cert-auth: {client_auth}
  trusted-ca-file: /etc/etcd/ca.crt
peer-transport-security:
  cert-file: /etc/etcd/peer.crt
  key-file: /etc/etcd/peer.key
  client-cert-auth: true
  trusted-ca-file: /etc/etcd/ca.crt
  auto-tls: {peer_auto}
"""


def config_file(client_auth="true", peer_auto="false", extra=""):
    return CONFIG_FILE.format(client_auth=client_auth, peer_auto=peer_auto) + extra


def test_config_file_secure():
    assert codes(config_file(), path="etcd.conf.yml") == []


def test_config_file_yaml11_booleans():
    assert codes(config_file(client_auth="yes", peer_auto="off")) == []
    assert codes(config_file(client_auth="no", peer_auto="on")) == ["8:21 ETCD002", "15:13 ETCD006"]


def test_config_file_quoted_boolean_is_a_type_error():
    assert messages(config_file(client_auth='"true"')) == [
        "8:21 ETCD203 client-transport-security.client-cert-auth is 'true', not a YAML boolean: "
        "etcd cannot read its config file and exits (write it without quotes)"]


def test_config_file_misplaced_and_unknown_keys():
    text = config_file(client_auth="false", extra="client-cert-auth: true\n")
    assert messages(text) == [
        "8:21 ETCD002 client-transport-security.client-cert-auth is false: etcd accepts clients "
        "without a certificate",
        "16:1 ETCD201 client-cert-auth has no effect at the top level of etcd's config file: it "
        "belongs under client-transport-security"]


def test_config_file_unknown_key_in_section():
    text = CONFIG_FILE.format(client_auth="true", peer_auto="false").replace(
        "  trusted-ca-file: /etc/etcd/ca.crt\npeer", "  ca-file: /etc/etcd/ca.crt\npeer")
    assert messages(text) == [
        "5:1 ETCD007 client-transport-security.trusted-ca-file is not set: etcd has no CA of its "
        "own to check client certificates against",
        "8:21 ETCD110 client-transport-security.client-cert-auth is true but "
        "client-transport-security.trusted-ca-file is not set: certificates are checked against "
        "the system's public CAs",
        "9:3 ETCD201 client-transport-security.ca-file is not a key etcd knows: it has no effect"]


def test_config_file_missing_peer_section_points_at_first_key():
    text = "\n".join(CONFIG_FILE.format(client_auth="true", peer_auto="x").splitlines()[:9]) + "\n"
    # (and its https:// peer URL without a peer certificate stops etcd)
    assert codes(text) == ["1:1 ETCD004", "1:1 ETCD004", "1:1 ETCD005", "4:19 ETCD213"]


def test_config_file_inside_configmap():
    text = ("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: etcd}\ndata:\n"
            "  etcd.conf.yml: |\n"
            + "".join("    " + line + "\n" for line in config_file(client_auth="false").splitlines()))
    # the inner line 8 is file line 13; `    ` + `  client-cert-auth: ` puts the value at 25.
    assert codes(text) == ["13:25 ETCD002"]


def test_pod_with_config_file_flag():
    text = ("kind: Pod\nspec:\n  containers:\n  - name: etcd\n"
            "    command: [etcd, --config-file=/etc/etcd/etcd.conf.yml, --client-cert-auth=false]\n"
            "    env: [{name: ETCD_AUTO_TLS, value: 'true'}]\n")
    assert messages(text) == [
        "5:60 ETCD201 --client-cert-auth has no effect: etcd reads only the file named by "
        "--config-file and ignores every other flag",
        "6:18 ETCD201 ETCD_AUTO_TLS has no effect: with --config-file etcd ignores every ETCD_* "
        "variable"]


K3S = """\
write-kubeconfig-mode: "0644"
cluster-init: true
etcd-arg:
  - "client-cert-auth=false"
  - "--auto-tls"
  - "quota-backend-bytes=8589934592"
"""


def test_k3s_tls_etcd_args_have_no_effect():
    assert messages(K3S) == [
        "4:6 ETCD201 etcd-arg client-cert-auth has no effect: k3s writes it as a top-level key of "
        "etcd's config file, where etcd ignores TLS settings (k3s configures etcd's TLS itself)",
        "5:5 ETCD201 etcd-arg '--auto-tls' has no '=': k3s drops it"]


def test_k3s_secure():
    assert codes("cluster-init: true\netcd-arg: [\"quota-backend-bytes=8589934592\"]\n") == []
    result = lint_files({"config.yaml": "cluster-init: true\n"})
    assert result.configurations == 1 and result.diagnostics == []


TALOS = """\
version: v1alpha1
machine:
  type: controlplane
cluster:
  etcd:
    advertisedSubnets: [10.0.0.0/24]
    extraArgs:
      client-cert-auth: "false"
      election-timeout: "5000"
"""


def test_talos_rejects_security_extra_args():
    assert messages(TALOS) == [
        "8:7 ETCD202 Talos refuses extraArgs client-cert-auth (extra arg \"client-cert-auth\" is "
        "not allowed): Talos sets it itself, and etcd does not start"]


def test_talos_secure():
    assert codes(TALOS.replace('      client-cert-auth: "false"\n', "")) == []


KIND = """\
kind: Cluster
apiVersion: kind.x-k8s.io/v1alpha4
kubeadmConfigPatches:
- |
  kind: ClusterConfiguration
  etcd:
    local:
      extraArgs:
        client-cert-auth: "false"
nodes:
- role: control-plane
  kubeadmConfigPatches:
  - |-
    kind: ClusterConfiguration
    etcd:
      local:
        extraArgs: {peer-auto-tls: "true"}
"""


def test_kind_patches_have_absolute_positions():
    assert codes(KIND) == ["9:28 ETCD002", "17:37 ETCD006"]


def test_kind_cluster_without_patches_is_secure():
    result = lint_files({"kind.yaml": "kind: Cluster\napiVersion: kind.x-k8s.io/v1alpha4\n"
                                      "nodes: [{role: control-plane}]\n"})
    assert result.configurations == 1 and result.diagnostics == []


def test_unrelated_documents_are_skipped_silently():
    text = ("kind: ConfigMap\ndata: {etcd: 'client-cert-auth: false'}\n---\n"
            "kind: Service\nmetadata: {name: etcd}\nspec: {ports: [{port: 2379}]}\n---\n"
            "apiVersion: kubeadm.k8s.io/v1beta3\nkind: JoinConfiguration\n")
    result = lint_files({"x.yaml": text})
    assert result.configurations == 0 and result.diagnostics == []


def test_config_file_mounted_from_a_configmap_is_the_containers_configuration():
    # the ConfigMap value has none of the keys that mark an etcd config file on its own:
    # it is read because the container's --config-file names it
    result = lint_files({"sts.yaml": MOUNTED})
    assert result.configurations == 2
    assert [f"{d.start.line}:{d.start.column} {d.diagnostic.rule}" for d in result.diagnostics] == [
        "6:5 ETCD001", "6:5 ETCD001", "6:5 ETCD002", "6:5 ETCD004", "6:5 ETCD004",
        "6:5 ETCD005", "6:5 ETCD007", "6:5 ETCD104", "6:5 ETCD105", "8:19 ETCD111",
        "19:59 ETCD201"]


def test_config_file_mounted_with_sub_path_and_items():
    text = MOUNTED.replace("- {name: config, mountPath: /etc/etcd}",
                           "- {name: config, mountPath: /etc/etcd/conf.yml, subPath: conf.yml}")
    text = text.replace("--config-file=/etc/etcd/etcd.yml", "--config-file=/etc/etcd/conf.yml")
    text = text.replace("configMap: {name: etcd-config}",
                        "configMap: {name: etcd-config, items: [{key: etcd.yml, path: conf.yml}]}")
    assert "8:19 ETCD111" in codes(text)
    unmounted = MOUNTED.replace("mountPath: /etc/etcd}", "mountPath: /srv}")
    assert "8:19 ETCD111" not in codes(unmounted)
