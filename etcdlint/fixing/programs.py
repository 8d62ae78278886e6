"""The etcd a text runs, as a fix must leave it: the same configurations, each with the same
program.

Re-linting a fixed text judges what etcdlint finds in it; a fix that breaks the command line
(``etcd --enable-pprof=${P:-true} …`` cut to ``etcd} …``) leaves nothing to judge, and
"no new findings" would then accept it. So the fixed text must hold as many etcd
configurations as the original, from the same sources and places, each started by the same
text (the ``etcd`` of a command line, the key of an ``extraArgs`` map: a configuration's
anchor).
"""

from __future__ import annotations

from collections import Counter
from typing import Callable, Dict, Hashable, List, Optional, Sequence, Tuple

from etcdlint.model import EtcdConfig

Program = Tuple[str, str, str]  # (source, label, the text at its anchor)


def program(config: EtcdConfig, text: str) -> Program:
    anchor = text[config.anchor_span.start:config.anchor_span.end]
    return config.source, config.label, anchor.split("\n", 1)[0][:200]


def programs(configs: Sequence[EtcdConfig], text: str) -> List[Tuple[int, Program]]:
    """(offset of its anchor, program) of each configuration."""
    return [(config.anchor_span.start, program(config, text)) for config in configs]


def lost_reason(before: Sequence[Program], after: Sequence[Program]) -> Optional[str]:
    """Why the programs ``after`` a fix are not those ``before`` it, or None."""
    if Counter(before) == Counter(after):
        return None
    if len(before) != len(after):
        return (f"the fixed text would run {_configurations(len(after))} of etcd where it runs "
                f"{len(before)}")
    gone = sorted((Counter(before) - Counter(after)).elements())[0]
    new = sorted((Counter(after) - Counter(before)).elements())[0]
    return f"the fixed text would run {new[2]!r} where it runs {gone[2]!r} ({gone[1] or gone[0]})"


def lost_by_part(before: Sequence[Tuple[int, Program]], after: Sequence[Tuple[int, Program]],
                 old_at: Callable[[int], Hashable], new_at: Callable[[int], Hashable]
                 ) -> Dict[Hashable, str]:
    """Part -> why its programs changed (parts located by ``old_at``/``new_at``)."""
    old: Dict[Hashable, List[Program]] = {}
    new: Dict[Hashable, List[Program]] = {}
    for offset, prog in before:
        old.setdefault(old_at(offset), []).append(prog)
    for offset, prog in after:
        new.setdefault(new_at(offset), []).append(prog)
    out = {}
    for part in set(old) | set(new):
        why = lost_reason(old.get(part, []), new.get(part, []))
        if why is not None:
            out[part] = why
    return out


def _configurations(n: int) -> str:
    return f"{n} configuration" + ("" if n == 1 else "s")
