"""The one door for side files (etcdlint/repo/sidefiles.py): confined to the repository root
whatever links and ``..`` say, regular files only, bounded in size."""

import os
import re
import shutil
import stat
import subprocess
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from conftest import ROOT

from etcdlint.repo import sidefiles
from etcdlint.repo.sidefiles import SideFiles, bounded_read
from etcdlint.text.sidefile import MISSING, NOT_REGULAR, OUTSIDE, TOO_LARGE, UNREADABLE

SECRET = "s3cr3t-outside-the-repository"


@pytest.fixture
def tree(tmp_path):
    """``repo/`` (the root) with ``sub/``, and ``outside/creds`` beside it."""
    repo = tmp_path / "repo"
    (repo / "sub").mkdir(parents=True)
    (repo / "sub" / "a.env").write_text("A=1\n")
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "creds").write_text(f"TOKEN={SECRET}\n")
    return repo


def door(repo, base="sub", limit=1000):
    return SideFiles(str(repo), str(repo / base), limit)


def test_a_file_inside_is_read(tree):
    assert door(tree).read("a.env").data == b"A=1\n"
    assert door(tree).text_of("../sub/./a.env").text == "A=1\n"


@pytest.mark.parametrize("entry", [
    "../../outside/creds",
    "../../../../../../../../../../proc/self/environ",
    "../..",
])
def test_dot_dot_above_the_root_is_refused(tree, entry):
    found = door(tree).read(entry)
    assert (found.data, found.refusal) == (None, OUTSIDE)
    assert found.why() == "it resolves outside the repository root"


def test_an_absolute_path_outside_is_refused(tree):
    assert door(tree).read(str(tree.parent / "outside" / "creds")).refusal == OUTSIDE
    assert door(tree).read("/etc/hostname").refusal == OUTSIDE


@pytest.mark.parametrize("target", [
    "../../outside/creds",  # relative, climbing out
    "OUTSIDE_ABSOLUTE",  # absolute, elsewhere
    "../sub/../../outside/creds",  # back in, then out
])
def test_a_link_out_of_the_root_is_refused(tree, target):
    target = str(tree.parent / "outside" / "creds") if target == "OUTSIDE_ABSOLUTE" else target
    os.symlink(target, tree / "sub" / "link.env")
    assert door(tree).read("link.env").refusal == OUTSIDE


def test_a_directory_link_out_then_dot_dot_is_refused(tree):
    # ``out/..`` is the parent of the link's *target* (as the kernel reads it), outside
    os.symlink(str(tree.parent / "outside"), tree / "sub" / "out")
    assert door(tree).read("out/../outside/creds").refusal == OUTSIDE
    assert door(tree).read("out/creds").refusal == OUTSIDE


def test_a_refusal_does_not_say_whether_the_target_exists(tree):
    os.symlink(str(tree.parent / "outside" / "creds"), tree / "sub" / "there")
    os.symlink(str(tree.parent / "outside" / "nothing"), tree / "sub" / "absent")
    assert door(tree).read("there") == door(tree).read("absent")
    assert door(tree).read("../../outside/creds") == door(tree).read("../../outside/nothing")


def test_links_inside_the_root_are_followed(tree):
    os.symlink("../sub", tree / "sub" / "again")
    os.symlink(str(tree / "sub" / "a.env"), tree / "abs.env")
    os.symlink("again/again/a.env", tree / "sub" / "rel.env")
    assert door(tree).read("rel.env").data == b"A=1\n"
    assert door(tree).read("../abs.env").data == b"A=1\n"


def test_a_link_loop_is_refused(tree):
    os.symlink("b", tree / "sub" / "a")
    os.symlink("a", tree / "sub" / "b")
    assert door(tree).read("a").refusal == UNREADABLE


def test_missing_inside(tree):
    assert door(tree).read("nope.env").refusal == MISSING
    assert door(tree).read("a.env/x").refusal == MISSING


