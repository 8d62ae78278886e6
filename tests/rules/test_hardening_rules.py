"""Rules beyond CIS (ETCD1nn) and configuration errors (ETCD2nn): positions and messages."""

import pytest

from conftest import BASE, codes, etcd_pod, lint_files, messages, pod


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


def test_plaintext_messages_and_severity():
    text = etcd_pod("--advertise-client-urls=http://10.0.0.5:2379,http://localhost:2379")
    assert messages(text) == [
        "21:31 ETCD104 --advertise-client-urls has http://10.0.0.5:2379: etcd serves clients "
        "without TLS (--cert-file, --key-file and --client-cert-auth are ignored on it)",
        "21:52 ETCD104 --advertise-client-urls has http://localhost:2379: etcd serves clients "
        "without TLS (--cert-file, --key-file and --client-cert-auth are ignored on it) "
        "(local only)"]


def test_cert_auth_without_ca():
    base = [f for f in BASE if "trusted-ca" not in f]
    assert codes(etcd_pod(base=base)) == ["10:7 ETCD007", "13:26 ETCD110", "16:31 ETCD110"]


def test_unknown_flag_suggests_the_closest():
    assert messages(etcd_pod("--peer-client-cert-aut=true"))[0] == (
        "21:9 ETCD204 etcd has no flag --peer-client-cert-aut: it refuses to start (flag "
        "provided but not defined); did you mean --peer-client-cert-auth?")


def test_invalid_boolean_in_env():
    text = etcd_pod() + "    env:\n    - name: ETCD_AUTO_TLS\n      value: 'on'\n"
    assert messages(text) == [
        "23:15 ETCD205 ETCD_AUTO_TLS='on' is not a boolean etcd accepts (1, t, T, TRUE, true, "
        "True, 0, f, F, FALSE, false, False): etcd refuses to start"]


def test_duplicate_message_points_at_the_overridden_one():
    assert messages(etcd_pod("--client-cert-auth=false"))[0] == (
        "13:7 ETCD207 --client-cert-auth=true has no effect: a later --client-cert-auth=false "
        "wins")


def env_conflict(image):
    text = etcd_pod(image=image) + "    env:\n    - {name: ETCD_CERT_FILE, value: /p/s.crt}\n"
    return [(f"{d.start.line}:{d.start.column}", d.diagnostic.rule, d.diagnostic.severity,
             d.diagnostic.message) for d in lint_files({"m.yaml": text}).diagnostics]


CONFLICT = "ETCD_CERT_FILE is set and --cert-file is on the command line: "
SHADOWED = "(conflicting environment variable is shadowed by corresponding command-line flag)"


def test_flag_and_env_conflict():
    # etcd 3.4 and later: pkg/flags verifyEnv exits
    assert env_conflict("registry.k8s.io/etcd:3.5.21-0") == [
        ("22:14", "ETCD208", "error", CONFLICT + "etcd 3.5 exits at start-up " + SHADOWED)]
    assert env_conflict("quay.io/coreos/etcd:v3.4.0") == [
        ("22:14", "ETCD208", "error", CONFLICT + "etcd 3.4 exits at start-up " + SHADOWED)]


def test_flag_and_env_conflict_before_etcd_3_4_is_a_warning():
    # etcd 3.3 and earlier only log that the variable is shadowed: the flag wins
    assert env_conflict("quay.io/coreos/etcd:v3.3.25") == [
        ("22:14", "ETCD208", "warning", CONFLICT + "etcd 3.3 ignores the variable (the flag wins);"
         " etcd 3.4 and later exit at start-up")]
    assert env_conflict("quay.io/coreos/etcd:v2.3.8") == [
        ("22:14", "ETCD208", "warning", CONFLICT + "etcd 2.3 ignores the variable (the flag wins);"
         " etcd 3.4 and later exit at start-up")]


def test_flag_and_env_conflict_of_an_unknown_version():
    assert env_conflict("example.com/tools/etcd-server") == [
        ("22:14", "ETCD208", "error", CONFLICT + "etcd 3.4 and later exit at start-up " + SHADOWED
         + "; 3.3 and earlier ignore the variable")]


def test_kubeadm_extra_envs_conflict_with_kubeadm_flags():
    text = ("apiVersion: kubeadm.k8s.io/v1beta4\nkind: ClusterConfiguration\netcd:\n  local:\n"
            "    extraEnvs:\n    - name: ETCD_CLIENT_CERT_AUTH\n      value: \"true\"\n")
    assert codes(text) == ["6:13 ETCD208"]
    # kubeadm's imageTag tells the version: etcd 3.3 only ignores the variable
    old_etcd = text.replace("  local:\n", "  local:\n    imageTag: 3.3.15-0\n")
    assert [(d.diagnostic.rule, d.diagnostic.severity, d.diagnostic.message)
            for d in lint_files({"m.yaml": old_etcd}).diagnostics] == [
        ("ETCD208", "warning", "ETCD_CLIENT_CERT_AUTH is set and --client-cert-auth is on the "
         "command line: etcd 3.3 ignores the variable (the flag wins); etcd 3.4 and later exit "
         "at start-up")]


@pytest.mark.parametrize("image,expected", [
    ("registry.k8s.io/etcd:3.5.21-0", []),
    ("registry.k8s.io/etcd:3.6.5-0", ["21:9 ETCD210", "22:9 ETCD210"]),
    ("quay.io/coreos/etcd:v3.7.1", ["21:9 ETCD210", "22:9 ETCD210"]),
    ("quay.io/coreos/etcd:latest", []),
])
def test_removed_flags_by_image_version(image, expected):
    text = etcd_pod("--enable-v2=false", "--experimental-initial-corrupt-check=true", image=image)
    found = codes(text)
    assert [c for c in found if c.endswith("ETCD210")] == expected


def test_removed_flag_messages():
    text = etcd_pod("--experimental-initial-corrupt-check=true", image="registry.k8s.io/etcd:3.6.5-0")
    result = messages(text)
    assert result == [
        "21:9 ETCD210 --experimental-initial-corrupt-check is deprecated in etcd 3.6 and removed "
        "in 3.7: use --feature-gates=InitialCorruptCheck=true"]
    text = etcd_pod("--experimental-initial-corrupt-check=true", image="registry.k8s.io/etcd:3.7.0-0")
    assert messages(text) == [
        "21:9 ETCD210 --experimental-initial-corrupt-check was removed in etcd 3.7 and this is "
        "etcd 3.7: it refuses to start; use --feature-gates=InitialCorruptCheck=true"]


def test_removed_flag_by_kubeadm_image_tag():
    text = ("apiVersion: kubeadm.k8s.io/v1beta3\nkind: ClusterConfiguration\netcd:\n  local:\n"
            "    imageTag: 3.6.4-0\n    extraArgs:\n      enable-v2: \"false\"\n")
    assert codes(text) == ["7:7 ETCD210"]


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


def test_etcd209_says_what_etcd_runs_on_instead():
    alone = pod("    command:\n    - etcd\n    - --config=/etc/etcd/etcd.conf.yml\n")
    assert [m for m in messages(alone) if "ETCD209" in m] == [
        "11:9 ETCD209 etcd silently ignores --config: etcd then runs on its defaults (plaintext "
        "on localhost, no authentication); the flag is --config-file"]
    with_flags = alone + "    - --cert-file=/etc/etcd/server.crt\n"
    assert [m for m in messages(with_flags) if "ETCD209" in m] == [
        "11:9 ETCD209 etcd silently ignores --config: the file it names is never read, etcd runs "
        "on the rest of its command line; the flag is --config-file"]
