"""Write files the safe way: a temporary file beside the target, fsync, rename.

The original survives any failure; a symbolic link is never written through, nor anything
that is not a regular file, nor a file with several hard links (a rename would split them);
a file that changed since it was read is left alone, and so is one that changes while the
fix is written (checked again right before the rename: inode, size, modification time and
content). Those checks compare the file's status (device, inode, size, modification and
change times) and read the file again only when its change time is too recent to tell an
edit in the same clock tick apart (git's "racy" case): any write moves the change time,
which no one can set back. The new file keeps the old one's mode, owner, group and extended
attributes (POSIX
ACLs and SELinux labels are extended attributes); where one of them cannot be kept, the file
is left as it is. SIGINT, SIGTERM and SIGHUP wait while a temporary file exists, so that an
interrupted run leaves either the original or the fixed file, and no temporary file.

``replace_files`` replaces many files with the same checks and one durability barrier per batch:
it writes every temporary file, makes them durable at once (``syncfs`` of each file system,
which reports a failed write since Linux 5.8; elsewhere an fsync of each file), then checks
each target again and renames. A file whose data could not be made durable is not renamed.
"""

from __future__ import annotations

import errno
import os
import signal
import stat
import sys
import tempfile
import time
from contextlib import contextmanager
from typing import Iterable, List, Optional, Sequence, Tuple


class WriteError(Exception):
    pass


_HELD_SIGNALS = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP")
                      if hasattr(signal, name))
_READ_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)


# A change time this close to the moment the status was taken may hide an edit made in the
# same clock tick (coarse on some file systems: two seconds on FAT): the content is compared.
RACY_NS = 2_000_000_000


def seen_before_reading(path: str) -> Optional[Tuple[os.stat_result, int]]:
    """The status of ``path`` and when it was taken, to pass to ``replace_file`` as ``seen``:
    taken *before* the file is read, so that an edit between the two shows in it."""
    try:
        return os.stat(path), time.time_ns()
    except OSError:
        return None


def replace_file(path: str, data: bytes, original: bytes, sync_directory: bool = True,
                 seen: Optional[Tuple[os.stat_result, int]] = None) -> None:
    """Replace ``path`` (whose content was ``original``) with ``data``, atomically.

    ``sync_directory=False`` leaves the fsync of the directory (which makes the rename itself
    durable) to the caller, who can do it once per directory with ``sync_directories``: until
    then a crash can only bring back the original, never a damaged file. ``seen``
    (``seen_before_reading``) spares reading the file again when its status shows it is
    unchanged since.
    """
    error = _replace_batch([(path, data, original, seen)])[0]
    if error is not None:
        raise error
    if sync_directory:
        _fsync_directory(os.path.dirname(os.path.abspath(path)))


# Files replaced per durability barrier: each holds an open (locked) descriptor until renamed.
BATCH = 256


def replace_files(items: Sequence[Tuple[str, bytes, bytes, Optional[Tuple[os.stat_result, int]]]]
                  ) -> List[Optional[WriteError]]:
    """``replace_file(path, data, original, sync_directory=False, seen=seen)`` for each of
    ``items`` (``(path, data, original, seen)``), with one durability barrier per ``BATCH``
    files instead of one fsync per file: each result is None (replaced, or already holding
    ``data``) or why the file was left as it is. The directories are the caller's to sync
    (``sync_directories``)."""
    results: List[Optional[WriteError]] = []
    for start in range(0, len(items), BATCH):
        results.extend(_replace_batch(items[start:start + BATCH]))
    return results


