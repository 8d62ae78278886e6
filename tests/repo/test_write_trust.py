"""Writing fixes keeps what the file was (owner, extended attributes, links), never loses a
concurrent edit, never touches what is not a regular file, and never outlives its run."""

import errno
import os
import random
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import TESTS
from etcdlint.repo import write as write_module
from etcdlint.repo.write import WriteError, replace_file

FIXTURES = TESTS / "fixtures" / "fix"
BEFORE = (FIXTURES / "kubeadm_map.before.yaml").read_bytes()
AFTER = (FIXTURES / "kubeadm_map.after.yaml").read_bytes()


def leftovers(directory):
    return sorted(str(p) for p in Path(directory).rglob(".etcdlint-*"))


# --- 5. a concurrent edit ---------------------------------------------------------------------

def edit_during_write(monkeypatch, path, change):
    """Run ``change(path)`` while the fixed text is being synced, before the rename."""
    real = os.fsync
    done = []

    def fsync(fd):
        real(fd)
        if not done:
            done.append(True)
            change(path)
    monkeypatch.setattr(write_module.os, "fsync", fsync)


def append_line(path):
    with open(path, "ab") as fh:
        fh.write(b"# added by an editor\n")


def same_size_same_mtime(path):
    st = os.stat(path)
    data = bytearray(Path(path).read_bytes())
    data[0:1] = b"A" if data[0:1] != b"A" else b"B"
    Path(path).write_bytes(bytes(data))
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))


def replaced_by_rename(path):
    tmp = str(path) + ".new"
    Path(tmp).write_bytes(BEFORE + b"# saved by an editor\n")
    os.replace(tmp, path)


@pytest.mark.parametrize("change", [append_line, same_size_same_mtime, replaced_by_rename])
def test_an_edit_made_while_the_fix_is_written_is_kept(cli, tmp_path, monkeypatch, change):
    path = tmp_path / "etcd.yaml"
    path.write_bytes(BEFORE)
    edit_during_write(monkeypatch, path, change)
    run = cli("--fix", "etcd.yaml", cwd=tmp_path)
    assert run.code == 2
    assert ("etcdlint: error: etcd.yaml: changed while the fix was being written: left as it"
            " is\n") in run.err
    assert path.read_bytes() != AFTER and path.read_bytes() != BEFORE  # the editor's version
    assert leftovers(tmp_path) == []


# --- 6. owner, group, extended attributes, hard links -----------------------------------------

needs_root = pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0,
                                reason="giving a file to another user needs root")


@needs_root
def test_owner_and_group_are_kept(tmp_path):
    path = tmp_path / "etcd.yaml"
    path.write_bytes(BEFORE)
    os.chown(path, 1234, 5678)
    os.chmod(path, 0o640)
    replace_file(str(path), AFTER, BEFORE)
    st = os.stat(path)
    assert (st.st_uid, st.st_gid, stat.S_IMODE(st.st_mode)) == (1234, 5678, 0o640)
    assert path.read_bytes() == AFTER


@needs_root
def test_an_owner_that_cannot_be_kept_leaves_the_file_alone(cli, tmp_path, monkeypatch):
    path = tmp_path / "etcd.yaml"
    path.write_bytes(BEFORE)
    os.chown(path, 1234, 5678)
    monkeypatch.setattr(write_module.os, "chown", fail(OSError(errno.EPERM, "Operation not permitted")))
    run = cli("--fix", "etcd.yaml", cwd=tmp_path)
    assert run.code == 2
    assert ("etcdlint: error: etcd.yaml: cannot keep its owner and group (Operation not"
            " permitted): the file is unchanged\n") in run.err
    assert path.read_bytes() == BEFORE and leftovers(tmp_path) == []


def fail(exc):
    def raiser(*args, **kwargs):
        raise exc
    return raiser


def user_xattrs_supported(directory):
    if not hasattr(os, "setxattr"):
        return False
    probe = Path(directory) / "probe"
    probe.write_bytes(b"")
    try:
        os.setxattr(probe, "user.etcdlint-probe", b"1")
    except OSError:
        return False
    finally:
        probe.unlink()
    return True


