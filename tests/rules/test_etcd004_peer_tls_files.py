"""ETCD004 (CIS 2.4): the peer certificate and key files."""

import pytest

from conftest import codes, command_pod, with_flag


CASES = [
    ("peer-cert-file missing", with_flag("peer-cert-file", None),
     ["10:7 ETCD004", "18:26 ETCD213"]),
    ("peer-key-file empty", with_flag("peer-key-file", "--peer-key-file="),
     ["16:7 ETCD004", "19:26 ETCD213"]),
]


@pytest.mark.parametrize("name,flags,expected", CASES, ids=[c[0] for c in CASES])
def test_command_flags(name, flags, expected):
    assert codes(command_pod(flags)) == expected