def test_a_fifo_a_device_and_a_directory_are_not_read(tree):
    os.mkfifo(tree / "sub" / "fifo.env")
    os.symlink("/dev/zero", tree / "sub" / "zero.env")  # (outside: refused before anything)
    # (a FIFO opened for reading with no writer blocks: had it been opened so, no answer)
    assert door(tree).read("fifo.env").refusal == NOT_REGULAR
    assert door(tree).read("zero.env").refusal == OUTSIDE
    assert door(tree).read(".").refusal == NOT_REGULAR
    # a root holding /dev: the device is found, and refused as not a regular file
    assert bounded_read("/dev/zero", 1000).refusal == NOT_REGULAR


def test_over_the_size_limit(tree):
    (tree / "sub" / "big.env").write_bytes(b"x" * 1001)
    found = door(tree).read("big.env")
    assert (found.refusal, found.why()) == (TOO_LARGE, "it is over the 1000-byte size limit")
    (tree / "sub" / "fits.env").write_bytes(b"x" * 1000)
    assert door(tree).read("fits.env").data == b"x" * 1000


def test_a_base_outside_the_root_reads_nothing(tree):
    outside = SideFiles(str(tree), str(tree.parent / "outside"), 1000)
    assert outside.read("creds").refusal == OUTSIDE


def test_the_root_is_the_git_work_tree_else_the_configuration_folder(tree, monkeypatch):
    monkeypatch.chdir(tree.parent / "outside")
    assert sidefiles.side_root(str(tree / "sub" / "a.env")) == str(tree / "sub")
    assert sidefiles.side_root(str(tree / "sub" / "a.env"), str(tree)) == str(tree)
    (tree / ".git").mkdir()
    assert sidefiles.side_root(str(tree / "sub" / "a.env"), str(tree / "sub")) == str(tree)


def test_no_source_adapter_opens_a_file():
    """Adapters are pure functions of what they are given: the side files come in through
    the repository layer's door."""
    pattern = re.compile(r"(^|[^A-Za-z_.])open\(|\.read_text\(|\.read_bytes\(|os\.listdir\(|"
                         r"os\.path\.(isfile|exists|getsize)\(")
    sources = ROOT / "etcdlint" / "sources"
    found = [f"{p.relative_to(sources)}:{n}" for p in sorted(sources.rglob("*.py"))
             for n, line in enumerate(p.read_text().splitlines(), 1) if pattern.search(line)]
    assert found == []


# -- the property: whatever the tree of links, no read resolves outside the root -------------

NAMES = ["a", "b", "c", "..", "."]


@st.composite
def link_trees(draw):
    """Directories, files and links (relative targets with ``..``, absolute ones inside and
    outside) below ``root/``, and paths to read from ``root/d0``."""
    entries = []
    for i in range(draw(st.integers(1, 8))):
        parent = draw(st.sampled_from(["", "d0", "d0/d1", "d2"]))
        kind = draw(st.sampled_from(["dir", "file", "link", "abslink"]))
        name = draw(st.sampled_from(["a", "b", "c", "d1", "d2"]))
        target = "/".join(draw(st.lists(st.sampled_from(NAMES + ["d0", "d1", "d2", "x"]),
                                        min_size=1, max_size=5)))
        entries.append((parent, name, kind, target, draw(st.booleans())))
    queries = [
        "/".join(draw(st.lists(st.sampled_from(NAMES + ["d0", "d1", "d2", "x", "secret"]),
                               min_size=1, max_size=6)))
        for _ in range(draw(st.integers(1, 6)))]
    return entries, queries


def _build(top, entries):
    root = top / "root"
    for d in ("d0/d1", "d2"):
        (root / d).mkdir(parents=True, exist_ok=True)
    (top / "x").mkdir(exist_ok=True)
    (top / "x" / "secret").write_text(SECRET)
    (top / "secret").write_text(SECRET)
    for parent, name, kind, target, to_outside in entries:
        path = root / parent / name
        if path.exists() or path.is_symlink():
            continue
        if kind == "dir":
            path.mkdir()
        elif kind == "file":
            path.write_text("inside")
        elif kind == "link":
            os.symlink(target, path)
        else:
            os.symlink(str((top if to_outside else root) / target), path)
    return root


