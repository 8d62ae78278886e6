"""``env[].valueFrom.configMapKeyRef`` read from a ConfigMap of the same file, as the kubelet
reads it (kubernetes ``pkg/kubelet/kubelet_pods.go``, ``makeEnvironmentVariables``): the key's
value from ``data``, placed where it is in the ConfigMap; a key the ConfigMap lacks is not set
when the reference is optional, and unknown when not (the container would not start); other
``valueFrom`` sources stay unknown."""

from conftest import fix, messages

from etcdlint.sources import FileContext
from etcdlint.sources.podspec import locate
from etcdlint.text.compose import compose_documents

SETTINGS = ("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: etcd-settings}\ndata:\n"
            "  autoTls: \"true\"\n  clientCertAuth: 'false'\n")
# Lines 1-6; the values start at 5:13 and 6:20 (inside their quotes).
FLAGS = ["--cert-file=/p/s.crt", "--key-file=/p/s.key", "--trusted-ca-file=/p/ca.crt",
         "--peer-cert-file=/p/p.crt", "--peer-key-file=/p/p.key", "--peer-client-cert-auth=true",
         "--peer-trusted-ca-file=/p/ca.crt", "--listen-client-urls=https://10.0.0.5:2379",
         "--listen-peer-urls=https://10.0.0.5:2380"]
HEAD = ("apiVersion: v1\nkind: Pod\nmetadata: {name: etcd}\nspec:\n  containers:\n"
        "  - name: etcd\n    image: registry.k8s.io/etcd:3.5.21-0\n    command:\n"
        + "".join(f"    - {f}\n" for f in ["etcd", *FLAGS]))
# Lines 1-18 (``- etcd`` on 9); ``env:`` is line 19, its items from line 20.


def ref(name, key, configmap="etcd-settings", kind="configMapKeyRef", extra=""):
    """An ``env`` item of three lines."""
    return (f"    - name: {name}\n      valueFrom:\n"
            f"        {kind}: {{name: {configmap}, key: {key}{extra}}}\n")


def etcd(*items, env_from=""):
    return HEAD + env_from + "    env:\n" + "".join(items)


POD = etcd(ref("ETCD_AUTO_TLS", "autoTls"), ref("ETCD_CLIENT_CERT_AUTH", "clientCertAuth"))

AUTO_TLS = "ETCD003 --auto-tls is true: etcd may serve clients with a self-signed certificate " \
    "no client can verify"
NO_CLIENT_CERT_AUTH = "ETCD002 --client-cert-auth is false: etcd accepts clients without a " \
    "certificate"
CLIENT_CERT_AUTH_NOT_SET = (
    "ETCD002 --client-cert-auth is not set (default false): etcd accepts clients without a "
    "certificate")


def joined(*documents):
    return "---\n".join(documents)


def test_a_configmap_before_the_pod():
    assert messages(joined(SETTINGS, POD)) == [f"5:13 {AUTO_TLS}", f"6:20 {NO_CLIENT_CERT_AUTH}"]


def test_a_configmap_after_the_pod():
    # (the pod: lines 1-25; the ConfigMap: 27-32)
    assert messages(joined(POD, SETTINGS)) == [f"31:13 {AUTO_TLS}",
                                               f"32:20 {NO_CLIENT_CERT_AUTH}"]


def test_fix_edits_the_values_in_the_configmap():
    # (as for ``envFrom``: auto-TLS cannot be removed there, so it is set to false)
    outcome = fix(joined(SETTINGS, POD))
    assert outcome.fixed.decode() == joined(
        SETTINGS.replace('"true"', '"false"').replace("'false'", "'true'"), POD)
    assert messages(outcome.fixed.decode()) == []


def test_an_optional_key_the_configmap_lacks_is_not_set():
    pod = etcd(ref("ETCD_CLIENT_CERT_AUTH", "clientCertAuthority", extra=", optional: true"))
    # (at the pod's ``- etcd``: 7 lines after the ConfigMap's)
    assert messages(joined(SETTINGS, pod)) == [f"16:7 {CLIENT_CERT_AUTH_NOT_SET}"]


def test_an_optional_key_the_configmap_lacks_leaves_an_earlier_value():
    earlier = "    - name: ETCD_CLIENT_CERT_AUTH\n      value: 'false'\n"
    pod = etcd(earlier, ref("ETCD_CLIENT_CERT_AUTH", "missing", extra=", optional: true"))
    assert messages(joined(SETTINGS, pod)) == [f"28:15 {NO_CLIENT_CERT_AUTH}"]


def test_a_key_the_configmap_lacks_is_unknown_when_not_optional():
    # (the kubelet would not start the container: CreateContainerConfigError)
    for extra in ("", ", optional: false", ", optional: 'true'"):
        pod = etcd(ref("ETCD_CLIENT_CERT_AUTH", "clientCertAuthority", extra=extra))
        assert messages(joined(SETTINGS, pod)) == [], extra


