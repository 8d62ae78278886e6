"""ETCD104: client listeners and advertised client URLs without TLS."""

from conftest import etcd_pod, messages


def test_plaintext_messages_and_severity():
    text = etcd_pod("--advertise-client-urls=http://10.0.0.5:2379,http://localhost:2379")
    assert messages(text) == [
        "21:31 ETCD104 --advertise-client-urls has http://10.0.0.5:2379: etcd serves clients "
        "without TLS (--cert-file, --key-file and --client-cert-auth are ignored on it)",
        "21:52 ETCD104 --advertise-client-urls has http://localhost:2379: etcd serves clients "
        "without TLS (--cert-file, --key-file and --client-cert-auth are ignored on it) "
        "(local only)"]
