"""Files that are not YAML: systemd units and drop-ins, etcd's environment files,
Dockerfiles. Each is read by its source adapter, with the side files the repository layer
finds for it (a unit's drop-ins and environment files; the unit that names an environment
file).

A unit and its side files make one configuration, whichever of them is linted. They are
laid end to end in one text (the linted file first), so that every position of the
configuration is an offset of that text; a file's result then keeps what lies in its own
part: the findings decided there, and the configuration itself only in the file whose
``ExecStart=`` starts etcd (the others would count it twice)."""

from __future__ import annotations

from typing import Callable, Dict, List, Optional, Tuple

from etcdlint.model import Diagnostic, EtcdConfig, Span
from etcdlint.records import record
from etcdlint.repo import host_files
from etcdlint.repo.forms import DOCKERFILE, DROPIN, ENV_FILE, UNIT
from etcdlint.text.tokens import Token, exact_token


@record
class TextFormRead:
    found: list  # what the adapter found, positions into ``text``
    text: str  # the linted file's text, then its side files'
    own: int  # the linted file's part: ``text[:own]``


class _Parts:
    """The linted file's text, and side files appended after it."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.own = len(text)
        self.by_path: Dict[str, Token] = {}

    def add(self, path: str, text: str) -> Token:
        if path not in self.by_path:
            self.text += "\n"
            self.by_path[path] = exact_token(text, len(self.text))
            self.text += text
        return self.by_path[path]


def read_text_form(path: str, text: str, form: str, door) -> TextFormRead:
    """Find etcd in a file of ``form`` (``repo.names.text_form``) with its side files, read
    through ``door`` (``repo/sidefiles.py``, the linted file's)."""
    parts = _Parts(text)
    main = exact_token(text, 0)
    if form == DOCKERFILE:
        from etcdlint.sources.dockerfile import read_dockerfile

        return TextFormRead(read_dockerfile(main, path), text, len(text))
    if form == ENV_FILE:
        units = host_files.units_naming(path, door)
        if not units:
            from etcdlint.sources.env_file import read_env_file

            return TextFormRead(read_env_file(main, path, _base(path)), text, len(text))
        unit_path, unit_text = units[0]
        own = {_key(path): main}
        found = _unit(unit_path, parts.add(unit_path, unit_text), parts, path, own, door)
        return TextFormRead(found, parts.text, parts.own)
    if form == UNIT:
        return TextFormRead(_unit(path, main, parts, path, {}, door), parts.text, parts.own)
    if form == DROPIN:
        unit_path = host_files.unit_of_dropin(path)
        unit_text = host_files.read_side_file(unit_path, door)
        if unit_text is None:
            unit_text = ""  # a drop-in of a unit the repository does not hold: read alone
        unit = parts.add(unit_path, unit_text)
        return TextFormRead(_unit(unit_path, unit, parts, path, {_key(path): main}, door),
                            parts.text, parts.own)
    return TextFormRead([], text, len(text))


def _unit(unit_path: str, unit: Token, parts: _Parts, path: str,
          own: Dict[str, Token], door) -> list:
    from etcdlint.sources.systemd_unit import read_unit

    dropins = []
    for dropin_path in host_files.dropins_of(unit_path, door):
        if _key(dropin_path) in own:
            dropins.append(own[_key(dropin_path)])
            continue
        dropin_text = host_files.read_side_file(dropin_path, door)
        if dropin_text is not None:
            dropins.append(parts.add(dropin_path, dropin_text))
    if path != unit_path and _key(path) in own and own[_key(path)] not in dropins and \
            path.endswith(".conf"):
        dropins.append(own[_key(path)])  # (a drop-in listed under another name)

    def env_file(machine_path: str) -> Optional[Token]:
        found = host_files.environment_file_path(unit_path, machine_path, door)
        if found is None:
            return None
        if _key(found) in own:
            return own[_key(found)]
        env_text = host_files.read_side_file(found, door)
        return None if env_text is None else parts.add(found, env_text)

    return read_unit(unit, path, dropins, env_file, _base(unit_path))


def _key(path: str) -> str:
    import os

    return os.path.realpath(path)


def _base(path: str) -> str:
    import os

    return os.path.basename(path)


def own_results(read: TextFormRead, configs: List[EtcdConfig], servers: list,
                diagnostics: List[Diagnostic]) -> Tuple[List[EtcdConfig], list, List[Diagnostic]]:
    """What the linted file keeps: findings within its part (fixes too), and configurations
    whose etcd starts in it (positions in other parts moved to where etcd starts)."""
    own = read.own
    if len(read.text) == own:
        return configs, servers, diagnostics

    def inside(span: Span) -> bool:
        return span.end <= own

    kept: List[Diagnostic] = []
    for diag in diagnostics:
        if not inside(diag.span):
            continue
        if diag.fix is not None and not all(inside(e.span) for e in diag.fix.edits):
            from etcdlint.records import replace

            diag = replace(diag, fix=None)
        kept.append(diag)
    out_configs = [_clipped(config, own) for config in configs if inside(config.anchor_span)]
    out_servers = [_clipped(server, own) for server in servers if inside(server.anchor_span)]
    return out_configs, out_servers, kept


def _clipped(config, own: int):
    from etcdlint.sources.embedded import remap

    anchor = config.anchor_span
    clip: Callable[[Span], Span] = lambda span: span if span.end <= own else anchor
    return remap(config, clip)
