"""ETCD211: TLS settings that contradict each other."""

import pytest

from conftest import codes, etcd_pod


CASES = [
    ("cipher suites with tls 1.3", ["--tls-min-version=TLS1.3",
                                    "--cipher-suites=TLS_AES_128_GCM_SHA256"], ["22:7 ETCD211"]),
    ("max below min", ["--tls-min-version=TLS1.3", "--tls-max-version=TLS1.2"], ["22:25 ETCD211"]),
]


@pytest.mark.parametrize("name,extra,expected", CASES, ids=[c[0] for c in CASES])
def test_rule_positions(name, extra, expected):
    assert codes(etcd_pod(*extra)) == expected
