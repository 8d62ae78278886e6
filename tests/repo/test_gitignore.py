"""Directory walks leave out what git ignores (``.gitignore`` files, ``.git/info/exclude``);
``--no-respect-gitignore`` / ``respect-gitignore: false`` turn that off."""

import shutil
import subprocess

import pytest

MANIFEST = "kind: Pod\nspec:\n  containers:\n  - name: etcd\n    command: [etcd]\n"


def make(tmp_path, files, git=True):
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    if git:
        (tmp_path / ".git" / "info").mkdir(parents=True, exist_ok=True)


def linted(run):
    return sorted({line.split(":")[0] for line in run.out.splitlines() if ".y" in line.split(":")[0]})


TREE = {
    "clusters/prod/etcd.yaml": MANIFEST,
    "clusters/lab/etcd.yaml": MANIFEST,
    "rendered/etcd.yaml": MANIFEST,
    "charts/x/out.yaml": MANIFEST,
    "charts/x/keep.yaml": MANIFEST,
    "tmp-etcd.yaml": MANIFEST,
    ".gitignore": "rendered/\n/tmp-*.yaml\n",
    "charts/.gitignore": "*.yaml\n!keep.yaml\n",
}


def test_gitignore_files_at_every_level_and_negation(cli, tmp_path):
    make(tmp_path, TREE)
    run = cli(cwd=tmp_path)
    assert linted(run) == ["charts/x/keep.yaml", "clusters/lab/etcd.yaml",
                           "clusters/prod/etcd.yaml"]
    assert run.out.splitlines()[-1] == "Found 27 problems (18 errors, 9 warnings) in 3 files."


def test_info_exclude_and_deeper_files_win(cli, tmp_path):
    make(tmp_path, dict(TREE, **{"clusters/.gitignore": "!lab/\n"}))
    (tmp_path / ".git" / "info" / "exclude").write_text("# local\nlab/\n")
    assert linted(cli(cwd=tmp_path)) == ["charts/x/keep.yaml", "clusters/lab/etcd.yaml",
                                         "clusters/prod/etcd.yaml"]
    (tmp_path / "clusters" / ".gitignore").unlink()
    assert linted(cli(cwd=tmp_path)) == ["charts/x/keep.yaml", "clusters/prod/etcd.yaml"]


def test_switched_off_on_the_command_line_and_in_the_configuration(cli, tmp_path):
    make(tmp_path, TREE)
    everything = ["charts/x/keep.yaml", "charts/x/out.yaml", "clusters/lab/etcd.yaml",
                  "clusters/prod/etcd.yaml", "rendered/etcd.yaml", "tmp-etcd.yaml"]
    assert linted(cli("--no-respect-gitignore", cwd=tmp_path)) == everything
    (tmp_path / ".etcdlint.yaml").write_text("respect-gitignore: false\n")
    assert linted(cli(cwd=tmp_path)) == everything


def test_named_files_and_named_ignored_directories_are_linted(cli, tmp_path):
    make(tmp_path, TREE)
    assert linted(cli("tmp-etcd.yaml", "rendered/etcd.yaml", cwd=tmp_path)) == [
        "rendered/etcd.yaml", "tmp-etcd.yaml"]
    assert linted(cli("rendered", cwd=tmp_path)) == ["rendered/etcd.yaml"]
    # a walk that starts below the top still reads the .gitignore files above it
    assert linted(cli("charts", cwd=tmp_path)) == ["charts/x/keep.yaml"]


def test_outside_a_work_tree_gitignore_files_are_not_read(cli, tmp_path):
    make(tmp_path, TREE, git=False)
    assert len(linted(cli(cwd=tmp_path))) == 6


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_a_linked_work_tree_reads_the_common_info_exclude(cli, tmp_path):
    main = tmp_path / "main"
    make(main, {"a/etcd.yaml": MANIFEST, "b/etcd.yaml": MANIFEST}, git=False)

    def git(*args, cwd=main):
        subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@t.invalid", *args],
                       cwd=cwd, check=True, capture_output=True)
    git("init", "-q")
    git("add", ".")
    git("commit", "-qm", "init")
    git("worktree", "add", "-q", str(tmp_path / "linked"))
    (main / ".git" / "info").mkdir(exist_ok=True)
    (main / ".git" / "info" / "exclude").write_text("b/\n")
    assert linted(cli(cwd=tmp_path / "linked")) == ["a/etcd.yaml"]
    # the same answer as git's own
    proc = subprocess.run(["git", "check-ignore", "--no-index", "b/etcd.yaml"], cwd=tmp_path / "linked",
                          capture_output=True, text=True)
    assert proc.stdout == "b/etcd.yaml\n"


def test_lines_git_tolerates_but_pathspec_cannot_read_are_skipped_with_a_warning(cli, tmp_path):
    # git matches nothing with `!` alone, a trailing `\` or a backwards range: skipping them
    # leaves what git ignores as it is
    make(tmp_path, dict(TREE, **{".gitignore": "rendered/\n!\n\\\n[z-a]\n/tmp-*.yaml\n"}))
    (tmp_path / ".git" / "info" / "exclude").write_text("lab/[b-a]x\n")
    run = cli("--exit-zero", "--format", "sarif", "--output", "out.sarif", cwd=tmp_path)
    assert run.code == 0
    assert run.err == (
        "etcdlint: warning: .git/info/exclude:1: 'lab/[b-a]x' is not a pattern etcdlint can "
        "read: the line is skipped (git matches nothing with it)\n"
        "etcdlint: warning: .gitignore:2: '!' is not a pattern etcdlint can read: the line is "
        "skipped (git matches nothing with it)\n"
        "etcdlint: warning: .gitignore:3: '\\\\' is not a pattern etcdlint can read: the line "
        "is skipped (git matches nothing with it)\n"
        "etcdlint: warning: .gitignore:4: '[z-a]' is not a pattern etcdlint can read: the line "
        "is skipped (git matches nothing with it)\n"
        "Found 27 problems (18 errors, 9 warnings) in 3 files. The sarif report is in "
        "out.sarif.\n")
    import json

    sarif = json.loads((tmp_path / "out.sarif").read_text())
    assert sorted({r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                   for r in sarif["runs"][0]["results"]}) == [
        "charts/x/keep.yaml", "clusters/lab/etcd.yaml", "clusters/prod/etcd.yaml"]
