"""https:// listeners: auto TLS serves a self-signed certificate; without certificate files
and without auto TLS etcd refuses to start (ETCD213), and no fix may lead there."""

import pytest

from conftest import codes, messages, pod
from etcdlint.engine.lint import LintOptions, lint_file
from etcdlint.fixing.run import fix_bytes


def command_pod(flags):
    # header lines 1-8, ``command:`` line 9, ``- etcd`` line 10, flag i on line 11 + i
    return pod("    command:\n" + "".join(f"    - {f}\n" for f in ["etcd"] + list(flags)))


CLIENT_TLS = ["--client-cert-auth=true", "--trusted-ca-file=/p/ca.crt"]
PEER_TLS = ["--peer-cert-file=/p/peer.crt", "--peer-key-file=/p/peer.key",
            "--peer-client-cert-auth=true", "--peer-trusted-ca-file=/p/ca.crt",
            "--listen-peer-urls=https://10.0.0.5:2380"]
CLIENT_FILES = ["--cert-file=/p/server.crt", "--key-file=/p/server.key"]


def test_client_auto_tls_on_https_says_self_signed():
    text = command_pod(["--listen-client-urls=https://10.0.0.5:2379", "--auto-tls"]
                       + CLIENT_TLS + PEER_TLS)
    assert messages(text) == [
        "10:7 ETCD001 --cert-file is not set: etcd serves its https:// client URLs with the "
        "self-signed certificate --auto-tls generates, which no client can verify",
        "10:7 ETCD001 --key-file is not set: etcd serves its https:// client URLs with the "
        "self-signed certificate --auto-tls generates, which no client can verify",
        # auto TLS replaces the whole client TLS configuration, --client-cert-auth included
        "12:7 ETCD002 --client-cert-auth is true, but --auto-tls replaces etcd's client TLS "
        "settings with its self-signed certificate, and --client-cert-auth and "
        "--trusted-ca-file with them: etcd accepts clients without a certificate",
        "12:7 ETCD003 --auto-tls is set: etcd may serve clients with a self-signed certificate "
        "no client can verify; no fix: set --cert-file and --key-file first (without "
        "--auto-tls, etcd would refuse to start: --listen-client-urls has "
        "https://10.0.0.5:2379, ETCD213)",
    ]


def test_peer_auto_tls_on_https_says_self_signed():
    text = command_pod(CLIENT_FILES + CLIENT_TLS
                       + ["--listen-client-urls=https://10.0.0.5:2379",
                          "--listen-peer-urls=https://10.0.0.5:2380", "--peer-auto-tls",
                          "--peer-client-cert-auth=true", "--peer-trusted-ca-file=/p/ca.crt"])
    assert messages(text) == [
        "10:7 ETCD004 --peer-cert-file is not set: etcd members talk TLS with the self-signed "
        "certificates --peer-auto-tls generates, which they cannot verify",
        "10:7 ETCD004 --peer-key-file is not set: etcd members talk TLS with the self-signed "
        "certificates --peer-auto-tls generates, which they cannot verify",
        "17:7 ETCD005 --peer-client-cert-auth is true, but --peer-auto-tls replaces etcd's peer "
        "TLS settings with its self-signed certificate, and --peer-client-cert-auth and "
        "--peer-trusted-ca-file with them: etcd accepts peers without a certificate",
        "17:7 ETCD006 --peer-auto-tls is set: etcd members may use self-signed certificates "
        "they cannot verify; no fix: set --peer-cert-file and --peer-key-file first (without "
        "--peer-auto-tls, etcd would refuse to start: --listen-peer-urls has "
        "https://10.0.0.5:2380, ETCD213)",
    ]


def test_auto_tls_on_http_listeners_is_still_plaintext():
    # etcd ignores auto TLS on http:// listeners: the message stays "without TLS"
    text = command_pod(["--listen-client-urls=http://10.0.0.5:2379", "--auto-tls"]
                       + CLIENT_TLS + PEER_TLS)
    assert [m for m in messages(text) if "ETCD001" in m] == [
        "10:7 ETCD001 --cert-file is not set: etcd serves its clients without TLS",
        "10:7 ETCD001 --key-file is not set: etcd serves its clients without TLS",
    ]


