"""ETCD107: a minimum TLS version below 1.2."""

import pytest

from conftest import codes, etcd_pod


CASES = [
    ("tls 1.1", ["--tls-min-version=TLS1.1"], ["21:25 ETCD107"]),
    ("tls 1.3", ["--tls-min-version=TLS1.3"], []),
]


@pytest.mark.parametrize("name,extra,expected", CASES, ids=[c[0] for c in CASES])
def test_rule_positions(name, extra, expected):
    assert codes(etcd_pod(*extra)) == expected
