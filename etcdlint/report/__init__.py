"""Output formats. ``render`` picks one; each module turns a LintResult into text."""

from __future__ import annotations


def render(result, fmt: str, statistics: bool = False, quiet: bool = False,
           colour: bool = False) -> str:
    if fmt == "json":
        from etcdlint.report import json_report

        return json_report.render(result)
    if fmt == "sarif":
        from etcdlint.report import sarif

        return sarif.render(result)
    if fmt == "github":
        from etcdlint.report import github

        return github.render(result)
    from etcdlint.report import text

    if statistics:
        return text.render_statistics(result)
    return text.render(result, colour=colour, quiet=quiet)
