"""``[tool.etcdlint]`` of a ``pyproject.toml`` to plain data, and a way back from a key to
its line. Brackets are counted before ``tomllib`` (which recurses once per level) reads the
text."""

from __future__ import annotations

import json
import re
from typing import Any, Dict, List, Optional, Sequence, Tuple

from etcdlint.config.files import ConfigFileError, Locate, decode
from etcdlint.text.nesting import MAX_DEPTH


# Outside strings and comments, TOML nests with [ and { only.
_TOML_TOKEN = re.compile(r'"""(?:[^\\]|\\.)*?"""|\'\'\'.*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'[^\'\n]*\''
                         r"|#[^\n]*|[\[{]|[\]}]|\n", re.DOTALL)


def toml_too_deep(text: str) -> Optional[int]:
    """The line where brackets first nest deeper than ``MAX_DEPTH`` levels, or None."""
    depth, line = 0, 1
    for match in _TOML_TOKEN.finditer(text):
        token = match.group()
        first = token[0]
        if first in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return line
        elif first in "]}":
            depth = max(0, depth - 1)
        else:
            line += token.count("\n")
    return None


_TOML_WHERE = re.compile(r" \(at line (\d+), column (\d+)\)$| \(at end of document\)$")


def read_toml(raw: bytes) -> Tuple[Dict[str, Any], Locate]:
    try:
        import tomllib  # Python 3.11+
    except ImportError:  # pragma: no cover - older Pythons
        import tomli as tomllib
    text = decode(raw, "utf-8")
    deep = toml_too_deep(text)
    if deep is not None:
        raise ConfigFileError(deep, f"nesting deeper than {MAX_DEPTH} levels")
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        where = _TOML_WHERE.search(message)
        line = max(1, len(text.splitlines()))
        if where is not None:
            message = message[:where.start()]
            if where.group(1):
                line = int(where.group(1))
                message += f" (column {where.group(2)})"
        raise ConfigFileError(line, f"not valid TOML: {message}") from None
    tool = doc.get("tool", {})
    data = tool.get("etcdlint", {}) if isinstance(tool, dict) else {}
    tables = _toml_tables(text.splitlines())
    if not isinstance(data, dict):
        raise ConfigFileError(tables[0][1] + 1 if tables else 1, "tool.etcdlint must be a table")
    return data, _toml_locator(tables)


_TOML_KEY_PART = r"""(?:"(?:[^"\\\n]|\\.)*"|'[^'\n]*'|[A-Za-z0-9_-]+)"""
_TOML_DOTTED = rf"{_TOML_KEY_PART}(?:[ \t]*\.[ \t]*{_TOML_KEY_PART})*"
_TOML_HEADER = re.compile(rf"^[ \t]*\[\[?[ \t]*({_TOML_DOTTED})[ \t]*\]\]?[ \t]*(?:#.*)?$")
_TOML_KEY_LINE = re.compile(rf"^[ \t]*({_TOML_DOTTED})[ \t]*=")
_TOML_PART = re.compile(_TOML_KEY_PART)

# (the key parts of a table under tool.etcdlint, its header line, its key lines: (parts, line))
Table = Tuple[Tuple[str, ...], int, List[Tuple[Tuple[str, ...], int]]]


def _toml_parts(dotted: str) -> Tuple[str, ...]:
    parts = []
    for match in _TOML_PART.finditer(dotted):
        part = match.group()
        if part[0] == "'":
            part = part[1:-1]
        elif part[0] == '"':
            try:
                part = json.loads(part)  # (JSON's escapes; TOML's \U or \e: kept as written)
            except ValueError:
                part = part[1:-1]
        parts.append(part)
    return tuple(parts)


def _toml_tables(lines: List[str]) -> List[Table]:
    """The tables ``[tool.etcdlint]`` and ``[tool.etcdlint.*]`` of a pyproject.toml, in order
    (a key line is one that starts with a key and ``=``; lines of multi-line strings and
    arrays are not told apart, which only matters for lines that look like keys)."""
    tables: List[Table] = []
    current: Optional[Table] = None
    for number, line in enumerate(lines):
        header = _TOML_HEADER.match(line)
        if header is not None:
            parts = _toml_parts(header.group(1))
            current = None
            if parts[:2] == ("tool", "etcdlint"):
                current = (parts[2:], number, [])
                tables.append(current)
            continue
        if current is not None:
            key = _TOML_KEY_LINE.match(line)
            if key is not None:
                current[2].append((_toml_parts(key.group(1)), number))
    return tables


def _toml_locator(tables: List[Table]) -> Locate:
    """The line of the deepest key or table header along a JSON path (array indices stop
    the search at the key of the array), else the line of ``[tool.etcdlint]``."""
    top = next((t for t in tables if not t[0]), tables[0] if tables else None)
    default = top[1] + 1 if top is not None else 1

    def locate(json_path: Sequence[Any]) -> int:
        path: List[str] = []
        for part in json_path:
            if not isinstance(part, str):
                break
            path.append(part)
        best, line = 0, default
        for prefix, header, keys in tables:
            if tuple(path[:len(prefix)]) != prefix:
                continue
            if len(prefix) > best:
                best, line = len(prefix), header + 1
            for key, number in keys:
                full = prefix + key
                if tuple(path[:len(full)]) == full and len(full) > best:
                    best, line = len(full), number + 1
        return line

    return locate
