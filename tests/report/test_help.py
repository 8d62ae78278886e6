"""Every finding says what to change: the ``help:`` line of ``--format full``, ``help`` in JSON
and SARIF. With a fix, the help is the fix's title (the exact edit); without one, the rule's
own words (the URL to write, the flag to set, the graduated flag)."""

import json

import jsonschema

from conftest import ROOT, lint_files, pod

SECURE = ("    - --cert-file=/etc/kubernetes/pki/etcd/server.crt\n"
          "    - --key-file=/etc/kubernetes/pki/etcd/server.key\n"
          "    - --trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt\n"
          "    - --client-cert-auth=true\n"
          "    - --peer-cert-file=/etc/kubernetes/pki/etcd/peer.crt\n"
          "    - --peer-key-file=/etc/kubernetes/pki/etcd/peer.key\n"
          "    - --peer-trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt\n"
          "    - --peer-client-cert-auth=true\n"
          "    - --listen-client-urls=https://10.0.0.5:2379\n"
          "    - --listen-peer-urls=https://10.0.0.5:2380\n")


def etcd(*flags, image="registry.k8s.io/etcd:3.5.21-0", secure=SECURE):
    text = pod("    command:\n    - etcd\n" + secure + "".join(f"    - {f}\n" for f in flags))
    return text.replace("registry.k8s.io/etcd:3.5.21-0", image)


def full(cli, tmp_path, text, *args):
    (tmp_path / "etcd.yaml").write_text(text)
    run = cli("--format", "full", *args, "etcd.yaml", cwd=tmp_path)
    return run.code, run.out.splitlines()


def test_full_format_help_lines_with_and_without_fixes(cli, tmp_path):
    text = etcd("--auto-tls", "--advertise-client-urls=http://10.0.0.5:2379",
                "--listen-metrics-urls=http://0.0.0.0:2381",
                "--experimental-initial-corrupt-check=true", "--cipher-suites=TLS_RSA_WITH_RC4_128_SHA",
                image="registry.k8s.io/etcd:3.6.5-0")
    code, lines = full(cli, tmp_path, text)
    assert code == 1
    assert lines == [
        "etcd.yaml:21:7: ETCD003 [*] error [CIS 2.3] --auto-tls is set: etcd may serve clients "
        "with a self-signed certificate no client can verify",
        "  help: remove --auto-tls (it defaults to false)",
        "etcd.yaml:22:31: ETCD104 error --advertise-client-urls has http://10.0.0.5:2379: etcd "
        "serves clients without TLS (--cert-file, --key-file and --client-cert-auth are ignored "
        "on it)",
        "  help: make it https://10.0.0.5:2379",
        "etcd.yaml:23:29: ETCD106 note --listen-metrics-urls has http://0.0.0.0:2381: metrics and "
        "health endpoints are served to the network without TLS",
        "  help: make it https://0.0.0.0:2381 (served with --cert-file and --key-file), or "
        "http://127.0.0.1:2381 to serve this host only",
        "etcd.yaml:24:9: ETCD210 warning --experimental-initial-corrupt-check is deprecated in "
        "etcd 3.6 and removed in 3.7: use --feature-gates=InitialCorruptCheck=true",
        "  help: replace --experimental-initial-corrupt-check=true with "
        "--feature-gates=InitialCorruptCheck=true",
        "etcd.yaml:25:23: ETCD108 error --cipher-suites includes TLS_RSA_WITH_RC4_128_SHA, which "
        "Go lists as insecure",
        "  help: remove TLS_RSA_WITH_RC4_128_SHA from --cipher-suites",
        "Found 5 problems (3 errors, 1 note, 1 warning) in 1 file.",
        "[*] 1 fixable with --fix."]
    # the default text report and concise: one line a finding, as before
    plain = cli("etcd.yaml", cwd=tmp_path).out.splitlines()
    assert plain == [line for line in lines if not line.startswith("  help: ")]
    assert cli("--format", "concise", "etcd.yaml", cwd=tmp_path).out.splitlines() == plain


