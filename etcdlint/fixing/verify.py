"""After fixing: the text must still parse to the same documents, except for the fixed
settings, and re-linting must show nothing the original did not have, not even a
configuration error (ETCD2nn) the run does not report."""

from __future__ import annotations

from collections import Counter
from functools import lru_cache
from operator import attrgetter
from typing import FrozenSet, Iterable, List, Optional, Sequence, Tuple

from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from etcdlint.etcd.flags import env_for_flag
from etcdlint.model import Diagnostic
from etcdlint.rules.base import Rule
from etcdlint.text.nesting import MAX_DEPTH
from etcdlint.text.compose import compose_documents
from etcdlint.text.yamlnodes import map_items


def new_findings(before: Sequence[Diagnostic], after: Sequence[Diagnostic],
                 fixed: Sequence[Diagnostic]) -> List[str]:
    """Rule codes that re-linting shows more often than before, minus the fixed ones."""
    allowed = Counter(d.rule for d in before)
    allowed.subtract(Counter(d.rule for d in fixed))
    now = Counter(d.rule for d in after)
    return sorted(code for code, n in now.items() if n > max(allowed.get(code, 0), 0))


@lru_cache(maxsize=None)
def unreported_config_error_rules(enabled: FrozenSet[str]) -> Tuple[Rule, ...]:
    """The configuration-error rules (ETCD2nn) a run with ``enabled`` codes does not run."""
    from etcdlint.rules import CHECK, codes_of, rule

    return tuple(rule(code) for code in codes_of(CHECK)
                 if code.startswith("ETCD2") and code not in enabled)


def same_documents(before: str, after: str, names: Iterable[str],
                   old_docs=None, new_docs=None) -> Optional[str]:
    """None when the two texts load to the same data except around ``names``; else why not.

    Documents already composed from the two texts may be passed in.
    """
    words = fixed_words(names)
    if old_docs is None:
        old_docs, failure = compose_documents(before)
        if failure is not None:
            return None  # the original does not parse either: nothing to compare
    if new_docs is None:
        new_docs, failure = compose_documents(after)
        if failure is not None:
            return f"the fixed text does not parse ({failure.message})"
    try:
        budget = [MAX_NODES]
        old = [to_data(d, budget) for d in old_docs]
        new = [to_data(d, budget) for d in new_docs]
    except TooBig:
        return "the file is too large to verify a fix on"
    except TooDeep:
        return TOO_DEEP
    if not _alike(old, new, words):
        return "the fixed text changes more than the fixed settings"
    return None


def fixed_words(names: Iterable[str]) -> set:
    """The words that name the fixed settings: the flag, its config-file key, its variable."""
    words = set()
    for name in names:
        words.update({name, name[5:] if name.startswith("peer-") else name, env_for_flag(name)})
    return words


def data_alike(old, new, words: set) -> bool:
    """Whether two ``to_data`` results are the same except around ``words`` (``fixed_words``)."""
    return _alike(old, new, words)


MAX_NODES = 200_000


class TooBig(Exception):
    pass


TOO_DEEP = f"its aliases nest deeper than {MAX_DEPTH} levels: a fix cannot be verified on it"


class TooDeep(Exception):
    """Data nested deeper than ``MAX_DEPTH`` levels (only aliases take a composed document
    there): comparing it, here and in C, would recurse that deep."""


# A scalar's tag, as compared here: recent ruamel.yaml keeps a ``Tag`` object, shared by all
# nodes of a kind and equal to another when their tag strings are (``.tag`` would build that
# string for every node); older versions keep the string itself.
_tag = attrgetter("ctag" if "ctag" in getattr(Node, "__slots__", ()) else "tag")


