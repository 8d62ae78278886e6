"""Which configurations hand their flags to etcd's command line (so etcd's flag parser,
not a config-file decoder, reads them)."""

from etcdlint.model import EtcdConfig

COMMAND_LINE_SOURCES = frozenset(("pod", "kubeadm", "talos", "compose", "etcd-operator",
                                  "coreos-etcd-operator", "k0s", "rke",
                                  "kubespray-kubeadm", "cloud-init"))


def reads_command_line(config: EtcdConfig) -> bool:
    return config.source in COMMAND_LINE_SOURCES
