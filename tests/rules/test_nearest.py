"""The rule code a mistyped one was meant to be (etcdlint/rules/nearest.py)."""

import pytest

from etcdlint.rules.nearest import nearest_code

# etcdlint's codes when this was written (the helper is given them by its callers)
CODES = ([f"ETCD{n:03d}" for n in range(0, 8)] + [f"ETCD{n}" for n in range(101, 113)]
         + [f"ETCD{n}" for n in range(201, 217)] + ["ETCD301", "ETCD302"])


@pytest.mark.parametrize("typed,meant", [
    ("etcd001", "ETCD001"),  # case
    ("ETCD0O1", "ETCD001"),  # a letter O for a zero
    ("ETCDOO2", "ETCD002"),
    ("etcdl1l", "ETCD111"),  # l for 1
    ("ETCD01", "ETCD001"),  # a character left out
    ("ETCD2012", "ETCD201"),  # one too many: the code sharing the longest beginning
    ("ETCD0021", "ETCD002"),
    ("ETDC111", "ETCD111"),  # two neighbours swapped
    ("ECTD002", "ETCD002"),
    ("ETCD120", "ETCD102"),  # a swap before a replacement (ETCD110)
    ("ETCD-002", "ETCD002"),
    ("ETCD217", "ETCD216"),  # of ETCD210 to ETCD216, the neighbouring key
    ("ETCD113", "ETCD112"),
    ("ETCD008", "ETCD007"),
    ("ETCD303", "ETCD302"),
    ("ETCD999", None),  # farther than one typo from every code
    ("ETCD9", None),
    ("ETCD", None),
    ("XYZ", None),
])
def test_nearest_code(typed, meant):
    assert nearest_code(typed, CODES) == meant
