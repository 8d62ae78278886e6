"""SARIF URIs and GitHub annotation paths are relative to the repository root (where GitHub
resolves them), not to the working directory: ``GITHUB_WORKSPACE`` when set and the files
are inside it, else the git work tree of the working directory, else the working directory."""

import json

import pytest

from conftest import AUTH_OFF_POD as POD
from etcdlint.report.source_root import repository_root

ANNOTATION = ("::error file={},line=9,col=26,endLine=9,endColumn=31,title=ETCD002 [CIS 2.2]::"
              "--client-cert-auth is false: etcd accepts clients without a certificate"
              "%0Ahelp: set --client-cert-auth to true\n"
              "Found 1 problem (1 error) in 1 file.\n")


@pytest.fixture
def repo(tmp_path, monkeypatch):
    monkeypatch.delenv("GITHUB_WORKSPACE", raising=False)
    top = tmp_path / "repo"
    (top / "clusters" / "staging" / "manifests").mkdir(parents=True)
    (top / "clusters" / "staging" / "manifests" / "etcd.yaml").write_text(POD)
    return top


def _sarif(run):
    log = json.loads(run.out)["runs"][0]
    result = log["results"][0]
    return (log["originalUriBaseIds"]["%SRCROOT%"]["uri"],
            result["locations"][0]["physicalLocation"]["artifactLocation"],
            result["partialFingerprints"]["primaryLocationLineHash"])


def test_github_workspace_is_the_root_from_a_subdirectory(cli, repo, monkeypatch):
    monkeypatch.setenv("GITHUB_WORKSPACE", str(repo))
    run = cli("--format", "sarif", ".", cwd=repo / "clusters")
    base, location, print_from_sub = _sarif(run)
    assert base == repo.as_uri() + "/"
    assert location == {"uri": "clusters/staging/manifests/etcd.yaml", "uriBaseId": "%SRCROOT%"}
    run = cli("--format", "github", ".", cwd=repo / "clusters")
    assert run.out == ANNOTATION.format("clusters/staging/manifests/etcd.yaml")
    # text output keeps the path as the user gave it
    assert cli(".", cwd=repo / "clusters").out.startswith("staging/manifests/etcd.yaml:9:26: ")
    # the fingerprint of a run from the root is the same as before, and as from a subdirectory
    run = cli("--format", "sarif", "clusters", cwd=repo)
    assert _sarif(run) == (base, location, print_from_sub)
    monkeypatch.delenv("GITHUB_WORKSPACE")
    run = cli("--format", "sarif", "clusters", cwd=repo)  # (no git, no workspace: the cwd)
    assert _sarif(run) == (base, location, print_from_sub)


def test_git_work_tree_is_the_root_without_github_workspace(cli, repo):
    (repo / ".git").mkdir()
    run = cli("--format", "sarif", ".", cwd=repo / "clusters" / "staging")
    base, location, _ = _sarif(run)
    assert base == repo.as_uri() + "/"
    assert location["uri"] == "clusters/staging/manifests/etcd.yaml"
    run = cli("--format", "github", "manifests/etcd.yaml", cwd=repo / "clusters" / "staging")
    assert run.out == ANNOTATION.format("clusters/staging/manifests/etcd.yaml")


def test_a_linked_work_tree_git_file_marks_the_root(cli, repo):
    (repo / ".git").write_text("gitdir: /somewhere/.git/worktrees/repo\n")
    run = cli("--format", "github", ".", cwd=repo / "clusters")
    assert run.out == ANNOTATION.format("clusters/staging/manifests/etcd.yaml")


def test_without_git_or_workspace_the_working_directory_is_the_root(cli, repo):
    run = cli("--format", "github", ".", cwd=repo / "clusters")
    assert run.out == ANNOTATION.format("staging/manifests/etcd.yaml")
    base, location, _ = _sarif(cli("--format", "sarif", ".", cwd=repo / "clusters"))
    assert base == (repo / "clusters").as_uri() + "/"
    assert location["uri"] == "staging/manifests/etcd.yaml"


