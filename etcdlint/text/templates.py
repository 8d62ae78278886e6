"""Go template expressions (Helm, and any tool that renders ``{{ … }}``): a value holding
one is not known until the template is rendered, so etcdlint never judges or fixes it."""

from __future__ import annotations

from typing import Optional


def has_template(text: Optional[str]) -> bool:
    """True when ``text`` holds a ``{{ … }}`` expression."""
    if not text:
        return False
    start = text.find("{{")
    return start >= 0 and text.find("}}", start + 2) >= 0
