"""An invalid boolean for a CIS flag is ETCD205, carrying the flag's CIS id in every format,
so that a report filtered by CIS id does not show the control as passing."""

import json

import pytest

from conftest import codes, etcd_pod, lint_files, messages, pod

SECURE = ["--cert-file=/p/server.crt", "--key-file=/p/server.key",
          "--trusted-ca-file=/p/ca.crt", "--listen-client-urls=https://10.0.0.5:2379",
          "--peer-cert-file=/p/peer.crt", "--peer-key-file=/p/peer.key",
          "--peer-trusted-ca-file=/p/ca.crt", "--listen-peer-urls=https://10.0.0.5:2380"]


def write(tmp_path, name, text):
    (tmp_path / name).write_text(text)


def command_pod(flags):
    # header lines 1-8, ``command:`` line 9, ``- etcd`` line 10, flag i on line 11 + i
    return pod("    command:\n" + "".join(f"    - {f}\n" for f in ["etcd"] + list(flags)))


def found(text):
    return [(f"{d.start.line}:{d.start.column}", d.diagnostic.rule, d.diagnostic.cis)
            for d in lint_files({"m.yaml": text}).diagnostics]


@pytest.mark.parametrize("flag,cis", [
    ("--client-cert-auth=yes", "2.2"),
    ("--auto-tls=on", "2.3"),
    ("--peer-client-cert-auth=enabled", "2.5"),
    ("--peer-auto-tls=y", "2.6"),
    ("--enable-pprof=no", None),  # not a CIS flag
])
def test_invalid_boolean_carries_the_cis_id_of_its_flag(flag, cis):
    others = [f for f in ["--client-cert-auth=true", "--peer-client-cert-auth=true"]
              if not f.startswith(flag.split("=")[0] + "=")]
    text = command_pod([flag] + SECURE + others)
    # one finding, at the value (line 11, after `    - --name=`), and no second one from the
    # CIS rule: etcd refuses to start either way
    assert found(text) == [("11:" + str(len(flag.split("=")[0]) + 8), "ETCD205", cis)]


def test_invalid_boolean_env_var_carries_the_cis_id():
    text = command_pod(SECURE + ["--peer-client-cert-auth=true"]) + (
        "    env:\n    - {name: ETCD_CLIENT_CERT_AUTH, value: 'yes'}\n")
    # `    - {name: ETCD_CLIENT_CERT_AUTH, value: '` -> yes at column 45
    assert found(text) == [("21:45", "ETCD205", "2.2")]


TEXT = command_pod(SECURE + ["--peer-client-cert-auth=true", "--client-cert-auth=yes"])


def test_text_json_sarif_and_github_carry_it(cli, tmp_path):
    write(tmp_path, "etcd.yaml", TEXT)
    text = cli("etcd.yaml", cwd=tmp_path)
    assert text.out.splitlines()[0] == (
        "etcd.yaml:20:26: ETCD205 [*] error [CIS 2.2] --client-cert-auth='yes' is not a boolean etcd "
        "accepts (1, t, T, TRUE, true, True, 0, f, F, FALSE, false, False): etcd refuses to start")
    report = json.loads(cli("--format", "json", "etcd.yaml", cwd=tmp_path).out)
    assert [(d["rule"], d["cis"]) for d in report["diagnostics"]] == [("ETCD205", "2.2")]
    # filtered by CIS id, the report shows 2.2 failing
    assert [d["rule"] for d in report["diagnostics"] if d["cis"] == "2.2"] == ["ETCD205"]
    sarif = json.loads(cli("--format", "sarif", "etcd.yaml", cwd=tmp_path).out)
    result = sarif["runs"][0]["results"][0]
    assert (result["ruleId"], result["properties"]) == (
        "ETCD205", {"tags": ["CIS-2.2"], "help": "set --client-cert-auth to true"})
    github = cli("--format", "github", "etcd.yaml", cwd=tmp_path)
    assert "title=ETCD205 [CIS 2.2]::" in github.out


def test_sarif_results_of_cis_rules_carry_their_tag_and_others_none(cli, tmp_path):
    write(tmp_path, "etcd.yaml", command_pod(SECURE + ["--client-cert-auth=false",
                                                       "--peer-client-cert-auth=true",
                                                       "--enable-pprof"]))
    sarif = json.loads(cli("--format", "sarif", "etcd.yaml", cwd=tmp_path).out)
    assert [(r["ruleId"], r.get("properties")) for r in sarif["runs"][0]["results"]] == [
        ("ETCD002", {"tags": ["CIS-2.2"], "help": "set --client-cert-auth to true"}),
        ("ETCD111", {"help": "remove --enable-pprof (it defaults to false)"})]


def test_config_file_value_of_the_wrong_type_carries_the_cis_id():
    text = ("listen-client-urls: https://10.0.0.5:2379\n"
            "listen-peer-urls: https://10.0.0.5:2380\n"
            "client-transport-security:\n"
            "  cert-file: /p/server.crt\n  key-file: /p/server.key\n"
            "  client-cert-auth: maybe\n"
            "  trusted-ca-file: /p/ca.crt\n"
            "peer-transport-security:\n"
            "  cert-file: /p/peer.crt\n  key-file: /p/peer.key\n"
            "  client-cert-auth: true\n  trusted-ca-file: /p/ca.crt\n"
            "  auto-tls: [true]\n")
    assert [(f"{d.start.line}:{d.start.column}", d.diagnostic.rule, d.diagnostic.cis)
            for d in lint_files({"etcd.conf.yml": text}).diagnostics] == [
        ("6:21", "ETCD203", "2.2"), ("13:13", "ETCD203", "2.6")]


def test_invalid_boolean_in_env():
    text = etcd_pod() + "    env:\n    - name: ETCD_AUTO_TLS\n      value: 'on'\n"
    assert messages(text) == [
        "23:15 ETCD205 ETCD_AUTO_TLS='on' is not a boolean etcd accepts (1, t, T, TRUE, true, "
        "True, 0, f, F, FALSE, false, False): etcd refuses to start"]


CASES = [
    ("invalid bool", ["--auto-tls=yes"], ["21:18 ETCD205"]),
    ("empty bool", ["--auto-tls="], ["21:18 ETCD205"]),
]


@pytest.mark.parametrize("name,extra,expected", CASES, ids=[c[0] for c in CASES])
def test_rule_positions(name, extra, expected):
    assert codes(etcd_pod(*extra)) == expected
