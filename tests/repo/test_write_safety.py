"""Writing fixes: the original survives every failure; parallel fixers never corrupt a file."""

import errno
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import TESTS
from etcdlint.repo import write as write_module
from etcdlint.repo.write import WriteError, replace_file

FIXTURES = TESTS / "fixtures" / "fix"
BEFORE = (FIXTURES / "kubeadm_map.before.yaml").read_bytes()
AFTER = (FIXTURES / "kubeadm_map.after.yaml").read_bytes()


def leftovers(directory):
    return sorted(p.name for p in Path(directory).iterdir() if p.name.startswith(".etcdlint-"))


def fail(exc):
    def raiser(*args, **kwargs):
        raise exc
    return raiser


@pytest.mark.parametrize("target,exc,message", [
    ("tempfile.mkstemp", OSError(errno.ENOSPC, "No space left on device"),
     "cannot write: No space left on device"),
    ("os.fsync", OSError(errno.EIO, "Input/output error"),
     "cannot write: Input/output error; the file is unchanged"),
    ("os.chmod", OSError(errno.EPERM, "Operation not permitted"),
     "cannot write: Operation not permitted; the file is unchanged"),
    ("os.replace", OSError(errno.EACCES, "Permission denied"),
     "cannot write: Permission denied; the file is unchanged"),
])
def test_a_failure_at_any_step_keeps_the_original(cli, tmp_path, monkeypatch, target, exc, message):
    path = tmp_path / "etcd.yaml"
    path.write_bytes(BEFORE)
    module_name, attr = target.split(".")
    monkeypatch.setattr(getattr(write_module, module_name), attr, fail(exc))
    run = cli("--fix", "etcd.yaml", cwd=tmp_path)
    assert run.code == 2
    assert f"etcdlint: error: etcd.yaml: {message}" in run.err
    assert path.read_bytes() == BEFORE
    assert leftovers(tmp_path) == []


def test_a_file_changed_since_it_was_read_is_left_alone(tmp_path):
    path = tmp_path / "etcd.yaml"
    path.write_bytes(b"# edited meanwhile\n" + BEFORE)
    with pytest.raises(WriteError, match="changed since it was read: not written"):
        replace_file(str(path), AFTER, BEFORE)
    assert path.read_bytes() == b"# edited meanwhile\n" + BEFORE


def test_a_symbolic_link_is_not_written_through(cli, tmp_path):
    real = tmp_path / "real.yaml"
    real.write_bytes(BEFORE)
    (tmp_path / "link.yaml").symlink_to(real)
    run = cli("--fix", "link.yaml", cwd=tmp_path)
    assert run.code == 2
    assert "etcdlint: error: link.yaml: is a symbolic link: fixes are not written through links" in run.err
    assert real.read_bytes() == BEFORE and (tmp_path / "link.yaml").is_symlink()


def test_mode_is_kept(tmp_path):
    path = tmp_path / "etcd.yaml"
    path.write_bytes(BEFORE)
    os.chmod(path, 0o600)
    replace_file(str(path), AFTER, BEFORE)
    assert path.read_bytes() == AFTER
    assert os.stat(path).st_mode & 0o777 == 0o600


def test_parallel_fixers_never_corrupt_a_file(tmp_path):
    tree = tmp_path / "tree"
    for i in range(12):
        (tree / f"d{i % 3}").mkdir(parents=True, exist_ok=True)
        (tree / f"d{i % 3}" / f"etcd{i}.yaml").write_bytes(BEFORE)
    procs = [subprocess.Popen([sys.executable, "-m", "etcdlint", "--fix", "-q", str(tree)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
             for _ in range(6)]
    errors = [p.communicate(timeout=300)[1] for p in procs]
    assert all(p.returncode in (0, 1) for p in procs), errors
    for path in tree.rglob("*.yaml"):
        assert path.read_bytes() == AFTER
    assert not list(tree.rglob(".etcdlint-*"))


def test_each_directory_is_synced_once_after_its_files_are_replaced(cli, tmp_path, monkeypatch):
    for name in ("a.yaml", "b.yaml", "c.yaml", "sub/d.yaml"):
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_bytes(BEFORE)
    (tmp_path / "clean.yaml").write_bytes(AFTER)
    synced, fsynced = [], []
    real_fsync = os.fsync
    monkeypatch.setattr(write_module, "_fsync_directory", synced.append)
    monkeypatch.setattr(write_module.os, "fsync", lambda fd: (fsynced.append(fd), real_fsync(fd)))
    run = cli("--fix", "-q", ".", cwd=tmp_path)
    assert run.code == 0 and run.err == ""  # 0: everything was fixed
    assert synced == [str(tmp_path), str(tmp_path / "sub")]
    assert len(fsynced) == 4  # each replaced file's data, before its rename
    assert all((tmp_path / name).read_bytes() == AFTER
               for name in ("a.yaml", "b.yaml", "c.yaml", "sub/d.yaml", "clean.yaml"))
