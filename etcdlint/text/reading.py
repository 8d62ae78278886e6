"""Reading input files: size-limited, with plain system calls."""

from __future__ import annotations

import os
import sys
from typing import Callable


class TooLarge(Exception):
    def __init__(self, size: int) -> None:
        super().__init__(size)
        self.size = size


def file_reader(path: str, limit: int) -> Callable[[], bytes]:
    """Read a file, refusing (TooLarge) one over ``limit`` bytes without reading it all."""
    def read() -> bytes:
        return read_file(path, limit)
    return read


_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_CLOEXEC", 0)


def read_file(path: str, limit: int) -> bytes:
    """A file's bytes (plain system calls: this runs for every file of a tree)."""
    fd = os.open(path, _OPEN_FLAGS)
    try:
        size = os.fstat(fd).st_size
        if size > limit:
            raise TooLarge(size)
        data = os.read(fd, size + 1)  # one byte more than the file holds...
        if len(data) <= size:
            return data  # ...and a short read: that was all of it
        chunks = [data]  # the file grew meanwhile: read on, up to the limit
        total = len(data)
        while total <= limit:
            chunk = os.read(fd, min(limit + 1 - total, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > limit:
            raise TooLarge(total)
        return b"".join(chunks)
    finally:
        os.close(fd)


def read_stdin() -> bytes:
    return sys.stdin.buffer.read()
