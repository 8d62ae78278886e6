"""Which files to read: named files as they are, directories walked for YAML and for the
forms that are not YAML (``names.text_form``: systemd units and drop-ins, etcd's
environment files, Dockerfiles)."""

from __future__ import annotations

import os
from operator import attrgetter
from typing import Callable, Iterator, List, Optional, Sequence

from etcdlint.records import record
from etcdlint.repo.forms import text_form

YAML_SUFFIXES = (".yaml", ".yml")
JSON_SUFFIX = ".json"
# Manifests: YAML, and JSON (YAML too) when it holds a Kubernetes object: one whose first
# ``JSON_HEAD`` bytes hold the key ``"apiVersion"`` (kubectl, like every encoder of
# Kubernetes objects, writes it first or, keys sorted, among the first; and
# ``prefilter.json_manifest`` asks for ``"kind"`` too once the file is read).
MANIFEST_SUFFIXES = YAML_SUFFIXES + (JSON_SUFFIX,)
JSON_HEAD = 1 << 16
# What a directory walk reads as YAML: manifests, YAML templated with Jinja (``text.jinja``),
# Butane configs and Ignition configs (JSON).
WALKED_SUFFIXES = MANIFEST_SUFFIXES + (".yaml.j2", ".yml.j2", ".bu", ".ign")
SKIP_DIRS = frozenset((
    ".git", ".hg", ".svn", ".bzr", "node_modules", ".tox", ".nox", ".venv", "venv",
    "__pycache__", ".mypy_cache", ".pytest_cache", ".ruff_cache", ".terraform", ".cache",
))


@record
class InputFile:
    display: str  # the path as the user will see it in reports
    fs_path: str  # where to read it ("-" for standard input)
    error: Optional[OSError] = None  # a directory that could not be listed
    named: bool = False  # named on the command line (not found by walking a directory)
    link: bool = False  # a symbolic link found by walking a directory (--fix never writes it)
    dangling: bool = False  # a symbolic link to nothing: skipped with a warning, never read
    # a walked symbolic link out of the repository (repo/sidefiles.py): skipped the same way
    outside: bool = False


class PathNotFound(Exception):
    pass


def discover(paths: Sequence[str],
             excluded: Optional[Callable[[str], bool]] = None,
             respect_gitignore: bool = False,
             max_bytes: int = 10 * 1024 * 1024,
             warn: Optional[Callable[[str], None]] = None) -> Iterator[InputFile]:
    """Named files of any name and kind; directories recursively: their regular ``*.yaml``,
    ``*.yml``, ``*.json`` (those holding a Kubernetes object), ``*.yaml.j2``, ``*.yml.j2``,
    ``*.bu`` and ``*.ign`` files and the files
    ``text_form`` names (no pipe, socket or device), sorted.

    ``excluded`` (configuration ``exclude`` patterns) applies to both; with
    ``respect_gitignore``, what git ignores is left out of directory walks (``gitignore.py``;
    a ``.gitignore`` over ``max_bytes`` is not read).
    A symbolic link found in a walk that leads to a file the run reads anyway (named, walked,
    or led to by an earlier link) is left out: the file is read once, under its own name.
    ``warn`` is told of what is skipped on the way (a ``.gitignore`` line).
    """
    yield from _once(list(_discover(paths, excluded, respect_gitignore, max_bytes, warn)))


def _discover(paths: Sequence[str], excluded: Optional[Callable[[str], bool]],
              respect_gitignore: bool, max_bytes: int, warn=None) -> Iterator[InputFile]:
    skip = excluded or _nothing
    for path in paths:
        if path == "-":
            yield InputFile("-", "-")
        elif os.path.isdir(path):
            if not skip(path):
                ignored = None
                if respect_gitignore:
                    from etcdlint.repo.gitignore import ignore_predicate

                    ignored = ignore_predicate(path, max_bytes, warn)
                yield from _walk(path, excluded, ignored)
        elif os.path.exists(path) or os.path.islink(path):
            if not skip(path):
                yield InputFile(path, path, named=True, dangling=not os.path.exists(path))
        else:
            raise PathNotFound(path)


def walk(root: str, skip: Optional[Callable[[str], bool]] = None) -> Iterator[InputFile]:
    """The YAML files under ``root``, as a directory named on the command line gives them."""
    return _walk(root, skip)


def _nothing(path: str) -> bool:
    return False


