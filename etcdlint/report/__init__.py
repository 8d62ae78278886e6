"""Output formats. ``render`` picks one; each module turns a LintResult into text."""

from __future__ import annotations

from typing import Optional


def render(result, fmt: str, statistics: bool = False, quiet: bool = False,
           colour: bool = False, unsafe_fixes: bool = False, baselined: Optional[int] = None,
           sarif_category: Optional[str] = None) -> str:
    """``baselined``: how many findings a baseline hid (None: no baseline in use)."""
    if fmt == "json":
        from etcdlint.report import json_report

        return json_report.render(result, baselined=baselined)
    if fmt == "sarif":
        from etcdlint.report import sarif

        return sarif.render(result, category=sarif_category)
    if fmt == "github":
        from etcdlint.report import github

        return github.render(result)
    if fmt == "gitlab":
        from etcdlint.report import gitlab

        return gitlab.render(result)
    if fmt == "junit":
        from etcdlint.report import junit

        return junit.render(result)
    from etcdlint.report import text

    if statistics:
        return text.render_statistics(result)
    return text.render(result, colour=colour, quiet=quiet, unsafe_fixes=unsafe_fixes,
                       baselined=baselined)
