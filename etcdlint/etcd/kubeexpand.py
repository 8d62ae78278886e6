"""Kubernetes ``$(VAR)`` expansion in container command and args."""

from __future__ import annotations

from typing import Dict, List, Optional

from etcdlint.text.tokens import Token


def expand_k8s_refs(tok: Token, literal: Dict[str, str], defined: frozenset) -> Token:
    """Expand ``$(NAME)`` from literal env values; ``$$`` is a literal ``$``.

    A name defined in env but without a literal value (``valueFrom``) makes the token
    dynamic; an undefined reference stays as written, as Kubernetes leaves it.
    """
    text = tok.text
    if "$" not in text:
        return tok
    out: List[str] = []
    starts: List[int] = []
    ends: List[int] = []
    dynamic = tok.dynamic
    i = 0
    n = len(text)
    while i < n:
        c = text[i]
        if c == "$" and i + 1 < n and text[i + 1] == "$":
            out.append("$")
            starts.append(tok.starts[i])
            ends.append(tok.ends[i + 1])
            i += 2
            continue
        if c == "$" and i + 1 < n and text[i + 1] == "(":
            j = text.find(")", i + 2)
            name = text[i + 2:j] if j > 0 else None
            value: Optional[str] = literal.get(name) if name else None
            if value is not None:
                for ch in value:
                    out.append(ch)
                    starts.append(tok.starts[i])
                    ends.append(tok.ends[j])
                i = j + 1
                continue
            if name in defined:
                dynamic = True
        out.append(c)
        starts.append(tok.starts[i])
        ends.append(tok.ends[i])
        i += 1
    return Token("".join(out), tok.span, tuple(starts), tuple(ends), dynamic)
