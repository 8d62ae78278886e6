"""ETCD002 (CIS 2.2): client certificate authentication."""

import pytest

from conftest import codes, command_pod, with_flag


CASES = [
    ("client-cert-auth false", with_flag("client-cert-auth", "--client-cert-auth=false"),
     ["13:26 ETCD002"]),
    ("client-cert-auth missing", with_flag("client-cert-auth", None), ["10:7 ETCD002"]),
    ("client-cert-auth bare", with_flag("client-cert-auth", "--client-cert-auth"), []),
]


@pytest.mark.parametrize("name,flags,expected", CASES, ids=[c[0] for c in CASES])
def test_command_flags(name, flags, expected):
    assert codes(command_pod(flags)) == expected
