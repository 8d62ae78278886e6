"""ETCD101 on the per-resource etcd servers of kube-apiserver's --etcd-servers-overrides."""

from conftest import codes, lint_files, messages

APISERVER = ("kind: Pod\nmetadata: {name: kube-apiserver}\nspec:\n  containers:\n  - command:\n"
             "    - kube-apiserver\n    - --client-ca-file=/pki/ca.crt\n"
             "    - --etcd-servers=https://10.0.0.5:2379\n"
             "    - --etcd-cafile=/pki/etcd/ca.crt\n"
             "    - --etcd-certfile=/pki/apiserver-etcd-client.crt\n"
             "    - --etcd-keyfile=/pki/apiserver-etcd-client.key\n")


def test_plaintext_override_is_reported_at_its_url():
    text = APISERVER + "    - --etcd-servers-overrides=/events#http://10.0.0.9:2379\n"
    # `    - --etcd-servers-overrides=/events#` is 39 characters wide
    assert messages(text) == [
        "12:40 ETCD101 --etcd-servers-overrides has http://10.0.0.9:2379 (for /events): the API "
        "server talks to etcd without TLS"]


def test_every_server_of_every_override_is_checked():
    text = APISERVER + ("    - --etcd-servers-overrides=/pods#https://10.0.0.7:2379;http://10.0.0.8:2379"
                        ",apps/deployments#http://127.0.0.1:2379\n")
    result = lint_files({"m.yaml": text})
    assert [(f"{d.start.line}:{d.start.column}", d.diagnostic.rule, d.diagnostic.severity)
            for d in result.diagnostics] == [
        ("12:60", "ETCD101", "error"), ("12:98", "ETCD101", "warning")]


def test_tls_overrides_are_clean():
    text = APISERVER + "    - --etcd-servers-overrides=/events#https://10.0.0.9:2379;unixs://e:0\n"
    assert codes(text) == []


def test_an_override_kube_apiserver_refuses_is_not_judged():
    # no '#', two '#', a resource without '/', an empty server: kube-apiserver refuses the
    # whole flag ("--etcd-servers-overrides invalid"), so no URL of it is ever dialled
    for value in ("http://10.0.0.9:2379", "/events#http://a:1#x", "events#http://a:2379",
                  "/events#http://a:2379;", "/events#http://a:2379,/pods"):
        assert codes(APISERVER + f"    - --etcd-servers-overrides={value}\n") == [], value


def test_templated_override_is_not_judged():
    text = APISERVER + "    - --etcd-servers-overrides=/events#{{ .Values.eventsEtcd }}\n"
    assert codes(text, "templates/apiserver.yaml") == []


def test_kubeadm_extra_args_override():
    text = ("apiVersion: kubeadm.k8s.io/v1beta3\nkind: ClusterConfiguration\n"
            "apiServer:\n  extraArgs:\n"
            "    etcd-servers-overrides: \"/events#http://10.0.0.9:2379\"\n")
    # `    etcd-servers-overrides: "/events#` is 37 characters wide
    assert codes(text) == ["5:38 ETCD101"]
