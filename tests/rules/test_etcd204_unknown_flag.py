"""ETCD204: a flag etcd does not define."""

import pytest

from conftest import codes, etcd_pod, messages


def test_unknown_flag_suggests_the_closest():
    assert messages(etcd_pod("--peer-client-cert-aut=true"))[0] == (
        "21:9 ETCD204 etcd has no flag --peer-client-cert-aut: it refuses to start (flag "
        "provided but not defined); did you mean --peer-client-cert-auth?")


CASES = [
    ("unknown flag", ["--client-cert-auht=true"], ["21:9 ETCD204"]),
]


@pytest.mark.parametrize("name,extra,expected", CASES, ids=[c[0] for c in CASES])
def test_rule_positions(name, extra, expected):
    assert codes(etcd_pod(*extra)) == expected
