"""ETCD216: the member's own --initial-cluster entry against its advertised peer URLs."""

import pytest

from conftest import codes, etcd_pod, messages

NAME = "--name=etcd-0"
ADVERTISE = "--initial-advertise-peer-urls=https://10.0.0.5:2380"


@pytest.mark.parametrize("extra,expected", [
    # the case: http:// in the own entry, https:// advertised
    ([NAME, ADVERTISE, "--initial-cluster=etcd-0=http://10.0.0.5:2380"],
     ["23:32 ETCD105", "23:32 ETCD216"]),
    ([NAME, ADVERTISE, "--initial-cluster=etcd-0=https://10.0.0.5:2381"], ["23:32 ETCD216"]),
    ([NAME, ADVERTISE, "--initial-cluster=etcd-0=https://10.0.0.6:2380"], ["23:32 ETCD216"]),
    ([NAME, ADVERTISE, "--initial-cluster=etcd-0=https://10.0.0.5:2380"], []),
    # a host name may resolve to the advertised address: not judged
    ([NAME, ADVERTISE, "--initial-cluster=etcd-0=https://etcd-0.etcd:2380"], []),
    # a joining member is not compared, but it must find its name
    ([NAME, ADVERTISE, "--initial-cluster-state=existing",
      "--initial-cluster=etcd-0=https://10.0.0.6:2380"], []),
    ([NAME, ADVERTISE, "--initial-cluster-state=existing",
      "--initial-cluster=etcd-1=https://10.0.0.6:2380"], ["24:25 ETCD216"]),
    # no --name: etcd's name is "default"
    ([ADVERTISE, "--initial-cluster=etcd-0=https://10.0.0.5:2380"], ["22:25 ETCD216"]),
    # values not known, or discovery: not judged
    (["--name={{ .Values.name }}", ADVERTISE, "--initial-cluster=etcd-0=https://10.0.0.6:2380"], []),
    ([ADVERTISE, "--discovery-srv=example.com", "--initial-cluster=etcd-0=https://10.0.0.6:2380"],
     []),
])
def test_own_entry(extra, expected):
    assert codes(etcd_pod(*extra)) == expected


def test_messages():
    text = etcd_pod(NAME, ADVERTISE, "--initial-cluster=etcd-0=https://10.0.0.5:2381")
    assert messages(text) == [
        "23:32 ETCD216 --initial-cluster has etcd-0=https://10.0.0.5:2381 but "
        "--initial-advertise-peer-urls is https://10.0.0.5:2380: etcd refuses to bootstrap a "
        "new cluster (--initial-cluster has etcd-0=… but missing from "
        "--initial-advertise-peer-urls)"]
    text = etcd_pod(ADVERTISE, "--initial-cluster=etcd-0=https://10.0.0.5:2380")
    assert messages(text) == [
        "22:25 ETCD216 --initial-cluster has no entry for this member's name 'default': etcd "
        "refuses to start (couldn't find local name 'default' in the initial cluster "
        "configuration)"]


def test_config_file_defaults():
    text = ("name: etcd-0\nlisten-peer-urls: https://10.0.0.5:2380\n"
            "initial-cluster: etcd-0=https://10.0.0.5:2380\n")
    # the default advertised URL is http://localhost:2380
    assert [c for c in codes(text) if c.endswith("ETCD216")] == ["3:25 ETCD216"]
