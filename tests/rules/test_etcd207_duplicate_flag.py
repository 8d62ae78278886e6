"""ETCD207: a flag given twice, where the later one wins."""

import pytest

from conftest import codes, etcd_pod, messages


def test_duplicate_message_points_at_the_overridden_one():
    assert messages(etcd_pod("--client-cert-auth=false"))[0] == (
        "13:7 ETCD207 --client-cert-auth=true has no effect: a later --client-cert-auth=false "
        "wins")


CASES = [
    ("duplicate", ["--peer-client-cert-auth=1"], ["17:7 ETCD207"]),
]


@pytest.mark.parametrize("name,extra,expected", CASES, ids=[c[0] for c in CASES])
def test_rule_positions(name, extra, expected):
    assert codes(etcd_pod(*extra)) == expected
