"""Configuration per file, as ruff finds it: the nearest configuration at or above each file
applies to it, whatever the order of the arguments; ``--config`` applies one to all."""

import pytest

from conftest import write

POD = ("apiVersion: v1\n"
       "kind: Pod\n"
       "metadata: {name: etcd}\n"
       "spec:\n"
       "  containers:\n"
       "  - name: etcd\n"
       "    image: registry.k8s.io/etcd:3.5.21-0\n"
       "    command: [etcd, --client-cert-auth=false, --cert-file=/c, --key-file=/k,\n"
       "      --trusted-ca-file=/ca, --peer-cert-file=/pc, --peer-key-file=/pk,\n"
       "      --peer-client-cert-auth, --peer-trusted-ca-file=/ca, --enable-pprof,\n"
       "      '--listen-client-urls=https://10.0.0.5:2379', "
       "'--listen-peer-urls=https://10.0.0.5:2380']\n")

A_CERT_AUTH = ("a/k.yaml:8:40: ETCD002 [*] error [CIS 2.2] --client-cert-auth is false: etcd "
               "accepts clients without a certificate")
A_PPROF = "a/k.yaml:10:60: ETCD111 [*] warning --enable-pprof is true: /debug/pprof is served on the client URLs"
B_CERT_AUTH = A_CERT_AUTH.replace("a/", "b/")
B_PPROF_ERROR = A_PPROF.replace("a/", "b/").replace("warning", "error")


def repository(root):
    write(root, {
        ".etcdlint.yaml": "severity: {ETCD111: error}\n",  # the root's: b gets it
        "a/.etcdlint.yaml": "ignore: [ETCD002]\n",  # a's own, whole (nothing inherited)
        "a/k.yaml": POD,
        "b/k.yaml": POD,
    })


EXPECTED = [A_PPROF, B_CERT_AUTH, B_PPROF_ERROR,
            "Found 3 problems (2 errors, 1 warning) in 2 files.", "[*] 3 fixable with --fix."]


@pytest.mark.parametrize("args", [("a/k.yaml", "b/k.yaml"), ("b/k.yaml", "a/k.yaml"), (".",)])
def test_each_file_gets_its_nearest_configuration_whatever_the_order(tmp_path, cli, args):
    repository(tmp_path)
    run = cli(*args, cwd=tmp_path)
    assert (run.code, run.out.splitlines()) == (1, EXPECTED)


@pytest.mark.parametrize("args", [("a/k.yaml", "b/k.yaml"), ("b/k.yaml", "a/k.yaml"), (".",)])
def test_without_a_root_configuration_the_other_file_gets_the_defaults(tmp_path, cli, args):
    repository(tmp_path)
    (tmp_path / ".etcdlint.yaml").unlink()
    run = cli(*args, cwd=tmp_path)
    assert run.out.splitlines() == [
        A_PPROF, B_CERT_AUTH, B_PPROF_ERROR.replace("error", "warning"),
        "Found 3 problems (1 error, 2 warnings) in 2 files.", "[*] 3 fixable with --fix."]


def test_from_another_directory_the_same(tmp_path, cli):
    repository(tmp_path / "repo")
    run = cli("repo/b/k.yaml", "repo/a/k.yaml", cwd=tmp_path)
    assert run.out.splitlines() == [line.replace("a/", "repo/a/").replace("b/", "repo/b/")
                                    for line in EXPECTED]


def test_config_option_applies_one_configuration_to_all(tmp_path, cli):
    repository(tmp_path)
    run = cli("--config", "a/.etcdlint.yaml", "b/k.yaml", "a/k.yaml", cwd=tmp_path)
    assert run.out.splitlines() == [
        A_PPROF, A_PPROF.replace("a/", "b/"),
        "Found 2 problems (2 warnings) in 2 files.", "[*] 2 fixable with --fix."]


