"""Project configuration: ``.etcdlint.yaml`` or ``[tool.etcdlint]`` in ``pyproject.toml``,
validated against ``schemas/config.schema.json``."""

from __future__ import annotations

import os
import sys
from typing import Any, Dict, Optional, Sequence, Tuple

from etcdlint.records import field, record

CONFIG_NAMES = (".etcdlint.yaml", ".etcdlint.yml")


class ConfigError(Exception):
    """A configuration problem, already phrased as ``path:line: message``."""


@record
class Config:
    path: Optional[str] = None  # where it was read from (None: defaults)
    root: str = "."  # patterns are relative to this directory
    select: Optional[Tuple[str, ...]] = None
    ignore: Tuple[str, ...] = ()
    per_file_ignores: Tuple[Tuple[str, Tuple[str, ...]], ...] = ()
    exclude: Tuple[str, ...] = ()
    severity: Dict[str, str] = field(default_factory=dict)
    exempt_single_member: bool = False
    max_file_size: Optional[int] = None
    helm_values: Tuple[Tuple[str, str], ...] = ()  # (pattern, chart) for bare values files
    extend_select: Tuple[str, ...] = ()
    extend_ignore: Tuple[str, ...] = ()
    fail_on: Optional[str] = None  # None: the default threshold
    baseline: Optional[str] = None  # resolved against the configuration's directory
    respect_gitignore: bool = True
    cluster_roots: Tuple[str, ...] = ()


def schema() -> Dict[str, Any]:
    import json

    package = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))  # etcdlint/
    for candidate in (os.path.join(os.path.dirname(package), "schemas", "config.schema.json"),
                      os.path.join(sys.prefix, "share", "etcdlint", "schemas", "config.schema.json")):
        if os.path.isfile(candidate):
            with open(candidate, encoding="utf-8") as fh:
                return json.load(fh)
    raise ConfigError("etcdlint: the configuration schema is missing from the installation")


def find_config(start: str) -> Optional[str]:
    """The nearest configuration at or above ``start`` (a file or directory)."""
    directory = os.path.abspath(start)
    if not os.path.isdir(directory):
        directory = os.path.dirname(directory)
    while True:
        found = config_in(directory)
        if found is not None:
            return found
        parent = os.path.dirname(directory)
        if parent == directory:
            return None
        directory = parent


MAX_CONFIG_BYTES = 10 * 1024 * 1024  # as max-file-size by default: a bigger one is refused


def config_in(directory: str) -> Optional[str]:
    """The configuration file of ``directory`` itself, if it has one: ``.etcdlint.yaml``,
    ``.etcdlint.yml``, then a ``pyproject.toml`` with a ``[tool.etcdlint]`` table."""
    for name in CONFIG_NAMES:
        candidate = os.path.join(directory, name)
        if os.path.isfile(candidate):
            return candidate
    pyproject = os.path.join(directory, "pyproject.toml")
    if os.path.isfile(pyproject) and _has_tool_section(pyproject):
        return pyproject
    return None


def _has_tool_section(path: str) -> bool:
    from etcdlint.repo.sidefiles import bounded_read

    found = bounded_read(path, MAX_CONFIG_BYTES)
    return found.ok and b"[tool.etcdlint" in found.data


def load_config(path: str, known_codes: Sequence[str]) -> Config:
    data, locate = _read(path)
    _validate(path, data, locate, known_codes)
    root = os.path.dirname(os.path.abspath(path))
    return Config(
        path=path,
        root=root,
        select=tuple(data["select"]) if "select" in data else None,
        ignore=tuple(data.get("ignore", ())),
        per_file_ignores=tuple((k, tuple(v)) for k, v in data.get("per-file-ignores", {}).items()),
        exclude=tuple(data.get("exclude", ())),
        severity=dict(data.get("severity", {})),
        exempt_single_member=bool(data.get("exempt-single-member", False)),
        max_file_size=data.get("max-file-size"),
        helm_values=tuple(data.get("helm-values", {}).items()),
        extend_select=tuple(data.get("extend-select", ())),
        extend_ignore=tuple(data.get("extend-ignore", ())),
        fail_on=data.get("fail-on"),
        baseline=os.path.join(root, data["baseline"]) if "baseline" in data else None,
        respect_gitignore=bool(data.get("respect-gitignore", True)),
        cluster_roots=tuple(data.get("cluster-roots", ())),
    )


def _read(path: str):
    from etcdlint.config.files import ConfigFileError

    from etcdlint.repo.sidefiles import bounded_read

    found = bounded_read(path, MAX_CONFIG_BYTES)  # (a regular file: never /dev/zero or a FIFO)
    if not found.ok:
        raise ConfigError(f"{path}: cannot read: {found.why()}")
    raw = found.data
    try:
        if path.endswith(".toml"):
            from etcdlint.config.toml_reader import read_toml

            return read_toml(raw)
        from etcdlint.config.yaml_reader import read_yaml

        return read_yaml(raw)
    except ConfigFileError as exc:
        raise ConfigError(f"{path}:{exc.line}: {exc.message}") from None


def _validate(path: str, data: Dict[str, Any], locate, known_codes: Sequence[str]) -> None:
    """Every problem of the configuration, each on its own line (sorted by line), as one
    ConfigError."""
    from etcdlint.config.patterns import pattern_errors
    from etcdlint.config.problems import code_entries, schema_problems
    from etcdlint.config.selection import unknown_code

    problems, bad = schema_problems(data, schema(), locate, known_codes)
    for json_path, code in code_entries(data):
        why = None if json_path in bad else unknown_code(code, known_codes)
        if why is not None:
            problems.append((locate(list(json_path)), why))
    problems.extend(pattern_errors(data, locate))
    if problems:
        problems.sort(key=lambda problem: problem[0])
        raise ConfigError("\n".join(f"{path}:{line}: {message}" for line, message in problems))


def matches_selector(code: str, selectors: Sequence[str]) -> bool:
    return any(code.startswith(s) for s in selectors)


def relative_to_root(config: Config, path: str) -> Optional[str]:
    """``path`` relative to the configuration's directory (POSIX), or None if outside."""
    try:
        rel = os.path.relpath(os.path.abspath(path), config.root)
    except ValueError:
        return None
    if rel.startswith(".."):
        return None
    return rel.replace(os.sep, "/")


def path_matcher(patterns: Sequence[str]):
    """A predicate for gitignore-style ``patterns`` (pathspec, imported only when needed)."""
    if not patterns:
        return lambda rel: False
    import pathspec

    spec = pathspec.GitIgnoreSpec.from_lines(patterns)
    return spec.match_file


__all__ = ["Config", "ConfigError", "config_in", "find_config", "load_config", "matches_selector",
           "path_matcher", "relative_to_root", "CONFIG_NAMES"]


