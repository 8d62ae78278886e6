"""Patterns compiled on first use behave as the compiled patterns do."""

import re

from etcdlint.text.lazy_regex import lazy


def test_a_lazy_pattern_is_compiled_on_first_use_only():
    pattern = lazy(r"(?P<word>[a-z]+)=", re.IGNORECASE)
    assert "_compiled" not in vars(pattern)
    assert pattern.search("x: Key=1").group("word") == "Key"
    compiled = vars(pattern)["_compiled"]
    assert compiled is re.compile(r"(?P<word>[a-z]+)=", re.IGNORECASE)
    pattern.match("a=")
    assert vars(pattern)["_compiled"] is compiled  # (not compiled again)


def test_a_lazy_pattern_gives_what_the_compiled_one_gives():
    source, flags = rb"^[ \t]*ETCD_[A-Z0-9_]*[ \t]*=", re.MULTILINE
    text = b"# env\nETCD_NAME=a\n  ETCD_DATA_DIR = /d\nOTHER=1\n"
    compiled = re.compile(source, flags)
    for method, args in [("search", (text,)), ("match", (text,)), ("fullmatch", (b"ETCD_A=",)),
                         ("findall", (text,)), ("split", (text,)), ("sub", (b"-", text)),
                         ("subn", (b"-", text))]:
        got = getattr(lazy(source, flags), method)(*args)
        want = getattr(compiled, method)(*args)
        if method.endswith("match") or method == "search":
            got, want = (m and (m.span(), m.group()) for m in (got, want))
        assert (method, got) == (method, want)
    assert [m.span() for m in lazy(source, flags).finditer(text)] == [(6, 16), (18, 35)]
    assert (lazy(source, flags).pattern, lazy(source, flags).flags) == (source, compiled.flags)
