"""ETCD111: the pprof debug endpoints switched on."""

import pytest

from conftest import codes, etcd_pod


CASES = [
    ("pprof", ["--enable-pprof"], ["21:7 ETCD111"]),
    ("pprof off", ["--enable-pprof=false"], []),
]


@pytest.mark.parametrize("name,extra,expected", CASES, ids=[c[0] for c in CASES])
def test_rule_positions(name, extra, expected):
    assert codes(etcd_pod(*extra)) == expected