def test_a_workspace_that_does_not_hold_the_files_is_not_the_root(cli, repo, tmp_path,
                                                                   monkeypatch):
    (tmp_path / "elsewhere").mkdir()
    monkeypatch.setenv("GITHUB_WORKSPACE", str(tmp_path / "elsewhere"))
    (repo / ".git").mkdir()
    run = cli("--format", "github", ".", cwd=repo / "clusters")
    assert run.out == ANNOTATION.format("clusters/staging/manifests/etcd.yaml")


def test_a_file_outside_the_root_is_named_by_its_absolute_path(cli, repo, tmp_path):
    (repo / ".git").mkdir()
    (tmp_path / "other.yaml").write_text(POD)
    run = cli("--format", "github", str(tmp_path / "other.yaml"), cwd=repo)
    assert run.out == ANNOTATION.format(str(tmp_path / "other.yaml").replace(":", "%3A")
                                        .replace(",", "%2C"))
    base, location, _ = _sarif(cli("--format", "sarif", str(tmp_path / "other.yaml"), cwd=repo))
    assert location == {"uri": (tmp_path / "other.yaml").as_uri()}


def test_repository_root_unit(tmp_path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / ".git").mkdir()
    inside = str(tmp_path / "a" / "b" / "x.yaml")
    assert repository_root([inside], environ={}, cwd=str(tmp_path / "a" / "b")) == \
        str(tmp_path / "a")
    assert repository_root([inside], environ={"GITHUB_WORKSPACE": str(tmp_path)},
                           cwd=str(tmp_path / "a" / "b")) == str(tmp_path)
    assert repository_root(["-"], environ={}, cwd=str(tmp_path)) == str(tmp_path)


def test_run_from_outside_the_repository_is_relative_to_the_files_work_tree(cli, repo, tmp_path):
    (repo / ".git").mkdir()
    (tmp_path / "elsewhere").mkdir()
    run = cli("--format", "sarif", str(repo / "clusters"), cwd=tmp_path / "elsewhere")
    base, location, _ = _sarif(run)
    assert base == repo.as_uri() + "/"
    assert location == {"uri": "clusters/staging/manifests/etcd.yaml", "uriBaseId": "%SRCROOT%"}
    assert run.err == ""


def test_sarif_warns_of_files_code_scanning_cannot_match(cli, repo, tmp_path):
    (repo / ".git").mkdir()
    (tmp_path / "other.yaml").write_text(POD)
    run = cli("--format", "sarif", str(tmp_path / "other.yaml"), cwd=repo)
    assert run.code == 1
    assert run.err == (f"etcdlint: warning: 1 file is outside the repository root {repo} and "
                       "named by absolute file:// URIs, which GitHub code scanning does not "
                       "match with the repository's files (run etcdlint inside the "
                       "repository)\n")


def test_the_root_of_a_sarif_report_and_its_warnings_is_found_once(cli, repo, tmp_path,
                                                                     monkeypatch):
    from etcdlint.report import source_root

    found = []

    def counted(paths, *args, **kwargs):
        found.append(source_root_of(paths, *args, **kwargs))
        return found[-1]

    source_root_of = source_root.repository_root
    monkeypatch.setattr(source_root, "repository_root", counted)
    (repo / ".git").mkdir()
    (tmp_path / "other.yaml").write_text(POD)
    run = cli("--format", "sarif", str(tmp_path / "other.yaml"), cwd=repo)
    assert found == [str(repo)]
    assert json.loads(run.out)["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]["uri"] == (
        repo.as_uri() + "/")
    assert run.err.startswith(f"etcdlint: warning: 1 file is outside the repository root {repo} ")


def test_sarif_warns_when_code_scanning_would_show_only_part(tmp_path, monkeypatch):
    from types import SimpleNamespace

    from etcdlint.report import sarif

    def result(count):
        item = SimpleNamespace(diagnostic=SimpleNamespace(path="a.yaml"))
        return SimpleNamespace(diagnostics=[item] * count)

    monkeypatch.chdir(tmp_path)
    assert sarif.ingestion_warnings(result(5000), str(tmp_path)) == []
    assert sarif.ingestion_warnings(result(5001), str(tmp_path)) == [
        "the SARIF report has 5,001 results: GitHub code scanning shows only the first 5,000"]
    assert sarif.ingestion_warnings(result(25001), str(tmp_path)) == [
        "the SARIF report has 25,001 results: GitHub code scanning rejects a run of more than "
        "25,000 (narrow the paths, or --select fewer rules)"]