def _replace_batch(items) -> List[Optional[WriteError]]:
    results: List[Optional[WriteError]] = [None] * len(items)
    pending: list = []  # [k, path, target fd, (status, original, checked at), tmp, tmp fd]
    held = []  # target descriptors, closed (unlocked) at the end
    with _signals_held():
        try:
            for k, (path, data, original, seen) in enumerate(items):
                try:
                    fd, st, checked_at = _checked_target(path, original, data, seen)
                except _AlreadyFixed:
                    continue
                except WriteError as exc:
                    results[k] = exc
                    continue
                held.append(fd)
                try:
                    tmp, tmp_fd = _temporary(path, data, stat.S_IMODE(st.st_mode),
                                             (st, original, checked_at))
                except WriteError as exc:
                    results[k] = exc
                    continue
                pending.append([k, path, (st, original, checked_at), tmp, tmp_fd])
            failed = _barrier([entry[4] for entry in pending])
            for entry in pending:
                k, path, keep, tmp = entry[:4]
                os.close(entry[4])
                entry[4] = None
                if failed is not None:
                    results[k] = WriteError(f"{path}: cannot write: {failed}; the file is"
                                            " unchanged")
                    continue
                try:
                    _unchanged_since(path, *keep)
                    os.replace(tmp, path)
                    entry[3] = None
                except WriteError as exc:
                    results[k] = exc
                except OSError as exc:
                    results[k] = WriteError(f"{path}: cannot write: {exc.strerror or exc}; the"
                                            " file is unchanged")
        finally:
            for entry in pending:
                if entry[4] is not None:
                    os.close(entry[4])
                if entry[3] is not None:
                    try:
                        os.unlink(entry[3])
                    except OSError:
                        pass
            for fd in held:
                os.close(fd)  # (closing it releases the lock)
    return results


class _AlreadyFixed(Exception):
    pass


def _checked_target(path, original, data, seen):
    """The target opened and locked, its status and when it was taken, after the checks of
    ``replace_file``; ``_AlreadyFixed`` when it holds ``data`` already."""
    if os.path.islink(path):
        raise WriteError(f"{path}: is a symbolic link: fixes are not written through links")
    try:
        st = os.stat(path)
    except OSError as exc:
        raise WriteError(f"{path}: cannot write: {exc.strerror or exc}") from None
    _check_kind(path, st)
    fd, st = _open_locked(path)
    checked_at = time.time_ns()
    try:
        if seen is None or not _same_status(st, seen[0]) or _racy(seen[0], seen[1]):
            current = _read_all(fd, path)
            if current == data:
                raise _AlreadyFixed()  # another run wrote the same fix meanwhile
            if current != original:
                raise WriteError(f"{path}: changed since it was read: not written")
    except BaseException:
        os.close(fd)
        raise
    return fd, st, checked_at


