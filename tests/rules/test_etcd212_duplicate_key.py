"""ETCD212: a key given twice in one mapping."""

from conftest import MINIMAL_POD as POD, codes, messages


def test_duplicate_keys_in_an_etcd_document():
    text = POD.replace("    command:\n", "    command: [etcd]\n    command:\n")
    assert "6:5 ETCD212" in codes(text)
    assert messages(text)[0].startswith("6:5 ETCD212 key 'command' appears twice in this mapping "
                                        "(first on line 5)")
