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
"""

from __future__ import annotations

import errno
import os
import signal
import stat
import tempfile
import time
from contextlib import contextmanager
from typing import Iterable, Optional, Tuple


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
                return  # another run wrote the same fix meanwhile
            if current != original:
                raise WriteError(f"{path}: changed since it was read: not written")
        _write_replace(path, data, stat.S_IMODE(st.st_mode), sync_directory,
                       keep=(st, original, checked_at))
    finally:
        os.close(fd)  # (closing it releases the lock)


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


def _write_replace(path: str, data: bytes, mode: int, sync_directory: bool = True,
                   keep: Optional[Tuple[os.stat_result, bytes, int]] = None) -> None:
    """Write ``data`` to a temporary file and rename it over ``path``. With ``keep`` (the
    target's status, its content, and when the status was taken), the owner, group and
    extended attributes are copied, and the target must still be as it was right before the
    rename."""
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
            if keep is not None:
                _keep_owner(path, tmp, keep[0])
            os.chmod(tmp, mode)
            if keep is not None:
                _keep_xattrs(path, tmp)
                _unchanged_since(path, *keep)
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
    if sync_directory:
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
