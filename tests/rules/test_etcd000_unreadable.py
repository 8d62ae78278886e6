"""ETCD000: a file etcdlint cannot read (not valid YAML, not UTF-8)."""

from conftest import codes


def test_invalid_utf8_is_etcd000(tmp_path):
    assert codes(b"kind: Pod\ncommand: [etcd] # \xff\xfe\n") == ["1:1 ETCD000"]