_NAME = attrgetter("name")  # (a directory entry's)


def _walk(root: str, skip: Optional[Callable[[str], bool]],
          ignored: Optional[Callable[[str, bool], bool]] = None) -> Iterator[InputFile]:
    """Depth first; in each directory its files (sorted by name), then its subdirectories."""
    stack: List[str] = [root]
    while stack:
        top = stack.pop()
        try:
            with os.scandir(top) as it:
                entries = sorted(it, key=_NAME)
        except OSError as exc:
            yield InputFile(_display(root, top), top, exc)
            continue
        listing = getattr(skip, "listing", None)  # (configuration files seen in passing)
        if listing is not None:
            names = skip.listed_names  # type: ignore[union-attr]
            listing(top, [e.name for e in entries if e.name in names and e.is_file()])
        # (the entries of a directory share one configuration: its exclusion test, or None)
        entries_of = getattr(skip, "entries_of", None)
        excluded = skip if entries_of is None else entries_of(top)
        subdirs = []
        for entry in entries:
            try:
                if entry.is_dir(follow_symlinks=False):
                    if entry.name not in SKIP_DIRS and not (excluded and excluded(entry.path)) \
                            and not (ignored and ignored(entry.path, True)):
                        subdirs.append(entry.path)
                elif (entry.name.endswith(WALKED_SUFFIXES) or text_form(entry.path)) \
                        and not (excluded and excluded(entry.path)) \
                        and not (ignored and ignored(entry.path, False)):
                    link = entry.is_symlink()
                    if link and _leaves_the_repository(entry.path):
                        yield InputFile(_display(root, entry.path), entry.path, link=True,
                                        dangling=True, outside=True)
                        continue
                    if link and not os.path.exists(entry.path):
                        yield InputFile(_display(root, entry.path), entry.path, link=True,
                                        dangling=True)
                        continue
                    if not entry.is_file():
                        continue  # a pipe, socket or device is no manifest
                    if entry.name.endswith(JSON_SUFFIX) and not _kubernetes_json(entry.path):
                        continue  # other JSON: not read, not counted
                    yield InputFile(_display(root, entry.path), entry.path, link=link)
            except OSError:
                continue
        stack.extend(reversed(subdirs))


def _kubernetes_json(path: str) -> bool:
    try:
        with open(path, "rb") as fh:
            return b'"apiVersion"' in fh.read(JSON_HEAD)
    except OSError:
        return True  # (reading it again says why it cannot be read)


def _leaves_the_repository(path: str) -> bool:
    """Whether the link ``path``, met in a walk, leads out of the repository root (as the
    door decides: repo/sidefiles.py; nothing outside is looked at)."""
    from etcdlint.repo.sidefiles import SideFiles, side_root

    directory = os.path.dirname(os.path.abspath(path))
    door = SideFiles(side_root(path), directory, 0)
    return door.kind(os.path.basename(path)) == "outside"


def split_dangling(files: Sequence[InputFile]):
    """(the files to read, the symbolic links to nothing among them)."""
    if not any(f.dangling for f in files):
        return list(files), []
    return [f for f in files if not f.dangling], [f for f in files if f.dangling]


def without_link_fixes(located: list, files: Sequence[InputFile]) -> list:
    """``located`` (LocatedDiagnostics) with no fix offered on a walked link's findings:
    ``--fix`` never writes one, so they are not marked ``[*]`` nor counted as fixable."""
    from etcdlint.records import replace

    links = {f.display for f in files if f.link}
    return [replace(item, diagnostic=replace(item.diagnostic, fix=None))
            if item.diagnostic.fix is not None and item.diagnostic.path in links else item
            for item in located]


def _once(files: List[InputFile]) -> List[InputFile]:
    """``files`` without the walked links to a file already in them (by device and inode)."""
    if not any(f.link for f in files):
        return files
    seen = set()
    for f in files:
        if not f.link and f.fs_path != "-" and f.error is None:
            identity = _identity(f.fs_path)
            if identity is not None:
                seen.add(identity)
    kept = []
    for f in files:
        if f.link:
            identity = _identity(f.fs_path)
            if identity in seen:
                continue
            if identity is not None:
                seen.add(identity)
        kept.append(f)
    return kept


def _identity(path: str):
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_dev, st.st_ino


def _display(root: str, path: str) -> str:
    if root in (".", "./") and path.startswith("./"):
        return path[2:]
    return path
