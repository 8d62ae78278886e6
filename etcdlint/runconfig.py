"""Turn the configuration file and command-line options into what one run needs."""

from __future__ import annotations

import os
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
class RunSettings:
    options: LintOptions
    excluded: Optional[Callable[[str], bool]]  # None: nothing is excluded
    config: Config


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
    if config_path is None:
        start = next((p for p in paths if p != "-"), os.getcwd())
        config_path = find_config(start)
    config = load_config(config_path, KNOWN_CODES) if config_path else Config()
    cli_select = parse_codes(select, "--select")
    cli_ignore = parse_codes(ignore, "--ignore") or ()
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
                      tuple(cli_ignore) + tuple(extend_ignore))
    options = LintOptions(
        values_chart=values_chart,
        select=as_select(KNOWN_CODES, enabled),
        ignore=(),
        path_ignores=path_ignores,
        rule_options=RuleOptions(exempt_single_member=config.exempt_single_member,
                                 severity=config.severity),
        max_bytes=config.max_file_size or DEFAULT_MAX_BYTES,
        scope_of=scope_finder(config.root, config.cluster_roots),
        config_root=config.root if config.path else None,
    )
    return RunSettings(options, excluded if config.exclude else None, config)
