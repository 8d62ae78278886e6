"""ETCD301: a suppression that suppresses nothing."""

from conftest import SUPPRESSIBLE_POD as POD, codes


def test_blanket_suppression_that_suppresses_nothing():
    text = POD.replace("- --cert-file=/p/s.crt\n", "- --cert-file=/p/s.crt  # etcdlint: disable\n")
    assert codes(text)[0] == "11:29 ETCD301"
