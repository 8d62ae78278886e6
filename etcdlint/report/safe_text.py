"""Make text from YAML values harmless for a terminal or a CI log."""

from etcdlint.text.lazy_regex import lazy

_CONTROL = lazy(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


_SURROGATE = lazy(r"[\ud800-\udfff]")


def escape_controls(text: str) -> str:
    """Control characters, ANSI escapes, bidi overrides and undecodable bytes of file names
    (lone surrogates) become visible escapes."""
    text = printable_path(text).replace("\n", "\\n").replace("\t", "\\t")
    return _CONTROL.sub(lambda m: "\\x%02x" % ord(m.group()) if ord(m.group()) < 0x100
                        else "\\u%04x" % ord(m.group()), text)


def printable_path(path: str) -> str:
    """A file name as valid Unicode text (undecodable bytes shown as ``\\xNN``)."""
    return _SURROGATE.sub(lambda m: "\\x%02x" % (ord(m.group()) & 0xFF), path)
