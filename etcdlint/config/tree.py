"""Which configuration each file gets: the nearest one at or above its directory, as ruff
finds ``pyproject.toml``/``ruff.toml`` (hierarchical discovery): whatever order the files
are given in, each gets the same configuration.

A directory's configuration is looked up once (``.etcdlint.yaml``, ``.etcdlint.yml``, then
a ``pyproject.toml`` with ``[tool.etcdlint]``) and each configuration file read once. A file
with no configuration at or above its directory gets the *run's* configuration: the one of
the current directory (as ruff falls back on the configuration it finds from there), or the
defaults. A configuration does not inherit from one further up: the nearest one is whole.
"""

from __future__ import annotations

import os
from typing import Callable, Dict, Generic, List, Optional, Tuple, TypeVar

from etcdlint.config.project import CONFIG_NAMES, Config, config_in

T = TypeVar("T")
LISTED = frozenset(CONFIG_NAMES + ("pyproject.toml",))
_UNSEEN = object()


class ConfigTree(Generic[T]):
    """The settings (``make`` of the configuration) of each path."""

    def __init__(self, load: Callable[[str], Config], make: Callable[[Config], T],
                 fallback: Config) -> None:
        self._load, self._make = load, make
        self.fallback = fallback
        self._fallback_settings: Optional[T] = None
        self._dirs: Dict[str, Optional[str]] = {}  # directory -> its nearest configuration
        self._listed: Dict[str, Optional[str]] = {}  # directory -> its own, seen in a walk
        self._settings: Dict[str, Tuple[Config, T]] = {}  # configuration file -> settings
        # a path's directory as written -> its entry (most calls: one lookup)
        self._given: Dict[str, Tuple[Config, T]] = {}

    def config_file(self, path: str) -> Optional[str]:
        """The configuration file nearest ``path`` (a file, or a directory entry: looked up
        from the directory that holds it); None: no configuration at or above it."""
        return self._nearest(os.path.dirname(os.path.abspath(path)))

    def listing(self, directory: str, names) -> None:
        """What a directory walk saw of ``directory``: the names among ``LISTED`` of its
        regular files. Its configuration is then known without looking again."""
        directory = os.path.abspath(directory)
        if directory in self._listed:
            return
        own = None
        for name in CONFIG_NAMES:
            if name in names:
                own = os.path.join(directory, name)
                break
        else:
            if "pyproject.toml" in names:
                own = config_in(directory)  # (whether it has [tool.etcdlint])
        self._listed[directory] = own

    def _nearest(self, directory: str) -> Optional[str]:
        pending: List[str] = []
        found: Optional[str] = None
        while True:
            if directory in self._dirs:
                found = self._dirs[directory]
                break
            own = self._listed.get(directory, _UNSEEN)
            if own is _UNSEEN:
                own = config_in(directory)
            if own is not None:
                found = own
                self._dirs[directory] = own
                break
            pending.append(directory)
            parent = os.path.dirname(directory)
            if parent == directory:
                break
            directory = parent
        for below in pending:
            self._dirs[below] = found
        return found

    def config_of(self, path: str) -> Config:
        return self._of(path)[0]

    def settings_of(self, path: str) -> T:
        return self._of(path)[1]

    def _of(self, path: str) -> Tuple[Config, T]:
        given = path.rpartition(os.sep)[0]  # (a key only: the lookup itself is exact)
        found = self._given.get(given)
        if found is None:
            found = self._given[given] = self._entry(self.config_file(path))
        return found

    def loaded(self) -> List[T]:
        """The settings of every configuration read so far (and the run's)."""
        return [self._entry(None)[1]] + [settings for _, settings in self._settings.values()]

    def _entry(self, config_file: Optional[str]) -> Tuple[Config, T]:
        if config_file is None or config_file == self.fallback.path:
            if self._fallback_settings is None:
                self._fallback_settings = self._make(self.fallback)
            return self.fallback, self._fallback_settings
        found = self._settings.get(config_file)
        if found is None:
            config = self._load(config_file)  # (a ConfigError names the file and line)
            found = self._settings[config_file] = (config, self._make(config))
        return found


def run_config_file(paths, find: Callable[[str], Optional[str]]) -> Optional[str]:
    """The run's configuration (``fail-on``, ``baseline``, ``respect-gitignore``, and the
    settings of files with no configuration of their own): the current directory's nearest;
    without one, the nearest of the paths given when they all share it."""
    own = find(os.getcwd())
    if own is not None:
        return own
    found = {find(path) for path in paths if path != "-"}
    return found.pop() if len(found) == 1 else None
