"""Patterns compiled on first use behave like the compiled ones."""

import re

from etcdlint.lazyre import LazyPattern


def test_compiles_on_first_use_and_once():
    lazy = LazyPattern(r"(?P<word>[a-z]+)-(\d+)", re.IGNORECASE)
    assert lazy._compiled is None
    assert lazy.match("Etcd-3").group("word") == "Etcd"
    compiled = lazy._compiled
    assert compiled is not None and compiled.flags & re.IGNORECASE
    assert lazy.sub(r"\2", "a-1 b-2") == "1 2"
    assert [m.group(2) for m in lazy.finditer("x-7, y-8")] == ["7", "8"]
    assert lazy.search("--") is None
    assert lazy._compiled is compiled
