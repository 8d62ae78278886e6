"""Turn the configuration file and command-line options into what one run needs."""

from __future__ import annotations

import os
from typing import Callable, Optional, Sequence, Tuple

from etcdlint.records import record
from etcdlint.config.lint_options import DEFAULT_MAX_BYTES, LintOptions
from etcdlint.config.project import (Config, ConfigError, find_config, load_config, path_matcher,
                                     relative_to_root)
from etcdlint.repo.scopes import scope_finder
from etcdlint.rules import ALL_CODES
from etcdlint.rules.base import RuleOptions

KNOWN_CODES = ALL_CODES


@record
class FileSettings:
    """What one configuration gives the files it applies to."""

    config: Config
    options: LintOptions
    excluded: Optional[Callable[[str], bool]]  # None: nothing is excluded


@record
class RunSettings:
    options: LintOptions  # each file's own, through ``LintOptions.for_path``
    excluded: Optional[Callable[[str], bool]]  # None: nothing is excluded
    config: Config  # the run's: fail-on, baseline, respect-gitignore
    # The configuration and settings of a path (``--show-settings``).
    file_settings: Optional[Callable[[str], FileSettings]] = None


def parse_codes(text: Optional[str], option: str) -> Optional[Tuple[str, ...]]:
    """``ETCD002,ETCD1`` -> codes/prefixes; ConfigError naming the option when one is unknown."""
    if text is None:
        return None
    from etcdlint.config.selection import unknown_code

    codes = tuple(c.strip().upper() for c in text.split(",") if c.strip())
    for code in codes:
        why = unknown_code(code, KNOWN_CODES)
        if why is not None:
            raise ConfigError(f"{option}: {why}")
    return codes


@record
class CommandLine:
    """What the command line says of the selection and the files, on top of the configuration
    (each list as given, one item per use of its option)."""
    select: Optional[Sequence[str]] = None
    ignore: Optional[Sequence[str]] = None
    extend_select: Optional[Sequence[str]] = None
    extend_ignore: Optional[Sequence[str]] = None
    exclude: Optional[Sequence[str]] = None  # replaces the configuration's exclude
    per_file_ignores: Optional[Sequence[str]] = None  # PATTERN:CODES items; replace its own
    max_file_size: Optional[int] = None  # replaces the configuration's


def _codes(values: Optional[Sequence[str]], option: str) -> Optional[Tuple[str, ...]]:
    return None if values is None else parse_codes(",".join(values), option)


def _patterns(patterns: Sequence[str], option: str) -> Tuple[str, ...]:
    from etcdlint.config.patterns import bad_pattern

    for pattern in patterns:
        why = bad_pattern(pattern)
        if why is not None:
            raise ConfigError(f"{option}: {pattern!r} is not a gitignore-style pattern ({why})")
    return tuple(patterns)


def _per_file_ignores(items: Sequence[str]) -> Tuple[Tuple[str, Tuple[str, ...]], ...]:
    pairs = []
    for item in items:
        pattern, colon, codes = item.rpartition(":")
        if not colon or not pattern or not codes.strip():
            raise ConfigError(f"--per-file-ignores: {item!r} is not PATTERN:CODES "
                              "(e.g. 'legacy/*:ETCD1,ETCD2')")
        pairs.append((_patterns([pattern], "--per-file-ignores")[0],
                      parse_codes(codes, "--per-file-ignores")))
    return tuple(pairs)