def test_nearest_exclude_and_per_file_ignores_are_relative_to_their_configuration(tmp_path, cli):
    repository(tmp_path)
    write(tmp_path, {"a/.etcdlint.yaml": "exclude: [skip/]\nper-file-ignores: {'k.yaml': [ETCD111]}\n",
                     "a/skip/k.yaml": POD})
    run = cli(".", cwd=tmp_path)
    assert run.out.splitlines() == [
        A_CERT_AUTH, B_CERT_AUTH, B_PPROF_ERROR,
        "Found 3 problems (3 errors) in 2 files.", "[*] 3 fixable with --fix."]


def test_a_bad_nested_configuration_is_an_error_naming_it(tmp_path, cli):
    repository(tmp_path)
    (tmp_path / "a/.etcdlint.yaml").write_text("ignore: [ETCD999]\n")
    run = cli("b/k.yaml", "a/k.yaml", cwd=tmp_path)
    assert run.code == 2
    assert run.err.startswith("etcdlint: error: ")
    assert "a/.etcdlint.yaml:1: 'ETCD999' matches no rule" in run.err


def test_show_settings_says_which_configuration_a_file_gets(tmp_path, cli):
    repository(tmp_path)
    run = cli("--show-settings", "a/k.yaml", cwd=tmp_path)
    assert (run.code, run.out.splitlines()) == (0, [
        "Settings for a/k.yaml",
        "configuration: a/.etcdlint.yaml",
        "rules: all but ETCD002",
        "severity: none",
        "exempt-single-member: false",
        "max-file-size: 10485760",
        "helm-values chart: none",
        "cluster scope: a",
        "excluded: no",
        "fail-on: warning (the run's)",
        "baseline: none (the run's)"])
    run = cli("--show-settings", "b/k.yaml", cwd=tmp_path)
    assert run.out.splitlines()[1:4] == [
        "configuration: .etcdlint.yaml", "rules: all", "severity: ETCD111: error"]
    run = cli("--show-settings", "b/k.yaml", "--config", "a/.etcdlint.yaml", cwd=tmp_path)
    assert run.out.splitlines()[1:3] == [
        "configuration: a/.etcdlint.yaml (--config)", "rules: all but ETCD002"]
    (tmp_path / ".etcdlint.yaml").unlink()
    run = cli("--show-settings", "b/k.yaml", cwd=tmp_path)
    assert run.out.splitlines()[1] == "configuration: none (the defaults)"


def test_fix_follows_each_files_configuration(tmp_path, cli):
    repository(tmp_path)
    cli("--fix", "--ignore", "ETCD111", "b/k.yaml", "a/k.yaml", cwd=tmp_path)
    assert (tmp_path / "a/k.yaml").read_text() == POD  # a ignores ETCD002: not fixed
    assert (tmp_path / "b/k.yaml").read_text() == POD.replace("--client-cert-auth=false",
                                                            "--client-cert-auth=true")


def test_standard_input_gets_the_configuration_of_its_name(tmp_path, cli):
    repository(tmp_path)
    run = cli("-", "--stdin-filename", "a/k.yaml", stdin=POD, cwd=tmp_path)
    assert run.out.splitlines()[:2] == [A_PPROF, "Found 1 problem (1 warning) in 1 file."]


@pytest.mark.parametrize("args", [("a/k.yaml", "b/k.yaml"), (".",)])
def test_a_pyproject_counts_only_with_its_etcdlint_table(tmp_path, cli, args):
    repository(tmp_path)
    (tmp_path / "a/.etcdlint.yaml").unlink()
    (tmp_path / "a/pyproject.toml").write_text("[tool.etcdlint]\nignore = ['ETCD002']\n")
    assert cli(*args, cwd=tmp_path).out.splitlines() == EXPECTED
    (tmp_path / "a/pyproject.toml").write_text("[tool.black]\nline-length = 99\n")
    # not a configuration: a gets the root's, as b does
    assert cli(*args, cwd=tmp_path).out.splitlines() == [
        A_CERT_AUTH, A_PPROF.replace("warning", "error"), B_CERT_AUTH, B_PPROF_ERROR,
        "Found 4 problems (4 errors) in 2 files.", "[*] 4 fixable with --fix."]
