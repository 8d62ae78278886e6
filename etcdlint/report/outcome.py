"""What a lint run reports and how it exits: the baseline filter, the chosen format and the
``fail-on`` threshold, shared by plain runs and ``--fix`` runs."""

from __future__ import annotations

from typing import Iterator, Optional, Tuple

from etcdlint.records import record, replace
from etcdlint.report.threshold import DEFAULT_FAIL_ON, failing


@record
class ReportOptions:
    format: str = "text"
    statistics: bool = False
    quiet: bool = False
    colour: bool = False
    fail_on: str = DEFAULT_FAIL_ON
    unsafe_fixes: bool = False  # fixes of this applicability count as available too
    baseline: Optional[object] = None  # a baseline.Baseline
    sarif_category: Optional[str] = None


def report(result, options: ReportOptions) -> Tuple[Iterator[str], object]:
    """The rendered report, in pieces to write one after the other (``render_chunks``), and
    the result it shows (without the baselined findings)."""
    from etcdlint.report import render_chunks

    baselined = None
    if options.baseline is not None:
        kept, baselined = options.baseline.filter(result)
        result = replace(result, diagnostics=kept)
    out = render_chunks(result, options.format, statistics=options.statistics, quiet=options.quiet,
                 colour=options.colour, unsafe_fixes=options.unsafe_fixes,
                 baselined=baselined, sarif_category=options.sarif_category,
                 fail_on=options.fail_on)
    return out, result


def failures(result, options: ReportOptions) -> int:
    return failing(result.diagnostics, options.fail_on)
