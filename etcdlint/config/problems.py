"""What is wrong with a configuration's data: every schema error, each at the line of the key
that holds it, and every rule code it names.

jsonschema reports an ``additionalProperties`` error at the mapping (for the top level: no
path at all, so line 1) and names all unknown keys in one message; here each unknown key is a
problem of its own, at its own line, with the nearest known key as a suggestion. The messages
are etcdlint's own words, not jsonschema's (``'fial-on' is not a configuration key (did you
mean 'fail-on'?)``). A ``propertyNames`` error is reported at the mapping
too (jsonschema 4, ``_keywords.py``, ``propertyNames`` descends without a path); here it is at
the key it names.
"""

from __future__ import annotations

import re
from typing import Any, Dict, Iterator, List, Sequence, Set, Tuple

JsonPath = Tuple[Any, ...]
Problem = Tuple[int, str]

CODE_LISTS = ("select", "ignore", "extend-select", "extend-ignore")


def schema_problems(data: Dict[str, Any], sch: Dict[str, Any], locate,
                    codes: Sequence[str] = ()) -> Tuple[List[Problem], Set[JsonPath]]:
    """(line, message) for every schema error, and the paths of the values they are about
    (``codes``: the rule codes, for suggestions)."""
    from jsonschema import validators

    validator = validators.validator_for(sch)(sch)
    problems: List[Problem] = []
    bad: Set[JsonPath] = set()
    for err in validator.iter_errors(data):
        json_path = tuple(err.absolute_path)
        where = "/".join(str(p) for p in json_path)
        if err.validator == "additionalProperties" and err.validator_value is False \
                and isinstance(err.instance, dict):
            known = sorted(err.schema.get("properties", {}))
            for key in _unknown_keys(err.instance, err.schema):
                bad.add(json_path + (key,))
                inside = f" of {where}" if where else ""
                problems.append((locate(list(json_path) + [key]),
                                 f"{key!r} is not a configuration key{inside}"
                                 f"{_suggest(str(key), known, 'keys')}"))
            continue
        if "propertyNames" in err.relative_schema_path and isinstance(err.instance, str):
            json_path += (err.instance,)  # (the error is about a key: point at it)
        bad.add(json_path)
        problems.append((locate(list(json_path)),
                         f"{where or '(top level)'}: {_say(err, codes)}"))
    return problems, bad


_TYPES = {"array": "a list", "object": "a mapping", "string": "a string",
          "integer": "a whole number", "number": "a number", "boolean": "true or false"}


def _say(err, codes: Sequence[str]) -> str:
    """A schema error in etcdlint's words."""
    value = err.instance
    if err.validator == "type":
        kinds = err.validator_value if isinstance(err.validator_value, list) else [
            err.validator_value]
        return f"{value!r} is not {' or '.join(_TYPES.get(k, k) for k in kinds)}"
    if err.validator == "enum":
        allowed = [str(v) for v in err.validator_value]
        return (f"{value!r} is not one of {', '.join(allowed)}"
                f"{_suggest(str(value), allowed, None)}")
    if err.validator == "pattern" and isinstance(value, str):
        from etcdlint.rules.nearest import nearest_code

        shown = (value.upper() if re.search(err.validator_value, value.upper())
                 else nearest_code(value, codes))
        hint = f" (did you mean {shown!r}?)" if shown else ""
        return (f"{value!r} is not a rule code: codes look like ETCD002, prefixes like "
                f"ETCD1{hint}")
    if err.validator == "minimum":
        return f"{value!r} is less than {err.validator_value}"
    if err.validator == "minLength":
        return "an empty string is not allowed here"
    return err.message


def _suggest(word: str, choices: List[str], kind) -> str:
    """`` (did you mean 'fail-on'?)``, or the choices when none is near (``kind`` names
    them; None: nothing more to say)."""
    import difflib

    near = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    if near:
        return f" (did you mean {near[0]!r}?)"
    return f"; {kind} are: {', '.join(choices)}" if kind else ""


def _unknown_keys(instance: Dict[str, Any], schema: Dict[str, Any]) -> List[str]:
    known = schema.get("properties", {})
    patterns = [re.compile(p) for p in schema.get("patternProperties", {})]
    return [key for key in instance
            if key not in known and not any(p.search(key) for p in patterns)]


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
