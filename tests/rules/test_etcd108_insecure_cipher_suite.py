"""ETCD108: cipher suites known to be insecure."""

import pytest

from conftest import codes, etcd_pod


CASES = [
    ("insecure suite", ["--cipher-suites=TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,"
                        "TLS_RSA_WITH_3DES_EDE_CBC_SHA"], ["21:61 ETCD108"]),
    ("secure suites", ["--cipher-suites=TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"], []),
]


@pytest.mark.parametrize("name,extra,expected", CASES, ids=[c[0] for c in CASES])
def test_rule_positions(name, extra, expected):
    assert codes(etcd_pod(*extra)) == expected