def build(paths: Sequence[str], config_path: Optional[str], select: Optional[str] = None,
          ignore: Optional[str] = None, extend_ignore: Sequence[str] = (),
          command_line: Optional[CommandLine] = None) -> RunSettings:
    """``select``/``ignore``: comma-separated codes; ``command_line``: the command line's
    options (its lists add to ``select``/``ignore``/``extend_ignore``). Each file gets the
    settings of the configuration nearest it (``config.tree``), or of ``config_path`` for all."""
    cl = command_line or CommandLine()
    cli_select = _codes(([select] if select is not None else []) + list(cl.select or ())
                        if select is not None or cl.select else None, "--select")
    cli_ignore = (parse_codes(ignore, "--ignore") or ()) + (_codes(cl.ignore, "--ignore") or ())
    extend_select = _codes(cl.extend_select, "--extend-select") or ()
    extend_ignore = tuple(extend_ignore) + (_codes(cl.extend_ignore, "--extend-ignore") or ())
    cli_exclude = None if cl.exclude is None else _patterns(
        [p.strip() for item in cl.exclude for p in item.split(",") if p.strip()], "--exclude")
    cli_per_file = None if cl.per_file_ignores is None else _per_file_ignores(cl.per_file_ignores)

    def make(config: Config) -> FileSettings:
        if cli_exclude is not None or cli_per_file is not None:
            from etcdlint.records import replace

            if config.path is None:  # (patterns of the command line: relative to where it runs)
                config = replace(config, root=os.getcwd())
            if cli_exclude is not None:
                config = replace(config, exclude=cli_exclude)
            if cli_per_file is not None:
                config = replace(config, per_file_ignores=cli_per_file)
        return file_settings(config, cli_select, cli_ignore, extend_select, extend_ignore,
                             cl.max_file_size)

    if config_path is not None:  # one configuration for every file
        one = make(load_config(config_path, KNOWN_CODES))
        return RunSettings(one.options, one.excluded, one.config, lambda path: one)
    from etcdlint.config.tree import LISTED, ConfigTree, run_config_file

    run_file = run_config_file(paths, find_config)
    run_config = load_config(run_file, KNOWN_CODES) if run_file else Config()
    tree: ConfigTree[FileSettings] = ConfigTree(
        lambda path: load_config(path, KNOWN_CODES), make, run_config)
    run = tree.settings_of(run_file) if run_file else tree.settings_of(
        os.path.join(os.getcwd(), "-"))

    def per_path(path: str) -> LintOptions:
        return tree.settings_of(path).options

    patterns = {}  # a path's directory as written -> its configuration's exclude, if any

    def excluded(path: str) -> bool:
        key = path.rpartition(os.sep)[0]
        try:
            found = patterns[key]
        except KeyError:
            found = patterns[key] = tree.settings_of(path).excluded
        return found is not None and found(path)

    def excluded_in(directory: str) -> Optional[Callable[[str], bool]]:
        """``excluded`` for the entries of ``directory`` (one configuration for them all),
        None when it excludes nothing: asked once for a directory's files in a walk."""
        entry = os.path.join(directory, "-")  # (as the walk writes an entry's path)
        key = entry.rpartition(os.sep)[0]
        try:
            return patterns[key]
        except KeyError:
            found = patterns[key] = tree.settings_of(entry).excluded
            return found

    excluded.entries_of = excluded_in  # type: ignore[attr-defined]
    # (a directory walk tells the tree which configuration files it saw: no look again)
    excluded.listing = tree.listing  # type: ignore[attr-defined]
    excluded.listed_names = LISTED  # type: ignore[attr-defined]

    def any_enabled(code: str) -> bool:
        return any(s.options.enabled(code) for s in tree.loaded())

    options = LintOptions(
        values_chart=lambda path: per_path(path).values_chart(path),
        select=run.options.select, ignore=(),
        path_ignores=lambda path: per_path(path).path_ignores(path),
        rule_options=run.options.rule_options,
        max_bytes=run.options.max_bytes,
        scope_of=lambda path: per_path(path).scope_of(path),
        config_root=run.options.config_root,
        per_path=per_path, run_enabled=any_enabled)
    return RunSettings(options, excluded, run.config, tree.settings_of)


def file_settings(config: Config, cli_select, cli_ignore, extend_select=(),
                  extend_ignore=(), max_file_size: Optional[int] = None) -> FileSettings:
    """The settings ``config`` gives its files, with the command line's selection on top."""
    exclude = path_matcher(config.exclude)
    per_file = [(path_matcher([pattern]), codes) for pattern, codes in config.per_file_ignores]

    def path_ignores(path: str) -> Tuple[str, ...]:
        if not per_file:
            return ()
        rel = relative_to_root(config, path)
        if rel is None:
            return ()
        out: Tuple[str, ...] = ()
        for matches, codes in per_file:
            if matches(rel):
                out += codes
        return out

    def excluded(path: str) -> bool:
        rel = relative_to_root(config, path)
        return rel is not None and exclude(rel)

    charts = [(path_matcher([pattern]), chart) for pattern, chart in config.helm_values]

    def values_chart(path: str) -> Optional[str]:
        rel = relative_to_root(config, path) if charts else None
        if rel is None:
            return None
        return next((chart for matches, chart in charts if matches(rel)), None)

    from etcdlint.config.selection import resolve

    enabled = resolve(KNOWN_CODES, config.select, tuple(config.extend_select) + tuple(extend_select),
                      tuple(config.ignore) + tuple(config.extend_ignore), cli_select,
                      tuple(cli_ignore) + tuple(extend_ignore), tuple(extend_select))
    options = LintOptions(
        values_chart=values_chart,
        select=enabled,
        path_ignores=path_ignores,
        rule_options=RuleOptions(exempt_single_member=config.exempt_single_member,
                                 severity=config.severity),
        max_bytes=max_file_size or config.max_file_size or DEFAULT_MAX_BYTES,
        scope_of=scope_finder(config.root, config.cluster_roots),
        config_root=config.root if config.path else None,
    )
    return FileSettings(config, options, excluded if config.exclude else None)