@settings(max_examples=int(os.environ.get("ETCDLINT_FUZZ_EXAMPLES", "150")), deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(link_trees())
def test_no_read_resolves_outside_the_root(monkeypatch, case):
    entries, queries = case
    top = Path(tempfile.mkdtemp())
    try:
        root = _build(top, entries)
        real_root = os.path.realpath(root)
        opened, looked_at, on = [], [], []
        real_open, real_lstat = os.open, os.lstat
        monkeypatch.setattr(sidefiles.os, "open", lambda p, *a, **k: (
            on and opened.append(p)) or real_open(p, *a, **k))
        monkeypatch.setattr(sidefiles.os, "lstat", lambda p, *a, **k: (
            on and looked_at.append(p)) or real_lstat(p, *a, **k))
        door = SideFiles(str(root), str(root / "d0"), 1 << 16)
        for query in queries:
            on.append(True)
            found = door.read(query)
            on.clear()
            assert SECRET.encode() not in (found.data or b"")
            # where the kernel would go: read exactly when that is a file inside the root
            asked = os.path.join(root, "d0", query)
            try:
                reachable = stat.S_ISREG(os.stat(asked).st_mode)  # (the kernel's walk)
            except OSError:
                reachable = False
            target = os.path.realpath(asked)
            inside = target == real_root or target.startswith(real_root + os.sep)
            if found.ok:
                assert inside and reachable
                assert found.data == Path(target).read_bytes()
            elif inside and reachable and found.refusal != UNREADABLE:
                pytest.fail(f"{query}: a file inside the root was refused ({found.refusal})")
            on.append(True)
            kind, listed = door.kind(query), door.list_directory(query)
            on.clear()
            if kind in ("file", "directory", "other") or listed is not None:
                assert inside, query
            if listed is not None:
                assert listed == sorted(os.listdir(target))
        monkeypatch.undo()
        for path in opened:
            real = os.path.realpath(path)
            assert real.startswith(real_root + os.sep), path
        for path in looked_at:  # (nothing outside is even looked at)
            assert os.path.normpath(path) == path and \
                (path == real_root or path.startswith(real_root + os.sep)), path
    finally:
        shutil.rmtree(top)


# -- through the command line: what a pull request can name leaks nothing --------------------

COMPOSE = """\
services:
  etcd:
    image: quay.io/coreos/etcd:v3.5.12
    env_file: {env_file}
    command: ["sh", "-c", "exec etcd --client-cert-auth=$${{AAA_FIRST}} --name=$${{TOKEN}}"]
"""
FORMATS = ("text", "json", "sarif", "github")


def _run(args, env_extra=None, cwd=None):
    env = {"AAA_FIRST": SECRET, "GITHUB_TOKEN": "ghp_" + SECRET}  # (first: as in environ)
    env.update({k: v for k, v in os.environ.items() if k not in env})
    env.update(env_extra or {})
    env["PYTHONPATH"] = str(ROOT)
    import sys

    return subprocess.run([sys.executable, "-m", "etcdlint", *args], capture_output=True,
                          text=True, env=env, cwd=cwd, timeout=60)


def test_env_file_climbing_to_proc_self_environ_leaks_nothing(tmp_path):
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    entry = "../" * 12 + "proc/self/environ"
    (repo / "compose.yaml").write_text(COMPOSE.format(env_file=entry))
    for fmt in FORMATS:
        run = _run(["--format", fmt, "compose.yaml"], cwd=repo)
        assert SECRET not in run.stdout + run.stderr, fmt
        assert run.returncode == 0, (fmt, run.stdout, run.stderr)
    run = _run(["compose.yaml"], cwd=repo)
    assert run.stdout.splitlines()[-1] == (
        f"compose.yaml:5:33: note: env_file '{entry}' (line 4) not read: it resolves outside "
        "the repository root; the variables it sets are unknown")


@pytest.mark.parametrize("how", ["env_file", ".env"])
def test_a_committed_link_to_a_credentials_file_leaks_nothing(cli, tmp_path, how):
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (tmp_path / "git-credentials").write_text(f"AAA_FIRST={SECRET}\nTOKEN={SECRET}\n")
    if how == "env_file":
        os.symlink("../git-credentials", repo / "creds.env")
        (repo / "compose.yaml").write_text(COMPOSE.format(env_file="creds.env"))
        note = ("compose.yaml:5:33: note: env_file 'creds.env' (line 4) not read: it resolves "
                "outside the repository root; the variables it sets are unknown")
    else:
        os.symlink(str(tmp_path / "git-credentials"), repo / ".env")
        (repo / "compose.yaml").write_text(COMPOSE.format(env_file="[]"))
        note = ("compose.yaml:5:33: note: the project's .env not read: it resolves outside the "
                "repository root; the variables it sets are unknown")
    for fmt in FORMATS:
        run = cli("--format", fmt, "compose.yaml", cwd=repo)
        assert SECRET not in run.out + run.err, fmt
        assert run.code == 0, fmt
    run = cli("compose.yaml", cwd=repo)
    assert run.out.splitlines() == ["No problems found in 1 file (1 etcd configuration).", note]


POD = """\
apiVersion: v1
kind: Pod
metadata:
  name: etcd
spec:
  containers:
  - name: etcd
    image: registry.k8s.io/etcd:3.5.21-0
    command: [etcd, --client-cert-auth=false, --name={secret}]
"""


@pytest.mark.parametrize("entry", ["../outside/pod.yaml", "ABSOLUTE"])
def test_kustomize_resources_outside_the_repository_are_not_read(cli, tmp_path, entry):
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "pod.yaml").write_text(POD.format(secret=SECRET))
    if entry == "ABSOLUTE":
        entry = str(tmp_path / "outside" / "pod.yaml")
    (repo / "kustomization.yaml").write_text(f"resources:\n- {entry}\n")
    for fmt in FORMATS:
        run = cli("--format", fmt, ".", cwd=repo)
        assert SECRET not in run.out + run.err, fmt
        assert "outside" not in run.out.replace(f"resource {entry} (outside", ""), fmt
        assert run.code == 0, fmt
    run = cli(".", cwd=repo)
    assert run.out.splitlines() == [
        "No problems found in 1 file (0 etcd configurations).",
        f"kustomization.yaml:2:3: note: resource {entry} (outside the repository: not read): "
        "not modelled, the overlay is not built (its resources are linted as they are)"]


