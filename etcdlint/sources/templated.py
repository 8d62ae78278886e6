"""What the adapters found in a Jinja-templated file, made unknown where the template decides.

A setting, flag or variable inside a block region (``{% if %}``, ``{% for %}``, …) may be
rendered or not: its value is unknown (it is neither judged set nor unset), and what etcd
would refuse there is not reported. A configuration that starts inside one is not judged
for what it lacks; an API server there is left out. Findings inside a tag or a block region are left out,
and no fix is offered whose edit touches one.
"""

from __future__ import annotations

from typing import List, Sequence

from etcdlint.model import ApiServerConfig, Diagnostic, EtcdConfig, Span
from etcdlint.records import replace
from etcdlint.sources import Found
from etcdlint.text.jinja import Masked, overlaps


def _inside(span: Span, masked: Masked) -> bool:
    return overlaps(masked.blocks, span.start, span.end)


def _unknown(item, masked: Masked):
    if _inside(item.span, masked) or _inside(item.value_span, masked):
        return replace(item, dynamic=True)
    return item


def unknown_in_blocks(found: Sequence[Found], masked: Masked) -> List[Found]:
    if not masked.blocks:
        return list(found)
    out: List[Found] = []
    for item in found:
        settings = {name: _unknown(s, masked) for name, s in item.settings.items()}
        conditional = _inside(item.anchor_span, masked)
        if isinstance(item, ApiServerConfig):
            if not conditional:  # (an API server inside a block may not be there at all)
                out.append(replace(item, settings=settings))
            continue
        assert isinstance(item, EtcdConfig)
        config_file = item.config_file and _unknown(item.config_file, masked)
        out.append(replace(
            item, settings=settings, config_file=config_file,
            complete=item.complete and not conditional,
            flag_uses=tuple(_unknown(u, masked) for u in item.flag_uses),
            env_uses=tuple(_unknown(u, masked) for u in item.env_uses),
            problems=tuple(p for p in item.problems if not _in_any(p.span, masked))))
    return out


def _in_any(span: Span, masked: Masked) -> bool:
    return overlaps(masked.blocks, span.start, span.end) or \
        overlaps(masked.tags, span.start, span.end)


def judged_outside(diagnostics: Sequence[Diagnostic], masked: Masked) -> List[Diagnostic]:
    """The findings outside tags and block regions, without fixes that would edit one."""
    out: List[Diagnostic] = []
    for diag in diagnostics:
        if _in_any(diag.span, masked):
            continue
        if diag.fix is not None and any(_touches(edit.span, masked) for edit in diag.fix.edits):
            diag = replace(diag, fix=None)
        out.append(diag)
    return out


def _touches(span: Span, masked: Masked) -> bool:
    """An edit meeting a tag or a block region, or right against one."""
    start, end = max(span.start - 1, 0), span.end + 1
    return overlaps(masked.blocks, start, end) or overlaps(masked.tags, start, end)
