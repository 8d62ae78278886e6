"""ETCD302: a suppression that names no etcdlint rule."""

from conftest import SUPPRESSIBLE_POD as POD, codes


def test_annotation_with_unknown_code():
    text = POD.replace("  name: etcd\nspec:",
                       "  name: etcd\n  annotations:\n    etcdlint.io/ignore: ETCD002,ETCD999\nspec:")
    # `    etcdlint.io/ignore: ETCD002,` ends at column 32
    assert codes(text) == ["6:33 ETCD302", "23:22 ETCD111"]
