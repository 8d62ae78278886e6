"""ETCD105: peer listeners and peer URLs without TLS. ``--initial-cluster`` holds the peer URLs
the members dial: plaintext ones are ETCD105 too."""

import pytest

from conftest import codes, etcd_pod, messages

PEERS = "--initial-advertise-peer-urls=https://10.0.0.5:2380"
NAME = "--name=a"


def test_plaintext_members_are_reported_at_their_url():
    text = etcd_pod(PEERS, NAME, "--initial-cluster=a=https://10.0.0.5:2380,"
                    "b=http://10.0.0.6:2380,c=http://127.0.0.1:2380")
    assert messages(text) == [
        "23:51 ETCD105 --initial-cluster has b=http://10.0.0.6:2380: the members dial this peer "
        "URL without TLS",
        "23:74 ETCD105 --initial-cluster has c=http://127.0.0.1:2380: the members dial this peer "
        "URL without TLS (local only)"]


def test_tls_members_are_clean():
    text = etcd_pod(PEERS, NAME,
                    "--initial-cluster=a=https://10.0.0.5:2380,b=https://10.0.0.6:2380")
    assert codes(text) == []


def test_quoted_value_in_a_shell_script():
    text = etcd_pod(base=[]).replace(
        "    - etcd\n",
        "    - sh\n    - -c\n    - 'exec etcd --initial-cluster=\"a=http://10.0.0.6:2380\"'\n")
    found = [c for c in codes(text) if c.endswith("ETCD105")]
    # line 12: `    - 'exec etcd --initial-cluster="a=` puts the URL at column 39
    assert found[-1] == "12:39 ETCD105"


def test_in_a_config_file():
    text = ("listen-peer-urls: https://10.0.0.5:2380\n"
            "initial-cluster: a=https://10.0.0.5:2380,b=http://10.0.0.6:2380\n")
    assert [c for c in codes(text) if c.endswith("ETCD105")] == ["2:44 ETCD105"]


def test_unknown_member_url_is_not_judged():
    text = etcd_pod(PEERS, NAME, "--initial-cluster=a=https://10.0.0.5:2380,b={{ .Values.peer }}")
    assert codes(text) == []


def test_each_member_of_a_pod_variable_is_reported_at_its_url():
    # (a pod's ``env`` value has its characters placed, as a flag's: ``a=`` starts at 11:14)
    text = etcd_pod(PEERS).replace("    command:\n", (
        "    env:\n    - name: ETCD_INITIAL_CLUSTER\n"
        "      value: a=http://10.0.0.5:2380,b=http://10.0.0.6:2380\n    command:\n"))
    assert [m for m in messages(text) if "ETCD105" in m] == [
        "11:16 ETCD105 --initial-cluster has a=http://10.0.0.5:2380: the members dial this "
        "peer URL without TLS",
        "11:39 ETCD105 --initial-cluster has b=http://10.0.0.6:2380: the members dial this "
        "peer URL without TLS"]


def test_a_variable_without_placed_characters_is_reported_once():
    # (a compose ``environment`` map's value is read as one span)
    text = ("services:\n  etcd:\n    image: quay.io/coreos/etcd:v3.5.9\n    environment:\n"
            "      ETCD_INITIAL_CLUSTER: a=http://10.0.0.5:2380,b=http://10.0.0.6:2380\n")
    assert [m for m in messages(text, "compose.yaml") if "has a=" in m] == [
        "5:29 ETCD105 --initial-cluster has a=http://10.0.0.5:2380 (and 1 more): the "
        "members dial this peer URL without TLS"]


CASES = [
    ("peer url http", ["--initial-advertise-peer-urls=http://10.0.0.5:2380"], ["21:37 ETCD105"]),
]


@pytest.mark.parametrize("name,extra,expected", CASES, ids=[c[0] for c in CASES])
def test_rule_positions(name, extra, expected):
    assert codes(etcd_pod(*extra)) == expected
