"""Template expressions (Go templates of Helm, Jinja, and any tool that renders ``{{ … }}``):
a value holding one is not known until the template is rendered, so etcdlint never judges or
fixes it. A Jinja file's expressions are read as ``MASK`` characters (``text.jinja``)."""

from __future__ import annotations

from typing import Optional

# What a Jinja expression's characters become once its file's tags are set aside (a private
# use character: no YAML indicator, never in a real value).
MASK = "\ue000"


def has_template(text: Optional[str]) -> bool:
    """True when ``text`` holds a ``{{ … }}`` expression (or a masked one)."""
    if not text:
        return False
    start = text.find("{{")
    return start >= 0 and text.find("}}", start + 2) >= 0 or MASK in text
