"""systemd units and drop-ins that start etcd: ExecStart= (continuations, quoting, prefixes,
variables from Environment= and EnvironmentFile=), sh -c and docker run, drop-ins in order,
fixes on the unit's text."""

import pytest

from conftest import codes
from etcdlint.engine.lint import LintOptions
from etcdlint.etcd.systemd.envfile import read_env_lines
from etcdlint.etcd.systemd.unitfile import read_assignments
from etcdlint.etcd.systemd.words import WordError, parse_exec
from etcdlint.fixing.run import fix_bytes
from etcdlint.sources.systemd_unit import read_unit
from etcdlint.text.tokens import exact_token

SECURE = ("  --cert-file=/pki/server.crt --key-file=/pki/server.key \\\n"
          "  --client-cert-auth=true --trusted-ca-file=/pki/ca.crt \\\n"
          "  --peer-cert-file=/pki/peer.crt --peer-key-file=/pki/peer.key \\\n"
          "  --peer-client-cert-auth=true --peer-trusted-ca-file=/pki/ca.crt \\\n"
          "  --listen-client-urls=https://0.0.0.0:2379 \\\n"
          "  --advertise-client-urls=https://10.0.0.1:2379 \\\n"
          "  --listen-peer-urls=https://0.0.0.0:2380")


def unit(service_lines):
    return "[Unit]\nDescription=etcd\n\n[Service]\n" + service_lines + "\n\n[Install]\n" \
        "WantedBy=multi-user.target\n"


# -- how systemd reads the text ---------------------------------------------------------

def test_continuations_comments_and_sections():
    text = "[Service]\nExecStart=/bin/etcd \\\n# skipped\n  --name=a\n[X]\nExecStart=b\n"
    found = read_assignments(exact_token(text, 0))
    assert [(a.section, a.key, a.value.text) for a in found] == [
        ("Service", "ExecStart", "/bin/etcd    --name=a"), ("X", "ExecStart", "b")]
    value = found[0].value
    assert text[value.sub_span(13, 21).start:value.sub_span(13, 21).end] == "--name=a"


@pytest.mark.parametrize("value, path, argv, prefixes", [
    ("/usr/bin/etcd --name=a", "/usr/bin/etcd", ["--name=a"], ""),
    ("-@/usr/bin/etcd etcd0 --x", "/usr/bin/etcd", ["--x"], "-@"),
    ("+:/bin/etcd '--a=b c' \"d\\te\"", "/bin/etcd", ["--a=b c", "d\te"], "+:"),
    ("/bin/etcd --x=%% --y=\\x41", "/bin/etcd", ["--x=%", "--y=A"], ""),
    ("/bin/a ; /bin/etcd \\; z", "/bin/etcd", [";", "z"], ""),
])
def test_exec_words(value, path, argv, prefixes):
    last = parse_exec(exact_token(value, 0))[-1]
    assert (last.path.text, [t.text for t in last.argv], last.prefixes) == \
        (path, argv, prefixes)


def test_an_unclosed_quote_is_refused():
    with pytest.raises(WordError):
        parse_exec(exact_token("/bin/etcd '--a", 0))


def test_env_file_lines_as_systemd_reads_them():
    text = ('# c\n ; c\nA=1\nB = " x\\"y " \nC=\'$z\' # kept\nD=a\\\nb\nexport E=1\n'
            'F="multi\nline"\nG\n')
    got = [(e.name, e.value.text) for e in read_env_lines(exact_token(text, 0))]
    assert got == [("A", "1"), ("B", ' x"y '), ("C", "$z# kept"), ("D", "ab"),
                   ("F", "multi\nline")]


# -- findings -------------------------------------------------------------------------

def test_a_secure_unit_is_clean():
    assert codes(unit("ExecStart=/usr/local/bin/etcd --name=a \\\n" + SECURE),
                 "etcd.service") == []


def test_an_insecure_unit():
    text = unit("Environment=\"ETCD_AUTO_TLS=true\" 'CA=/pki/ca.crt'\n"
                "ExecStart=/usr/local/bin/etcd \\\n"
                "  --client-cert-auth=false --trusted-ca-file=${CA} \\\n"
                "  --listen-client-urls=http://0.0.0.0:2379")
    assert codes(text, "etcd.service") == [
        "5:28 ETCD003",
        "6:11 ETCD001", "6:11 ETCD001", "6:11 ETCD004", "6:11 ETCD004", "6:11 ETCD005",
        "6:11 ETCD105",
        "7:22 ETCD002",
        "8:24 ETCD104",
    ]


