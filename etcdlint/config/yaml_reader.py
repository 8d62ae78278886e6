"""A YAML configuration file to plain data, and a way back from a key to its line.

The text is composed by ``etcdlint.text.compose`` (the nesting limit of the files etcdlint
lints) and turned into data here within ``MAX_VALUES`` values, so an alias "bomb" stops at
once.
"""

from __future__ import annotations

from typing import Any, Dict, Optional, Sequence, Tuple

from etcdlint.config.files import ConfigFileError, Locate, decode
from etcdlint.text.nesting import MAX_DEPTH

# Far more values than any configuration holds, far fewer than an alias bomb expands to.
MAX_VALUES = 10_000


def read_yaml(raw: bytes) -> Tuple[Dict[str, Any], Locate]:
    from etcdlint.text.compose import compose_documents
    from etcdlint.text.yamlnodes import is_map

    text = decode(raw, "utf-8-sig")
    docs, failure = compose_documents(text)
    if failure is not None:
        line = 1 if failure.line is None else failure.line + 1
        if failure.invalid:
            raise ConfigFileError(line, f"not valid YAML: {failure.message}")
        raise ConfigFileError(line, failure.brief)
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