def test_https_client_url_without_certificate_is_refused():
    text = command_pod(["--listen-client-urls=http://127.0.0.1:2379,https://10.0.0.5:2379"]
                       + CLIENT_TLS + PEER_TLS)
    # `    - --listen-client-urls=http://127.0.0.1:2379,` -> the https URL at column 50
    assert messages(text) == [
        "10:7 ETCD001 --cert-file is not set: etcd refuses to start with an https:// client URL "
        "without it",
        "10:7 ETCD001 --key-file is not set: etcd refuses to start with an https:// client URL "
        "without it",
        "11:28 ETCD104 --listen-client-urls has http://127.0.0.1:2379: etcd serves clients "
        "without TLS (--client-cert-auth is ignored on it) (local only)",
        "11:50 ETCD213 --listen-client-urls has https://10.0.0.5:2379, but --cert-file and "
        "--key-file are not set and --auto-tls is off: etcd refuses to start (TLS key/cert "
        "(--cert-file, --key-file) must be provided for client url https://10.0.0.5:2379 with "
        "HTTPS scheme)",
    ]


def test_https_peer_url_without_certificate_is_refused():
    text = command_pod(CLIENT_FILES + CLIENT_TLS
                       + ["--listen-client-urls=https://10.0.0.5:2379",
                          "--listen-peer-urls=https://10.0.0.5:2380",
                          "--peer-client-cert-auth=true", "--peer-trusted-ca-file=/p/ca.crt"])
    assert [m for m in messages(text) if "ETCD213" in m] == [
        "16:26 ETCD213 --listen-peer-urls has https://10.0.0.5:2380, but --peer-cert-file and "
        "--peer-key-file are not set and --peer-auto-tls is off: etcd refuses to start (cannot "
        "listen on TLS for 10.0.0.5:2380: KeyFile and CertFile are not presented)",
    ]


def test_https_listener_with_half_a_certificate_is_refused():
    text = command_pod(["--listen-client-urls=https://10.0.0.5:2379",
                        "--cert-file=/p/server.crt", "--auto-tls"] + CLIENT_TLS + PEER_TLS)
    assert [m for m in messages(text) if "ETCD001" in m or "ETCD213" in m] == [
        "10:7 ETCD001 --key-file is not set: etcd refuses to start with an https:// client URL "
        "without it",
        "11:28 ETCD213 --listen-client-urls has https://10.0.0.5:2379, but --key-file is not "
        "set: etcd refuses to start (KeyFile and CertFile must both be present[key: , cert: "
        "/p/server.crt])",
    ]
    peer = command_pod(CLIENT_FILES + CLIENT_TLS
                       + ["--listen-client-urls=https://10.0.0.5:2379",
                          "--listen-peer-urls=https://10.0.0.5:2380",
                          "--peer-key-file=/p/peer.key", "--peer-client-cert-auth=true",
                          "--peer-trusted-ca-file=/p/ca.crt"])
    assert [m for m in messages(peer) if "ETCD004" in m or "ETCD213" in m] == [
        "10:7 ETCD004 --peer-cert-file is not set: etcd refuses to start with an https:// peer "
        "URL without it",
        "16:26 ETCD213 --listen-peer-urls has https://10.0.0.5:2380, but --peer-cert-file is not "
        "set: etcd refuses to start (KeyFile and CertFile must both be present[key: /p/peer.key, "
        "cert: ])",
    ]


def test_https_metrics_url_without_client_certificate_is_refused():
    text = command_pod(["--listen-client-urls=http://127.0.0.1:2379",
                        "--listen-metrics-urls=https://10.0.0.5:2381"] + CLIENT_TLS + PEER_TLS)
    assert [m for m in messages(text) if "ETCD213" in m] == [
        "12:29 ETCD213 --listen-metrics-urls has https://10.0.0.5:2381, but --cert-file and "
        "--key-file are not set and --auto-tls is off: etcd refuses to start (client TLS "
        "key/cert (--cert-file, --key-file) must be provided for metrics secure url)",
    ]


