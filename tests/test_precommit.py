"""The real pre-commit, running this checkout's hooks on a throwaway repository."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

FIXTURES = Path(__file__).parent / "fixtures" / "fix"
PRE_COMMIT = shutil.which("pre-commit") or str(Path(sys.executable).parent / "pre-commit")

pytestmark = pytest.mark.skipif(
    not (os.path.exists(PRE_COMMIT) and shutil.which("git") and (ROOT / ".git").exists()),
    reason="pre-commit, git or a git checkout of etcdlint is not available")


def git(cwd, *args):
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


def try_repo(repo, hook, home):
    env = dict(os.environ, PRE_COMMIT_HOME=str(home), PRE_COMMIT_COLOR="never")
    proc = subprocess.run([PRE_COMMIT, "try-repo", str(ROOT), hook, "--all-files"], cwd=repo,
                          capture_output=True, text=True, env=env, timeout=900)
    return proc.returncode, proc.stdout + proc.stderr


@pytest.fixture(scope="module")
def home(tmp_path_factory):
    return tmp_path_factory.mktemp("pre-commit-home")


@pytest.fixture
def repo(tmp_path):
    git(tmp_path, "init", "-q")
    git(tmp_path, "config", "user.email", "ci@example.invalid")
    git(tmp_path, "config", "user.name", "ci")
    (tmp_path / "manifests").mkdir()
    (tmp_path / "manifests" / "etcd.yaml").write_bytes(
        (FIXTURES / "kubeadm_map.before.yaml").read_bytes())
    (tmp_path / "README.txt").write_text("not yaml: not passed to the hook\n")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-qm", "init")
    return tmp_path


def test_check_hook_fails_naming_the_line(repo, home):
    code, output = try_repo(repo, "etcdlint", home)
    assert code == 1, output
    assert "manifests/etcd.yaml:6:26: ETCD002 [*] error [CIS 2.2] --client-cert-auth is false" in output
    assert "manifests/etcd.yaml:7:18: ETCD003 [*] error [CIS 2.3]" in output


def test_fix_hook_rewrites_then_passes(repo, home):
    code, output = try_repo(repo, "etcdlint-fix", home)
    assert code == 1, output  # files were changed
    # the hook's own output says what it changed, each fix at its place, not only how many
    said = output.split("- files were modified by this hook\n\n", 1)[1].rstrip("\n")
    assert said.splitlines() == [
        "manifests/etcd.yaml:6:26: ETCD002 fixed: set --client-cert-auth to true",
        "manifests/etcd.yaml:7:18: ETCD003 fixed: remove --auto-tls (it defaults to false)",
        "No problems found in 1 file (1 etcd configuration).",
        "Fixed 2 problems in 1 file."]
    target = repo / "manifests" / "etcd.yaml"
    assert target.read_bytes() == (FIXTURES / "kubeadm_map.after.yaml").read_bytes()
    code, output = try_repo(repo, "etcdlint-fix", home)
    assert code == 0, output
    code, output = try_repo(repo, "etcdlint", home)
    assert code == 0, output


def test_multi_cluster_repository(tmp_path, home):
    """Each cluster judged on its own API server, whole tree or only etcd.yaml staged."""
    from conftest import EDGE_FINDING, PROD_FINDING, fleet

    git(tmp_path, "init", "-q")
    fleet(tmp_path)
    git(tmp_path, "add", ".")
    code, output = try_repo(tmp_path, "etcdlint", home)
    assert code == 1, output
    findings = [line for line in output.splitlines() if ": ETCD" in line]
    assert findings == [EDGE_FINDING, PROD_FINDING], output
    env = dict(os.environ, PRE_COMMIT_HOME=str(home), PRE_COMMIT_COLOR="never")
    proc = subprocess.run([PRE_COMMIT, "try-repo", str(ROOT), "etcdlint", "--files",
                           "clusters/prod/manifests/etcd.yaml"], cwd=tmp_path,
                          capture_output=True, text=True, env=env, timeout=900)
    output = proc.stdout + proc.stderr
    assert proc.returncode == 1, output
    assert [line for line in output.splitlines() if ": ETCD" in line] == [PROD_FINDING]


def test_commit_of_the_api_server_alone_is_refused_for_the_etcd_ca_it_brings_in(tmp_path, home):
    """Only kube-apiserver.yaml is staged; its --client-ca-file now names etcd's CA: the
    finding sits on the staged API server (the unstaged etcd.yaml decides it), and
    ``git commit`` is refused."""
    from checkout_copy import copy_checkout
    from conftest import ETCD_CA, SHARED_CA, apiserver_pod, trusting_etcd_pod as etcd_pod, write

    release = copy_checkout(tmp_path / "etcdlint")
    for args in (("init", "-q"), ("add", "-A"), ("commit", "-qm", "etcdlint")):
        git(release, "-c", "user.name=ci", "-c", "user.email=ci@example.invalid",
            "-c", "commit.gpgsign=false", *args)
    rev = subprocess.run(["git", "rev-parse", "HEAD"], cwd=release, capture_output=True,
                         text=True, check=True).stdout.strip()
    repo = tmp_path / "gitops"
    repo.mkdir()
    git(repo, "init", "-q")
    git(repo, "config", "user.email", "ci@example.invalid")
    git(repo, "config", "user.name", "ci")
    git(repo, "config", "commit.gpgsign", "false")
    write(repo, {
        ".pre-commit-config.yaml": (f"repos:\n- repo: {release}\n  rev: {rev}\n"
                                    "  hooks:\n  - id: etcdlint\n"),
        "manifests/etcd.yaml": etcd_pod(ETCD_CA),
        "manifests/kube-apiserver.yaml": apiserver_pod(SHARED_CA)})
    env = dict(os.environ, PRE_COMMIT_HOME=str(home), PRE_COMMIT_COLOR="never")
    subprocess.run([PRE_COMMIT, "install"], cwd=repo, check=True, capture_output=True, env=env)
    git(repo, "add", "-A")
    proc = subprocess.run(["git", "commit", "-qm", "a control plane"], cwd=repo,
                          capture_output=True, text=True, env=env, timeout=900)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    (repo / "manifests/kube-apiserver.yaml").write_text(apiserver_pod(ETCD_CA))
    git(repo, "add", "manifests/kube-apiserver.yaml")
    proc = subprocess.run(["git", "commit", "-qm", "one CA for all"], cwd=repo,
                          capture_output=True, text=True, env=env, timeout=900)
    output = proc.stdout + proc.stderr
    assert proc.returncode == 1, output
    assert [line for line in output.splitlines() if ": ETCD" in line] == [
        "manifests/kube-apiserver.yaml:9:24: ETCD007 warning [CIS 2.7] kube-apiserver's "
        "--client-ca-file /etc/kubernetes/pki/etcd/ca.crt is also etcd's --trusted-ca-file "
        "(manifests/etcd.yaml): every client certificate this CA signs for Kubernetes is "
        "accepted by etcd; keep a CA of etcd's own for etcd"], output
    log = subprocess.run(["git", "log", "--oneline"], cwd=repo, capture_output=True,
                         text=True, check=True).stdout
    assert log.count("\n") == 1 and "one CA for all" not in log


def test_hook_passes_jinja_templates_butane_and_kubespray_inventories(repo, home):
    (repo / "talos").mkdir()
    (repo / "talos" / "controlplane.yaml.j2").write_text(
        "machine:\n  type: controlplane\n  token: {{ token }}\ncluster:\n  etcd:\n"
        "    extraArgs:\n      listen-metrics-urls: http://0.0.0.0:2381\n")
    (repo / "inventory" / "group_vars" / "all").mkdir(parents=True)
    (repo / "inventory" / "group_vars" / "all" / "etcd.yml").write_text(
        "etcd_deployment_type: host\netcd_secure_client: false\n")
    (repo / "deploy.sh.j2").write_text("etcd --client-cert-auth=false\n")
    (repo / "node.bu").write_text(
        "variant: fcos\nversion: 1.5.0\nsystemd:\n  units:\n    - name: etcd.service\n"
        "      contents: |\n        [Service]\n        ExecStart=/usr/bin/etcd --auto-tls\n")
    git(repo, "add", ".")
    code, output = try_repo(repo, "etcdlint", home)
    assert code == 1, output
    found = [line for line in output.splitlines() if ": ETCD" in line]
    # (the Butane unit's etcd lacks every TLS setting: nine findings at its etcd word)
    assert len([line for line in found if line.startswith("node.bu:8:19: ")]) == 9, output
    assert [line for line in found if not line.startswith("node.bu:8:19: ")] == [
        "inventory/group_vars/all/etcd.yml:2:21: ETCD002 [*] error [CIS 2.2] etcd_secure_client "
        "is false: etcd accepts clients without a certificate",
        "manifests/etcd.yaml:6:26: ETCD002 [*] error [CIS 2.2] --client-cert-auth is false: "
        "etcd accepts clients without a certificate",
        "manifests/etcd.yaml:7:18: ETCD003 [*] error [CIS 2.3] --auto-tls is true: etcd may "
        "serve clients with a self-signed certificate no client can verify",
        "node.bu:8:33: ETCD003 [*] error [CIS 2.3] --auto-tls is set: etcd may serve clients "
        "with a self-signed certificate no client can verify",
        "talos/controlplane.yaml.j2:7:28: ETCD106 note --listen-metrics-urls has "
        "http://0.0.0.0:2381: metrics and health endpoints are served to the network without "
        "TLS"], output
