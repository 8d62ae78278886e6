"""ETCD005 (CIS 2.5): peer client certificate authentication."""

import pytest

from conftest import codes, command_pod, with_flag


CASES = [
    ("peer-client-cert-auth false",
     with_flag("peer-client-cert-auth", "--peer-client-cert-auth=false"), ["17:31 ETCD005"]),
    ("peer-client-cert-auth missing", with_flag("peer-client-cert-auth", None),
     ["10:7 ETCD005"]),
]


@pytest.mark.parametrize("name,flags,expected", CASES, ids=[c[0] for c in CASES])
def test_command_flags(name, flags, expected):
    assert codes(command_pod(flags)) == expected
