"""Kubernetes ``$(VAR)`` expansion in container command, args and env values."""

from __future__ import annotations

from typing import AbstractSet, Dict, List, Optional

from etcdlint.text.tokens import Token


def expand_k8s_refs(tok: Token, literal: Dict[str, str], defined: AbstractSet[str],
                    open_ended: bool = False) -> Token:
    """Expand ``$(NAME)`` from literal env values; ``$$`` is a literal ``$``.

    A name defined in env but without a literal value (``valueFrom``) makes the token
    dynamic; an undefined reference stays as written, as Kubernetes leaves it (kubernetes
    ``third_party/forked/golang/expansion/expand.go``: ``Expand``, ``tryReadVariableName``).
    ``open_ended``: some ``envFrom`` source cannot be read (a Secret, a ConfigMap of another
    file), and may define any name: an undefined reference makes the token dynamic too.

    Linear in the token and what it expands to: the text between references is copied a
    run at a time, an expanded value placed at its whole reference.
    """
    text = tok.text
    if "$" not in text:
        return tok
    own_starts, own_ends = tok.starts, tok.ends
    out: List[str] = []
    starts: List[int] = []
    ends: List[int] = []
    dynamic = tok.dynamic
    copied = 0  # text[copied:i] is still to be copied as it is
    i = text.find("$")
    n = len(text)
    while 0 <= i < n - 1:
        follower = text[i + 1]
        if follower not in "$(":
            i = text.find("$", i + 1)
            continue
        out.append(text[copied:i])
        starts.extend(own_starts[copied:i])
        ends.extend(own_ends[copied:i])
        if follower == "$":
            out.append("$")
            starts.append(own_starts[i])
            ends.append(own_ends[i + 1])
            copied = i + 2
            i = text.find("$", copied)
            continue
        j = text.find(")", i + 2)
        name = text[i + 2:j] if j > 0 else None
        value: Optional[str] = literal.get(name) if name else None
        if value is not None:
            out.append(value)
            starts.extend([own_starts[i]] * len(value))
            ends.extend([own_ends[j]] * len(value))
            copied = j + 1
            i = text.find("$", copied)
            continue
        if name in defined or (open_ended and name):
            dynamic = True
        copied = i  # left as written, the reference whole (``$(A$(B)`` names ``A$(B``)
        i = text.find("$", j + 1 if j > 0 else i + 1)
    out.append(text[copied:])
    starts.extend(own_starts[copied:])
    ends.extend(own_ends[copied:])
    return Token("".join(out), tok.span, tuple(starts), tuple(ends), dynamic)
