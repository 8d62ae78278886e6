"""Symbolic links met in a directory walk: one that leads to a file the run reads anyway is
read once, under the real file's name; one that leads elsewhere is linted but never written
by --fix (a warning says so once, and its findings stay reported: the exit code follows
them, not a write error)."""

import os

import pytest

from conftest import AUTH_OFF_POD as POD

FINDING = ("{}:9:26: ETCD002 [*] error [CIS 2.2] --client-cert-auth is false: etcd accepts "
           "clients without a certificate")
FIXED = "{}:9:26: ETCD002 fixed: set --client-cert-auth to true"


@pytest.fixture
def tree(tmp_path):
    (tmp_path / "t").mkdir()
    (tmp_path / "out").mkdir()
    (tmp_path / "t" / "real.yaml").write_text(POD)
    os.symlink("real.yaml", tmp_path / "t" / "link.yaml")
    return tmp_path


def test_a_link_to_a_walked_file_is_read_once_under_the_real_name(cli, tree):
    run = cli("t", cwd=tree)
    assert run.out.splitlines() == [FINDING.format("t/real.yaml"),
                                    "Found 1 problem (1 error) in 1 file.",
                                    "[*] 1 fixable with --fix."]
    assert run.code == 1
    # the same when the real file is named on the command line as well
    assert cli("t/real.yaml", "t", cwd=tree).out.splitlines()[:2] == [
        FINDING.format("t/real.yaml"), "Found 1 problem (1 error) in 1 file."]


def test_fix_writes_the_real_file_once_and_leaves_the_link(cli, tree):
    run = cli("--fix", "--show-fixes", "t", cwd=tree)
    assert (run.code, run.err) == (0, "")
    assert run.out.splitlines() == [FIXED.format("t/real.yaml"), "No problems found in 1 file "
                                    "(1 etcd configuration).", "Fixed 1 problem in 1 file."]
    assert (tree / "t" / "real.yaml").read_text() == POD.replace("auth=false", "auth=true")
    assert os.readlink(tree / "t" / "link.yaml") == "real.yaml"


def test_a_link_out_of_the_walk_is_linted_but_not_written(cli, tree):
    (tree / "out" / "outside.yaml").write_text(POD)
    os.symlink(os.path.join("..", "out", "outside.yaml"), tree / "t" / "ext.yaml")
    run = cli("t", cwd=tree)  # (not marked fixable: --fix does not write a link)
    assert run.out.splitlines() == [FINDING.format("t/ext.yaml").replace(" [*]", ""),
                                    FINDING.format("t/real.yaml"),
                                    "Found 2 problems (2 errors) in 2 files.",
                                    "[*] 1 fixable with --fix."]
    run = cli("--fix", "--show-fixes", "t", cwd=tree)
    assert run.err == ("etcdlint: warning: t/ext.yaml: not written: a symbolic link (its "
                       "findings stay reported; fix the file it leads to by its own path)\n")
    # (the link's finding is no longer marked fixable: --fix does not write it)
    assert run.out.splitlines() == [FIXED.format("t/real.yaml"),
                                    FINDING.format("t/ext.yaml").replace(" [*]", ""),
                                    "Found 1 problem (1 error) in 1 file.",
                                    "Fixed 1 problem in 1 file."]
    assert run.code == 1  # the link's finding remains: not a write error (2)
    assert (tree / "out" / "outside.yaml").read_text() == POD
    assert os.readlink(tree / "t" / "ext.yaml") == os.path.join("..", "out", "outside.yaml")
    # --diff shows what --fix would write: nothing for the link
    run = cli("--diff", "t", cwd=tree)
    assert (run.code, run.out) == (0, "")
    assert run.err == ("etcdlint: warning: t/ext.yaml: not written: a symbolic link (its "
                       "findings stay reported; fix the file it leads to by its own path)\n"
                       "No fix would be applied.\n")


def test_a_link_out_of_the_walk_with_nothing_to_fix_says_nothing(cli, tree):
    (tree / "out" / "outside.yaml").write_text(POD.replace("auth=false", "auth=true"))
    os.symlink(os.path.join("..", "out", "outside.yaml"), tree / "t" / "ext.yaml")
    run = cli("--fix", "t", cwd=tree)
    assert (run.code, run.err) == (0, "")


def test_two_links_to_one_outside_file_are_read_once(cli, tree):
    (tree / "out" / "outside.yaml").write_text(POD)
    os.symlink(os.path.join("..", "out", "outside.yaml"), tree / "t" / "a.yaml")
    os.symlink(os.path.join("..", "out", "outside.yaml"), tree / "t" / "b.yaml")
    run = cli("t", cwd=tree)
    assert run.out.splitlines()[:3] == [FINDING.format("t/a.yaml").replace(" [*]", ""),
                                        FINDING.format("t/real.yaml"),
                                        "Found 2 problems (2 errors) in 2 files."]
