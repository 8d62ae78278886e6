"""ETCD006 (CIS 2.6): auto TLS on the peer side."""

import pytest

from conftest import CIS_SECURE as SECURE, codes, command_pod


CASES = [
    ("peer-auto-tls bare", SECURE + ["--peer-auto-tls"], ["21:7 ETCD006"]),
    ("peer-auto-tls T", SECURE + ["--peer-auto-tls=T"], ["21:23 ETCD006"]),
    ("peer-auto-tls 0", SECURE + ["--peer-auto-tls=0"], []),
]


@pytest.mark.parametrize("name,flags,expected", CASES, ids=[c[0] for c in CASES])
def test_command_flags(name, flags, expected):
    assert codes(command_pod(flags)) == expected
