"""Which ConfigMap of the file a pod reads (``envFrom``, ``configMapKeyRef``, a mounted
``--config-file``): the kubelet looks it up in the pod's namespace (kubernetes
``pkg/kubelet/kubelet_pods.go``, ``makeEnvironmentVariables``:
``kl.configMapManager.GetConfigMap(pod.Namespace, name)``). A ConfigMap is read when its
``metadata.namespace`` is the pod's, or when neither has one (the deploy puts both in the same
namespace); a pod template's namespace is its workload's. Otherwise the ConfigMap the pod gets
is one of the cluster: unknown. A ConfigMap without ``data`` has no keys
(``for k, v := range configMap.Data``)."""

from conftest import messages

FLAGS = ["--cert-file=/p/s.crt", "--key-file=/p/s.key", "--trusted-ca-file=/p/ca.crt",
         "--peer-cert-file=/p/p.crt", "--peer-key-file=/p/p.key", "--peer-client-cert-auth=true",
         "--peer-trusted-ca-file=/p/ca.crt", "--listen-client-urls=https://10.0.0.5:2379",
         "--listen-peer-urls=https://10.0.0.5:2380"]
ENV_FROM = "    envFrom:\n    - configMapRef: {name: etcd-env}\n"
DATA = "data:\n  ETCD_CLIENT_CERT_AUTH: 'false'\n"

NO_CLIENT_CERT_AUTH = "ETCD002 --client-cert-auth is false: etcd accepts clients without a " \
    "certificate"
CLIENT_CERT_AUTH_NOT_SET = (
    "ETCD002 --client-cert-auth is not set (default false): etcd accepts clients without a "
    "certificate")
AUTO_TLS = "ETCD003 --auto-tls is true: etcd may serve clients with a self-signed certificate " \
    "no client can verify"


def configmap(namespace=None, data=DATA):
    """Lines 1-3 and ``data``'s (``ETCD_CLIENT_CERT_AUTH``'s value at 5:27)."""
    meta = f"{{name: etcd-env, namespace: {namespace}}}" if namespace else "{name: etcd-env}"
    return f"apiVersion: v1\nkind: ConfigMap\nmetadata: {meta}\n" + data


def pod(namespace=None, env=ENV_FROM):
    """Lines 1-18 (``- etcd`` on 9), then ``env``."""
    meta = f"{{name: etcd, namespace: {namespace}}}" if namespace else "{name: etcd}"
    return (f"apiVersion: v1\nkind: Pod\nmetadata: {meta}\nspec:\n  containers:\n"
            "  - name: etcd\n    image: registry.k8s.io/etcd:3.5.21-0\n    command:\n"
            + "".join(f"    - {f}\n" for f in ["etcd", *FLAGS]) + env)


def joined(*documents):
    return "---\n".join(documents)


def test_a_configmap_of_the_pods_namespace_is_read():
    assert messages(joined(configmap("etcd"), pod("etcd"))) == [f"5:27 {NO_CLIENT_CERT_AUTH}"]


def test_a_configmap_and_a_pod_both_without_a_namespace_are_in_the_same_one():
    assert messages(joined(configmap(), pod())) == [f"5:27 {NO_CLIENT_CERT_AUTH}"]


def test_a_configmap_of_another_namespace_is_not_read():
    # (the pod reads etcd/etcd-env, a ConfigMap of the cluster: envFrom is unknown)
    assert messages(joined(configmap("other"), pod("etcd"))) == []
    assert messages(joined(pod("etcd"), configmap("other"))) == []


def test_a_namespace_on_one_side_only_is_unknown():
    # (the deploy decides where the one without goes: the same namespace or not)
    assert messages(joined(configmap("etcd"), pod())) == []
    assert messages(joined(configmap(), pod("etcd"))) == []


def test_of_several_of_a_name_the_pods_namespace_is_read():
    other = configmap("etcd", DATA + "  ETCD_AUTO_TLS: 'true'\n")
    # (the pod's ConfigMap is lines 11-16, on either side of the one without a namespace)
    for first in (configmap(), configmap("other")):
        assert messages(joined(first, other, pod("etcd"))) == [
            f"11:27 {NO_CLIENT_CERT_AUTH}", f"12:19 {AUTO_TLS}"]
    # after the pod (its document located again at the end of the file)
    assert messages(joined(configmap(), pod("etcd"), other)) == [
        f"32:27 {NO_CLIENT_CERT_AUTH}", f"33:19 {AUTO_TLS}"]


def test_a_pod_template_is_in_its_workloads_namespace():
    def deployment(namespace_line):
        return ("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: etcd\n"
                + namespace_line + "spec:\n  template:\n    metadata: {namespace: other}\n"
                "    spec:\n      containers:\n      - name: etcd\n"
                "        image: registry.k8s.io/etcd:3.5.21-0\n"
                f"        command: [etcd, {', '.join(FLAGS)}]\n"
                "        envFrom:\n        - configMapRef: {name: etcd-env}\n")
    assert messages(joined(configmap("etcd"), deployment("  namespace: etcd\n"))) == \
        [f"5:27 {NO_CLIENT_CERT_AUTH}"]
    assert messages(joined(configmap("other"), deployment("  namespace: etcd\n"))) == []
    assert messages(joined(configmap(), deployment(""))) == [f"5:27 {NO_CLIENT_CERT_AUTH}"]


