"""Write files the safe way: a temporary file beside the target, fsync, rename.

The original survives any failure; a symbolic link is never written through; a file that
changed since it was read is left alone; the file's mode is kept.
"""

from __future__ import annotations

import os
import stat
import tempfile
from contextlib import contextmanager
from typing import Iterable


class WriteError(Exception):
    pass


def replace_file(path: str, data: bytes, original: bytes, sync_directory: bool = True) -> None:
    """Replace ``path`` (whose content was ``original``) with ``data``, atomically.

    ``sync_directory=False`` leaves the fsync of the directory (which makes the rename itself
    durable) to the caller, who can do it once per directory with ``sync_directories``: until
    then a crash can only bring back the original, never a damaged file.
    """
    if os.path.islink(path):
        raise WriteError(f"{path}: is a symbolic link: fixes are not written through links")
    try:
        mode = stat.S_IMODE(os.stat(path).st_mode)
    except OSError as exc:
        raise WriteError(f"{path}: cannot write: {exc.strerror or exc}") from None
    with _locked(path):
        try:
            with open(path, "rb") as fh:
                current = fh.read()
        except OSError as exc:
            raise WriteError(f"{path}: cannot write: {exc.strerror or exc}") from None
        if current == data:
            return  # another run wrote the same fix meanwhile
        if current != original:
            raise WriteError(f"{path}: changed since it was read: not written")
        _write_replace(path, data, mode, sync_directory)


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


def _write_replace(path: str, data: bytes, mode: int, sync_directory: bool = True) -> None:
    directory = os.path.dirname(os.path.abspath(path))
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
    except OSError as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise WriteError(f"{path}: cannot write: {exc.strerror or exc}; the file is unchanged") from None
    if sync_directory:
        _fsync_directory(directory)


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


@contextmanager
def _locked(path: str):
    """An advisory lock on the target, so parallel fixers take turns (POSIX only)."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX
        yield
        return
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        yield
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        try:
            fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)
