"""ETCD112: the simple (non-JWT) auth token."""

import pytest

from conftest import codes, etcd_pod


CASES = [
    ("simple token", ["--auth-token=simple"], ["21:20 ETCD112"]),
    ("jwt token", ["--auth-token=jwt,pub-key=/k.pub,priv-key=/k,sign-method=RS256"], []),
]


@pytest.mark.parametrize("name,extra,expected", CASES, ids=[c[0] for c in CASES])
def test_rule_positions(name, extra, expected):
    assert codes(etcd_pod(*extra)) == expected
