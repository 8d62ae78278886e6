"""ETCD106: a metrics listener without TLS on the network."""

import pytest

from conftest import codes, etcd_pod


CASES = [
    ("metrics on the network", ["--listen-metrics-urls=http://0.0.0.0:2381"], ["21:29 ETCD106"]),
    ("metrics on loopback", ["--listen-metrics-urls=http://127.0.0.1:2381"], []),
    ("metrics over https", ["--listen-metrics-urls=https://0.0.0.0:2381"], []),
]


@pytest.mark.parametrize("name,extra,expected", CASES, ids=[c[0] for c in CASES])
def test_rule_positions(name, extra, expected):
    assert codes(etcd_pod(*extra)) == expected
