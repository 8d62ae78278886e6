"""Talos runs etcd on control-plane machines only: a worker's config is not judged."""

import pytest

from conftest import codes, lint_files

CONFIG = """\
version: v1alpha1
machine:
  type: {type}
cluster:
  etcd:
    extraArgs:
      enable-pprof: "true"
      client-cert-auth: "false"
"""
JUDGED = ["7:22 ETCD111", "8:7 ETCD202"]


@pytest.mark.parametrize("machine_type,expected", [
    ("controlplane", JUDGED),
    ("init", JUDGED),
    ("worker", []),
    ("join", []),        # the old name of worker
    ('""', []),          # Talos reads an empty type as worker
    ("'{{ .MachineType }}'", JUDGED),  # not known: judged as today
])
def test_machine_type(machine_type, expected):
    text = CONFIG.replace("{type}", machine_type)
    assert codes(text) == expected
    result = lint_files({"m.yaml": text})
    assert result.configurations == (1 if expected else 0)


def test_without_machine_type_is_judged():
    # a patch file: it may be applied to a control plane
    text = CONFIG.replace("machine:\n  type: {type}\n", "")
    assert codes(text) == ["5:22 ETCD111", "6:7 ETCD202"]
