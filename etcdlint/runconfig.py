"""Turn the configuration files and command-line options into what one run needs: each
file's settings from the configuration nearest it (``configtree``), or from ``--config``
for all of them."""

from __future__ import annotations

from typing import Callable, Optional, Sequence, Tuple

from etcdlint.records import record
from etcdlint.config import (Config, ConfigError, find_config, load_config, path_matcher,
                             relative_to_root)
from etcdlint.engine import DEFAULT_MAX_BYTES, LintOptions
from etcdlint.repo.scopes import scope_finder
from etcdlint.rules import RULES
from etcdlint.rules.base import RuleOptions

KNOWN_CODES = tuple(rule.code for rule in RULES)


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
    codes = tuple(c.strip().upper() for c in text.split(",") if c.strip())
    for code in codes:
        if not code.startswith("ETCD") or not any(k.startswith(code) for k in KNOWN_CODES):
            raise ConfigError(f"{option}: {code!r} matches no rule; rules are "
                              f"{', '.join(KNOWN_CODES)}")
    return codes


def build(paths: Sequence[str], config_path: Optional[str], select: Optional[str],
          ignore: Optional[str], extend_ignore: Sequence[str] = ()) -> RunSettings:
    cli_select = parse_codes(select, "--select")
    cli_ignore = tuple(parse_codes(ignore, "--ignore") or ()) + tuple(extend_ignore)

    def make(config: Config) -> FileSettings:
        return file_settings(config, cli_select, cli_ignore)

    if config_path is not None:  # one configuration for every file
        one = make(load_config(config_path, KNOWN_CODES))
        return RunSettings(one.options, one.excluded, one.config, lambda path: one)
    from etcdlint.configtree import ConfigTree, run_config_file

    run_file = run_config_file(paths, find_config)
    run_config = load_config(run_file, KNOWN_CODES) if run_file else Config()
    tree: ConfigTree[FileSettings] = ConfigTree(
        lambda path: load_config(path, KNOWN_CODES), make, run_config)
    run = tree.settings_of(run_file) if run_file else make(run_config)

    def per_path(path: str) -> LintOptions:
        return tree.settings_of(path).options

    def excluded(path: str) -> bool:
        found = tree.settings_of(path).excluded
        return found is not None and found(path)

    def any_enabled(code: str) -> bool:
        return any(s.options.enabled(code) for s in tree.loaded())

    options = LintOptions(
        values_chart=lambda path: per_path(path).values_chart(path),
        select=run.options.select, ignore=(),
        path_ignores=lambda path: per_path(path).path_ignores(path),
        rule_options=run.options.rule_options,
        max_bytes=run.options.max_bytes,
        scope_of=lambda path: per_path(path).scope_of(path),
        per_path=per_path, run_enabled=any_enabled)
    return RunSettings(options, excluded, run_config, tree.settings_of)


def file_settings(config: Config, cli_select, cli_ignore) -> FileSettings:
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

    from etcdlint.selection import as_select, resolve

    enabled = resolve(KNOWN_CODES, config.select, config.extend_select,
                      tuple(config.ignore) + tuple(config.extend_ignore), cli_select,
                      tuple(cli_ignore))
    options = LintOptions(
        values_chart=values_chart,
        select=as_select(KNOWN_CODES, enabled),
        ignore=(),
        path_ignores=path_ignores,
        rule_options=RuleOptions(exempt_single_member=config.exempt_single_member,
                                 severity=config.severity),
        max_bytes=config.max_file_size or DEFAULT_MAX_BYTES,
        scope_of=scope_finder(config.root, config.cluster_roots),
    )
    return FileSettings(config, options, excluded if config.exclude else None)