def to_data(node, budget, depth: int = 1) -> object:
    """Plain data of a composed node; aliases are expanded within ``budget`` nodes and
    ``MAX_DEPTH`` levels."""
    budget[0] -= 1
    if budget[0] < 0:
        raise TooBig()
    if depth > MAX_DEPTH:
        raise TooDeep()
    if isinstance(node, ScalarNode):
        return (_tag(node), node.value)
    depth += 1
    if isinstance(node, SequenceNode):
        return [to_data(item, budget, depth) for item in node.value]
    if isinstance(node, MappingNode):
        out = {}
        for key, value in map_items(node):
            out[repr(to_data(key, budget, depth)) if not isinstance(key, ScalarNode)
                else key.value] = to_data(value, budget, depth)
        return out
    return None


def _mentions(value, words) -> bool:
    if isinstance(value, tuple):  # a scalar: (tag, text)
        value = value[1]
    return isinstance(value, str) and any(w in value for w in words)


def _alike(a, b, words) -> bool:
    """Equal, except for strings, keys, list items and env entries naming a fixed setting."""
    if a == b:  # (compared in C: the common case, untouched subtrees, costs almost nothing)
        return True
    if _mentions(a, words) or _mentions(b, words):
        return isinstance(a, tuple) and isinstance(b, tuple) or a is None or b is None
    if a is None and isinstance(b, dict):  # a map created to hold a fixed setting
        return _only_about(b, words)
    if isinstance(a, dict) and isinstance(b, dict):
        keys = {k for k in set(a) | set(b) if not _mentions(k, words)}
        return all(_alike(a.get(k), b.get(k), words) for k in keys)
    if isinstance(a, list) and isinstance(b, list):
        return _alike_lists(a, b, words)
    return type(a) is type(b) and a == b


def _only_about(value, words) -> bool:
    """A new map whose every entry leads to a fixed setting (``auth: {client: {…}}``)."""
    if not isinstance(value, dict) or not value:
        return False
    return all(_mentions(k, words) or _only_about(v, words) for k, v in value.items())


def _alike_lists(a, b, words) -> bool:
    """Items may be added or removed only when they are a fixed setting themselves."""
    i = j = 0
    while i < len(a) and j < len(b):
        if a[i] == b[j]:  # (the common case, in C: an untouched item)
            i += 1
            j += 1
        elif _alike(a[i], b[j], words) and not (_about(a[i], words) != _about(b[j], words)):
            i += 1
            j += 1
        elif _about(a[i], words):
            i += 1
        elif _about(b[j], words):
            j += 1
        else:
            return False
    return all(_about(v, words) for v in a[i:]) and all(_about(v, words) for v in b[j:])


def _about(value, words) -> bool:
    """A list item that is a fixed setting: a flag (``--x=…``), a ``x=…`` item named for it
    (k3s ``etcd-arg``, compose's ``ETCD_X=…`` environment), an env entry named for it or a
    JSON 6902 operation on its path."""
    if isinstance(value, tuple):
        text = value[1].lstrip()
        return text.partition("=")[0] in words or \
            text.startswith("-") and _mentions(value, words)
    return isinstance(value, dict) and (_mentions(value.get("name"), words) or
                                        _mentions(value.get("path"), words))


def same_words(before: str, after: str, names: Iterable[str]) -> Optional[str]:
    """``same_documents`` for a file that is not YAML (a unit, an environment file, a
    Dockerfile): the two texts have the same words outside comment lines, except words
    naming a fixed setting (``--client-cert-auth=false``, ``ETCD_AUTO_TLS=true``), the word
    after one (a flag's separate value) and line continuations."""
    from difflib import SequenceMatcher

    words = fixed_words(names)
    old, new = _words(before), _words(after)
    if old == new:
        return None
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        for seq, lo, hi in ((old, i1, i2), (new, j1, j2)):
            for k in range(lo, hi):
                if not (_names(seq[k], words) or seq[k] == "\\" or
                        k > 0 and _names(seq[k - 1], words)):
                    return "the fixed text changes more than the fixed settings"
    return None


def _names(word: str, words: set) -> bool:
    return any(w in word for w in words)


def _words(text: str) -> List[str]:
    out: List[str] = []
    for line in text.splitlines():
        stripped = line.lstrip()
        if stripped[:1] in ("#", ";"):
            continue
        out.extend(line.split())
    return out
