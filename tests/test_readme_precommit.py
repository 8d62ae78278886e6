"""The README's pre-commit snippet, exactly as written except for the repository URL, run by
the real pre-commit against a clone of this checkout that carries the release tag the
snippet names (the test creates the clone and the tag)."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from checkout_copy import copy_checkout
from conftest import ROOT

PRE_COMMIT = shutil.which("pre-commit") or str(Path(sys.executable).parent / "pre-commit")
URL = "https://github.com/etcdlint/etcdlint"

pytestmark = pytest.mark.skipif(
    not (os.path.exists(PRE_COMMIT) and shutil.which("git") and (ROOT / ".git").exists()),
    reason="pre-commit, git or a git checkout of etcdlint is not available")

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
NOTE_ONLY = INSECURE.replace("=false", "=true").replace(
    "2380']", "2380', '--listen-metrics-urls=http://0.0.0.0:2381']")


def git(cwd, *args):
    proc = subprocess.run(["git", "-c", "user.name=ci", "-c", "user.email=ci@example.invalid",
                           "-c", "commit.gpgsign=false", "-c", "tag.gpgsign=false", *args],
                          cwd=cwd, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def snippet():
    text = (ROOT / "README.md").read_text()
    section = text.split("\n## pre-commit\n", 1)[1].split("\n## ", 1)[0]
    return re.search(r"```yaml\n(.*?)```", section, flags=re.S).group(1)


@pytest.fixture(scope="module")
def release(tmp_path_factory):
    """A clone of this checkout (its files as they are on disk) tagged with the snippet's rev."""
    rev = re.search(r"rev: (\S+)", snippet()).group(1)
    from etcdlint import __version__

    assert rev == f"v{__version__}", "the README's rev is not the current version's tag"
    src = copy_checkout(tmp_path_factory.mktemp("etcdlint-release"))
    git(src, "init", "-q")
    git(src, "add", "-A")
    git(src, "commit", "-qm", f"etcdlint {__version__}")
    git(src, "tag", "-a", rev, "-m", f"etcdlint {__version__}")
    return src


@pytest.fixture(scope="module")
def home(tmp_path_factory):
    return tmp_path_factory.mktemp("pre-commit-home")


def gitops(tmp_path, release, config):
    git(tmp_path, "init", "-q")
    (tmp_path / ".pre-commit-config.yaml").write_text(config.replace(URL, str(release)))
    (tmp_path / "clusters").mkdir()
    (tmp_path / "clusters" / "etcd.yaml").write_text(INSECURE)
    (tmp_path / "clusters" / "metrics.yaml").write_text(NOTE_ONLY)
    git(tmp_path, "add", "-A")
    return tmp_path


def pre_commit(repo, home, *args):
    env = dict(os.environ, PRE_COMMIT_HOME=str(home), PRE_COMMIT_COLOR="never")
    proc = subprocess.run([PRE_COMMIT, "run", "--all-files", *args], cwd=repo,
                          capture_output=True, text=True, env=env, timeout=900)
    return proc.returncode, proc.stdout + proc.stderr


def test_the_snippet_names_a_real_url_and_the_tag(release):
    assert f"  - repo: {URL}\n" in snippet()


def test_check_hook_as_written(tmp_path, release, home):
    repo = gitops(tmp_path, release, snippet())
    code, output = pre_commit(repo, home)
    assert code == 1, output
    assert ("clusters/etcd.yaml:5:40: ETCD002 [*] error [CIS 2.2] --client-cert-auth is false: "
            "etcd accepts clients without a certificate") in output
    assert "Found 2 problems (1 error, 1 note) in 2 files." in output
    # the note alone does not block the commit
    (repo / "clusters" / "etcd.yaml").write_text(INSECURE.replace("=false", "=true"))
    code, output = pre_commit(repo, home)
    assert code == 0, output
    assert re.search(r"^etcdlint\.+Passed$", output, flags=re.M), output


def test_fix_hook_as_the_snippets_comment_offers_it(tmp_path, release, home):
    config = snippet().replace("      - id: etcdlint        # check\n", "").replace(
        "      # - id: etcdlint-fix", "      - id: etcdlint-fix")
    assert "- id: etcdlint-fix" in config
    repo = gitops(tmp_path, release, config)
    code, output = pre_commit(repo, home)
    assert code == 1, output  # it changed a file
    assert "--client-cert-auth=true" in (repo / "clusters" / "etcd.yaml").read_text()
    assert "- files were modified by this hook" in output
    code, output = pre_commit(repo, home)
    assert code == 0, output
    assert re.search(r"^etcdlint \(fix\)\.+Passed$", output, flags=re.M), output
