"""``--show-settings FILE``: which configuration a file gets, and what it makes of it (the
run's settings, ``config.run.RunSettings``, are given)."""

from __future__ import annotations

import os
from typing import List, Optional

from etcdlint.report.safe_text import escape_controls


def render(path: str, settings, given_config: Optional[str]) -> str:
    """The settings of ``path`` (``settings``: the run's ``RunSettings``)."""
    from etcdlint.report.threshold import DEFAULT_FAIL_ON
    from etcdlint.rules import ALL_CODES

    own = settings.file_settings(path)
    config = own.config
    options = own.options
    if config.path is None:
        where = "none (the defaults)"
    elif given_config is not None:
        where = f"{_shown(config.path)} (--config)"
    else:
        where = _shown(config.path)
    enabled = options.enabled_codes(path)
    rules = [code for code in ALL_CODES if code in enabled]
    off = [code for code in ALL_CODES if code not in enabled]
    scope = options.scope_of(path)
    lines: List[str] = [
        f"Settings for {escape_controls(path)}",
        f"configuration: {where}",
        f"rules: {_rules(rules, off)}",
        f"severity: {_mapping(config.severity)}",
        f"exempt-single-member: {'true' if config.exempt_single_member else 'false'}",
        f"max-file-size: {options.max_bytes}",
        f"helm-values chart: {options.values_chart(path) or 'none'}",
        "cluster scope: " + ("standard input" if scope.directory is None else
                             f"{_shown(scope.directory)}"
                             f"{' (a cluster root)' if scope.recursive else ''}"),
        f"excluded: {'yes' if own.excluded is not None and own.excluded(path) else 'no'}",
        f"fail-on: {settings.config.fail_on or DEFAULT_FAIL_ON} (the run's)",
        f"baseline: {_shown(settings.config.baseline) if settings.config.baseline else 'none'}"
        " (the run's)",
    ]
    return "\n".join(lines) + "\n"


def _rules(on: List[str], off: List[str]) -> str:
    if not off:
        return "all"
    if not on:
        return "none"
    if len(off) <= len(on):
        return f"all but {', '.join(off)}"
    return ", ".join(on)


def _shown(path: str) -> str:
    """``path`` relative to the current directory when it is below it."""
    rel = os.path.relpath(path)
    return escape_controls(path if rel.startswith("..") else rel)


def _mapping(values) -> str:
    if not values:
        return "none"
    return ", ".join(f"{key}: {value}" for key, value in sorted(values.items()))