def key_ref(key, optional=""):
    return ("    env:\n    - name: ETCD_CLIENT_CERT_AUTH\n      valueFrom:\n"
            f"        configMapKeyRef: {{name: etcd-env, key: {key}{optional}}}\n")


def test_a_key_ref_reads_the_configmap_of_the_pods_namespace_only():
    ref = key_ref("ETCD_CLIENT_CERT_AUTH")
    assert messages(joined(configmap("etcd"), pod("etcd", ref))) == [
        f"5:27 {NO_CLIENT_CERT_AUTH}"]
    assert messages(joined(configmap("other"), pod("etcd", ref))) == []
    assert messages(joined(configmap("etcd"), pod(None, ref))) == []
    # (optional: true with the ConfigMap not known to be there is unknown too, not "not set")
    optional = key_ref("ETCD_CLIENT_CERT_AUTH", ", optional: true")
    assert messages(joined(configmap("other"), pod("etcd", optional))) == []


def test_a_configmap_without_data_has_no_variables():
    # (envFrom is read, and gives none: --client-cert-auth is not set, at the pod's ``- etcd``)
    for data in ("", "data:\n", "data: null\n", "data: {}\n", "binaryData: {x: eA==}\n"):
        lines = 3 + data.count("\n")
        assert messages(joined(configmap(None, data), pod())) == [
            f"{lines + 10}:7 {CLIENT_CERT_AUTH_NOT_SET}"], data


def test_a_key_ref_to_a_configmap_without_data():
    # optional: the variable is not set; else unknown (the kubelet would not start the pod)
    optional = key_ref("ETCD_CLIENT_CERT_AUTH", ", optional: true")
    assert messages(joined(configmap(None, ""), pod(None, optional))) == [
        f"13:7 {CLIENT_CERT_AUTH_NOT_SET}"]
    assert messages(joined(configmap(None, ""), pod(None, key_ref("ETCD_CLIENT_CERT_AUTH")))) \
        == []


def test_a_data_that_is_not_a_mapping_is_not_read():
    assert messages(joined(configmap(None, "data: [a, b]\n"), pod())) == []


def test_an_optional_env_from_the_file_lacks_stays_unknown():
    # (the cluster may have it; absent, the kubelet skips it)
    optional = "    envFrom:\n    - configMapRef: {name: etcd-env, optional: true}\n"
    assert messages(pod(env=optional)) == []
    assert messages(joined(configmap("other"), pod("etcd", optional))) == []


def test_an_env_from_secret_stays_unknown():
    secret = ("apiVersion: v1\nkind: Secret\nmetadata: {name: etcd-env}\n"
              "stringData: {ETCD_CLIENT_CERT_AUTH: 'false'}\n")
    env_from = "    envFrom:\n    - secretRef: {name: etcd-env}\n"
    assert messages(joined(secret, configmap(None, ""), pod(env=env_from))) == []


CONFIG_POD = ("apiVersion: v1\nkind: Pod\nmetadata: {name: etcd, namespace: etcd}\nspec:\n"
              "  containers:\n  - name: etcd\n    image: registry.k8s.io/etcd:3.5.21-0\n"
              "    command: [etcd, --config-file=/etc/etcd/etcd.yml]\n"
              "    volumeMounts:\n    - {name: config, mountPath: /etc/etcd}\n"
              "  volumes:\n  - name: config\n    configMap: {name: etcd-config}\n")


def test_a_mounted_config_file_is_read_from_the_pods_namespace():
    # (on one line: the ConfigMap alone is not taken for an etcd config file)
    def config(namespace):
        return ("apiVersion: v1\nkind: ConfigMap\n"
                f"metadata: {{name: etcd-config, namespace: {namespace}}}\n"
                "data:\n  etcd.yml: '{client-transport-security: {auto-tls: true}}'\n")
    found = messages(joined(config("etcd"), CONFIG_POD))
    # (the settings not set at the value's start, 5:15; auto-tls at its ``true``)
    assert [m[:12] for m in found] == ["5:15 ETCD001"] * 2 + [
        "5:15 ETCD002", "5:15 ETCD004", "5:15 ETCD004", "5:15 ETCD005", "5:15 ETCD007",
        "5:15 ETCD104", "5:15 ETCD105", "5:53 ETCD003"]
    assert found[-1] == "5:53 ETCD003 client-transport-security.auto-tls is true: etcd may " \
        "serve clients with a self-signed certificate no client can verify"
    assert messages(joined(config("other"), CONFIG_POD)) == []
