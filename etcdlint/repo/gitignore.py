"""What git ignores in a work tree: ``.gitignore`` files and ``.git/info/exclude``.

As in git (and ruff, whose walker reads the same files), a ``.gitignore`` applies to the
paths below its directory, a deeper file's patterns take precedence over a shallower one's,
both over ``.git/info/exclude``, and the last matching pattern decides (``!`` re-includes).
Nothing below an ignored directory is looked at. As in ruff, a file is left out when its
path matches, whether git tracks it or not. The rules apply only inside a git work
tree (a directory with ``.git``, a directory or, in a linked work tree, a file), as ruff's
``ignore`` walker requires by default. Patterns are read with pathspec's ``GitIgnoreSpec``
(imported only when a work tree has such a file). The user's global excludes file
(``core.excludesFile``) is not read.

A line pathspec cannot compile is skipped, with a warning: git takes ``!`` alone, a pattern
ending in ``\\`` and a bracket range that runs backwards (``[z-a]``) without complaint, and
matches nothing with them (``dir.c`` ``add_pattern``, ``wildmatch.c``), so skipping them
changes nothing git would do.
"""

from __future__ import annotations

import os
import re
from typing import Callable, Dict, List, Optional, Tuple

from etcdlint.repo.sidefiles import SideFiles, bounded_read
from etcdlint.repo.worktree import find_work_tree


_GIT_FILE_LIMIT = 1 << 16  # a ``.git`` file or ``commondir``: one line
Warn = Callable[[str], None]


def _git_text(path: str, limit: int) -> Optional[str]:
    """A file of git's own (not of the work tree, which may lie elsewhere: a linked tree's
    git directory): a regular file, at most ``limit`` bytes, or None."""
    found = bounded_read(path, limit)
    return found.data.decode("utf-8", "replace") if found.ok else None


def _git_dir(top: str) -> str:
    """The directory holding ``info/exclude`` (the common git directory of a linked tree)."""
    dot_git = os.path.join(top, ".git")
    if os.path.isfile(dot_git):
        text = _git_text(dot_git, _GIT_FILE_LIMIT)
        if text is None:
            return dot_git
        line = (text.splitlines() or [""])[0].strip()
        if line.startswith("gitdir:"):
            git_dir = os.path.join(top, line[len("gitdir:"):].strip())
            common = _git_text(os.path.join(git_dir, "commondir"), _GIT_FILE_LIMIT)
            if common is None:
                return git_dir
            return os.path.normpath(os.path.join(git_dir, common.strip()))
    return dot_git


class GitIgnore:
    """The ignore rules of one work tree, read lazily, one file per directory: each
    ``.gitignore`` through the door (repo/sidefiles.py: inside the work tree, a regular file,
    at most ``max_bytes``; one it refuses is not read)."""

    def __init__(self, top: str, max_bytes: int = 10 * 1024 * 1024,
                 warn: Optional[Warn] = None) -> None:
        self.top = top
        self.warn = warn
        self.door = SideFiles(top, None, max_bytes)
        self._specs: Dict[str, Optional[object]] = {}  # directory (relative, "" = top) -> spec
        exclude_path = os.path.join(_git_dir(top), "info", "exclude")
        self._exclude = self._spec_of(_git_text(exclude_path, max_bytes), exclude_path)

    def _load(self, path: str):
        found = self.door.read(path)
        return self._spec_of(found.data.decode("utf-8", "replace") if found.ok else None, path)

    def _spec_of(self, text: Optional[str], path: str):
        if text is None:
            return None
        lines = text.splitlines()
        if not any(line.strip() and not line.startswith("#") for line in lines):
            return None
        import pathspec

        try:
            return pathspec.GitIgnoreSpec.from_lines(lines)
        except (ValueError, re.error):
            pass
        kept = []
        for number, line in enumerate(lines, 1):
            try:
                pathspec.GitIgnoreSpec.from_lines([line])
            except (ValueError, re.error):
                if self.warn is not None:
                    self.warn(f"{_shown(path)}:{number}: {line!r} is not a pattern etcdlint "
                              "can read: the line is skipped (git matches nothing with it)")
                continue
            kept.append(line)
        return pathspec.GitIgnoreSpec.from_lines(kept)

    def _spec(self, rel_dir: str):
        if rel_dir not in self._specs:
            self._specs[rel_dir] = self._load(os.path.join(self.top, rel_dir, ".gitignore"))
        return self._specs[rel_dir]

    def ignored(self, path: str, is_dir: bool) -> bool:
        rel = os.path.relpath(os.path.abspath(path), self.top).replace(os.sep, "/")
        if rel == "." or rel.startswith("../"):
            return False
        parts = rel.split("/")
        chain: List[Tuple[str, object]] = [("", self._exclude)] if self._exclude else []
        for depth in range(len(parts)):
            spec = self._spec("/".join(parts[:depth]))
            if spec is not None:
                chain.append(("/".join(parts[depth:]), spec))
        verdict = None
        for sub, spec in chain:
            target = sub if sub else rel
            result = spec.check_file(target + "/" if is_dir else target)
            if result.include is not None:
                verdict = result.include
        return bool(verdict)


def _shown(path: str) -> str:
    try:
        relative = os.path.relpath(path)
    except ValueError:
        return path
    return path if relative.startswith("..") else relative


def ignore_predicate(root: str, max_bytes: int = 10 * 1024 * 1024,
                     warn: Optional[Warn] = None) -> Optional[Callable[[str, bool], bool]]:
    """``ignored(path, is_dir)`` for a walk of ``root``, or None when no rule applies: outside
    a work tree, or when ``root`` itself is ignored (a directory named on the command line is
    walked; what it holds is then not filtered either). ``warn`` is told of each line that
    is skipped."""
    top = find_work_tree(root)
    if top is None:
        return None
    rules = GitIgnore(top, max_bytes, warn)
    if os.path.abspath(root) != top and rules.ignored(root, True):
        return None
    return rules.ignored
