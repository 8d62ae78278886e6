"""etcd's own precedence: command-line flags (last wins), then ``ETCD_*`` env vars for
flags not on the command line; ``--config-file`` (or ``ETCD_CONFIG_FILE``) replaces both."""

from __future__ import annotations

from typing import Dict, Iterable, List, Optional, Sequence, Tuple

from etcdlint.records import record
from etcdlint.etcd.flags import KNOWN_FLAGS, flag_for_env
from etcdlint.model import ORIGIN_ENV, ArgvProblem, FlagUse, Setting, Span
from etcdlint.text.tokens import Token


@record
class EnvEntry:
    """One container env var: ``value`` None when it comes from ``valueFrom``; ``token``:
    the value with each character placed, when the reader knows it (its items are then
    placed one by one, as a flag's are)."""

    name: str
    value: Optional[str]
    span: Span
    name_span: Span
    value_span: Span
    token: Optional[Token] = None

    @property
    def unknown(self) -> bool:
        """Whether etcdlint cannot know the value, or a part of it (a Kubernetes ``$(VAR)`` of
        a variable read at run time: its token is dynamic)."""
        return self.value is None or self.token is not None and self.token.dynamic


@record
class Resolved:
    settings: Dict[str, Setting]
    env_uses: Tuple[FlagUse, ...]
    problems: Tuple[ArgvProblem, ...]
    config_file: Optional[Setting]


def resolve_etcd(flag_uses: Sequence[FlagUse], env: Iterable[EnvEntry]) -> Resolved:
    settings: Dict[str, Setting] = {}
    for use in flag_uses:
        settings[use.name] = Setting(use.name, use.value, use.origin, use.span, use.value_span,
                                     use.dynamic, use.token, use.bare)
    on_command_line = set(settings)
    env_list = list(env)
    config_file = settings.get("config-file")
    if config_file is not None and config_file.value == "":
        config_file = None
    problems: List[ArgvProblem] = []
    env_uses: List[FlagUse] = []
    if config_file is None:
        for entry in _last_per_name(env_list):
            if entry.name == "ETCD_CONFIG_FILE" and entry.value != "":
                config_file = Setting("config-file", entry.value, ORIGIN_ENV, entry.span,
                                      entry.value_span, entry.unknown)
    if config_file is not None:
        ignored = [ArgvProblem("ineffective",
                               f"--{use.name} has no effect: etcd reads only the file named by "
                               "--config-file and ignores every other flag", use.span,
                               f"move --{use.name} into the file --config-file names (as its "
                               "config-file key), or remove it")
                   for use in flag_uses if use.name != "config-file"]
        ignored += [ArgvProblem("ineffective",
                                f"{entry.name} has no effect: with --config-file etcd ignores "
                                "every ETCD_* variable", entry.name_span,
                                f"move {entry.name} into the file --config-file names (as its "
                                "config-file key), or remove it")
                    for entry in env_list
                    if entry.name.startswith("ETCD_") and entry.name != "ETCD_CONFIG_FILE"]
        return Resolved({"config-file": config_file}, (), tuple(ignored), config_file)
    for entry in _last_per_name(env_list):
        flag = flag_for_env(entry.name)
        if flag is None or flag not in KNOWN_FLAGS or flag == "config-file":
            continue
        env_uses.append(FlagUse(flag, entry.value, entry.span, entry.name_span, entry.value_span,
                                True, entry.unknown))
        if flag in on_command_line:
            # (what etcd then does depends on its version: the rule says it)
            problems.append(ArgvProblem(
                "env-conflict", f"{entry.name} is set and --{flag} is on the command line",
                entry.name_span, f"remove {entry.name} or --{flag}: keep one of the two"))
            continue
        if entry.value == "":
            continue
        settings[flag] = Setting(flag, entry.value, ORIGIN_ENV, entry.span, entry.value_span,
                                 entry.unknown, entry.token)
    return Resolved(settings, tuple(env_uses), tuple(problems), None)


def _last_per_name(entries: List[EnvEntry]) -> List[EnvEntry]:
    """Kubernetes keeps the last of repeated env names."""
    last: Dict[str, EnvEntry] = {}
    for entry in entries:
        last.pop(entry.name, None)
        last[entry.name] = entry
    return list(last.values())

