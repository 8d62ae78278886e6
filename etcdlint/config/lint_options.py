"""What one run's linting needs to know: the rules it enables (one set, compiled once, less
what ``per-file-ignores`` take from a file), their options, limits and scopes."""

from __future__ import annotations

import os
from functools import cached_property
from typing import Callable, Collection, Dict, Optional, Tuple

from etcdlint.records import field, record
from etcdlint.repo.scopes import Scope, directory_scope
from etcdlint.repo.sidefiles import side_files_for
from etcdlint.rules import CODES
from etcdlint.rules.base import RuleOptions

DEFAULT_MAX_BYTES = 10 * 1024 * 1024


def _no_path_ignores(path: str) -> Tuple[str, ...]:
    return ()


def _no_values_chart(path: str) -> Optional[str]:
    return None


def _matches(code: str, selectors: Collection[str]) -> bool:
    return any(code.startswith(s) for s in selectors)


@record
class LintOptions:
    select: Optional[Collection[str]] = None  # codes or prefixes; None: all
    ignore: Collection[str] = ()
    path_ignores: Callable[[str], Tuple[str, ...]] = _no_path_ignores
    # The chart whose values a file holds (the ``helm-values`` configuration key).
    values_chart: Callable[[str], Optional[str]] = _no_values_chart
    rule_options: RuleOptions = field(default_factory=RuleOptions)
    max_bytes: int = DEFAULT_MAX_BYTES
    # ETCDLINT_PREFILTER=0 turns the pre-filter off (the benchmark checks it changes nothing).
    prefilter: bool = os.environ.get("ETCDLINT_PREFILTER", "1") != "0"
    scope_of: Callable[[str], Scope] = directory_scope  # the cluster scope of a path
    # With a configuration per file (``config.run``): the options of the file at a path; and
    # whether a rule is enabled for any file (the cross-file rules run then).
    per_path: Optional[Callable[[str], "LintOptions"]] = None
    run_enabled: Optional[Callable[[str], bool]] = None

    # Where side reads are confined outside git: the configuration's directory (None: the
    # working directory, or the file's own); see repo/sidefiles.py.
    config_root: Optional[str] = None

    def for_path(self, path: str) -> "LintOptions":
        """The options of the file at ``path``."""
        return self if self.per_path is None else self.per_path(path)

    def side_files(self, path: str):
        """The one door for the files that ``path`` names (repo/sidefiles.py)."""
        if self.per_path is not None:
            return self.per_path(path).side_files(path)
        return side_files_for(path, self.max_bytes, self.config_root)

    @cached_property
    def run_codes(self) -> frozenset:
        """The codes ``select`` and ``ignore`` enable, matched once for the run."""
        return frozenset(code for code in CODES
                         if (self.select is None or _matches(code, self.select))
                         and not _matches(code, self.ignore))

    @cached_property
    def _codes_by_ignores(self) -> Dict[Tuple[str, ...], frozenset]:
        return {}

    def enabled_codes(self, path: str) -> frozenset:
        """The codes enabled for ``path``: the run's, less its path ignores (computed once
        per set of path ignores)."""
        if self.per_path is not None:
            return self.per_path(path).enabled_codes(path)
        ignores = self.path_ignores(path)
        if not ignores:
            return self.run_codes
        cache = self._codes_by_ignores
        found = cache.get(ignores)
        if found is None:
            found = cache[ignores] = frozenset(code for code in self.run_codes
                                               if not _matches(code, ignores))
        return found

    def enabled(self, code: str, path: Optional[str] = None) -> bool:
        if path is None and self.per_path is not None and self.run_enabled is not None:
            return self.run_enabled(code)
        return code in (self.run_codes if path is None else self.enabled_codes(path))
