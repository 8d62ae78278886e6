"""What a side file read gives (``repo/sidefiles.py`` reads it): its bytes and text, or why
it was refused. A text that is not a file on disk (standard input) has NO_SIDE_FILES: every
side read is refused."""

from __future__ import annotations

from typing import List, Optional

from etcdlint.records import record

OUTSIDE = "outside"
NOT_REGULAR = "not-regular"
TOO_LARGE = "too-large"
MISSING = "missing"
UNREADABLE = "unreadable"
NOT_TEXT = "not-text"
NO_DIRECTORY = "no-directory"  # the file asking has no directory on disk (standard input)

# Refusals worth a note: the others (a file that is not there) are what a missing file is.
NOTED = frozenset((OUTSIDE, NOT_REGULAR, TOO_LARGE, UNREADABLE, NOT_TEXT))


@record
class SideFile:
    """What the door gave for one path: ``data`` (and ``text``, once decoded), or why not."""

    data: Optional[bytes] = None
    refusal: str = ""  # one of the constants above; "" when read
    limit: int = 0  # the size limit, for the words of a TOO_LARGE refusal
    text: Optional[str] = None

    @property
    def ok(self) -> bool:
        return not self.refusal

    def why(self) -> str:
        """The refusal in words that never depend on what lies outside the root."""
        return {
            OUTSIDE: "it resolves outside the repository root",
            NOT_REGULAR: "it is not a regular file",
            TOO_LARGE: f"it is over the {self.limit}-byte size limit",
            MISSING: "No such file or directory",
            UNREADABLE: "it cannot be read",
            NOT_TEXT: "it is not UTF-8 text",
            NO_DIRECTORY: "the file naming it is not on disk",
        }.get(self.refusal, "")


class NoSideFiles:
    """The door of a text that is not a file on disk (standard input): nothing is read."""

    root = None
    base = None

    def read(self, path: str) -> SideFile:
        return SideFile(refusal=NO_DIRECTORY)

    text_of = read

    def kind(self, path: str) -> str:
        return NO_DIRECTORY

    def list_directory(self, path: str = ".") -> Optional[List[str]]:
        return None


NO_SIDE_FILES = NoSideFiles()


def refused_note(entry: str, found: SideFile, consequence: str) -> str:
    """The note for a side file not read: the entry that named it, why (never what it
    holds, nor, outside the repository, whether it exists), and what is unknown then."""
    return f"{entry} not read: {found.why()}; {consequence}"


def line_of(text: str, offset: int) -> int:
    """The 1-based line of ``offset`` in ``text`` (for naming an entry in a note)."""
    return text.count("\n", 0, offset) + 1
