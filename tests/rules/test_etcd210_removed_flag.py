"""ETCD210: flags removed from etcd, by the version of its image; ``--logger=capnslog`` was
removed in etcd 3.5: such an etcd refuses to start."""

import pytest

from conftest import codes, etcd_pod, messages


@pytest.mark.parametrize("image,extra,expected", [
    ("registry.k8s.io/etcd:3.6.4-0", ["--logger=capnslog"], ["21:16 ETCD210"]),
    ("registry.k8s.io/etcd:3.5.0-0", ["--logger", "capnslog"], ["22:7 ETCD210"]),
    ("registry.k8s.io/etcd:3.4.13-0", ["--logger=capnslog"], []),
    ("registry.k8s.io/etcd:latest", ["--logger=capnslog"], []),  # version not known
    ("registry.k8s.io/etcd:3.6.4-0", ["--logger=zap"], []),
    # the last one wins
    ("registry.k8s.io/etcd:3.6.4-0", ["--logger=capnslog", "--logger=zap"], ["21:7 ETCD207"]),
])
def test_capnslog_by_image_version(image, extra, expected):
    assert codes(etcd_pod(*extra, image=image)) == expected


def test_message():
    assert messages(etcd_pod("--logger=capnslog", image="registry.k8s.io/etcd:3.6.4-0")) == [
        "21:16 ETCD210 --logger=capnslog was removed in etcd 3.5 and this is etcd 3.6: it "
        "refuses to start (\"--logger=capnslog is removed in v3.5\"); use --logger=zap"]


def test_from_the_environment():
    text = etcd_pod(image="registry.k8s.io/etcd:3.6.4-0").replace("    command:\n", (
        "    env:\n    - name: ETCD_LOGGER\n      value: capnslog\n    command:\n"))
    assert codes(text) == ["11:14 ETCD210"]


def test_kubeadm_image_tag():
    text = ("apiVersion: kubeadm.k8s.io/v1beta3\nkind: ClusterConfiguration\netcd:\n  local:\n"
            "    imageTag: 3.6.4-0\n    extraArgs:\n      logger: capnslog\n")
    assert codes(text) == ["7:15 ETCD210"]


def test_cli_text_line(cli, tmp_path):
    text = etcd_pod("--logger=capnslog", image="registry.k8s.io/etcd:3.6.4-0")
    (tmp_path / "etcd.yaml").write_text(text)
    run = cli("etcd.yaml", cwd=tmp_path)
    assert run.code == 1
    assert run.out == (
        "etcd.yaml:21:16: ETCD210 error --logger=capnslog was removed in etcd 3.5 and this is "
        "etcd 3.6: it refuses to start (\"--logger=capnslog is removed in v3.5\"); use "
        "--logger=zap\n"
        "Found 1 problem (1 error) in 1 file.\n")


@pytest.mark.parametrize("image,expected", [
    ("registry.k8s.io/etcd:3.5.21-0", []),
    ("registry.k8s.io/etcd:3.6.5-0", ["21:9 ETCD210", "22:9 ETCD210"]),
    ("quay.io/coreos/etcd:v3.7.1", ["21:9 ETCD210", "22:9 ETCD210"]),
    ("quay.io/coreos/etcd:latest", []),
])
def test_removed_flags_by_image_version(image, expected):
    text = etcd_pod("--enable-v2=false", "--experimental-initial-corrupt-check=true", image=image)
    found = codes(text)
    assert [c for c in found if c.endswith("ETCD210")] == expected


def test_removed_flag_messages():
    text = etcd_pod("--experimental-initial-corrupt-check=true", image="registry.k8s.io/etcd:3.6.5-0")
    result = messages(text)
    assert result == [
        "21:9 ETCD210 --experimental-initial-corrupt-check is deprecated in etcd 3.6 and removed "
        "in 3.7: use --feature-gates=InitialCorruptCheck=true"]
    text = etcd_pod("--experimental-initial-corrupt-check=true", image="registry.k8s.io/etcd:3.7.0-0")
    assert messages(text) == [
        "21:9 ETCD210 --experimental-initial-corrupt-check was removed in etcd 3.7 and this is "
        "etcd 3.7: it refuses to start; use --feature-gates=InitialCorruptCheck=true"]


def test_removed_flag_by_kubeadm_image_tag():
    text = ("apiVersion: kubeadm.k8s.io/v1beta3\nkind: ClusterConfiguration\netcd:\n  local:\n"
            "    imageTag: 3.6.4-0\n    extraArgs:\n      enable-v2: \"false\"\n")
    assert codes(text) == ["7:7 ETCD210"]
