"""What is wrong with a configuration's data: every schema error, each at the line of the key
that holds it, and every rule code it names.

jsonschema reports an ``additionalProperties`` error at the mapping (for the top level: no
path at all, so line 1) and names all unknown keys in one message; here each unknown key is a
problem of its own, at its own line. A ``propertyNames`` error is reported at the mapping
too (jsonschema 4, ``_keywords.py``, ``propertyNames`` descends without a path); here it is at
the key it names.
"""

from __future__ import annotations

import re
from typing import Any, Dict, Iterator, List, Set, Tuple

JsonPath = Tuple[Any, ...]
Problem = Tuple[int, str]

CODE_LISTS = ("select", "ignore", "extend-select", "extend-ignore")


def schema_problems(data: Dict[str, Any], sch: Dict[str, Any], locate
                    ) -> Tuple[List[Problem], Set[JsonPath]]:
    """(line, message) for every schema error, and the paths of the values they are about."""
    from jsonschema import validators

    validator = validators.validator_for(sch)(sch)
    problems: List[Problem] = []
    bad: Set[JsonPath] = set()
    for err in validator.iter_errors(data):
        json_path = tuple(err.absolute_path)
        where = "/".join(str(p) for p in json_path) or "(top level)"
        allowed = _allowed(err, sch)
        suffix = f"; allowed: {allowed}" if allowed else ""
        if err.validator == "additionalProperties" and err.validator_value is False \
                and isinstance(err.instance, dict):
            for key in _unknown_keys(err.instance, err.schema):
                bad.add(json_path + (key,))
                problems.append((locate(list(json_path) + [key]), f"{where}: Additional "
                                 f"properties are not allowed ({key!r} was unexpected){suffix}"))
            continue
        if "propertyNames" in err.relative_schema_path and isinstance(err.instance, str):
            json_path += (err.instance,)  # (the error is about a key: point at it)
        bad.add(json_path)
        problems.append((locate(list(json_path)), f"{where}: {err.message}{suffix}"))
    return problems, bad


def _unknown_keys(instance: Dict[str, Any], schema: Dict[str, Any]) -> List[str]:
    known = schema.get("properties", {})
    patterns = [re.compile(p) for p in schema.get("patternProperties", {})]
    return [key for key in instance
            if key not in known and not any(p.search(key) for p in patterns)]


def _allowed(err, sch) -> str:
    if err.validator == "additionalProperties" and err.validator_value is False:
        return ", ".join(sorted(sch.get("properties", {})))
    if err.validator == "enum":
        return ", ".join(map(str, err.validator_value))
    if err.validator == "pattern":
        return "rule codes like ETCD002, or prefixes like ETCD1"
    return ""


def code_entries(data: Dict[str, Any]) -> Iterator[Tuple[JsonPath, str]]:
    """(path, code) for every rule code or prefix the configuration names."""
    for key in CODE_LISTS:
        for i, code in _strings(data.get(key)):
            yield (key, i), code
    ignores = data.get("per-file-ignores")
    if isinstance(ignores, dict):
        for pattern, codes in ignores.items():
            for i, code in _strings(codes):
                yield ("per-file-ignores", pattern, i), code
    severity = data.get("severity")
    if isinstance(severity, dict):
        for code in severity:
            yield ("severity", code), code


def _strings(value: Any) -> Iterator[Tuple[int, str]]:
    if isinstance(value, list):
        for i, item in enumerate(value):
            if isinstance(item, str):
                yield i, item
