"""The directory that SARIF URIs and GitHub annotation paths are relative to.

GitHub resolves both from the root of the checked-out repository, not from the directory
etcdlint ran in: code scanning matches a SARIF ``artifactLocation.uri`` with the
repository's files (github/codeql-action's upload step reads a relative URI against its
checkout path, the workspace by default: ``src/fingerprints.ts``, ``resolveUriToFile``), and
an annotation's ``file=`` names a file of the repository. The root is:

1. ``GITHUB_WORKSPACE``, when it is set and every reported file is inside it;
2. else the top of the git work tree of the working directory: the nearest directory upwards
   that has ``.git`` (a directory, or in a linked work tree or submodule a file), found without
   running git, when it holds every reported file;
3. else the top of the git work tree of the reported files (etcdlint run from outside the
   repository), when it holds every one of them;
4. else the working directory.

A file outside the root is named by its absolute path. Text and JSON output keep the paths
as the user gave them; GitLab reports stay relative to ``CI_PROJECT_DIR`` (``gitlab.py``).
"""

from __future__ import annotations

import os
from typing import Iterable, Mapping, Optional

from etcdlint.repo.worktree import find_work_tree


def repository_root(paths: Iterable[str], environ: Optional[Mapping[str, str]] = None,
                    cwd: Optional[str] = None) -> str:
    """The root for the files ``paths`` (as reported; ``-`` is standard input)."""
    env = os.environ if environ is None else environ
    here = os.path.abspath(cwd or os.getcwd())
    files = [os.path.join(here, p) for p in paths if p != "-"]
    workspace = env.get("GITHUB_WORKSPACE")
    if workspace:
        top = os.path.abspath(os.path.join(here, workspace))
        if os.path.isdir(top) and all(_inside(f, top) for f in files):
            return top
    own = find_work_tree(here)
    if own and all(_inside(f, own) for f in files):
        return own
    if files:
        theirs = find_work_tree(os.path.commonpath([os.path.dirname(f) for f in files]))
        if theirs and all(_inside(f, theirs) for f in files):
            return theirs
    return own or here


def result_root(result) -> str:
    """The root of a run's report: its diagnostics' files and the files they refer to."""
    paths = []
    for item in result.diagnostics:
        paths.append(item.diagnostic.path)
        paths.extend(r.path for r in getattr(item, "related", ()))
    return repository_root(paths)


def relative_path(path: str, root: str) -> str:
    """``path`` relative to ``root`` with ``/`` separators, or absolute when outside it."""
    if path == "-":
        return path
    absolute = os.path.abspath(path)
    if not _inside(absolute, root):
        return absolute
    return os.path.relpath(absolute, root).replace(os.sep, "/")


def _inside(path: str, top: str) -> bool:
    path, top = os.path.normpath(os.path.abspath(path)), os.path.normpath(top)
    return path == top or path.startswith(top.rstrip(os.sep) + os.sep)