def test_extended_attributes_are_kept(tmp_path):
    if not user_xattrs_supported(tmp_path):
        pytest.skip("this file system has no user extended attributes")
    path = tmp_path / "etcd.yaml"
    path.write_bytes(BEFORE)
    os.setxattr(path, "user.origin", b"gitops\x00repo")
    os.setxattr(path, "user.empty", b"")
    replace_file(str(path), AFTER, BEFORE)
    assert path.read_bytes() == AFTER
    assert os.getxattr(path, "user.origin") == b"gitops\x00repo"
    assert os.getxattr(path, "user.empty") == b""


def posix_acl(*entries):
    """The binary form of a POSIX ACL (what ``system.posix_acl_access`` holds): version 2,
    then (tag, permissions, id) per entry (torvalds/linux,
    include/uapi/linux/posix_acl_xattr.h and posix_acl.h for the tags)."""
    import struct

    return struct.pack("<I", 2) + b"".join(struct.pack("<HHI", *entry) for entry in entries)


def test_a_posix_acl_is_kept(tmp_path):
    path = tmp_path / "etcd.yaml"
    path.write_bytes(BEFORE)
    anyone = 0xFFFFFFFF
    # owner rw, user 1234 r, group r, mask r, others nothing
    acl = posix_acl((0x01, 6, anyone), (0x02, 4, 1234), (0x04, 4, anyone), (0x10, 4, anyone),
                    (0x20, 0, anyone))
    try:
        os.setxattr(path, "system.posix_acl_access", acl)
    except (OSError, AttributeError):
        pytest.skip("this file system or platform has no POSIX ACLs")
    replace_file(str(path), AFTER, BEFORE)
    assert path.read_bytes() == AFTER
    assert os.getxattr(path, "system.posix_acl_access") == acl
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o640


def test_an_extended_attribute_that_cannot_be_kept_leaves_the_file_alone(cli, tmp_path,
                                                                        monkeypatch):
    if not user_xattrs_supported(tmp_path):
        pytest.skip("this file system has no user extended attributes")
    path = tmp_path / "etcd.yaml"
    path.write_bytes(BEFORE)
    os.setxattr(path, "user.origin", b"x")
    monkeypatch.setattr(write_module.os, "setxattr",
                        fail(OSError(errno.EPERM, "Operation not permitted")))
    run = cli("--fix", "etcd.yaml", cwd=tmp_path)
    assert run.code == 2
    assert ("etcdlint: error: etcd.yaml: cannot keep its extended attribute user.origin"
            " (Operation not permitted): the file is unchanged\n") in run.err
    assert path.read_bytes() == BEFORE and leftovers(tmp_path) == []


def test_a_file_with_several_hard_links_is_not_split(cli, tmp_path):
    path = tmp_path / "etcd.yaml"
    path.write_bytes(BEFORE)
    os.link(path, tmp_path / "other-name.yaml")
    run = cli("--fix", "etcd.yaml", cwd=tmp_path)
    assert run.code == 2
    assert ("etcdlint: error: etcd.yaml: has 2 hard links: fixes are not written (replacing it"
            " would split them)\n") in run.err
    assert path.read_bytes() == BEFORE
    assert os.stat(path).st_ino == os.stat(tmp_path / "other-name.yaml").st_ino
    diff = cli("--diff", "etcd.yaml", cwd=tmp_path)  # still shows what --fix would change
    assert diff.code == 1 and diff.out.startswith("--- a/etcd.yaml\n")


# --- 8. what is not a regular file ------------------------------------------------------------