def test_kustomize_resource_file_above_the_kustomization_is_refused_as_kustomize_does(
        cli, tmp_path):
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / "overlay").mkdir()
    (repo / "pod.yaml").write_text(POD.format(secret="x"))
    (repo / "overlay" / "kustomization.yaml").write_text("resources:\n- ../pod.yaml\n")
    run = cli("overlay", cwd=repo)
    assert run.out.splitlines() == [
        "No problems found in 1 file (0 etcd configurations).",
        "overlay/kustomization.yaml:2:3: note: resource ../pod.yaml (a file outside the "
        "kustomization's directory: kustomize refuses it): not modelled, the overlay is not "
        "built (its resources are linted as they are)"]
    assert run.code == 0


# -- side files that would never end: bounded by the door -------------------------------------

def _repo_with(tmp_path, compose_env_file="[]"):
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / "compose.yaml").write_text(COMPOSE.format(env_file=compose_env_file))
    return repo


@pytest.mark.parametrize("how", [".env", "env_file"])
def test_env_files_pointing_at_dev_zero_or_a_fifo_end_with_a_note(tmp_path, how):
    repo = _repo_with(tmp_path, "zero.env" if how == "env_file" else "[]")
    os.symlink("/dev/zero", repo / ("zero.env" if how == "env_file" else ".env"))
    run = _run(["compose.yaml"], cwd=repo)
    what = "env_file 'zero.env' (line 4)" if how == "env_file" else "the project's .env"
    assert (run.returncode, run.stderr) == (0, "")
    assert run.stdout.splitlines()[-1] == (
        f"compose.yaml:5:33: note: {what} not read: it resolves outside the repository root; "
        "the variables it sets are unknown")
    os.unlink(repo / ("zero.env" if how == "env_file" else ".env"))
    os.mkfifo(repo / ("zero.env" if how == "env_file" else ".env"))  # nobody writes to it
    run = _run(["compose.yaml"], cwd=repo)
    assert (run.returncode, run.stderr) == (0, "")
    assert run.stdout.splitlines()[-1] == (
        f"compose.yaml:5:33: note: {what} not read: it is not a regular file; the variables "
        "it sets are unknown")


