"""ETCD207: a flag given twice, where the later one wins."""

from conftest import etcd_pod, messages


def test_duplicate_message_points_at_the_overridden_one():
    assert messages(etcd_pod("--client-cert-auth=false"))[0] == (
        "13:7 ETCD207 --client-cert-auth=true has no effect: a later --client-cert-auth=false "
        "wins")