def test_help_of_plaintext_listeners_offers_https_or_loopback(cli, tmp_path):
    insecure = SECURE.replace("https://10.0.0.5:2379", "http://10.0.0.5:2379").replace(
        "    - --cert-file=/etc/kubernetes/pki/etcd/server.crt\n", "").replace(
        "    - --key-file=/etc/kubernetes/pki/etcd/server.key\n", "")
    code, lines = full(cli, tmp_path, etcd(secure=insecure), "--select", "ETCD104")
    assert lines[:2] == [
        "etcd.yaml:17:28: ETCD104 error --listen-client-urls has http://10.0.0.5:2379: etcd "
        "serves clients without TLS (--client-cert-auth is ignored on it)",
        "  help: make it https://10.0.0.5:2379 and set --cert-file and --key-file, or "
        "http://127.0.0.1:2379 to serve this host only"]


def test_help_names_the_graduated_flag_and_the_nearest_flag(cli, tmp_path):
    text = etcd("--experimental-snapshot-catchup-entries=5000", "--client-cert-auht=true",
                image="registry.k8s.io/etcd:3.7.0-0")
    code, lines = full(cli, tmp_path, text)
    assert lines[:4] == [
        "etcd.yaml:21:9: ETCD210 error --experimental-snapshot-catchup-entries was removed in "
        "etcd 3.7 and this is etcd 3.7: it refuses to start; use --snapshot-catchup-entries",
        "  help: replace --experimental-snapshot-catchup-entries=5000 with "
        "--snapshot-catchup-entries=5000",
        "etcd.yaml:22:9: ETCD204 error etcd has no flag --client-cert-auht: it refuses to start "
        "(flag provided but not defined); did you mean --client-cert-auth?",
        "  help: replace --client-cert-auht with --client-cert-auth"]


def test_help_of_a_withheld_fix_says_what_comes_first(cli, tmp_path):
    no_ca = SECURE.replace("    - --trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt\n", "") \
        .replace("--client-cert-auth=true", "--client-cert-auth=false")
    code, lines = full(cli, tmp_path, etcd(secure=no_ca), "--select", "ETCD002")
    assert lines == [
        "etcd.yaml:13:26: ETCD002 error [CIS 2.2] --client-cert-auth is false: etcd accepts "
        "clients without a certificate; no fix: set --trusted-ca-file first (true without it "
        "would trust the system's public CAs, ETCD110)",
        "  help: set --trusted-ca-file first, then set --client-cert-auth to true",
        "Found 1 problem (1 error) in 1 file."]


def test_help_of_an_inferred_path_is_the_unsafe_fix_title(cli, tmp_path):
    no_cert = SECURE.replace("    - --cert-file=/etc/kubernetes/pki/etcd/server.crt\n", "")
    code, lines = full(cli, tmp_path, etcd(secure=no_cert), "--select", "ETCD001")
    assert lines == [
        "etcd.yaml:10:7: ETCD001 error [CIS 2.1] --cert-file is not set: etcd refuses to start "
        "with an https:// client URL without it",
        "  help: set cert-file to /etc/kubernetes/pki/etcd/server.crt (kubeadm's layout, as its "
        "sibling settings use)",
        "Found 1 problem (1 error) in 1 file.",
        "No fixes available with --fix (1 with --fix --unsafe-fixes)."]


def test_help_of_suppressions_and_yaml(cli, tmp_path):
    text = etcd("--enable-pprof=true  # etcdlint: disable=ETCD111,ETCD11,ETCD003")
    code, lines = full(cli, tmp_path, text)
    assert lines == [
        "etcd.yaml:21:56: ETCD302 warning ETCD11 in this suppression is not an etcdlint rule",
        "  help: write the whole code (ETCD110, ETCD111 or ETCD112), or remove ETCD11",
        "etcd.yaml:21:63: ETCD301 warning ETCD003 in this suppression suppresses nothing",
        "  help: remove ETCD003 from this suppression",
        "Found 2 problems (2 warnings) in 1 file."]
    code, lines = full(cli, tmp_path, etcd("--enable-pprof=true  # etcdlint: disable=ETDC111"),
                       "--select", "ETCD302")
    assert lines[1] == "  help: replace ETDC111 with ETCD111 (the nearest rule code), or remove it"
    code, lines = full(cli, tmp_path, "etcd: [1\n")
    assert lines[:2] == [
        "etcd.yaml:2:1: ETCD000 error invalid YAML: did not find expected ',' or ']' (while "
        "parsing a flow sequence)",
        "  help: correct the YAML here, or leave the file out with exclude (or --exclude)"]


