"""ETCD206: a command line etcd cannot parse."""

import pytest

from conftest import codes, etcd_pod


CASES = [
    ("stray word", ["--auto-tls", '"false"'], ["21:7 ETCD003", "22:7 ETCD206"]),
    ("stray yaml boolean", ["--auto-tls", "false"], ["21:7 ETCD003", "22:7 ETCD203", "22:7 ETCD206"]),
    ("bad syntax", ["---auto-tls"], ["21:7 ETCD206"]),
    ("missing value", ["--name"], ["21:7 ETCD206"]),
    ("after terminator", ["--", "--auto-tls"], ["22:7 ETCD206"]),
]


@pytest.mark.parametrize("name,extra,expected", CASES, ids=[c[0] for c in CASES])
def test_rule_positions(name, extra, expected):
    assert codes(etcd_pod(*extra)) == expected
