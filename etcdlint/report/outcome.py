"""What a lint run reports and how it exits: the baseline filter, the chosen format, where
the report goes and the ``fail-on`` threshold, shared by plain runs and ``--fix`` runs."""

from __future__ import annotations

import sys
from typing import IO, Iterator, Optional, Tuple

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
    output: Optional[str] = None  # the file the report is written to (None: a stream)
    exit_zero: bool = False  # exit 0 even when there are findings (2 still means an error)
    full: bool = False  # the text report with a help: line under each finding


def report(result, options: ReportOptions) -> Tuple[Iterator[str], object, Optional[str]]:
    """The rendered report, in pieces to write one after the other (``render_chunks``), the
    result it shows (without the baselined findings) and, for a SARIF report, the repository
    root its URIs are relative to (``source_root.result_root``; else None)."""
    from etcdlint.report import render_chunks

    baselined = None
    if options.baseline is not None:
        kept, baselined = options.baseline.filter(result)
        result = replace(result, diagnostics=kept)
    root = None
    if options.format == "sarif":
        from etcdlint.report.source_root import result_root

        root = result_root(result)
    out = render_chunks(result, options.format, statistics=options.statistics, quiet=options.quiet,
                 colour=options.colour, unsafe_fixes=options.unsafe_fixes,
                 baselined=baselined, sarif_category=options.sarif_category,
                 fail_on=options.fail_on, full=options.full, sarif_root=root)
    return out, result, root


def failures(result, options: ReportOptions) -> int:
    return failing(result.diagnostics, options.fail_on)


def deliver(result, options: ReportOptions, stream: Optional[IO[str]] = None,
            trailer: str = "") -> int:
    """Write the report of ``result`` and ``trailer`` after it (to ``options.output``, else to
    ``stream``, standard output by default); on standard error, the summary line of a report
    written to a file (unless ``quiet``), what code scanning would not show of a SARIF report,
    and the run's internal errors. The exit code: 2 when the report could not be written or the run met an internal
    error; 1 when a finding reported reaches the ``fail-on`` threshold (0 with
    ``exit_zero``); else 0."""
    from etcdlint.report.safe_text import escape_controls

    out, shown, root = report(result, options)
    written = write_text(out, options.output, stream, trailer)
    if written and options.output and not options.quiet:  # (a CI log says what the file holds)
        from etcdlint.report.text import summary_line

        print(f"{summary_line(shown)} The {options.format} report is in "
              f"{escape_controls(options.output)}.", file=sys.stderr)
    if written and options.format == "sarif":
        from etcdlint.report.sarif import ingestion_warnings

        for warning in ingestion_warnings(shown, root):
            print(f"etcdlint: warning: {warning}", file=sys.stderr)
    for line in result.internal_errors:
        print(f"etcdlint: {escape_controls(line)}", file=sys.stderr)
    if not written or result.internal_errors:
        return 2
    if failures(shown, options) and not options.exit_zero:
        return 1
    return 0


def write_text(chunks, output: Optional[str], stream: Optional[IO[str]] = None,
               trailer: str = "") -> bool:
    """Write ``chunks`` and ``trailer`` to the file ``output`` (created or replaced at once),
    or to ``stream`` (standard output by default) as they come; False (said on standard
    error) when the file cannot be written."""
    if not output:
        stream = stream or sys.stdout
        for chunk in chunks:
            stream.write(chunk)
        if trailer:
            stream.write(trailer)
        return True
    from etcdlint.repo.write import WriteError, write_new_file
    from etcdlint.report.safe_text import escape_controls

    try:
        write_new_file(output, ("".join(chunks) + trailer).encode("utf-8"))
    except WriteError as exc:
        print(f"etcdlint: error: {escape_controls(str(exc))}", file=sys.stderr)
        return False
    return True
