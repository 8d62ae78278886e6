"""etcd's environment files (the RHEL/Fedora package's ``/etc/etcd/etcd.conf``, an
``etcd.env``, ``/etc/default/etcd``): ``ETCD_*=`` lines a unit's ``EnvironmentFile=``
hands to an ``ExecStart=`` without flags. Read alone, such a file is the configuration of an
etcd started with those variables and nothing else; read as the ``EnvironmentFile=`` of a
unit, it is part of that unit's configuration (``systemd_unit``).

``read_env_file`` is a pure function of text (a ``Token``: a file of its own, or a string
inside a YAML file); lines are read as systemd reads ``EnvironmentFile=``
(``etcdlint.etcd.systemd.envfile``)."""

from __future__ import annotations

from typing import List

from etcdlint.etcd.flags import KNOWN_FLAGS, flag_for_env
from etcdlint.etcd.precedence import resolve_etcd
from etcdlint.etcd.systemd.envfile import read_env_lines
from etcdlint.model import EtcdConfig, InsertPoint
from etcdlint.sources.host_process import env_entry
from etcdlint.text.tokens import Token, exact_token


def read_env_file_text(text: str, path: str) -> List[EtcdConfig]:
    """``read_env_file`` of a file alone, positions into ``text``."""
    return read_env_file(exact_token(text, 0), path)


def read_env_file(source: Token, path: str, name: str = "") -> List[EtcdConfig]:
    """The configuration of an etcd started with this file's variables alone; none when no
    line sets one of etcd's flags."""
    lines = read_env_lines(source)
    etcd_lines = [line for line in lines if flag_for_env(line.name) in KNOWN_FLAGS]
    if not etcd_lines:
        return []
    env = [env_entry(line.name, line.value, line.span, line.name_span) for line in lines]
    resolved = resolve_etcd((), env)
    return [EtcdConfig(
        source="env-file", path=path, anchor_span=etcd_lines[0].name_span,
        settings=resolved.settings, env_uses=resolved.env_uses, problems=resolved.problems,
        complete=resolved.config_file is None,
        label=f"environment file {name}" if name else "an environment file",
        config_file=resolved.config_file,
        insert_points={"": InsertPoint("env-line", lines[-1].span)})]
