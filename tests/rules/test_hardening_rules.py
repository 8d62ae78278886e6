"""Rules beyond CIS (ETCD1nn) and configuration errors (ETCD2nn): positions and messages."""

import pytest

from conftest import BASE, codes, etcd_pod, messages


def test_base_is_clean():
    assert codes(etcd_pod()) == []


CASES = [
    # plaintext listeners: errors on the network, warnings on loopback
    ("client url http", ["--advertise-client-urls=https://a:2379,http://10.0.0.5:2379"],
     ["21:46 ETCD104"]),
    ("client url loopback", ["--listen-client-http-urls=http://127.0.0.1:2382"], ["21:33 ETCD104"]),
    ("unix socket is local", ["--listen-client-http-urls=unix://etcd.sock"], ["21:33 ETCD104"]),
    ("peer url http", ["--initial-advertise-peer-urls=http://10.0.0.5:2380"], ["21:37 ETCD105"]),
    ("metrics on the network", ["--listen-metrics-urls=http://0.0.0.0:2381"], ["21:29 ETCD106"]),
    ("metrics on loopback", ["--listen-metrics-urls=http://127.0.0.1:2381"], []),
    ("metrics over https", ["--listen-metrics-urls=https://0.0.0.0:2381"], []),
    ("tls 1.1", ["--tls-min-version=TLS1.1"], ["21:25 ETCD107"]),
    ("tls 1.3", ["--tls-min-version=TLS1.3"], []),
    ("insecure suite", ["--cipher-suites=TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,"
                        "TLS_RSA_WITH_3DES_EDE_CBC_SHA"], ["21:61 ETCD108"]),
    ("secure suites", ["--cipher-suites=TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"], []),
    ("san skip", ["--experimental-peer-skip-client-san-verification=true"], ["21:56 ETCD109"]),
    ("san skip 3.6 name", ["--peer-skip-client-san-verification"], ["21:7 ETCD109"]),
    ("pprof", ["--enable-pprof"], ["21:7 ETCD111"]),
    ("pprof off", ["--enable-pprof=false"], []),
    ("simple token", ["--auth-token=simple"], ["21:20 ETCD112"]),
    ("jwt token", ["--auth-token=jwt,pub-key=/k.pub,priv-key=/k,sign-method=RS256"], []),
    # configuration errors
    ("unknown flag", ["--client-cert-auht=true"], ["21:9 ETCD204"]),
    ("invalid bool", ["--auto-tls=yes"], ["21:18 ETCD205"]),
    ("empty bool", ["--auto-tls="], ["21:18 ETCD205"]),
    ("stray word", ["--auto-tls", '"false"'], ["21:7 ETCD003", "22:7 ETCD206"]),
    ("stray yaml boolean", ["--auto-tls", "false"], ["21:7 ETCD003", "22:7 ETCD203", "22:7 ETCD206"]),
    ("bad syntax", ["---auto-tls"], ["21:7 ETCD206"]),
    ("missing value", ["--name"], ["21:7 ETCD206"]),
    ("after terminator", ["--", "--auto-tls"], ["22:7 ETCD206"]),
    ("duplicate", ["--peer-client-cert-auth=1"], ["17:7 ETCD207"]),
    ("config instead of config-file", ["--config=/etc/etcd.yml"], ["21:9 ETCD209"]),
    ("cipher suites with tls 1.3", ["--tls-min-version=TLS1.3",
                                    "--cipher-suites=TLS_AES_128_GCM_SHA256"], ["22:7 ETCD211"]),
    ("max below min", ["--tls-min-version=TLS1.3", "--tls-max-version=TLS1.2"], ["22:25 ETCD211"]),
]


@pytest.mark.parametrize("name,extra,expected", CASES, ids=[c[0] for c in CASES])
def test_rule_positions(name, extra, expected):
    assert codes(etcd_pod(*extra)) == expected


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