CASES = [
    ("certificate files", CLIENT_FILES, []),
    # one of the two files: auto TLS is ignored, and TLS needs both
    ("key file only", ["--key-file=/p/server.key"], ["10:7 ETCD001", "11:28 ETCD213"]),
    ("key file only, auto TLS", ["--key-file=/p/server.key", "--auto-tls"],
     ["10:7 ETCD001", "11:28 ETCD213", "13:7 ETCD003"]),
    ("auto TLS", ["--auto-tls"],
     ["10:7 ETCD001", "10:7 ETCD001", "12:7 ETCD002", "12:7 ETCD003"]),
    ("auto TLS false", ["--auto-tls=false"], ["10:7 ETCD001", "10:7 ETCD001", "11:28 ETCD213"]),
    ("auto TLS invalid", ["--auto-tls=yes"], ["10:7 ETCD001", "10:7 ETCD001", "12:18 ETCD205"]),
    # an undefined $(VAR) stays as written: a certificate file, without its key
    ("cert file literal $(VAR)", ["--cert-file=$(CERT)", "--key-file="],
     ["11:28 ETCD213", "13:7 ETCD001"]),
    ("unix socket with TLS", [], ["10:7 ETCD001", "10:7 ETCD001", "11:28 ETCD213"]),
]


@pytest.mark.parametrize("name,flags,expected", CASES, ids=[c[0] for c in CASES])
def test_client_listener_cases(name, flags, expected):
    url = "unixs://etcd.sock" if name == "unix socket with TLS" else "https://10.0.0.5:2379"
    text = command_pod([f"--listen-client-urls={url}"] + flags + CLIENT_TLS + PEER_TLS)
    assert codes(text) == expected


def test_certificate_files_etcdlint_cannot_know_are_not_judged():
    text = (command_pod(["--listen-client-urls=https://10.0.0.5:2379"] + CLIENT_TLS + PEER_TLS)
            + "    env:\n"
            "    - name: ETCD_CERT_FILE\n      valueFrom: {secretKeyRef: {name: s, key: c}}\n"
            "    - name: ETCD_KEY_FILE\n      valueFrom: {secretKeyRef: {name: s, key: k}}\n")
    assert codes(text) == []


def test_env_and_config_file_listeners():
    # an etcd image without command or args: etcd reads only ETCD_* variables
    text = pod("    env:\n"
               "    - {name: ETCD_LISTEN_CLIENT_URLS, value: 'https://10.0.0.5:2379'}\n")
    assert "10:47 ETCD213" in codes(text)
    config_file = ("listen-client-urls: https://10.0.0.5:2379\n"
                   "client-transport-security:\n"
                   "  client-cert-auth: true\n"
                   "  trusted-ca-file: /p/ca.crt\n")
    assert "1:21 ETCD213" in codes(config_file, path="etcd.conf.yml")
    with_auto = config_file + "  auto-tls: true\n"
    assert "ETCD213" not in " ".join(codes(with_auto, path="etcd.conf.yml"))


# --- fixes ------------------------------------------------------------------------------------

AUTO_TLS_ONLY = command_pod(["--listen-client-urls=https://10.0.0.5:2379", "--auto-tls"]
                            + CLIENT_TLS + PEER_TLS)


@pytest.mark.parametrize("options", [
    LintOptions(),
    LintOptions(select=("ETCD003",)),  # ETCD213 not selected: still a reason to refuse
    LintOptions(ignore=("ETCD2",)),
], ids=["all rules", "select ETCD003", "ignore ETCD2"])
def test_removing_auto_tls_that_serves_https_is_not_offered(options):
    data = AUTO_TLS_ONLY.encode()
    found = [d for d in lint_file("m.yaml", data, options).diagnostics if d.rule == "ETCD003"]
    assert [(d.fix, d.message.partition("; ")[2]) for d in found] == [(None, WITHHELD_003)]
    outcome = fix_bytes("m.yaml", data, options, ("safe",))
    assert (outcome.fixed, outcome.applied, outcome.refused) == (data, [], [])


WITHHELD_003 = ("no fix: set --cert-file and --key-file first (without --auto-tls, etcd would "
                "refuse to start: --listen-client-urls has https://10.0.0.5:2379, ETCD213)")


