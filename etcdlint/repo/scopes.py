"""Cluster scopes: which files describe one cluster, for the rules that compare files.

A path on a node means something only on that node: CIS 2.7 (etcd's CA is not the API
server's client CA) compares an etcd with the API servers of its own cluster only. By
default a scope is one directory (a static-pod manifests folder is one node; a file is in
the scope of its directory). The ``cluster-roots`` configuration key widens a scope: every
file under a directory that matches one of its gitignore-style patterns (relative to the
configuration file) is in that directory's scope, however deep.
"""

from __future__ import annotations

import os
from typing import Callable, Dict, Iterator, List, Optional, Sequence

from etcdlint.records import record

STDIN = "-"


@record
class Scope:
    key: str  # what two files of one scope share
    directory: Optional[str]  # the directory holding it on disk (None: standard input)
    recursive: bool  # a cluster root: every file under ``directory``


def directory_scope(path: str) -> Scope:
    """The default scope of ``path``: its directory."""
    if path == STDIN:
        return Scope(STDIN, None, False)
    directory = os.path.dirname(os.path.abspath(path))
    return Scope(directory, directory, False)


def scope_finder(root: str, patterns: Sequence[str]) -> Callable[[str], Scope]:
    """The scope of a path, given the configuration's directory and its ``cluster-roots``."""
    if not patterns:
        return directory_scope
    import pathspec

    spec = pathspec.GitIgnoreSpec.from_lines(patterns)
    memo: Dict[str, Scope] = {}

    def find(path: str) -> Scope:
        default = directory_scope(path)
        if default.directory is None:
            return default
        found = memo.get(default.directory)
        if found is None:
            found = memo[default.directory] = _root_scope(default, root, spec)
        return found

    return find


def _root_scope(default: Scope, root: str, spec) -> Scope:
    try:
        rel = os.path.relpath(default.directory, root)
    except ValueError:  # another drive
        return default
    if rel == "." or rel.startswith(".."):
        return default
    parts = rel.replace(os.sep, "/").split("/")
    for i in range(1, len(parts) + 1):  # the outermost matching directory is the root
        prefix = "/".join(parts[:i])
        if spec.match_file(prefix) or spec.match_file(prefix + "/"):
            directory = os.path.join(root, *parts[:i])
            return Scope(directory, directory, True)
    return default


def scope_files(scope: Scope, suffixes: Sequence[str],
                walk: Callable[[str], Iterator[str]]) -> List[str]:
    """The YAML files of ``scope`` on disk (sorted; a directory's own files, or, for a
    cluster root, everything ``walk`` finds under it)."""
    if scope.directory is None:
        return []
    if scope.recursive:
        return list(walk(scope.directory))
    try:
        with os.scandir(scope.directory) as it:
            names = sorted(e.name for e in it if e.name.endswith(tuple(suffixes))
                           and _is_file(e))
    except OSError:
        return []
    return [os.path.join(scope.directory, name) for name in names]


def _is_file(entry: os.DirEntry) -> bool:
    try:
        return entry.is_file()
    except OSError:
        return False


def scope_siblings(files: Sequence, scope_of: Callable[[str], Scope],
                   excluded: Optional[Callable[[str], bool]] = None) -> List[tuple]:
    """``(display, file system path)`` of the files on disk that share a cluster scope with
    a file named on the command line and are not among ``files`` (the ``InputFile`` list of
    the run): pre-commit names only the staged files, and CIS 2.7 needs the unstaged API
    server beside a staged etcd. Excluded files stay out, as everywhere."""
    from etcdlint.repo.discover import MANIFEST_SUFFIXES, walk as walk_tree

    named = [f for f in files if f.named and f.fs_path != STDIN and f.error is None]
    if not named:
        return []
    have = {os.path.abspath(f.fs_path) for f in files if f.fs_path != STDIN}
    seen_scopes = set()
    out: List[tuple] = []

    def walk(top: str) -> Iterator[str]:
        return (f.fs_path for f in walk_tree(top, excluded) if f.error is None)

    for f in named:
        scope = scope_of(f.display)
        if scope.key in seen_scopes:
            continue
        seen_scopes.add(scope.key)
        relative = not os.path.isabs(f.display)
        for path in scope_files(scope, MANIFEST_SUFFIXES, walk):
            absolute = os.path.abspath(path)
            if absolute in have or (excluded is not None and excluded(path)):
                continue
            have.add(absolute)
            out.append((display_path(absolute) if relative else absolute, path))
    return out


def display_path(absolute: str) -> str:
    """``absolute`` as a path relative to the current directory (when it can be)."""
    try:
        return os.path.relpath(absolute)
    except ValueError:
        return absolute