def test_an_env_file_over_max_file_size_is_not_read(cli, tmp_path):
    repo = _repo_with(tmp_path, "big.env")
    (repo / ".etcdlint.yaml").write_text("max-file-size: 1000\n")
    (repo / "big.env").write_text("AAA_FIRST=true\n" + "#" * 1000 + "\n")
    run = cli("compose.yaml", cwd=repo)
    assert run.code == 0
    assert run.out.splitlines()[-1] == (
        "compose.yaml:5:33: note: env_file 'big.env' (line 4) not read: it is over the "
        "1000-byte size limit; the variables it sets are unknown")


def test_a_gitignore_pointing_at_dev_zero_is_not_read(tmp_path):
    repo = _repo_with(tmp_path)
    os.symlink("/dev/zero", repo / ".gitignore")
    (repo / "sub").mkdir()
    os.mkfifo(repo / "sub" / ".gitignore")
    run = _run(["."], cwd=repo)
    assert (run.returncode, run.stderr) == (1, "")
    assert run.stdout.splitlines()[-1] == "Found 8 problems (5 errors, 3 warnings) in 1 file."


@pytest.mark.parametrize("named_by", ["configuration", "command line"])
def test_a_baseline_pointing_at_dev_zero_is_a_clear_error(tmp_path, named_by):
    repo = _repo_with(tmp_path)
    os.symlink("/dev/zero", repo / "baseline.json")
    if named_by == "configuration":
        (repo / ".etcdlint.yaml").write_text("baseline: baseline.json\n")
        run = _run(["compose.yaml"], cwd=repo)
        why = "it resolves outside the repository root"
        shown = str(repo / "baseline.json")
    else:
        run = _run(["--baseline", "baseline.json", "compose.yaml"], cwd=repo)
        why = "it is not a regular file"
        shown = "baseline.json"
    assert (run.returncode, run.stdout) == (2, "")
    assert run.stderr == (f"etcdlint: error: {shown}: cannot read the baseline: {why} "
                          f"(write one with --write-baseline {shown})\n")


def test_a_configuration_pointing_at_dev_zero_is_not_read(tmp_path):
    repo = _repo_with(tmp_path)
    os.symlink("/dev/zero", repo / ".etcdlint.yaml")  # (not a regular file: not a configuration)
    run = _run(["compose.yaml"], cwd=repo)
    assert (run.returncode, run.stderr) == (1, "")
    assert run.stdout.splitlines()[-1] == "Found 8 problems (5 errors, 3 warnings) in 1 file."


def test_a_walked_link_out_of_the_repository_is_not_read(cli, tmp_path):
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (tmp_path / "outside.yaml").write_text(POD.format(secret=SECRET))
    os.symlink("../outside.yaml", repo / "pod.yaml")
    for fmt in FORMATS:
        run = cli("--format", fmt, ".", cwd=repo)
        assert SECRET not in run.out + run.err, fmt
        assert run.code == 0, fmt
    run = cli(".", cwd=repo)
    assert run.err == ("etcdlint: warning: pod.yaml: a symbolic link out of the repository: "
                       "not read\netcdlint: warning: no file to lint found in .\n")
    assert run.out == "No problems found in 0 files (0 etcd configurations).\n"


