"""ETCD109: peer certificates accepted without checking their SAN."""

import pytest

from conftest import codes, etcd_pod


CASES = [
    ("san skip", ["--experimental-peer-skip-client-san-verification=true"], ["21:56 ETCD109"]),
    ("san skip 3.6 name", ["--peer-skip-client-san-verification"], ["21:7 ETCD109"]),
]


@pytest.mark.parametrize("name,extra,expected", CASES, ids=[c[0] for c in CASES])
def test_rule_positions(name, extra, expected):
    assert codes(etcd_pod(*extra)) == expected
