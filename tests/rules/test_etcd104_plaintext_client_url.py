"""ETCD104: client listeners and advertised client URLs without TLS."""

import pytest

from conftest import codes, etcd_pod, messages


def test_plaintext_messages_and_severity():
    text = etcd_pod("--advertise-client-urls=http://10.0.0.5:2379,http://localhost:2379")
    assert messages(text) == [
        "21:31 ETCD104 --advertise-client-urls has http://10.0.0.5:2379: etcd serves clients "
        "without TLS (--cert-file, --key-file and --client-cert-auth are ignored on it)",
        "21:52 ETCD104 --advertise-client-urls has http://localhost:2379: etcd serves clients "
        "without TLS (--cert-file, --key-file and --client-cert-auth are ignored on it) "
        "(local only)"]


CASES = [
    # plaintext listeners: errors on the network, warnings on loopback
    ("client url http", ["--advertise-client-urls=https://a:2379,http://10.0.0.5:2379"],
     ["21:46 ETCD104"]),
    ("client url loopback", ["--listen-client-http-urls=http://127.0.0.1:2382"], ["21:33 ETCD104"]),
    ("unix socket is local", ["--listen-client-http-urls=unix://etcd.sock"], ["21:33 ETCD104"]),
]


@pytest.mark.parametrize("name,extra,expected", CASES, ids=[c[0] for c in CASES])
def test_rule_positions(name, extra, expected):
    assert codes(etcd_pod(*extra)) == expected
