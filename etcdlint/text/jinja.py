"""Jinja-templated files (``*.yaml.j2``, ``*.yml.j2``): their tags set aside, so that what is
left can be read as YAML, every position unchanged.

Jinja's default delimiters (``{{ … }}``, ``{% … %}``, ``{# … #}``, as Ansible and most tools
configure it; ``jinja2/lexer.py``):

- an expression ``{{ … }}`` is a value known only once rendered: each of its characters
  becomes ``MASK``, which ``templates.has_template`` knows, so that a value holding one is
  never judged or fixed;
- a statement ``{% … %}`` or comment ``{# … #}`` renders to nothing: its characters become
  spaces (line breaks kept);
- what lies between a block statement (``if``, ``for``, ``macro``, ``call``, ``filter``,
  ``with``, ``block``, ``raw``, a ``set`` without ``=``, ``autoescape``, ``trans``) and its
  ``end…`` is a *block region*: it may be rendered once, many times or not at all.

The text keeps its length, and every character not in a tag its offset, so that spans found
in the masked text are spans in the file.
"""

from __future__ import annotations

from typing import List, Optional, Tuple

from etcdlint.records import record
from etcdlint.text.lazy_regex import lazy
from etcdlint.text.templates import MASK

JINJA_SUFFIXES = (".yaml.j2", ".yml.j2")
_BLOCKS = frozenset(("if", "for", "macro", "call", "filter", "with", "block", "raw",
                     "autoescape", "trans"))
_WORD = lazy(r"[-+]?\s*([A-Za-z_]+)")
_CLOSE = {"{{": "}}", "{%": "%}", "{#": "#}"}


@record
class Masked:
    text: str  # the file's text, tags set aside (same length)
    blocks: Tuple[Tuple[int, int], ...]  # block regions (outermost), sorted
    tags: Tuple[Tuple[int, int], ...]  # every tag, sorted


def is_jinja_path(path: str) -> bool:
    return path.endswith(JINJA_SUFFIXES)


def mask(text: str) -> Masked:
    out = list(text)
    blocks: List[Tuple[int, int]] = []
    tags: List[Tuple[int, int]] = []
    depth = 0
    opened = 0
    raw = False
    i = 0
    n = len(text)
    while i < n:
        at = text.find("{", i)
        if at < 0 or at + 1 >= n:
            break
        opener = text[at:at + 2]
        if opener not in _CLOSE:
            i = at + 1
            continue
        end = text.find(_CLOSE[opener], at + 2)
        end = n if end < 0 else end + 2
        word = _keyword(text[at + 2:end - 2]) if opener == "{%" else None
        if raw and word != "endraw":
            i = at + 1
            continue
        tags.append((at, end))
        fill = MASK if opener == "{{" else " "
        for k in range(at, end):
            if out[k] != "\n":
                out[k] = fill
        if word is not None:
            inner = text[at + 2:end - 2]
            if word in _BLOCKS or (word == "set" and "=" not in inner):
                if depth == 0:
                    opened = at
                depth += 1
                raw = word == "raw"
            elif word.startswith("end") and depth > 0:
                depth -= 1
                raw = False
                if depth == 0:
                    blocks.append((opened, end))
        i = end
    if depth > 0:
        blocks.append((opened, n))
    return Masked("".join(out), tuple(blocks), tuple(tags))


def _keyword(inner: str) -> Optional[str]:
    found = _WORD.match(inner.strip())
    return found.group(1) if found else None


def overlaps(regions: Tuple[Tuple[int, int], ...], start: int, end: int) -> bool:
    """Whether ``[start, end)`` (or the point ``start`` when empty) meets one of ``regions``."""
    from bisect import bisect_right

    k = bisect_right(regions, (start, float("inf"))) - 1
    for r_start, r_end in regions[max(k, 0):]:
        if r_start > end or (r_start == end and end > start):
            break
        if end > start and r_start < end and r_end > start:
            return True
        if end == start and r_start <= start < r_end:
            return True
    return False
