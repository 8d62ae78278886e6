"""The one door for every file etcdlint reads beyond the paths it was given.

Compose ``env_file`` entries and ``.env``, Kustomize resources and patches, Flux
``valuesFrom`` sources, a chart's ``Chart.yaml``, the files of a cluster scope, ``.gitignore``
files and the baseline are all named by the repository being linted, which on a pull
request may be anyone's. Each is read here, and only here:

- the path is resolved one component at a time from the repository root, following symbolic
  links as the kernel would (``..`` after a link climbs from the link's target); as soon as
  a step leaves the root (a ``..`` above it, a link to an absolute path elsewhere, or a link
  whose target climbs out), the read is refused without looking at anything outside;
- only a regular file is read (not a FIFO, a device such as ``/dev/zero``, a socket or a
  directory), opened without following a last link and without blocking;
- a file over the size limit (``max-file-size``) is refused before it is read, and one that
  grows while read is cut at the limit and refused.

The root is the top of the git work tree the linted file is in; outside git, the directory
of the configuration that applies, or else the working directory (when the file is below it)
or the file's own directory.

A refusal's reason never depends on what lies outside the root: it says neither what a
target holds nor whether it exists.
"""

from __future__ import annotations

import os
import stat
from typing import Dict, List, Optional, Tuple

from etcdlint.repo.worktree import find_work_tree
from etcdlint.text.sidefile import (MISSING, NO_DIRECTORY, NO_SIDE_FILES, NOT_REGULAR,
                                     NOT_TEXT, OUTSIDE, TOO_LARGE, UNREADABLE, SideFile)

_MAX_LINKS = 40  # as Linux's ELOOP limit
_OPEN_FLAGS = (os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
               | getattr(os, "O_CLOEXEC", 0))


class Refused(OSError):
    """A read the door refused: ``reason`` is a refusal of text/sidefile.py (``words``, what
    a message says of it)."""

    def __init__(self, reason: str, words: str = "") -> None:
        super().__init__(words or reason)
        self.reason = reason