def etcdlint(*args, cwd):
    return subprocess.Popen([sys.executable, "-m", "etcdlint", *args], cwd=cwd,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def finish(proc, timeout=30):
    """``proc``'s output; a process still running after ``timeout`` is killed (a hang)."""
    try:
        return proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        pytest.fail("etcdlint hung")


needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")


def open_for_writing(pipe, proc, timeout=30):
    """The pipe's write end, once ``proc`` has opened it for reading."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            fd = os.open(pipe, os.O_WRONLY | os.O_NONBLOCK)
        except OSError as exc:
            if exc.errno != errno.ENXIO or time.monotonic() > deadline or proc.poll() is not None:
                finish(proc)
                pytest.fail("etcdlint never opened the pipe")
            time.sleep(0.02)
            continue
        os.set_blocking(fd, True)
        return fd


@needs_fifo
def test_a_walk_skips_a_named_pipe(tmp_path):
    (tmp_path / "etcd.yaml").write_bytes(BEFORE)
    os.mkfifo(tmp_path / "pipe.yaml")
    proc = etcdlint("--fix", ".", cwd=tmp_path)
    out, err = finish(proc)
    assert proc.returncode == 0, err
    assert err == b""
    assert out.endswith(b"Fixed 2 problems in 1 file.\n")
    assert (tmp_path / "etcd.yaml").read_bytes() == AFTER
    assert stat.S_ISFIFO(os.lstat(tmp_path / "pipe.yaml").st_mode)


@needs_fifo
@pytest.mark.parametrize("flag", ["--fix", "--diff"])
def test_a_named_pipe_given_by_name_is_read_once_and_never_written(tmp_path, flag):
    pipe = tmp_path / "pipe.yaml"
    os.mkfifo(pipe)
    proc = etcdlint(flag, "pipe.yaml", cwd=tmp_path)
    fd = open_for_writing(pipe, proc)
    os.write(fd, BEFORE)
    os.close(fd)
    out, err = finish(proc)  # a second open would wait for a writer forever
    assert stat.S_ISFIFO(os.lstat(pipe).st_mode)
    assert leftovers(tmp_path) == []
    if flag == "--diff":
        assert proc.returncode == 1 and out.startswith(b"--- a/pipe.yaml\n")
        assert err == b"Would fix 2 problems in 1 file.\n"
    else:
        assert proc.returncode == 2
        assert err == (b"etcdlint: error: pipe.yaml: not a regular file: fixes are not"
                       b" written to it\n")


def test_replace_file_refuses_what_is_not_a_regular_file(tmp_path):
    with pytest.raises(WriteError, match="not a regular file"):
        replace_file(str(tmp_path), b"x", b"")


# --- 7. signals -------------------------------------------------------------------------------

def living_processes_naming(marker):
    """PIDs of processes (zombies aside) whose command line names ``marker``."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/cmdline", "rb") as fh:
                cmdline = fh.read()
            with open(f"/proc/{entry}/stat", "rb") as fh:
                state = fh.read().rsplit(b")", 1)[1].split()[0]
        except OSError:
            continue
        if marker.encode() in cmdline and state != b"Z":
            found.append(int(entry))
    return found


@pytest.mark.skipif(not os.path.isdir("/proc") or not hasattr(os, "fork"),
                    reason="needs /proc and fork")
