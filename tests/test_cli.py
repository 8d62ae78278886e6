"""The command line: paths, stdin, formats, exit codes, unreadable input."""

import json

import jsonschema
import pytest

from conftest import ROOT

INSECURE = (
    "kind: Pod\n"
    "spec:\n"
    "  containers:\n"
    "  - name: etcd\n"
    "    command: [etcd, --client-cert-auth=false, --cert-file=/c, --key-file=/k,\n"
    "      --trusted-ca-file=/ca, --peer-cert-file=/pc, --peer-key-file=/pk,\n"
    "      --peer-client-cert-auth, --peer-trusted-ca-file=/ca,\n"
    "      '--listen-client-urls=https://10.0.0.5:2379', '--listen-peer-urls=https://10.0.0.5:2380']\n"
)


def write(tmp_path, name, text):
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode() if isinstance(text, str) else text)
    return path


def test_text_output_and_exit_code(cli, tmp_path):
    write(tmp_path, "etcd.yaml", INSECURE)
    run = cli("etcd.yaml", cwd=tmp_path)
    assert run.code == 1
    assert run.out == (
        "etcd.yaml:5:40: ETCD002 [*] error [CIS 2.2] --client-cert-auth is false: etcd accepts "
        "clients without a certificate\n"
        "Found 1 problem (1 error) in 1 file.\n"
        "[*] 1 fixable with --fix.\n")


def test_clean_exit_zero(cli, tmp_path):
    write(tmp_path, "etcd.yaml", INSECURE.replace("=false", "=true"))
    run = cli(str(tmp_path / "etcd.yaml"))
    assert run.code == 0
    assert run.out == "No problems found in 1 file (1 etcd configuration).\n"


def test_directory_walk_is_recursive_sorted_and_skips_git(cli, tmp_path):
    write(tmp_path, "b/etcd.yml", INSECURE)
    write(tmp_path, "a/etcd.yaml", INSECURE)
    write(tmp_path, ".git/etcd.yaml", INSECURE)
    write(tmp_path, "node_modules/x/etcd.yaml", INSECURE)
    write(tmp_path, "a/notes.txt", INSECURE)
    run = cli(cwd=tmp_path)
    assert [line.split(" ")[0] for line in run.out.splitlines()[:-2]] == [
        "a/etcd.yaml:5:40:", "b/etcd.yml:5:40:"]
    run = cli(".", cwd=tmp_path)
    assert run.out.splitlines()[0].startswith("a/etcd.yaml:5:40:")


def test_named_file_of_any_extension_is_linted(cli, tmp_path):
    write(tmp_path, "etcd.yaml.j2", INSECURE)
    run = cli("etcd.yaml.j2", cwd=tmp_path)
    assert run.out.startswith("etcd.yaml.j2:5:40: ETCD002")


def test_relative_path_stays_relative(cli, tmp_path):
    write(tmp_path, "sub/etcd.yaml", INSECURE)
    run = cli("sub", cwd=tmp_path)
    assert run.out.startswith("sub/etcd.yaml:5:40:")


def test_stdin_with_filename(cli):
    run = cli("-", "--stdin-filename", "manifests/etcd.yaml", stdin=INSECURE)
    assert run.code == 1
    assert run.out.startswith("manifests/etcd.yaml:5:40: ETCD002 [*] error [CIS 2.2]")


def test_stdin_without_filename(cli):
    run = cli("-", stdin=INSECURE)
    assert run.out.startswith("-:5:40: ETCD002")


def test_missing_path_is_a_usage_error(cli, tmp_path):
    run = cli("nope.yaml", cwd=tmp_path)
    assert run.code == 2
    assert run.err == "etcdlint: error: no such file or directory: nope.yaml\n"
    assert run.out == ""


def test_unknown_option_exits_2(cli, capsys):
    with pytest.raises(SystemExit) as exc:
        cli("--no-such-option")
    assert exc.value.code == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("usage: etcdlint [-h]")
    assert captured.err.endswith("\netcdlint: error: unrecognized arguments: --no-such-option\n")


def test_unparseable_file_gives_etcd000_and_others_still_linted(cli, tmp_path):
    write(tmp_path, "a-broken.yaml", "kind: Pod\nspec:\n  containers: [etcd\n  - x: : :\n")
    write(tmp_path, "b-etcd.yaml", INSECURE)
    run = cli(".", cwd=tmp_path)
    assert run.code == 1
    lines = run.out.splitlines()
    assert lines[0].startswith("a-broken.yaml:4:6: ETCD000 error invalid YAML: ")
    assert lines[0].endswith("(while parsing a flow sequence)")
    assert lines[1].startswith("b-etcd.yaml:5:40: ETCD002")


def test_json_output_matches_schema_and_values(cli, tmp_path):
    write(tmp_path, "etcd.yaml", INSECURE)
    run = cli("--format", "json", "etcd.yaml", cwd=tmp_path)
    assert run.code == 1
    report = json.loads(run.out)
    schema = json.loads((ROOT / "schemas" / "report.schema.json").read_text())
    jsonschema.validate(report, schema)
    assert report["diagnostics"] == [{
        "rule": "ETCD002", "cis": "2.2", "severity": "error",
        "message": "--client-cert-auth is false: etcd accepts clients without a certificate",
        "path": "etcd.yaml", "line": 5, "column": 40, "end_line": 5, "end_column": 45,
        "fix": {"title": "set --client-cert-auth to true", "applicability": "safe",
                "edits": [{"line": 5, "column": 40, "end_line": 5, "end_column": 45,
                           "replacement": "true"}]},
        "help": "set --client-cert-auth to true"}]
    assert report["summary"] == {"files": 1, "configurations": 1, "diagnostics": 1,
                                 "by_severity": {"error": 1, "warning": 0, "note": 0},
                                 "by_rule": {"ETCD002": 1}}


