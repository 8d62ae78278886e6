"""A configuration file's text to plain data, and a way back from a key to its line.

Both readers stay linear in the size of the file and never recurse without bound: YAML is
composed by ``etcdlint.text.yamlnodes`` (the nesting limit of the files etcdlint lints) and
turned into data here within ``MAX_VALUES`` values, so an alias "bomb" stops at once;
TOML brackets are counted before ``tomllib`` (which recurses once per level) reads the text.
"""

from __future__ import annotations

import json
import re
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple

from etcdlint.text.nesting import MAX_DEPTH

Locate = Callable[[Sequence[Any]], int]

# Far more values than any configuration holds, far fewer than an alias bomb expands to.
MAX_VALUES = 10_000


class ConfigFileError(Exception):
    """What is wrong with a configuration file, and on which line (1-based)."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


def _decode(raw: bytes, encoding: str) -> str:
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError as exc:
        line = raw[:exc.start].count(b"\n") + 1
        raise ConfigFileError(line, f"not valid UTF-8 (byte {exc.start})") from None


def read_yaml(raw: bytes) -> Tuple[Dict[str, Any], Locate]:
    from etcdlint.text.compose import compose_documents
    from etcdlint.text.yamlnodes import is_map

    text = _decode(raw, "utf-8-sig")
    docs, failure = compose_documents(text)
    if failure is not None:
        line = 1 if failure.line is None else failure.line + 1
        if failure.invalid:
            raise ConfigFileError(line, f"not valid YAML: {failure.message}")
        raise ConfigFileError(line, f"nesting deeper than {MAX_DEPTH} levels")
    if len(docs) > 1:
        raise ConfigFileError(docs[1].start_mark.line + 1,
                              "a second YAML document: a configuration is one document")
    node = docs[0] if docs else None
    if node is None:
        return {}, lambda json_path: 1
    if not is_map(node):
        raise ConfigFileError(node.start_mark.line + 1, "the configuration must be a mapping")
    data = _Converter().value(node, 1)
    return data, _yaml_locator(node)


class _Converter:
    """Composed nodes to plain data: YAML 1.2 core types, merges applied, duplicate keys and
    unknown tags refused, at most ``MAX_VALUES`` values with aliases expanded."""

    def __init__(self) -> None:
        self.budget = MAX_VALUES
        self.seen: set = set()

    def value(self, node, depth: int, alias_line: Optional[int] = None) -> Any:
        """``alias_line``: the line of the value that names ``node`` again (an alias), where
        problems of its expansion are reported."""
        from ruamel.yaml.nodes import MappingNode, ScalarNode, SequenceNode

        if alias_line is None and id(node) in self.seen:
            alias_line = self._line  # (the line of the value or key that holds the alias)
        self.seen.add(id(node))
        line = alias_line or node.start_mark.line + 1
        self.budget -= 1
        if self.budget < 0:
            raise ConfigFileError(line, f"aliases expand to more than {MAX_VALUES} values")
        if depth > MAX_DEPTH:
            raise ConfigFileError(line, f"aliases nest deeper than {MAX_DEPTH} levels")
        if isinstance(node, ScalarNode):
            return _scalar(node, line)
        if isinstance(node, SequenceNode):
            out = []
            for item in node.value:
                self._line = line
                out.append(self.value(item, depth + 1, alias_line))
            return out
        if isinstance(node, MappingNode):
            return self._mapping(node, depth, alias_line)
        raise ConfigFileError(line, "not a YAML value")  # pragma: no cover

    _line = 1

    def _mapping(self, node, depth: int, alias_line: Optional[int]) -> Dict[str, Any]:
        from ruamel.yaml.nodes import ScalarNode

        from etcdlint.text.yamlnodes import is_merge_key, map_items

        first_line: Dict[str, int] = {}
        for key, _ in node.value:
            if not isinstance(key, ScalarNode):
                raise ConfigFileError(alias_line or key.start_mark.line + 1,
                                      "a key must be a string")
            if is_merge_key(key):
                continue
            if key.value in first_line:
                raise ConfigFileError(alias_line or key.start_mark.line + 1,
                                      f"key {key.value!r} appears twice in this mapping (first "
                                      f"on line {first_line[key.value]})")
            first_line[key.value] = key.start_mark.line + 1
        out: Dict[str, Any] = {}
        for key, value in map_items(node):
            self._line = alias_line or key.start_mark.line + 1
            out[key.value] = self.value(value, depth + 1, alias_line)
        return out


_YAML_TYPES = ("str", "null", "bool", "int", "float")


def _scalar(node, line: int) -> Any:
    from etcdlint.text.yamlnodes import scalar_kind

    kind = scalar_kind(node)
    value = node.value
    if kind not in _YAML_TYPES:
        raise ConfigFileError(line, f"the tag {node.tag!r} has no meaning in a configuration")
    try:
        if kind == "null":
            return None
        if kind == "bool":
            return value.lower() == "true"
        if kind == "int":
            return _int(value)
        if kind == "float":
            return float(value.replace("_", "").replace(".inf", "inf").replace(".Inf", "inf")
                         .replace(".INF", "inf").replace(".nan", "nan").replace(".NaN", "nan")
                         .replace(".NAN", "nan"))
    except ValueError:  # an explicit !!int or !!float on text that is neither
        raise ConfigFileError(line, f"{value!r} is not a YAML {kind}") from None
    return value


def _int(text: str) -> int:
    digits = text.replace("_", "")
    sign = -1 if digits.startswith("-") else 1
    digits = digits.lstrip("+-")
    for prefix, base in (("0x", 16), ("0o", 8), ("0b", 2)):
        if digits.startswith(prefix):
            return sign * int(digits[2:], base)
    return sign * int(digits, 10)


def _yaml_locator(root) -> Locate:
    from etcdlint.text.yamlnodes import is_map, is_seq

    def locate(json_path: Sequence[Any]) -> int:
        cur = root
        line = cur.start_mark.line + 1
        for part in json_path:
            if cur is None:
                break
            nxt = None
            if is_map(cur):
                for k, v in cur.value:
                    if k.value == part:
                        line = k.start_mark.line + 1
                        nxt = v
            elif is_seq(cur) and isinstance(part, int) and part < len(cur.value):
                nxt = cur.value[part]
                line = nxt.start_mark.line + 1
            cur = nxt
        return line

    return locate


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
    text = _decode(raw, "utf-8")
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


def bad_pattern(pattern: str) -> Optional[str]:
    """Why ``pattern`` is not a gitignore-style pattern pathspec accepts, or None."""
    import re

    import pathspec

    try:
        pathspec.GitIgnoreSpec.from_lines([pattern])
    except (ValueError, re.error) as exc:  # (a bad range such as [z-a] is re's error)
        return str(exc) or "not a valid pattern"
    return None


def pattern_errors(data: Dict[str, Any], locate: Locate) -> List[Tuple[int, str]]:
    """(line, message) for each pattern of ``exclude`` and ``per-file-ignores`` that pathspec
    refuses (values of the wrong type are the schema's to report)."""
    found = []
    exclude = data.get("exclude")
    for i, pattern in enumerate(exclude if isinstance(exclude, list) else ()):
        why = bad_pattern(pattern) if isinstance(pattern, str) else None
        if why is not None:
            found.append((locate(["exclude", i]), f"exclude/{i}: {pattern!r} is not a "
                          f"gitignore-style pattern ({why})"))
    ignores = data.get("per-file-ignores")
    for pattern in ignores if isinstance(ignores, dict) else ():
        why = bad_pattern(pattern)
        if why is not None:
            found.append((locate(["per-file-ignores", pattern]), f"per-file-ignores: {pattern!r} "
                          f"is not a gitignore-style pattern ({why})"))
    return found
