"""GitHub Actions workflow commands: one annotation per diagnostic, its ``file=`` relative to
the repository root (``source_root.py``), where GitHub looks for it, its message followed by
a ``help:`` line (what to change); then the summary line of
the text report (unless ``--quiet``): GitHub shows only about ten annotations of a step, so
the log says how many there were."""

from __future__ import annotations

from typing import List

from etcdlint.report.safe_text import escape_controls
from etcdlint.report.source_root import relative_path, result_root

_LEVELS = {"error": "error", "warning": "warning", "note": "notice"}


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def render(result, quiet: bool = False) -> str:
    lines: List[str] = []
    root = result_root(result)
    for item in result.diagnostics:
        d = item.diagnostic
        title = f"{d.rule}" + (f" [CIS {d.cis}]" if d.cis else "")
        props = (f"file={_property(escape_controls(relative_path(d.path, root)))},line={item.start.line},"
                 f"col={item.start.column},endLine={item.end.line},endColumn={item.end.column},"
                 f"title={_property(title)}")
        message = escape_controls(d.message)
        if d.help:  # (a second line of the annotation: what to change)
            message += f"\nhelp: {escape_controls(d.help)}"
        lines.append(f"::{_LEVELS[d.severity]} {props}::{_data(message)}")
    if not quiet:
        from etcdlint.report.text import summary_line

        lines.append(summary_line(result))
    return "".join(line + "\n" for line in lines)