def test_a_fix_run_killed_at_random_points_leaves_no_trace(tmp_path):
    seed = random.randrange(1 << 30)
    rng = random.Random(seed)
    tree = tmp_path / "signal-tree"
    names = []
    for i in range(300):
        sub = tree / f"d{i % 7}"
        sub.mkdir(parents=True, exist_ok=True)
        names.append(sub / f"etcd{i}.yaml")
    for iteration in range(6):
        for name in names:
            name.write_bytes(BEFORE)
        sig = (signal.SIGINT, signal.SIGTERM)[iteration % 2]
        proc = subprocess.Popen([sys.executable, "-m", "etcdlint", "--fix", "-q", "--jobs", "2",
                                 str(tree)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        started = time.monotonic()  # once it writes, kill it at a random point
        while all(name.read_bytes() == BEFORE for name in names[::10]) and proc.poll() is None:
            assert time.monotonic() - started < 30, f"no file fixed in 30 s (seed {seed})"
            time.sleep(0.01)
        time.sleep(rng.uniform(0, 0.5))
        proc.send_signal(sig)  # to the parent alone, not its process group
        try:
            _, err = proc.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            pytest.fail(f"etcdlint did not stop on {sig!r} (seed {seed})")
        assert proc.returncode in (0, 2), f"{proc.returncode} {err!r} (seed {seed})"  # 0: done
        assert err in (b"", b"etcdlint: interrupted: each file is either as it was or fully"
                            b" fixed\n"), f"seed {seed}"
        assert living_processes_naming(str(tree)) == [], f"seed {seed}"
        assert leftovers(tree) == [], f"seed {seed}"
        snapshot = [name.read_bytes() for name in names]
        assert set(snapshot) <= {BEFORE, AFTER}, f"seed {seed}"
        time.sleep(0.3)  # a worker that outlived its parent would change files meanwhile
        assert [name.read_bytes() for name in names] == snapshot, f"seed {seed}"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux's")
def test_workers_end_when_the_parent_is_killed_outright(tmp_path):
    tree = tmp_path / "killed-tree"
    names = []
    for i in range(600):
        (tree / f"d{i % 5}").mkdir(parents=True, exist_ok=True)
        names.append(tree / f"d{i % 5}" / f"etcd{i}.yaml")
        names[-1].write_bytes(BEFORE)
    proc = subprocess.Popen([sys.executable, "-m", "etcdlint", "--fix", "-q", "--jobs", "2",
                             str(tree)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    started = time.monotonic()
    while all(name.read_bytes() == BEFORE for name in names[::10]) and proc.poll() is None:
        assert time.monotonic() - started < 30, "no file fixed in 30 s"
        time.sleep(0.01)
    proc.kill()  # SIGKILL: the parent cleans up nothing
    proc.wait()
    fixed_at_kill = sum(name.read_bytes() == AFTER for name in names)
    deadline = time.monotonic() + 5
    while living_processes_naming(str(tree)) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert living_processes_naming(str(tree)) == []
    snapshot = [name.read_bytes() for name in names]
    assert set(snapshot) <= {BEFORE, AFTER}
    # a worker finishes the file it is writing, not its share of the run
    assert snapshot.count(AFTER) <= fixed_at_kill + 5 < len(names)


# --- 7. the status spares the second reads ----------------------------------------------------


def counting_reads(monkeypatch):
    calls = []
    real = write_module._read_all
    monkeypatch.setattr(write_module, "_read_all",
                        lambda fd, path: calls.append(path) or real(fd, path))
    return calls


def test_a_file_unchanged_by_its_status_is_not_read_again(tmp_path, monkeypatch):
    # its change time is older than the clock tick before the status was taken: no re-read
    monkeypatch.setattr(write_module, "RACY_NS", 0)
    path = tmp_path / "etcd.yaml"
    path.write_bytes(BEFORE)
    seen = write_module.seen_before_reading(str(path))
    calls = counting_reads(monkeypatch)
    replace_file(str(path), AFTER, BEFORE, seen=seen)
    assert (path.read_bytes(), calls) == (AFTER, [])


def test_a_recent_change_time_is_checked_by_content(tmp_path, monkeypatch):
    path = tmp_path / "etcd.yaml"  # just written: within RACY_NS of the status
    path.write_bytes(BEFORE)
    seen = write_module.seen_before_reading(str(path))
    calls = counting_reads(monkeypatch)
    replace_file(str(path), AFTER, BEFORE, seen=seen)
    assert (path.read_bytes(), calls) == (AFTER, [str(path), str(path)])


@pytest.mark.parametrize("change", [append_line, replaced_by_rename])
def test_an_edit_after_the_status_is_seen_without_reading(tmp_path, monkeypatch, change):
    monkeypatch.setattr(write_module, "RACY_NS", 0)
    path = tmp_path / "etcd.yaml"
    path.write_bytes(BEFORE)
    seen = write_module.seen_before_reading(str(path))
    change(path)  # between the read and the write
    with pytest.raises(WriteError, match="changed since it was read: not written"):
        replace_file(str(path), AFTER, BEFORE, seen=seen)
    assert path.read_bytes() not in (BEFORE, AFTER)
    path.write_bytes(BEFORE)
    seen = write_module.seen_before_reading(str(path))
    edit_during_write(monkeypatch, path, change)  # while the fix is written
    with pytest.raises(WriteError, match="changed while the fix was being written"):
        replace_file(str(path), AFTER, BEFORE, seen=seen)
    assert path.read_bytes() not in (BEFORE, AFTER)
    assert leftovers(tmp_path) == []