@pytest.mark.parametrize("how", ["link", "dot-dot"])
def test_flux_values_from_outside_the_repository_are_unknown_and_said(cli, tmp_path, how):
    from conftest import BITNAMI_SECURE as SECURE, flux

    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (tmp_path / "outside").mkdir()
    insecure = SECURE.replace("enableAuthentication: true\n  peer",
                              "enableAuthentication: false\n  peer")
    (tmp_path / "outside" / "v.yaml").write_text(insecure + f"# {SECRET}\n")
    entry = "etcd-values.yaml" if how == "link" else "../outside/v.yaml"
    if how == "link":
        os.symlink("../outside/v.yaml", repo / "etcd-values.yaml")
    (repo / "release.yaml").write_text(flux(extra="  valuesFrom:\n    - kind: ConfigMap\n"
                                                  "      name: etcd-values\n"))
    (repo / "kustomization.yaml").write_text(  # (the release's namespace: its ConfigMap)
        "namespace: db\nresources: [release.yaml]\nconfigMapGenerator:\n  - name: etcd-values\n"
        f"    files:\n      - values.yaml={entry}\n")
    why = ("it resolves outside the repository root" if how == "link"
           else "it is outside the kustomization's directory")
    for fmt in FORMATS:
        run = cli("--format", fmt, "release.yaml", cwd=repo)
        assert SECRET not in run.out + run.err, fmt
        assert run.code == 0, fmt
    assert cli("release.yaml", cwd=repo).out.splitlines()[:2] == [
        "No problems found in 1 file (1 etcd configuration).",
        f"release.yaml:10:14: note: valuesFrom ConfigMap etcd-values key values.yaml ({entry}) "
        f"not read: {why}; the values it holds are unknown: this release is not judged"]


def test_an_umbrella_chart_yaml_linking_out_of_the_repository_is_not_read(cli, tmp_path):
    from conftest import UMBRELLA_CHART as CHART

    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (tmp_path / "Chart.yaml").write_text(CHART)
    (repo / "values.yaml").write_text("kvstore:\n  replicaCount: 3\n")
    os.symlink("../Chart.yaml", repo / "Chart.yaml")
    run = cli("values.yaml", cwd=repo)
    assert (run.code, run.out) == (0, "No problems found in 1 file (0 etcd configurations).\n")
    os.unlink(repo / "Chart.yaml")
    (repo / "Chart.yaml").write_text(CHART)  # the same, in the repository: read
    assert cli("values.yaml", cwd=repo).out.splitlines()[-1] == \
        "Found 12 problems (11 errors, 1 warning) in 1 file."


@pytest.mark.parametrize("patch,why", [
    ("patch.yaml", "not read: it resolves outside the repository root"),
    ("../patch.yaml", "a file outside the kustomization's directory: kustomize refuses it"),
])
def test_kustomize_patches_outside_are_refused(cli, tmp_path, patch, why):
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / "overlay").mkdir()
    (repo / "overlay" / "pod.yaml").write_text(POD.format(secret="x"))
    (tmp_path / "patch.yaml").write_text(f"kind: Pod\nmetadata:\n  name: etcd\n# {SECRET}\n")
    (repo / "patch.yaml").write_text("kind: Pod\nmetadata:\n  name: etcd\n")
    if patch == "patch.yaml":
        os.symlink(str(tmp_path / "patch.yaml"), repo / "overlay" / "patch.yaml")
    (repo / "overlay" / "kustomization.yaml").write_text(
        f"resources: [pod.yaml]\npatches:\n- path: {patch}\n")
    run = cli("overlay", cwd=repo)
    assert SECRET not in run.out + run.err
    shown = "overlay/patch.yaml" if patch == "patch.yaml" else "patch.yaml"
    assert run.out.splitlines()[-1] == (
        f"overlay/kustomization.yaml:3:3: note: patch {shown} ({why}): not modelled, the "
        "overlay is not built (its resources are linted as they are)")


