"""systemd service units that start etcd, with their drop-ins and environment files.

``read_unit`` is a pure function of text: the unit and each drop-in are ``Token`` values
(text whose characters know their place: a file of their own, or a string inside a YAML
file), and the files ``EnvironmentFile=`` names come from ``env_file``, which the caller
(the repository layer, or a reader of Butane/cloud-init) answers; nothing is opened here.

How systemd builds the process (systemd.service(5), systemd.exec(5),
``src/core/load-fragment.c``): the ``[Service]`` assignments of the unit, then of each
drop-in in lexical order of its name, are applied in turn; ``ExecStart=``,
``Environment=`` and ``EnvironmentFile=`` add to a list, and an empty value clears it.
The environment is ``Environment=`` overridden by the ``EnvironmentFile=`` files, in order
(a ``-`` before the path: a missing file is no error). Each ``ExecStart=`` command then runs
with its variables expanded (``etcdlint.etcd.systemd.words``).
"""

from __future__ import annotations

from typing import Callable, Dict, Iterator, List, Optional, Sequence, Tuple

from etcdlint.etcd.precedence import EnvEntry
from etcdlint.etcd.systemd.envfile import read_env_lines
from etcdlint.etcd.systemd.unitfile import Assignment, read_assignments
from etcdlint.etcd.systemd.words import (ExecCommand, WordError, expand_argv, parse_environment,
                                         parse_exec)
from etcdlint.model import ArgvProblem, EtcdConfig
from etcdlint.records import replace
from etcdlint.sources.host_process import env_entry, process_configs
from etcdlint.text.span import Span
from etcdlint.text.tokens import Token, exact_token

EnvFileLookup = Callable[[str], Optional[Token]]


def _no_env_file(path: str) -> Optional[Token]:
    return None


def read_unit_text(text: str, path: str) -> List[EtcdConfig]:
    """``read_unit`` of a unit file alone, positions into ``text``."""
    return read_unit(exact_token(text, 0), path)


def read_unit(unit: Token, path: str, dropins: Sequence[Token] = (),
              env_file: EnvFileLookup = _no_env_file, name: str = "") -> list:
    """The etcd configurations a service unit starts, and the kube-apiserver it starts
    (``ApiServerConfig``: its etcd client flags); ``name``: the unit's, for labels."""
    assignments: List[Assignment] = []
    for part in (unit,) + tuple(dropins):
        assignments.extend(a for a in read_assignments(part) if a.section == "Service")
    if not any(a.key == "ExecStart" and "etcd" in a.value.text for a in assignments):
        return []
    execs: List[Tuple[Assignment, List[ExecCommand]]] = []
    environment: List[Tuple[Assignment, list]] = []
    files: List[Tuple[Assignment, str, bool]] = []
    problems: List[ArgvProblem] = []
    for a in assignments:
        try:
            if a.key == "ExecStart":
                if not a.value.text:
                    execs = []
                else:
                    execs.append((a, parse_exec(a.value)))
            elif a.key == "Environment":
                if not a.value.text:
                    environment = []
                else:
                    environment.append((a, parse_environment(a.value)))
            elif a.key == "EnvironmentFile":
                if not a.value.text:
                    files = []
                else:
                    optional = a.value.text.startswith("-")
                    files.append((a, a.value.text[1:] if optional else a.value.text, optional))
        except WordError as exc:
            problems.append(ArgvProblem("rejected", f"systemd refuses this {a.key}= line "
                                        f"({exc}): the unit does not load",
                                        a.value.sub_span(exc.at, exc.at + 1)))
    service_type = ""
    for a in assignments:
        if a.key == "Type":
            service_type = a.value.text
    if service_type != "oneshot" and sum(len(c) for _, c in execs) > 1:
        second = execs[1][0] if len(execs) > 1 else execs[0][0]
        problems.append(ArgvProblem(
            "rejected", "systemd refuses a service with more than one ExecStart= command "
            "unless it is Type=oneshot: the unit does not load", second.key_span,
            "keep one ExecStart= command, or set Type=oneshot"))
    env, expansion, unknown, note = _environment(environment, files, env_file)
    label = f"ExecStart of {name or 'a systemd unit'}"
    out: List[EtcdConfig] = []
    for assignment, commands in execs:
        for command in commands:
            if command.dynamic:
                continue
            lookup = _Lookup(expansion)
            if command.expand:
                args, known = expand_argv(command.argv, lookup)
            else:
                args, known = list(command.argv), True
            argv = [command.path] + args
            notes = [note] if note else []
            if lookup.missing and not unknown:
                names = ", ".join("$" + name for name in lookup.missing)
                one = len(lookup.missing) == 1
                notes.append(f"{names} {'is' if one else 'are'} set by no Environment= or "
                             f"EnvironmentFile= of the unit: not judged (systemd would make "
                             f"{'it' if one else 'them'} empty; a template filled in before use "
                             "is likely)")
            for config in process_configs(
                    argv, env, source="systemd", path=path, label=label,
                    complete=known and not unknown, note="; ".join(notes),
                    editable=assignment.value.span):
                out.append(replace(config, problems=config.problems + tuple(problems))
                           if problems and isinstance(config, EtcdConfig) else config)
    return out


class _Lookup(dict):
    """The unit's variables. A name the unit does not set is unknown, not empty: systemd
    would expand it to nothing, but a unit that uses a variable it never sets is most often
    a template another tool fills in first (``envsubst``, a shell here-document)."""

    def __init__(self, known: Dict[str, Optional[Token]]) -> None:
        super().__init__(known)
        self.missing: List[str] = []

    def __contains__(self, name) -> bool:
        return True

    def __getitem__(self, name):
        if not dict.__contains__(self, name):
            if name not in self.missing:
                self.missing.append(name)
            return None
        return dict.__getitem__(self, name)


def _environment(environment, files, env_file: EnvFileLookup):
    """(etcd's environment entries in precedence order, the variables for expansion, whether
    some file could not be read, a note saying which)."""
    entries: List[EnvEntry] = []
    values: Dict[str, Optional[Token]] = {}
    for _, assignments in environment:
        for item in assignments:
            entries.append(env_entry(item.name, item.value, item.span, item.name_span))
            values[item.name] = None if item.value.dynamic else item.value
    unread: List[str] = []
    for assignment, file_path, optional in files:
        found = env_file(file_path)
        if found is None:
            unread.append(file_path)
            continue
        for line in read_env_lines(found):
            entries.append(env_entry(line.name, line.value, line.span, line.name_span))
            values[line.name] = line.value
    note = ""
    if unread:
        note = (f"EnvironmentFile {', '.join(unread)} is not a file of the repository: the "
                "ETCD_* variables it may set are not known")
    return entries, values, bool(unread), note


def environment_files(unit: Token, dropins: Sequence[Token] = ()) -> List[str]:
    """The paths the unit's ``EnvironmentFile=`` lines name (``-`` removed), for the caller
    to look up before ``read_unit``."""
    out: List[str] = []
    for part in (unit,) + tuple(dropins):
        for a in read_assignments(part):
            if a.section == "Service" and a.key == "EnvironmentFile" and a.value.text:
                out.append(a.value.text.lstrip("-"))
    return out


def exec_spans(unit: Token) -> Iterator[Span]:
    """Where each ``ExecStart=`` of ``unit`` is (for the repository layer's joins)."""
    for a in read_assignments(unit):
        if a.section == "Service" and a.key == "ExecStart":
            yield a.span