def test_a_whole_word_variable_splits_into_flags():
    text = unit('Environment=OPTS="--peer-auto-tls --name=x"\n'
                "ExecStart=/usr/local/bin/etcd $OPTS \\\n" + SECURE)
    assert codes(text, "etcd.service") == ["5:19 ETCD006"]


def test_no_expansion_with_the_colon_prefix():
    text = unit('Environment=OPTS=--peer-auto-tls\n'
                "ExecStart=:/usr/local/bin/etcd $OPTS \\\n" + SECURE)
    assert codes(text, "etcd.service") == ["6:32 ETCD206"]


def test_sh_c_and_docker_run():
    text = unit("Environment=LISTEN=http://0.0.0.0:2379\n"
                "ExecStart=/bin/sh -c 'exec /usr/bin/etcd --listen-client-urls=$LISTEN "
                "--auto-tls'\n"
                "ExecStart=/usr/bin/docker run --rm -e ETCD_PEER_AUTO_TLS=true "
                "quay.io/coreos/etcd:v3.5.21 --name=x\nType=oneshot")
    assert codes(text, "etcd.service") == [
        "6:28 ETCD001", "6:28 ETCD001", "6:28 ETCD002", "6:28 ETCD004", "6:28 ETCD004",
        "6:28 ETCD005", "6:28 ETCD007", "6:28 ETCD105",
        "6:63 ETCD104",  # $LISTEN, which the shell expands from Environment=
        "6:71 ETCD003",
        "7:58 ETCD006",  # -e ETCD_PEER_AUTO_TLS=true of the container
        "7:63 ETCD001", "7:63 ETCD001", "7:63 ETCD002", "7:63 ETCD004", "7:63 ETCD004",
        "7:63 ETCD005", "7:63 ETCD007", "7:63 ETCD104", "7:63 ETCD105"]


def test_an_environment_file_outside_the_repository_is_unknown(tmp_path, cli):
    (tmp_path / "etcd.service").write_text(unit(
        "EnvironmentFile=-/etc/etcd/etcd.conf\nExecStart=/usr/local/bin/etcd --auto-tls"))
    run = cli(str(tmp_path / "etcd.service"))
    found = [line.split(" ")[:2] for line in run.out.splitlines()
             if " ETCD" in line and "note:" not in line]
    assert [(p.rsplit("/", 1)[1], c) for p, c in found] == [("etcd.service:6:31:", "ETCD003")]
    assert "etcd.service:6:11: note: EnvironmentFile /etc/etcd/etcd.conf is not a file of the " \
        "repository: the ETCD_* variables it may set are not known" in run.out + run.err


def test_a_dropin_overrides_its_unit_and_its_findings_point_into_it(tmp_path, cli):
    (tmp_path / "etcd.service").write_text(unit(
        "ExecStart=/usr/local/bin/etcd --auto-tls \\\n" + SECURE))
    (tmp_path / "etcd.service.d").mkdir()
    (tmp_path / "etcd.service.d" / "10-a.conf").write_text(
        "[Service]\nExecStart=\nExecStart=/usr/local/bin/etcd --peer-auto-tls \\\n" + SECURE +
        "\n")
    (tmp_path / "etcd.service.d" / "20-b.conf").write_text(
        "[Service]\nEnvironment=ETCD_CLIENT_CERT_AUTH=false\n")
    run = cli(str(tmp_path))
    lines = sorted(line.split(" ", 2)[0:2] for line in run.out.splitlines() if " ETCD" in line)
    base = str(tmp_path) + "/"
    assert [(a.replace(base, ""), b) for a, b in lines] == [
        ("etcd.service.d/10-a.conf:3:31:", "ETCD006"),
        ("etcd.service.d/20-b.conf:2:13:", "ETCD208"),
    ]


def test_fix_a_unit_flag_exact_bytes(tmp_path):
    text = unit("ExecStart=/usr/local/bin/etcd --auto-tls \\\n" + SECURE).replace("\n", "\r\n")
    outcome = fix_bytes("etcd.service", text.encode(), LintOptions(), ("safe",))
    assert outcome.fixed.decode() == text.replace(" --auto-tls \\", " \\")
    again = fix_bytes("etcd.service", outcome.fixed, LintOptions(), ("safe",))
    assert again.fixed == outcome.fixed


def test_read_unit_on_a_token_placed_elsewhere():
    """The reader takes text whose characters sit anywhere (a string inside a YAML file)."""
    text = "[Service]\nExecStart=/usr/bin/etcd --auto-tls\n"
    configs = read_unit(exact_token(text, 100), "cloud.yaml")
    assert configs[0].settings["auto-tls"].span == (100 + text.index("--auto-tls"),
                                                    100 + text.index("--auto-tls") + 10)