def _temporary(path, data, mode, keep):
    """(name, open descriptor) of a temporary file beside ``path`` holding ``data`` (not yet
    durable) with ``path``'s mode, owner, group and extended attributes."""
    directory = os.path.dirname(os.path.abspath(path))
    try:
        fd, tmp = tempfile.mkstemp(prefix=".etcdlint-", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise WriteError(f"{path}: cannot write: {exc.strerror or exc}") from None
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
        _keep_owner(path, tmp, keep[0])
        os.chmod(tmp, mode)
        _keep_xattrs(path, tmp)
    except BaseException as exc:
        os.close(fd)
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(exc, OSError):
            raise WriteError(f"{path}: cannot write: {exc.strerror or exc}; the file is"
                             " unchanged") from None
        raise
    return tmp, fd


def _barrier(fds: Sequence[int]) -> Optional[str]:
    """Make the data of the files open as ``fds`` durable: None, or why that failed."""
    try:
        syncfs = _syncfs()
        if syncfs is None:
            for fd in fds:
                os.fsync(fd)
            return None
        first: dict = {}  # one descriptor per file system: the one opened first (a failed
        for fd in fds:    # write shows to descriptors opened before it)
            first.setdefault(os.fstat(fd).st_dev, fd)
        for fd in first.values():
            syncfs(fd)
    except OSError as exc:
        return exc.strerror or str(exc)
    return None


_SYNCFS: list = []


def _syncfs():
    """``syncfs`` as a function raising OSError, where it reports failed writes (Linux 5.8 and
    later); else None."""
    if not _SYNCFS:
        _SYNCFS.append(_load_syncfs())
    return _SYNCFS[0]


def _load_syncfs():
    if not sys.platform.startswith("linux"):
        return None
    try:
        major, minor = (int(n) for n in os.uname().release.split("-")[0].split(".")[:2])
    except (ValueError, AttributeError):
        return None
    if (major, minor) < (5, 8):
        return None
    try:
        import ctypes
        libc = ctypes.CDLL(None, use_errno=True)
        call = libc.syncfs
    except (OSError, AttributeError, ImportError):
        return None

    def syncfs(fd: int) -> None:
        if call(fd) != 0:
            err = ctypes.get_errno()
            raise OSError(err, os.strerror(err))
    return syncfs


def _open_locked(path: str) -> Tuple[int, os.stat_result]:
    """The target opened and locked (parallel fixers take turns), with its status: the file
    the path names once the lock is held (another fixer may have replaced it meanwhile)."""
    while True:
        try:  # (non-blocking: what is opened here may have become a pipe meanwhile)
            fd = os.open(path, _READ_FLAGS)
        except OSError as exc:
            raise WriteError(f"{path}: cannot write: {exc.strerror or exc}") from None
        try:
            st = os.fstat(fd)
            _check_kind(path, st)
            _lock(fd)
            now = os.stat(path)
        except OSError as exc:
            os.close(fd)
            raise WriteError(f"{path}: cannot write: {exc.strerror or exc}") from None
        except BaseException:
            os.close(fd)
            raise
        if (now.st_dev, now.st_ino) == (st.st_dev, st.st_ino):
            return fd, os.fstat(fd)
        os.close(fd)  # replaced while we waited for the lock: lock the new file


def _check_kind(path: str, st: os.stat_result) -> None:
    if not stat.S_ISREG(st.st_mode):
        raise WriteError(f"{path}: not a regular file: fixes are not written to it")
    if st.st_nlink > 1:
        raise WriteError(f"{path}: has {st.st_nlink} hard links: fixes are not written"
                         " (replacing it would split them)")


def _read_all(fd: int, path: str) -> bytes:
    chunks = []
    try:
        while True:
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                return b"".join(chunks)
            chunks.append(chunk)
    except OSError as exc:
        raise WriteError(f"{path}: cannot write: {exc.strerror or exc}") from None


def write_new_file(path: str, data: bytes) -> None:
    """Write a report file (created or replaced) atomically."""
    if os.path.islink(path):
        raise WriteError(f"{path}: is a symbolic link: not written through it")
    try:
        mode = stat.S_IMODE(os.stat(path).st_mode)
    except FileNotFoundError:
        mode = 0o666 & ~_umask()
    except OSError as exc:
        raise WriteError(f"{path}: cannot write: {exc.strerror or exc}") from None
    _write_replace(path, data, mode)


def _write_replace(path: str, data: bytes, mode: int) -> None:
    """Write ``data`` to a temporary file, fsync it and rename it over ``path``."""
    directory = os.path.dirname(os.path.abspath(path))
    with _signals_held():
        try:
            fd, tmp = tempfile.mkstemp(prefix=".etcdlint-", suffix=".tmp", dir=directory)
        except OSError as exc:
            raise WriteError(f"{path}: cannot write: {exc.strerror or exc}") from None
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.chmod(tmp, mode)
            os.replace(tmp, path)
        except BaseException as exc:
            try:
                os.unlink(tmp)
            except OSError:
                pass
            if isinstance(exc, WriteError):
                raise
            if isinstance(exc, OSError):
                raise WriteError(f"{path}: cannot write: {exc.strerror or exc}; the file is"
                                 " unchanged") from None
            raise
    _fsync_directory(directory)


@contextmanager
def _signals_held():
    """SIGINT, SIGTERM and SIGHUP are delivered only when the block is done."""
    block = getattr(signal, "pthread_sigmask", None)
    if block is None or not _HELD_SIGNALS:  # pragma: no cover - not POSIX
        yield
        return
    previous = block(signal.SIG_BLOCK, _HELD_SIGNALS)
    try:
        yield
    finally:
        block(signal.SIG_SETMASK, previous)


def _keep_owner(path: str, tmp: str, st: os.stat_result) -> None:
    new = os.stat(tmp)
    if (new.st_uid, new.st_gid) == (st.st_uid, st.st_gid):
        return
    try:
        os.chown(tmp, st.st_uid, st.st_gid)
    except OSError as exc:
        raise WriteError(f"{path}: cannot keep its owner and group ({exc.strerror or exc}):"
                         " the file is unchanged") from None


_NO_XATTRS = {errno.ENOTSUP, getattr(errno, "EOPNOTSUPP", errno.ENOTSUP),
              getattr(errno, "ENOSYS", errno.ENOTSUP)}


def _keep_xattrs(path: str, tmp: str) -> None:
    """Copy every extended attribute (an attribute the new file already has, like the
    SELinux label the system gave it, need not be set again)."""
    if not hasattr(os, "listxattr"):  # pragma: no cover - not Linux
        return
    try:
        names = os.listxattr(path, follow_symlinks=False)
    except OSError as exc:
        if exc.errno in _NO_XATTRS:
            return
        raise WriteError(f"{path}: cannot read its extended attributes ({exc.strerror or exc}):"
                         " the file is unchanged") from None
    for name in names:
        try:
            value = os.getxattr(path, name, follow_symlinks=False)
        except OSError as exc:
            raise WriteError(f"{path}: cannot read its extended attribute {name}"
                             f" ({exc.strerror or exc}): the file is unchanged") from None
        try:
            os.setxattr(tmp, name, value, follow_symlinks=False)
        except OSError as exc:
            if _xattr(tmp, name) != value:
                raise WriteError(f"{path}: cannot keep its extended attribute {name}"
                                 f" ({exc.strerror or exc}): the file is unchanged") from None


def _xattr(path: str, name: str) -> Optional[bytes]:
    try:
        return os.getxattr(path, name, follow_symlinks=False)
    except OSError:
        return None


def _same_status(now: os.stat_result, st: os.stat_result) -> bool:
    return (now.st_dev, now.st_ino, now.st_size, now.st_mtime_ns, now.st_ctime_ns) == \
        (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)


def _racy(st: os.stat_result, taken_at: int) -> bool:
    """Whether an edit could have left ``st``'s times as they were (the same clock tick)."""
    return st.st_ctime_ns >= taken_at - RACY_NS or st.st_mtime_ns >= taken_at - RACY_NS


def _unchanged_since(path: str, st: os.stat_result, content: bytes, taken_at: int) -> None:
    """Raise unless ``path`` is still the file ``st`` (taken at ``taken_at``) describes,
    holding ``content``: by its status, and by its content when the status cannot tell."""
    changed = WriteError(f"{path}: changed while the fix was being written: left as it is")
    try:
        now = os.lstat(path)
        if not _same_status(now, st) or not stat.S_ISREG(now.st_mode):
            raise changed
        if not _racy(st, taken_at):
            return
        fd = os.open(path, _READ_FLAGS)
    except OSError:
        raise changed from None
    try:
        if _read_all(fd, path) != content:
            raise changed
    finally:
        os.close(fd)


def sync_directories(paths: Iterable[str]) -> None:
    """fsync, once each, the directories of files written with ``sync_directory=False``."""
    for directory in sorted({os.path.dirname(os.path.abspath(path)) for path in paths}):
        _fsync_directory(directory)


def _fsync_directory(directory: str) -> None:
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def _lock(fd: int) -> None:
    """An advisory lock on the target, so parallel fixers take turns (POSIX only)."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
    except OSError:
        pass
