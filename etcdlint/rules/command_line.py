"""Which configurations hand their flags to etcd's command line (so etcd's flag parser,
not a config-file decoder, reads them)."""

from etcdlint.model import EtcdConfig

COMMAND_LINE_SOURCES = frozenset(("pod", "kubeadm", "talos"))


def flag_label(config: EtcdConfig, name: str) -> str:
    return f"{name}" if config.source in ("kubeadm", "talos") else f"--{name}"


def reads_command_line(config: EtcdConfig) -> bool:
    return config.source in COMMAND_LINE_SOURCES