def test_json_of_examples_matches_schema(cli):
    run = cli("--format", "json", str(ROOT / "examples"))
    schema = json.loads((ROOT / "schemas" / "report.schema.json").read_text())
    report = json.loads(run.out)
    jsonschema.validate(report, schema)
    assert run.code == 1
    assert report["summary"] == {
        "files": 7, "configurations": 6, "diagnostics": 19,
        "by_severity": {"error": 14, "warning": 4, "note": 1},
        "by_rule": {"ETCD001": 2, "ETCD002": 4, "ETCD003": 1, "ETCD004": 2, "ETCD005": 1,
                    "ETCD006": 1, "ETCD007": 1, "ETCD104": 2, "ETCD105": 1, "ETCD106": 1,
                    "ETCD201": 1, "ETCD203": 1, "ETCD210": 1}}
    assert len(report["diagnostics"]) == 19


def test_colour_only_when_asked(cli, tmp_path, monkeypatch):
    write(tmp_path, "etcd.yaml", INSECURE)
    assert "\x1b[" not in cli("etcd.yaml", cwd=tmp_path).out
    assert "\x1b[" in cli("--color", "always", "etcd.yaml", cwd=tmp_path).out
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert "\x1b[" not in cli("--color=never", "etcd.yaml", cwd=tmp_path).out


class _Stream:
    def __init__(self, tty):
        self.tty = tty

    def isatty(self):
        return self.tty


@pytest.mark.parametrize("choice,environ,tty,expected", [
    ("auto", {}, True, True),
    ("auto", {}, False, False),
    ("auto", {"TERM": "dumb"}, True, False),
    ("auto", {"NO_COLOR": "1"}, True, False),
    ("auto", {"NO_COLOR": "1", "FORCE_COLOR": "1"}, False, False),
    ("auto", {"FORCE_COLOR": "1"}, False, True),
    ("auto", {"CLICOLOR_FORCE": "1", "TERM": "dumb"}, False, True),
    ("auto", {"CLICOLOR_FORCE": "0"}, False, False),
    ("always", {"NO_COLOR": "1"}, False, True),
    ("never", {"FORCE_COLOR": "1"}, True, False),
])
def test_colour_choice(choice, environ, tty, expected):
    from etcdlint.cli import use_colour

    assert use_colour(choice, _Stream(tty), environ) is expected


def test_control_characters_in_values_are_escaped(cli, tmp_path):
    write(tmp_path, "etcd.yaml", INSECURE.replace("--client-cert-auth=false",
                                                  '"--client-cert-auth=\\e[31mF"'))
    run = cli("etcd.yaml", cwd=tmp_path)
    assert "\x1b" not in run.out


def test_version(cli, capsys):
    from etcdlint import __version__
    try:
        cli("--version")
    except SystemExit as exc:
        assert exc.code == 0
    assert capsys.readouterr().out == f"etcdlint {__version__}\n"


def test_examples_findings(cli):
    run = cli(cwd=ROOT / "examples")
    assert run.code == 1
    assert run.out.splitlines()[0] == (
        "insecure/etcd-pod-env.yaml:10:57: ETCD002 [*] error [CIS 2.2] --client-cert-auth is false: "
        "etcd accepts clients without a certificate")
    assert not any(line.startswith("secure/") for line in run.out.splitlines())


@pytest.mark.parametrize("argv", [
    [], ["a.yaml", "b"], ["-q", "--format", "json", "x"], ["--format=sarif", "-o", "out.sarif", "."],
    ["--select", "ETCD0,ETCD104", "--ignore=ETCD112", "--jobs", "3", "-"],
    ["--fix", "--unsafe-fixes", "--show-fixes", "--diff", "--statistics", "--exit-zero", "p"],
    ["--stdin-filename", "m.yaml", "-", "--", "-odd-name.yaml"], ["-j", "1", "--config", "c.yaml"],
    ["--select", "ETCD0", "--select=ETCD1", "--extend-ignore", "ETCD2", "--exclude", "a/", "x"],
    ["--per-file-ignores", "a/*:ETCD1", "--extend-select=ETCD2", "--format", "json-lines"],
    ["--color", "never", "--max-file-size", "100", "x"],
])
def test_fast_argument_path_agrees_with_argparse(argv):
    from etcdlint.options import build_parser, fast_parse
    fast = fast_parse(argv)
    assert fast is not None
    assert vars(fast) == vars(build_parser("0").parse_args(argv))


@pytest.mark.parametrize("argv", [
    ["--help"], ["--version"], ["--form", "json"], ["-qj2"], ["--format", "yaml"],
    ["--jobs", "x"], ["--output"], ["--quiet=yes"], ["--unknown"],
])
def test_anything_else_goes_to_argparse(argv):
    from etcdlint.options import fast_parse
    assert fast_parse(argv) is None
