"""ETCD003 (CIS 2.3): auto TLS on the client side."""

import pytest

from conftest import CIS_SECURE as SECURE, codes, command_pod


CASES = [
    ("auto-tls bare", SECURE + ["--auto-tls"], ["21:7 ETCD003"]),
    ("auto-tls true", SECURE + ["--auto-tls=true"], ["21:18 ETCD003"]),
    ("auto-tls false", SECURE + ["--auto-tls=false"], []),
]


@pytest.mark.parametrize("name,flags,expected", CASES, ids=[c[0] for c in CASES])
def test_command_flags(name, flags, expected):
    assert codes(command_pod(flags)) == expected
