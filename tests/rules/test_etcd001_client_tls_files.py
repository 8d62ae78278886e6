"""ETCD001 (CIS 2.1): the client certificate and key files."""

import pytest

from conftest import codes, command_pod, with_flag


CASES = [
    # (a key without its certificate, or the reverse, on an https:// listener: etcd exits)
    ("cert-file missing", with_flag("cert-file", None), ["10:7 ETCD001", "17:28 ETCD213"]),
    ("key-file missing", with_flag("key-file", None), ["10:7 ETCD001", "17:28 ETCD213"]),
    ("cert-file empty", with_flag("cert-file", "--cert-file="), ["11:7 ETCD001", "18:28 ETCD213"]),
]


@pytest.mark.parametrize("name,flags,expected", CASES, ids=[c[0] for c in CASES])
def test_command_flags(name, flags, expected):
    assert codes(command_pod(flags)) == expected
