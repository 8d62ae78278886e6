"""What the two readers of configuration files (``yaml_reader``, ``toml_reader``) share:
each turns a file's text to plain data with a way back from a key to its line, stays linear in
the size of the file and never recurses without bound, and says what is wrong as a
``ConfigFileError`` at its line."""

from __future__ import annotations

from typing import Any, Callable, Sequence

Locate = Callable[[Sequence[Any]], int]


class ConfigFileError(Exception):
    """What is wrong with a configuration file, and on which line (1-based)."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


def decode(raw: bytes, encoding: str) -> str:
    """``raw`` as text; ConfigFileError at the line of the first byte that is not."""
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError as exc:
        line = raw[:exc.start].count(b"\n") + 1
        raise ConfigFileError(line, f"not valid UTF-8 (byte {exc.start})") from None

