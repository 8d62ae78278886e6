"""Rules beyond CIS (ETCD1nn) and configuration errors (ETCD2nn) where a case involves several
rules or a source format; the cases of one rule are in its ``test_etcdNNN_*.py``."""

import pytest

from conftest import BASE, codes, etcd_pod, messages


def test_base_is_clean():
    assert codes(etcd_pod()) == []


def test_missing_listen_urls_are_etcd_defaults():
    base = [f for f in BASE if not f.startswith("--listen-")]
    assert messages(etcd_pod(base=base)) == [
        "10:7 ETCD104 --listen-client-urls is not set: etcd serves clients on its default "
        "http://localhost:2379, without TLS (--cert-file, --key-file and --client-cert-auth are "
        "ignored on it)",
        "10:7 ETCD105 --listen-peer-urls is not set: etcd talks to its peers on its default "
        "http://localhost:2380, without TLS (--peer-cert-file, --peer-key-file and "
        "--peer-client-cert-auth are ignored on it)"]


def test_config_file_hardening():
    text = ("listen-client-urls: http://0.0.0.0:2379\n"
            "listen-peer-urls: https://10.0.0.5:2380\n"
            "enable-pprof: yes\n"
            "cipher-suites: [TLS_RSA_WITH_RC4_128_SHA]\n"
            "client-transport-security:\n  cert-file: /c\n  key-file: /k\n  client-cert-auth: true\n"
            "  trusted-ca-file: /ca\n"
            "peer-transport-security:\n  cert-file: /c\n  key-file: /k\n  client-cert-auth: true\n"
            "  trusted-ca-file: /ca\n  skip-client-san-verification: true\n")
    assert codes(text) == ["1:21 ETCD104", "3:15 ETCD111", "4:16 ETCD108", "15:33 ETCD109"]


def test_k3s_effective_etcd_args_are_judged():
    text = ('cluster-init: true\netcd-arg:\n  - "listen-metrics-urls=http://0.0.0.0:2381"\n'
            '  - "enable-pprof=true"\n')
    assert codes(text) == ["3:26 ETCD106", "4:19 ETCD111"]


def test_talos_extra_args_are_judged():
    text = ("version: v1alpha1\nmachine: {type: controlplane}\ncluster:\n  etcd:\n"
            "    extraArgs:\n      listen-metrics-urls: http://0.0.0.0:2381\n"
            "      enable-pprof: \"yes\"\n")
    assert codes(text) == ["6:28 ETCD106", "7:22 ETCD205"]


APISERVER = ("kind: Pod\nmetadata: {name: kube-apiserver}\nspec:\n  containers:\n  - command:\n"
             "    - kube-apiserver\n    - --client-ca-file=/pki/ca.crt\n")


def test_apiserver_etcd_client_side():
    secure = APISERVER + ("    - --etcd-servers=https://10.0.0.5:2379\n"
                          "    - --etcd-cafile=/pki/etcd/ca.crt\n"
                          "    - --etcd-certfile=/pki/apiserver-etcd-client.crt\n"
                          "    - --etcd-keyfile=/pki/apiserver-etcd-client.key\n")
    assert codes(secure) == []
    insecure = APISERVER + "    - --etcd-servers=https://10.0.0.5:2379,http://10.0.0.6:2379\n"
    assert codes(insecure) == ["6:7 ETCD102", "6:7 ETCD103", "8:44 ETCD101"]


def test_apiserver_without_etcd_servers_is_not_judged():
    assert codes(APISERVER) == []


@pytest.mark.parametrize("url,expected", [
    ("http://127.0.0.1:2381", "local"), ("http://127.9.8.7:2381", "local"),
    ("http://localhost:2379", "local"), ("http://[::1]:2379", "local"),
    ("http://[0:0:0:0:0:0:0:1]:2379", "local"), ("unix://etcd.sock:0", "local"),
    ("http://10.0.0.5:2379", "network"), ("http://[fe80::1]:2379", "network"),
    ("http://0.0.0.0:2381", "network"), ("http://etcd-0.etcd:2380", "network"),
    ("https://10.0.0.5:2379", None), ("unixs://etcd.sock:0", None),
])
def test_plaintext_url_classes(url, expected):
    from etcdlint.rules.urls import plaintext
    assert plaintext(url) == expected