def test_binary_data_is_not_read():
    settings = SETTINGS + "binaryData:\n  clientCertAuthB64: ZmFsc2U=\n"
    pod = etcd(ref("ETCD_CLIENT_CERT_AUTH", "clientCertAuthB64", extra=", optional: true"))
    assert messages(joined(settings, pod)) == [f"18:7 {CLIENT_CERT_AUTH_NOT_SET}"]


def test_a_secret_stays_unknown_even_beside_a_configmap_of_its_name():
    secret = ("apiVersion: v1\nkind: Secret\nmetadata: {name: etcd-settings}\n"
              "stringData: {clientCertAuth: 'false'}\n")
    pod = etcd(ref("ETCD_CLIENT_CERT_AUTH", "clientCertAuth", kind="secretKeyRef"))
    assert messages(joined(SETTINGS, secret, pod)) == []


def test_a_configmap_not_in_the_file_stays_unknown():
    pod = etcd(ref("ETCD_CLIENT_CERT_AUTH", "clientCertAuth", configmap="elsewhere"))
    assert messages(joined(SETTINGS, pod)) == []


def test_field_ref_is_read_first():
    both = ("    - name: ETCD_CLIENT_CERT_AUTH\n      valueFrom:\n"
            "        fieldRef: {fieldPath: metadata.name}\n"
            "        configMapKeyRef: {name: etcd-settings, key: clientCertAuth}\n")
    assert messages(joined(SETTINGS, etcd(both))) == []


def test_env_overrides_env_from_and_later_entries_win():
    env_from = "    envFrom:\n    - configMapRef: {name: etcd-env}\n"
    env = ("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: etcd-env}\ndata:\n"
           "  ETCD_CLIENT_CERT_AUTH: 'true'\n  ETCD_AUTO_TLS: 'true'\n")
    plain = "    - name: ETCD_AUTO_TLS\n      value: 'false'\n"
    pod = etcd(ref("ETCD_CLIENT_CERT_AUTH", "clientCertAuth"), ref("ETCD_AUTO_TLS", "autoTls"),
               plain, env_from=env_from)
    # the ConfigMap's clientCertAuth replaces envFrom's ETCD_CLIENT_CERT_AUTH; the plain
    # ETCD_AUTO_TLS after the reference replaces both
    assert messages(joined(env, SETTINGS, pod)) == [f"13:20 {NO_CLIENT_CERT_AUTH}"]


def test_a_command_line_reference_reads_the_value():
    pod = etcd(ref("AUTH", "clientCertAuth")).replace(
        "    - --trusted-ca-file", "    - --client-cert-auth=$(AUTH)\n    - --trusted-ca-file")
    # (at the reference, line 12 of the pod, where the value is put)
    assert messages(joined(SETTINGS, pod)) == [f"19:26 {NO_CLIENT_CERT_AUTH}"]


def test_a_later_unknown_value_replaces_an_earlier_one_on_the_command_line():
    earlier = "    - name: AUTH\n      value: 'false'\n"
    pod = etcd(earlier, ref("AUTH", "clientCertAuth", kind="secretKeyRef")).replace(
        "    - --trusted-ca-file", "    - --client-cert-auth=$(AUTH)\n    - --trusted-ca-file")
    assert messages(pod) == []


class _Lookups(dict):
    """ConfigMaps ((namespace, name) -> ``data``), recording the keys looked up."""

    def __init__(self, *args):
        super().__init__(*args)
        self.looked = []

    def get(self, key, default=None):
        self.looked.append(key)
        return super().get(key, default)


def _lookups(text):
    """The ConfigMaps the pod spec adapter looks up for the last document of ``text``."""
    documents, failure = compose_documents(text)
    assert failure is None
    configmaps = _Lookups({(None, "etcd-settings"): documents[0].value[-1][1]})
    ctx = FileContext("m.yaml", text, documents, configmaps)
    list(locate(documents[-1], ctx))
    return configmaps.looked


APP = ("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: app}\nspec:\n  template:\n"
       "    spec:\n      containers:\n      - name: app\n        image: nginx:1.27\n"
       "        command: [nginx, -g, daemon off;]\n"
       "        env:\n        - name: LEVEL\n          valueFrom:\n"
       "            configMapKeyRef: {name: etcd-settings, key: autoTls}\n")


def test_the_configmap_is_looked_up_only_when_it_can_matter():
    # (a lookup keeps the document until the end of the file, where it is located again)
    assert _lookups(joined(SETTINGS, POD)) == [(None, "etcd-settings")] * 2
    assert _lookups(joined(SETTINGS, APP)) == []
    reads = APP.replace("daemon off;]", "daemon off;, $(LEVEL)]")
    assert _lookups(joined(SETTINGS, reads)) == [(None, "etcd-settings")]


def test_fix_in_a_flow_mapping_sets_the_value():
    settings = ("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: etcd-settings}\n"
                "data: {clientCertAuth: 'true', autoTls: \"true\"}\n")
    # (the key is never removed alone: ``, autoTls`` would leave its value behind)
    assert messages(joined(settings, POD)) == [f"4:42 {AUTO_TLS}"]
    outcome = fix(joined(settings, POD))
    assert outcome.fixed.decode() == joined(settings.replace('"true"', '"false"'), POD)