@pytest.mark.skipif(shutil.which("kubectl") is None, reason="kubectl (kustomize) not installed")
@pytest.mark.parametrize("entry,refused", [("../pod.yaml", True), ("ABSOLUTE", True),
                                           ("../base", False)])
def test_kustomize_refuses_the_same_files(cli, tmp_path, entry, refused):
    """Differential: what kustomize (kubectl kustomize) refuses as outside its root, etcdlint
    refuses; a base directory above is read by both."""
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / "overlay").mkdir()
    (repo / "base").mkdir()
    (repo / "pod.yaml").write_text(POD.format(secret="x"))
    (repo / "base" / "pod.yaml").write_text(POD.format(secret="x"))
    (repo / "base" / "kustomization.yaml").write_text("resources: [pod.yaml]\n")
    entry = str(repo / "pod.yaml") if entry == "ABSOLUTE" else entry
    (repo / "overlay" / "kustomization.yaml").write_text(f"resources:\n- {entry}\n")
    built = subprocess.run(["kubectl", "kustomize", str(repo / "overlay")],
                           capture_output=True, text=True, timeout=60)
    assert (built.returncode != 0) == refused
    assert ("is not in or below" in built.stderr) == refused
    notes = [line for line in cli("overlay", cwd=repo).out.splitlines() if "note:" in line]
    assert notes == ([
        f"overlay/kustomization.yaml:2:3: note: resource {entry} (a file outside the "
        "kustomization's directory: kustomize refuses it): not modelled, the overlay is not "
        "built (its resources are linted as they are)"] if refused else [])


def test_a_refused_dotenv_leaves_interpolation_defaults_unknown(cli, tmp_path):
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / "compose.yaml").write_text(
        "services:\n  etcd:\n    image: quay.io/coreos/etcd:v3.5.12\n"
        "    command: [etcd, '--client-cert-auth=${CCA:-false}']\n")
    # no .env: compose takes the default, false
    assert cli("--select", "ETCD002", "compose.yaml", cwd=repo).out.splitlines()[0] == (
        "compose.yaml:4:48: ETCD002 error [CIS 2.2] --client-cert-auth is false: etcd accepts "
        "clients without a certificate; no fix: set --trusted-ca-file first (true without it "
        "would trust the system's public CAs, ETCD110)")
    # a .env that is not read may set CCA: its default is not taken
    os.symlink("/dev/zero", repo / ".env")
    run = cli("--select", "ETCD002", "compose.yaml", cwd=repo)
    assert run.out.splitlines() == [
        "No problems found in 1 file (1 etcd configuration).",
        "compose.yaml:4:15: note: the project's .env not read: it resolves outside the "
        "repository root; the variables it sets are unknown"]


def test_a_systemd_environment_file_linking_out_of_the_repository_is_not_read(cli, tmp_path):
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (tmp_path / "etcd.conf").write_text(f"ETCD_CLIENT_CERT_AUTH={SECRET}\n")
    (repo / "etcd.service").write_text("[Service]\nEnvironmentFile=/etc/etcd/etcd.conf\n"
                                       "ExecStart=/usr/bin/etcd --auto-tls\n")
    os.symlink("../etcd.conf", repo / "etcd.conf")
    for fmt in FORMATS:
        run = cli("--format", fmt, "etcd.service", cwd=repo)
        assert SECRET not in run.out + run.err, fmt
        assert run.code == 1, fmt
    assert cli("etcd.service", cwd=repo).out.splitlines()[-2] == (
        "etcd.service:3:11: note: EnvironmentFile /etc/etcd/etcd.conf is not a file of the "
        "repository: the ETCD_* variables it may set are not known")
