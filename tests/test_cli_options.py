"""Command-line options as ruff spells them: repeated list options add up, the ``extend-``
forms, ``--exclude`` and ``--per-file-ignores`` on the command line, ruff's format names,
and ``--jobs`` below 1 refused."""

import json

import pytest

from conftest import pod

POD = pod("    command:\n"
          "    - etcd\n"
          "    - --client-cert-auth=false\n"
          "    - --enable-pprof=true\n"
          "    - --listen-metrics-urls=http://0.0.0.0:2381\n")


@pytest.fixture
def tree(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "etcd.yaml").write_text(POD)
    (tmp_path / "b" / "etcd.yaml").write_text(POD)
    return tmp_path


def found(run):
    return sorted({line.split(": ", 1)[0].split(" ")[0] + " " + line.split(" ")[1]
                   for line in run.out.splitlines() if ".yaml:" in line})


def test_repeated_select_adds_up(cli, tree):
    run = cli("--select", "ETCD002", "--select", "ETCD106", "a", cwd=tree)
    assert found(run) == ["a/etcd.yaml:11:26 ETCD002", "a/etcd.yaml:13:29 ETCD106"]
    assert run.code == 1
    assert found(cli("--select", "ETCD002,ETCD106", "a", cwd=tree)) == found(run)


def test_extend_select_adds_to_the_configurations_selection(cli, tree):
    (tree / ".etcdlint.yaml").write_text("select: [ETCD002]\n")
    assert found(cli("a", cwd=tree)) == ["a/etcd.yaml:11:26 ETCD002"]
    run = cli("--extend-select", "ETCD111", "a", cwd=tree)
    assert found(run) == ["a/etcd.yaml:11:26 ETCD002", "a/etcd.yaml:12:22 ETCD111"]
    run = cli("--select", "ETCD106", "--extend-select", "ETCD111", "a", cwd=tree)
    assert found(run) == ["a/etcd.yaml:12:22 ETCD111", "a/etcd.yaml:13:29 ETCD106"]


def test_extend_ignore_and_repeated_ignore(cli, tree):
    (tree / ".etcdlint.yaml").write_text("select: [ETCD002, ETCD106, ETCD111]\n"
                                         "ignore: [ETCD106]\n")
    assert found(cli("--extend-ignore", "ETCD111", "a", cwd=tree)) == [
        "a/etcd.yaml:11:26 ETCD002"]
    assert found(cli("--ignore", "ETCD111", "--ignore", "ETCD002", "a", cwd=tree)) == []


def test_exclude_on_the_command_line_replaces_the_configurations(cli, tree):
    (tree / ".etcdlint.yaml").write_text("select: [ETCD002]\nexclude: ['a/']\n")
    assert found(cli(".", cwd=tree)) == ["b/etcd.yaml:11:26 ETCD002"]
    assert found(cli("--exclude", "b/", ".", cwd=tree)) == ["a/etcd.yaml:11:26 ETCD002"]
    run = cli("--exclude", "a/", "--exclude", "b/", ".", cwd=tree)
    assert (found(run), run.code) == ([], 0)
    run = cli("--exclude", "[z-a]", ".", cwd=tree)
    assert (run.code, run.out) == (2, "")
    assert run.err.startswith("etcdlint: error: --exclude: '[z-a]' is not a gitignore-style "
                              "pattern (")


def test_per_file_ignores_on_the_command_line(cli, tree):
    run = cli("--select", "ETCD002,ETCD111", "--per-file-ignores", "a/*:ETCD002",
              "--per-file-ignores", "b/etcd.yaml:ETCD111", ".", cwd=tree)
    assert found(run) == ["a/etcd.yaml:12:22 ETCD111", "b/etcd.yaml:11:26 ETCD002"]
    for bad, why in (("a/*", "'a/*' is not PATTERN:CODES (e.g. 'legacy/*:ETCD1,ETCD2')"),
                     ("a/*:XYZ1", "'XYZ1' matches no rule")):
        run = cli("--per-file-ignores", bad, ".", cwd=tree)
        assert run.code == 2
        assert run.err.startswith(f"etcdlint: error: --per-file-ignores: {why}")


@pytest.mark.parametrize("jobs", ["0", "-3"])
def test_jobs_below_one_is_refused(cli, tree, capsys, jobs):
    with pytest.raises(SystemExit) as exit:
        cli("--jobs", jobs, "a", cwd=tree)
    assert exit.value.code == 2
    assert capsys.readouterr().err.endswith(
        f"etcdlint: error: argument --jobs/-j: {jobs} is not a number of worker processes "
        "(1 or more)\n")


def test_ruffs_format_names(cli, tree):
    text = cli("a", cwd=tree)
    assert cli("--output-format", "concise", "a", cwd=tree).out == text.out
    full = cli("--output-format", "full", "a", cwd=tree)
    assert full.code == 1
    # the text report, with each finding's help line under it
    assert [line for line in full.out.splitlines() if not line.startswith("  help: ")] == \
        text.out.splitlines()
    assert full.out.splitlines()[16:22] == [
        "a/etcd.yaml:11:26: ETCD002 error [CIS 2.2] --client-cert-auth is false: etcd accepts "
        "clients without a certificate; no fix: set --trusted-ca-file first (true without it "
        "would trust the system's public CAs, ETCD110)",
        "  help: set --trusted-ca-file first, then set --client-cert-auth to true",
        "a/etcd.yaml:12:22: ETCD111 [*] warning --enable-pprof is true: /debug/pprof is served "
        "on the client URLs",
        "  help: remove --enable-pprof (it defaults to false)",
        "a/etcd.yaml:13:29: ETCD106 note --listen-metrics-urls has http://0.0.0.0:2381: metrics "
        "and health endpoints are served to the network without TLS",
        "  help: make it https://0.0.0.0:2381 (served with --cert-file and --key-file), or "
        "http://127.0.0.1:2381 to serve this host only"]
    lines = cli("--format", "json-lines", "a", cwd=tree)
    assert lines.code == 1
    whole = json.loads(cli("--format", "json", "a", cwd=tree).out)["diagnostics"]
    assert [json.loads(line) for line in lines.out.splitlines()] == whole
    assert lines.out.splitlines()[0].startswith('{"rule":"ETCD001","cis":"2.1",')
    assert cli("--format", "json-lines", "--select", "ETCD2", "a", cwd=tree).out == ""


def test_a_run_that_finds_no_file_says_so(cli, tmp_path):
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "notes.txt").write_text("etcd\n")
    run = cli("empty", cwd=tmp_path)
    assert (run.code, run.out, run.err) == (
        0, "No problems found in 0 files (0 etcd configurations).\n",
        "etcdlint: warning: no file to lint found in empty\n")
    assert cli("-q", "empty", cwd=tmp_path).err == ""