def test_json_carries_help_and_matches_the_schema(cli, tmp_path):
    (tmp_path / "etcd.yaml").write_text(etcd("--enable-pprof=true", "--auth-token=simple"))
    report = json.loads(cli("--format", "json", "etcd.yaml", cwd=tmp_path).out)
    jsonschema.validate(report, json.loads((ROOT / "schemas" / "report.schema.json").read_text()))
    assert [(d["rule"], d["help"], d["fix"] and d["fix"]["title"])
            for d in report["diagnostics"]] == [
        ("ETCD111", "remove --enable-pprof (it defaults to false)",
         "remove --enable-pprof (it defaults to false)"),
        ("ETCD112", "set --auth-token to jwt,pub-key=<public key file>,priv-key=<private key "
                    "file>,sign-method=RS256", None)]
    lines = cli("--format", "json-lines", "etcd.yaml", cwd=tmp_path).out.splitlines()
    assert [json.loads(line)["help"] for line in lines] == [d["help"] for d in report["diagnostics"]]


def test_sarif_message_and_property_carry_help(cli, tmp_path):
    (tmp_path / "etcd.yaml").write_text(etcd("--tls-min-version=TLS1.1"))
    sarif = json.loads(cli("--format", "sarif", "etcd.yaml", cwd=tmp_path).out)
    [result] = sarif["runs"][0]["results"]
    assert result["message"]["text"] == (
        "--tls-min-version is 'TLS1.1': etcd accepts only TLS1.2 or TLS1.3 here; older "
        "protocol versions are not allowed, and etcd refuses to start\n"
        "Help: set --tls-min-version to TLS1.2 or TLS1.3")
    assert result["properties"] == {"help": "set --tls-min-version to TLS1.2 or TLS1.3"}


# --- every rule --------------------------------------------------------------------------------

def _rare_findings():
    """Files that give the findings the examples and fixtures do not."""
    from conftest import flux

    api = ("apiVersion: v1\nkind: Pod\nmetadata:\n  name: kube-apiserver\nspec:\n  containers:\n"
           "  - name: kube-apiserver\n    command:\n    - kube-apiserver\n"
           "    - --etcd-cafile=/etc/kubernetes/pki/etcd/ca.crt\n")
    return {
        "a/etcd.yaml": etcd("--tls-min-version=TLS1.3", "--cipher-suites=TLS_AES_128_GCM_SHA256",
                            "--tls-max-version=TLS1.2", "--auth-token=simple",
                            "--initial-cluster=other=https://10.0.0.6:2380", "stray",
                            "--name=x", "--name=y"),
        "b/etcd.yaml": etcd(secure=SECURE.replace(
            "    - --trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt\n", "")),
        "c/kube-apiserver.yaml": api,
        "d/release.yaml": flux("auth:\n  client:\n    enableAuthentication: true\n"),
        "e/dup.yaml": etcd().replace("kind: Pod\n", "kind: Pod\nkind: Pod\n")
                      + "# etcdlint: disable-file=ETCD9\n",
        "f/bad.yaml": "etcd: [1\n",
        "g/etcd.yaml": etcd("--tls-min-version=TLS1.1", "--cipher-suites=TLS_RSA_WITH_RC4_128_SHA",
                            "--enable-pprof=true  # etcdlint: disable=ETCD111,ETCD003"),
    }


def test_every_rule_gives_help():
    from etcdlint.rules import CODES

    files = dict(_rare_findings())
    for folder in (ROOT / "examples", ROOT / "tests" / "fixtures"):
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                files[str(path.relative_to(ROOT))] = path.read_bytes()
    result = lint_files(files)
    assert [(d.diagnostic.rule, d.diagnostic.path, d.diagnostic.message)
            for d in result.diagnostics if not d.diagnostic.help] == []
    assert CODES - {d.diagnostic.rule for d in result.diagnostics} == set()