def test_a_kube_apiserver_unit_shares_etcds_ca(tmp_path, cli):
    """CIS 2.7 across units ("Kubernetes the hard way")."""
    (tmp_path / "etcd.service").write_text(unit(
        "ExecStart=/usr/local/bin/etcd --name=a \\\n" + SECURE))
    (tmp_path / "kube-apiserver.service").write_text(
        "[Service]\nExecStart=/usr/local/bin/kube-apiserver \\\n"
        "  --client-ca-file=/pki/ca.crt --etcd-cafile=/pki/ca.crt \\\n"
        "  --etcd-certfile=/pki/apiserver-etcd.crt --etcd-keyfile=/pki/apiserver-etcd.key \\\n"
        "  --etcd-servers=https://10.0.0.1:2379\n")
    run = cli(str(tmp_path))
    found = [line.split(" ")[:2] for line in run.out.splitlines() if ": ETCD" in line]
    assert [(p.rsplit("/", 1)[1], c) for p, c in found] == [("etcd.service:7:45:", "ETCD007")]


def test_a_flag_from_a_variable_is_reported_without_a_fix():
    from etcdlint.engine.lint import lint_file

    text = unit('Environment=OPTS="--peer-auto-tls --name=x"\n'
                "ExecStart=/usr/local/bin/etcd $OPTS --auto-tls \\\n" + SECURE)
    found = lint_file("etcd.service", text.encode(), LintOptions()).diagnostics
    assert [(d.rule, text[d.span.start:d.span.end], d.fix is not None) for d in found] == [
        ("ETCD003", "--auto-tls", True), ("ETCD006", "--peer-auto-tls", False)]


def test_add_suppressions_writes_comment_lines_only(tmp_path, cli):
    """``#`` starts a comment only at the start of a unit's line: suppressions go above."""
    path = tmp_path / "etcd.service"
    path.write_bytes(b"[Service]\nExecStart=/usr/bin/etcd \\\n  --auto-tls \\\n  --name=x\n")
    run = cli("--add-suppressions", "lab only", str(path))
    assert run.code == 0
    assert path.read_bytes() == (
        b"[Service]\n"
        b"# etcdlint: disable-next-line=ETCD001,ETCD002,ETCD004,ETCD005,ETCD007,ETCD104,"
        b"ETCD105 -- lab only\n"
        b"ExecStart=/usr/bin/etcd \\\n"
        b"  # etcdlint: disable-next-line=ETCD003 -- lab only\n"
        b"  --auto-tls \\\n  --name=x\n")
    assert cli(str(path)).code == 0


def test_a_variable_the_unit_never_sets_is_not_judged(tmp_path, cli):
    (tmp_path / "etcd.service").write_text(unit(
        "ExecStart=/usr/local/bin/etcd --name ${NAME} \\\n" +
        SECURE.replace("https://0.0.0.0:2379", "http://${IP}:2379")))
    run = cli(str(tmp_path / "etcd.service"))
    found = [line.split(" ")[:2] for line in run.out.splitlines() if ": ETCD" in line]
    # (the scheme is written out: http:// whatever the host)
    assert [(p.rsplit("/", 1)[1], c) for p, c in found] == [("etcd.service:10:24:", "ETCD104")]
    assert "etcd.service:5:11: note: $NAME, $IP are set by no Environment= or " \
        "EnvironmentFile= of the unit: not judged (systemd would make them empty; a template " \
        "filled in before use is likely)" in run.out + run.err


def test_two_exec_starts_outside_oneshot_are_refused():
    text = unit("ExecStart=/usr/local/bin/etcd --name=a \\\n" + SECURE +
                "\nExecStart=/usr/local/bin/etcd --name=b \\\n" + SECURE)
    assert codes(text, "etcd.service") == ["13:1 ETCD202"]
    assert codes(text + "[Service]\nType=oneshot\n", "etcd.service") == []


def test_fix_adds_a_missing_flag_after_the_last_word():
    text = unit("ExecStart=/usr/local/bin/etcd \\\n" +
                SECURE.replace("--peer-client-cert-auth=true ", ""))
    outcome = fix_bytes("etcd.service", text.encode(), LintOptions(), ("safe",))
    assert outcome.fixed.decode() == text.replace(
        "--listen-peer-urls=https://0.0.0.0:2380",
        "--listen-peer-urls=https://0.0.0.0:2380 --peer-client-cert-auth=true")