@pytest.mark.parametrize("options", [
    LintOptions(),
    LintOptions(select=("ETCD003",)),  # ETCD213 not selected: still a reason to refuse
    LintOptions(ignore=("ETCD2",)),
], ids=["all rules", "select ETCD003", "ignore ETCD2"])
def test_removing_auto_tls_that_serves_https_is_refused(options, unpredicted):
    # were the fix offered all the same, --fix would refuse it
    data = AUTO_TLS_ONLY.encode()
    outcome = fix_bytes("m.yaml", data, options, ("safe",))
    assert outcome.fixed == data
    # the new finding's message when the run reports ETCD213, else its rule's title
    reported = options.select is None and not options.ignore
    assert [(d.rule, reason) for d, reason, _, _ in outcome.refused] == [
        ("ETCD003", ADDS_213 if reported else ADDS_UNREPORTED_213)]


ADDS_213 = ("it would add ETCD213 (--listen-client-urls has https://10.0.0.5:2379, but "
            "--cert-file and --key-file are not set and --auto-tls is off: etcd refuses to start "
            "(TLS key/cert (--cert-file, --key-file) must be provided for client url "
            "https://10.0.0.5:2379 with HTTPS scheme))")
ADDS_UNREPORTED_213 = ("it would add ETCD213 (An https:// listener without a certificate (etcd "
                       "refuses to start))")


def test_cli_explains_the_refused_auto_tls_fix(cli, tmp_path, unpredicted):
    (tmp_path / "etcd.yaml").write_text(AUTO_TLS_ONLY)
    run = cli("--fix", "--select", "ETCD003", "etcd.yaml", cwd=tmp_path)
    assert run.code == 1
    assert run.err == f"etcdlint: etcd.yaml:12:7: ETCD003 fix not applied: {ADDS_UNREPORTED_213}\n"
    assert (tmp_path / "etcd.yaml").read_text() == AUTO_TLS_ONLY


def test_removing_auto_tls_together_with_inferred_certificates_is_applied():
    # with kubeadm's layout the unsafe certificate fix comes along: etcd then starts
    text = command_pod(["--listen-client-urls=https://10.0.0.5:2379", "--auto-tls",
                        "--client-cert-auth=true",
                        "--trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt"] + PEER_TLS)
    outcome = fix_bytes("m.yaml", text.encode(), LintOptions(), ("safe", "unsafe"))
    # both files in one round (two insertions at one point stack): a certificate without
    # its key would stop etcd too
    assert outcome.fixed.decode() == (
        text.replace("    - --auto-tls\n", "")
        + "    - --cert-file=/etc/kubernetes/pki/etcd/server.crt\n"
          "    - --key-file=/etc/kubernetes/pki/etcd/server.key\n")
    assert [d.rule for d, _, _ in outcome.applied] == ["ETCD001", "ETCD001", "ETCD003"]
    assert outcome.refused == []


def test_removing_peer_auto_tls_that_serves_https_is_refused(unpredicted):
    text = command_pod(CLIENT_FILES + CLIENT_TLS
                       + ["--listen-client-urls=https://10.0.0.5:2379",
                          "--listen-peer-urls=https://10.0.0.5:2380", "--peer-auto-tls",
                          "--peer-client-cert-auth=true", "--peer-trusted-ca-file=/p/ca.crt"])
    outcome = fix_bytes("m.yaml", text.encode(), LintOptions(select=("ETCD006",)), ("safe",))
    assert outcome.fixed == text.encode()
    assert [(d.rule, reason) for d, reason, _, _ in outcome.refused] == [
        ("ETCD006", ADDS_UNREPORTED_213)]


def test_two_insertions_at_one_point_stack_in_order_and_a_replacement_still_clashes():
    from etcdlint.fixing.apply import apply_fixes
    from etcdlint.model import Diagnostic, Edit, Fix, Span

    text = "a: [x]"

    def diag(rule, start, end, replacement):
        fix = Fix("t", "safe", (Edit(Span(start, end), replacement, text[start:end]),))
        return Diagnostic(rule, None, "error", "m", "m.yaml", Span(start, end), fix)

    first, second = diag("ETCD001", 5, 5, ", c"), diag("ETCD001", 5, 5, ", k")
    assert apply_fixes(text, [first, second]) == ("a: [x, c, k]", [first, second])
    clash = diag("ETCD003", 4, 5, "y")
    assert apply_fixes(text, [first, clash]) == ("a: [x, c]", [first])
