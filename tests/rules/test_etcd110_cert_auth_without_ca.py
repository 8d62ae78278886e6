"""ETCD110: client certificate authentication without a trusted CA."""

from conftest import BASE, codes, etcd_pod


def test_cert_auth_without_ca():
    base = [f for f in BASE if "trusted-ca" not in f]
    assert codes(etcd_pod(base=base)) == ["10:7 ETCD007", "13:26 ETCD110", "16:31 ETCD110"]
