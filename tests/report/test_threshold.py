"""``--fail-on`` / ``fail-on``: which severities make the exit code 1; ``--fix`` exit codes."""

import pytest

SECURE = (
    "kind: Pod\n"
    "spec:\n"
    "  containers:\n"
    "  - name: etcd\n"
    "    command: [etcd, --client-cert-auth=true, --cert-file=/c, --key-file=/k,\n"
    "      --trusted-ca-file=/ca, --peer-cert-file=/pc, --peer-key-file=/pk,\n"
    "      --peer-client-cert-auth, --peer-trusted-ca-file=/ca,\n"
    "      '--listen-client-urls=https://10.0.0.5:2379', '--listen-peer-urls=https://10.0.0.5:2380'"
)
NOTE = SECURE + ",\n      '--listen-metrics-urls=http://0.0.0.0:2381']\n"
WARNING = SECURE + ",\n      --enable-pprof]\n"
ERROR = SECURE.replace("--client-cert-auth=true", "--client-cert-auth=false") + "]\n"

NOTE_LINE = ("etcd.yaml:9:30: ETCD106 --listen-metrics-urls has http://0.0.0.0:2381: metrics and "
             "health endpoints are served to the network without TLS\n")
WARNING_LINE = ("etcd.yaml:9:7: ETCD111 --enable-pprof is true: /debug/pprof is served on the "
                "client URLs\n")


def write(tmp_path, text, config=None):
    (tmp_path / "etcd.yaml").write_text(text)
    if config is not None:
        (tmp_path / ".etcdlint.yaml").write_text(config)


@pytest.mark.parametrize("text,fail_on,code", [
    (NOTE, None, 0), (NOTE, "note", 1), (NOTE, "warning", 0), (NOTE, "error", 0),
    (WARNING, None, 1), (WARNING, "note", 1), (WARNING, "warning", 1), (WARNING, "error", 0),
    (ERROR, None, 1), (ERROR, "note", 1), (ERROR, "warning", 1), (ERROR, "error", 1),
])
def test_threshold_table(cli, tmp_path, text, fail_on, code):
    write(tmp_path, text)
    args = ["etcd.yaml"] + (["--fail-on", fail_on] if fail_on else [])
    run = cli(*args, cwd=tmp_path)
    assert run.code == code
    assert run.err == ""


def test_a_note_is_reported_but_does_not_fail(cli, tmp_path):
    write(tmp_path, NOTE)
    run = cli("etcd.yaml", cwd=tmp_path)
    assert (run.code, run.out) == (0, NOTE_LINE.replace("ETCD106", "ETCD106 note", 1)
                                   + "Found 1 problem (1 note) in 1 file.\n")


def test_config_key_and_command_line_override(cli, tmp_path):
    write(tmp_path, WARNING, config="fail-on: error\n")
    run = cli("etcd.yaml", cwd=tmp_path)
    assert (run.code, run.out) == (0, WARNING_LINE.replace("ETCD111", "ETCD111 [*] warning", 1)
                                   + "Found 1 problem (1 warning) in 1 file.\n"
                                   + "[*] 1 fixable with --fix.\n")
    assert cli("etcd.yaml", "--fail-on", "warning", cwd=tmp_path).code == 1
    assert cli("etcd.yaml", "--fail-on=note", cwd=tmp_path).code == 1


def test_exit_zero_wins_over_the_threshold(cli, tmp_path):
    write(tmp_path, ERROR)
    assert cli("etcd.yaml", "--fail-on", "note", "--exit-zero", cwd=tmp_path).code == 0


def test_bad_values_exit_2(cli, tmp_path, capsys):
    write(tmp_path, NOTE)
    with pytest.raises(SystemExit) as exc:
        cli("etcd.yaml", "--fail-on", "fatal", cwd=tmp_path)
    assert exc.value.code == 2
    assert "argument --fail-on: invalid choice: 'fatal' (choose from 'error', 'warning', 'note')" \
        in capsys.readouterr().err
    write(tmp_path, NOTE, config="fail-on: fatal\n")
    run = cli("etcd.yaml", cwd=tmp_path)
    assert run.code == 2
    assert run.err == (f"etcdlint: error: {tmp_path / '.etcdlint.yaml'}:1: fail-on: 'fatal' is "
                       "not one of error, warning, note\n")


def test_fix_exits_0_when_only_findings_below_the_threshold_remain(cli, tmp_path):
    # --enable-pprof (a warning) is fixed; the note stays and does not fail the run
    write(tmp_path, SECURE + ",\n      --enable-pprof, '--listen-metrics-urls=http://0.0.0.0:2381']\n")
    run = cli("--fix", "etcd.yaml", cwd=tmp_path)
    assert run.code == 0
    assert run.out == ("etcd.yaml:8:120: ETCD106 note --listen-metrics-urls has http://0.0.0.0:2381: "
                       "metrics and health endpoints are served to the network without TLS\n"
                       "Found 1 problem (1 note) in 1 file.\n"
                       "Fixed 1 problem in 1 file.\n")
    assert "--enable-pprof" not in (tmp_path / "etcd.yaml").read_text()
    assert cli("--fix", "--fail-on", "note", "etcd.yaml", cwd=tmp_path).code == 1


def test_fix_exits_1_when_a_finding_at_the_threshold_remains(cli, tmp_path):
    write(tmp_path, ERROR.replace(" --cert-file=/c, --key-file=/k,", ""))
    run = cli("--fix", "etcd.yaml", cwd=tmp_path)
    assert run.code == 1  # ETCD001 (certificate paths) and ETCD213 have no safe fix and remain
    assert run.out.splitlines()[-2:] == ["Found 3 problems (3 errors) in 1 file.",
                                         "Fixed 1 problem in 1 file."]


def test_exit_non_zero_on_fix(cli, tmp_path):
    write(tmp_path, WARNING)
    run = cli("--fix", "--exit-non-zero-on-fix", "etcd.yaml", cwd=tmp_path)
    assert run.code == 1
    assert run.out == ("No problems found in 1 file (1 etcd configuration).\n"
                       "Fixed 1 problem in 1 file.\n")
    assert cli("--fix", "--exit-non-zero-on-fix", "etcd.yaml", cwd=tmp_path).code == 0