def _inside(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


class SideFiles:
    """Reads confined to ``root``, for the file in ``base`` (paths relative to it)."""

    def __init__(self, root: str, base: Optional[str], max_bytes: int) -> None:
        self.root = os.path.realpath(root)
        # (the root as given, when a link leads to it: an absolute path under it is the
        # same path under the real root)
        self._given = os.path.abspath(root)
        self.max_bytes = max_bytes
        self.base: Optional[str] = None
        if base is not None:
            # (a file outside git and any configuration: its directory is the root too)
            real = self.root if base == root else os.path.realpath(base)
            self.base = real if _inside(real, self.root) else None
            self._outside_base = self.base is None
        else:
            self._outside_base = False

    # -- resolving ---------------------------------------------------------------------------
    def _resolve(self, path: str) -> Tuple[str, os.stat_result]:
        """``_walk`` of ``path``, relative to ``base`` (or absolute)."""
        if self.base is not None:
            return self._walk(os.path.join(self.base, path))
        if not os.path.isabs(path):
            raise Refused(OUTSIDE if self._outside_base else NO_DIRECTORY)
        return self._walk(path)

    def _below_root(self, absolute: str) -> str:
        """What follows the root in ``absolute`` (as written); Refused when it is not under
        the root (the real one, or the one given)."""
        for top in (self.root, self._given):
            if _inside(absolute, top):
                return absolute[len(top.rstrip(os.sep)):]
        raise Refused(OUTSIDE)

    def _walk(self, absolute: str) -> Tuple[str, os.stat_result]:
        """The real path of ``absolute`` inside the root, and its ``lstat``; Refused when
        it leaves the root or is not there. Nothing outside the root is looked at."""
        root = self.root
        rest = self._below_root(absolute)
        pending: List[str] = [p for p in rest.split(os.sep) if p][::-1]  # a stack: next last
        done: List[str] = []
        links = 0
        info: Optional[os.stat_result] = None
        while pending:
            part = pending.pop()
            if part == ".":
                continue
            if part == "..":
                if not done:
                    raise Refused(OUTSIDE)
                done.pop()
                info = None
                continue
            here = os.path.join(root, *done, part)
            try:
                info = os.lstat(here)
            except (FileNotFoundError, NotADirectoryError):
                raise Refused(MISSING) from None
            except OSError:
                raise Refused(UNREADABLE) from None
            if stat.S_ISLNK(info.st_mode):
                links += 1
                if links > _MAX_LINKS:
                    raise Refused(UNREADABLE)
                try:
                    target = os.readlink(here)
                except OSError:
                    raise Refused(UNREADABLE) from None
                if os.path.isabs(target):
                    done = []
                    target = self._below_root(target)
                pending.extend([p for p in target.split(os.sep) if p][::-1])
                info = None
                continue
            if pending and not stat.S_ISDIR(info.st_mode):
                raise Refused(MISSING)
            done.append(part)
        real = os.path.join(root, *done)
        if info is None:
            try:
                info = os.lstat(real)
            except OSError:
                raise Refused(MISSING) from None
        return real, info

    # -- reading -----------------------------------------------------------------------------
    def read(self, path: str) -> SideFile:
        """The bytes of ``path`` (relative to ``base``, or absolute), or why not."""
        try:
            real, info = self._resolve(path)
        except Refused as exc:
            return SideFile(refusal=exc.reason, limit=self.max_bytes)
        if not stat.S_ISREG(info.st_mode):
            return SideFile(refusal=NOT_REGULAR)
        if info.st_size > self.max_bytes:
            return SideFile(refusal=TOO_LARGE, limit=self.max_bytes)
        try:
            return self._read_regular(real, info)
        except Refused as exc:
            return SideFile(refusal=exc.reason, limit=self.max_bytes)

    def _read_regular(self, real: str, seen: os.stat_result) -> SideFile:
        try:
            fd = os.open(real, _OPEN_FLAGS)
        except OSError:
            raise Refused(UNREADABLE) from None
        try:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode) or (info.st_dev, info.st_ino) != \
                    (seen.st_dev, seen.st_ino):
                raise Refused(NOT_REGULAR)  # (it changed since it was resolved)
            chunks: List[bytes] = []
            total = 0
            while total <= self.max_bytes:
                chunk = os.read(fd, min(self.max_bytes + 1 - total, 1 << 20))
                if not chunk:
                    break
                chunks.append(chunk)
                total += len(chunk)
            if total > self.max_bytes:
                raise Refused(TOO_LARGE)
            return SideFile(b"".join(chunks))
        except Refused:
            raise
        except OSError:
            raise Refused(UNREADABLE) from None
        finally:
            os.close(fd)

    def text_of(self, path: str) -> SideFile:
        """``read``, decoded as UTF-8 (a BOM dropped, CRLF kept)."""
        found = self.read(path)
        if not found.ok:
            return found
        try:
            return SideFile(found.data, text=found.data.decode("utf-8-sig"))
        except UnicodeDecodeError:
            return SideFile(refusal=NOT_TEXT)

    def kind(self, path: str) -> str:
        """"file", "directory", "other", or the refusal (MISSING, OUTSIDE, ...)."""
        try:
            _, info = self._resolve(path)
        except Refused as exc:
            return exc.reason
        if stat.S_ISREG(info.st_mode):
            return "file"
        if stat.S_ISDIR(info.st_mode):
            return "directory"
        return "other"

    def list_directory(self, path: str = ".") -> Optional[List[str]]:
        """The names in directory ``path`` (sorted), None when it is not one inside the root."""
        try:
            real, info = self._resolve(path)
        except Refused:
            return None
        if not stat.S_ISDIR(info.st_mode):
            return None
        try:
            return sorted(os.listdir(real))
        except OSError:
            return None


def side_root(path: str, config_root: Optional[str] = None) -> str:
    """The root the side reads of the file at ``path`` are confined to."""
    directory = os.path.dirname(os.path.abspath(path))
    top = find_work_tree(directory)
    if top is not None:
        return top
    if config_root is not None and _inside(directory, os.path.abspath(config_root)):
        return os.path.abspath(config_root)
    here = os.getcwd()
    return here if _inside(directory, here) else directory


_ROOTS: Dict[Tuple[str, Optional[str], str], str] = {}  # (directory, config root, cwd)


def side_files_for(path: str, max_bytes: int, config_root: Optional[str] = None):
    """The door for the side reads of the file ``path`` (a display path; a Kustomize build's
    ``#…`` mark is ignored): NO_SIDE_FILES when it is not a file on disk."""
    path = path.split("#", 1)[0]
    if path == "-" or not os.path.isfile(path):
        return NO_SIDE_FILES
    directory = os.path.dirname(os.path.abspath(path))
    key = (directory, config_root, os.getcwd())
    root = _ROOTS.get(key)
    if root is None:
        root = _ROOTS[key] = side_root(path, config_root)
    return SideFiles(root, directory, max_bytes)


def bounded_read(path: str, limit: int) -> SideFile:
    """A file that is not the repository's to name (git's own files, a baseline named on
    the command line): not confined, but only a regular file, and at most ``limit`` bytes."""
    return SideFiles(os.sep, None, limit).read(os.path.abspath(path))
