"""ETCD209: --config, which etcd ignores (the flag is --config-file)."""

import pytest

from conftest import codes, etcd_pod, messages, pod


def test_etcd209_says_what_etcd_runs_on_instead():
    alone = pod("    command:\n    - etcd\n    - --config=/etc/etcd/etcd.conf.yml\n")
    assert [m for m in messages(alone) if "ETCD209" in m] == [
        "11:9 ETCD209 etcd silently ignores --config: etcd then runs on its defaults (plaintext "
        "on localhost, no authentication); the flag is --config-file"]
    with_flags = alone + "    - --cert-file=/etc/etcd/server.crt\n"
    assert [m for m in messages(with_flags) if "ETCD209" in m] == [
        "11:9 ETCD209 etcd silently ignores --config: the file it names is never read, etcd runs "
        "on the rest of its command line; the flag is --config-file"]


CASES = [
    ("config instead of config-file", ["--config=/etc/etcd.yml"], ["21:9 ETCD209"]),
]


@pytest.mark.parametrize("name,extra,expected", CASES, ids=[c[0] for c in CASES])
def test_rule_positions(name, extra, expected):
    assert codes(etcd_pod(*extra)) == expected
