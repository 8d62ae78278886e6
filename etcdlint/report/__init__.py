"""Output formats. ``render`` picks one; each module turns a LintResult into text."""

from __future__ import annotations

from typing import Iterator, Optional


def render(result, fmt: str, statistics: bool = False, quiet: bool = False,
           colour: bool = False, unsafe_fixes: bool = False, baselined: Optional[int] = None,
           sarif_category: Optional[str] = None, fail_on: str = "warning",
           full: bool = False, sarif_root: Optional[str] = None) -> str:
    """``baselined``: how many findings a baseline hid (None: no baseline in use); ``full``:
    the text report with each finding's help line; ``sarif_root``: the SARIF report's
    ``%SRCROOT%`` (None: the repository's, ``source_root.result_root``)."""
    return "".join(render_chunks(result, fmt, statistics, quiet, colour, unsafe_fixes,
                                 baselined, sarif_category, fail_on, full, sarif_root))


def render_chunks(result, fmt: str, statistics: bool = False, quiet: bool = False,
                  colour: bool = False, unsafe_fixes: bool = False,
                  baselined: Optional[int] = None,
                  sarif_category: Optional[str] = None,
                  fail_on: str = "warning", full: bool = False,
                  sarif_root: Optional[str] = None) -> Iterator[str]:
    """The report of ``render`` in pieces, to be written one after the other: the text
    and JSON formats are made a few hundred findings at a time, the other formats whole."""
    if statistics and fmt in ("text", "json"):
        from etcdlint.report import json_report, text

        return iter((json_report.statistics(result, unsafe_fixes) if fmt == "json" else
                     text.render_statistics(result, quiet, unsafe_fixes),))
    if fmt == "json":
        from etcdlint.report import json_report

        return json_report.chunks(result, baselined=baselined)
    if fmt == "json-lines":
        from etcdlint.report import json_report

        return json_report.lines(result)
    if fmt not in _WHOLE:
        from etcdlint.report import text

        return text.chunks(result, colour=colour, quiet=quiet, unsafe_fixes=unsafe_fixes,
                           baselined=baselined, full=full)
    return iter((_render_whole(result, fmt, sarif_category, fail_on, quiet, sarif_root),))


_WHOLE = frozenset(("sarif", "github", "gitlab", "junit"))


def _render_whole(result, fmt: str, sarif_category: Optional[str], fail_on: str,
                  quiet: bool, sarif_root: Optional[str]) -> str:
    if fmt == "sarif":
        from etcdlint.report import sarif

        return sarif.render(result, root=sarif_root, category=sarif_category)
    if fmt == "github":
        from etcdlint.report import github

        return github.render(result, quiet)
    if fmt == "gitlab":
        from etcdlint.report import gitlab

        return gitlab.render(result)
    from etcdlint.report import junit

    return junit.render(result, fail_on)
