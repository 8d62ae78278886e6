"""A fix's edit intents made plain replace edits once the file's text is known
(``etcdlint.text.edits`` looks at the text around each); the first of a fix and its fallbacks
whose every edit fits is kept."""

from __future__ import annotations

from typing import Optional

from etcdlint.model import Edit, Fix
from etcdlint.text.edits import concrete


def materialize(fix: Optional[Fix], text: str) -> Optional[Fix]:
    while fix is not None:
        edits = []
        for edit in fix.edits:
            done = concrete(text, edit.span, edit.replacement, edit.expect, edit.mode, edit.kind)
            if done is None:
                break
            edits.append(Edit(*done))
        else:
            return Fix(fix.title, fix.applicability, tuple(edits), names=fix.names)
        fix = fix.fallback
    return None
