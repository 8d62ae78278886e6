"""Command-line wiring: parse arguments, run the engine, print a report, pick an exit code."""

from __future__ import annotations

import gc
import os
import sys
from typing import List, Optional, Sequence

from etcdlint import __version__, options

EXIT_CLEAN = 0
EXIT_FINDINGS = 1
EXIT_ERROR = 2
FORMATS = options.FORMATS


def build_parser():
    return options.build_parser(__version__)


# Whether the garbage collector is held off until the run's modules are imported: only when
# etcdlint runs as the command (``entry``); a program that calls ``main`` keeps its own.
_HELD_FOR_START = False


def entry() -> None:
    """The console script: ``main``, then a quick exit (the interpreter's teardown of every
    module is skipped: all output is flushed first). The garbage collector is off until the
    modules the run needs are imported (``_imported``): its passes over every object they
    make find next to nothing to free, and cost a one-file run a few milliseconds of its start."""
    global _HELD_FOR_START
    _HELD_FOR_START = True
    gc.disable()
    code = main()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (BrokenPipeError, OSError):
        code = code or EXIT_ERROR
    os._exit(code)


def main(argv: Optional[Sequence[str]] = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    try:
        if args_list and args_list[0] in ("rules", "explain"):
            return _subcommand(args_list)
        args = options.fast_parse(args_list) or build_parser().parse_args(args_list)
        args.full = args.format == "full"  # (the text report with each finding's help line)
        args.format = options.FORMAT_ALIASES.get(args.format, args.format)
        if args.jobs is not None and args.jobs < 1:
            build_parser().error(f"argument --jobs/-j: {args.jobs} is not a number of worker "
                                 "processes (1 or more)")
        if args.max_file_size is not None and args.max_file_size < 1:
            build_parser().error(f"argument --max-file-size: {args.max_file_size} is not a "
                                 "number of bytes (1 or more)")
        return _lint(args)
    except KeyboardInterrupt:
        return EXIT_ERROR
    except BrokenPipeError:
        return EXIT_ERROR


def _subcommand(argv: List[str]) -> int:
    import argparse

    from etcdlint.report.rules_table import render_explain, render_table
    from etcdlint.rules import BY_CODE, RULES

    if argv[0] == "rules":
        parser = argparse.ArgumentParser(prog="etcdlint rules", description="List every rule.")
        parser.add_argument("--format", choices=("text", "json"), default="text")
        args = parser.parse_args(argv[1:])
        sys.stdout.write(render_table(RULES, args.format))
        return EXIT_CLEAN
    parser = argparse.ArgumentParser(prog="etcdlint explain", description="Show a rule's documentation.")
    parser.add_argument("code", metavar="CODE")
    args = parser.parse_args(argv[1:])
    rule = BY_CODE.get(args.code.upper())
    if rule is None:
        print(f"etcdlint: error: no rule {args.code}; see 'etcdlint rules'", file=sys.stderr)
        return EXIT_ERROR
    sys.stdout.write(render_explain(rule))
    return EXIT_CLEAN


def _warn(message: str) -> None:
    print(f"etcdlint: warning: {_safe(message)}", file=sys.stderr)


def _lint(args) -> int:
    from etcdlint.config.project import ConfigError
    from etcdlint.config.run import CommandLine, build
    from etcdlint.engine.inputs import gather
    from etcdlint.repo.discover import PathNotFound

    paths: List[str] = args.paths or ["."]
    try:
        command_line = CommandLine(
            select=args.select, ignore=args.ignore, extend_select=args.extend_select,
            extend_ignore=args.extend_ignore, exclude=args.exclude,
            per_file_ignores=args.per_file_ignores, max_file_size=args.max_file_size)
        if args.show_settings is not None:
            from etcdlint.report.settings import render

            settings = build([args.show_settings], args.config, command_line=command_line)
            sys.stdout.write(render(args.show_settings, settings, args.config))
            return EXIT_CLEAN
        settings = build(paths, args.config, command_line=command_line)
        inputs = gather(paths, settings, respect_gitignore=not args.no_respect_gitignore,
                        stdin_name=args.stdin_filename or "-", warn=_warn)
    except ConfigError as exc:
        for problem in str(exc).splitlines():  # (a configuration's problems, one a line)
            print(f"etcdlint: error: {problem}", file=sys.stderr)
        return EXIT_ERROR
    except PathNotFound as exc:
        print(f"etcdlint: error: no such file or directory: {_safe(str(exc))}", file=sys.stderr)
        return EXIT_ERROR
    for link in inputs.dangling:
        print(f"etcdlint: warning: {_safe(link.display)}: " + (
            "a symbolic link out of the repository: not read" if link.outside else
            "a symbolic link that leads to no file (dangling, or a loop): skipped"),
            file=sys.stderr)
    if not inputs.files and not inputs.skipped_templates and not args.quiet:
        print(f"etcdlint: warning: no file to lint found in {_safe(', '.join(paths))}",
              file=sys.stderr)
    if args.show_fixes and not (args.fix or args.diff):
        print("etcdlint: error: --show-fixes goes with --fix or --diff (it lists the fixes they "
              "apply and refuse); without them, [*] marks what --fix would fix and --format "
              "full prints each finding's fix as its help line", file=sys.stderr)
        return EXIT_ERROR
    for flag, given in (("--write-baseline", args.write_baseline),
                        ("--add-suppressions", args.add_suppressions is not None)):
        if given and (args.fix or args.diff):
            print(f"etcdlint: error: {flag} does not go with --fix or --diff", file=sys.stderr)
            return EXIT_ERROR
    if args.add_suppressions is not None and (
            "\n" in args.add_suppressions or "\r" in args.add_suppressions
            or inputs.reads_stdin):
        print("etcdlint: error: --add-suppressions needs files (not standard input) and a "
              "one-line reason", file=sys.stderr)
        return EXIT_ERROR
    report_options = _report_options(args, settings)
    if report_options is None:
        return EXIT_ERROR
    if args.fix or args.diff:
        from etcdlint.fixing.run import FixOptions, run_fixes

        _imported()
        return run_fixes(inputs, settings.options, FixOptions(
            diff=args.diff, unsafe=args.unsafe_fixes, show_fixes=args.show_fixes,
            exit_non_zero_on_fix=args.exit_non_zero_on_fix, jobs=args.jobs), report_options)
    from etcdlint.engine.run import lint_run

    _imported()
    result = lint_run(inputs, settings.options, args.jobs)
    if args.write_baseline:
        return _write_baseline(args.write_baseline, result)
    if args.add_suppressions is not None:
        return _add_suppressions(args.add_suppressions, result, inputs.files, report_options)
    from etcdlint.report.outcome import deliver

    return deliver(result, report_options)


def _imported() -> None:
    """The modules a run needs are imported: when the command held the garbage collector
    off meanwhile (``entry``), it is on again for the run, and leaves what the imports made
    alone (``gc.freeze``: its first pass would go over all of it, and again as it ages)."""
    global _HELD_FOR_START
    if _HELD_FOR_START:
        _HELD_FOR_START = False
        gc.freeze()
        gc.enable()


def _report_options(args, settings):
    """The run's report options; None (after saying why) when the baseline cannot be read."""
    from etcdlint.report.outcome import ReportOptions
    from etcdlint.report.threshold import DEFAULT_FAIL_ON

    baseline = None
    baseline_path = None if args.write_baseline else (args.baseline or settings.config.baseline)
    if baseline_path:
        from etcdlint.report.baseline import BaselineError, load

        from etcdlint.repo.sidefiles import side_root

        # (one the configuration names is the repository's to name: confined to its root)
        root = None if args.baseline else side_root(baseline_path, settings.config.root)
        try:
            baseline = load(baseline_path, settings.options.max_bytes, root)
        except BaselineError as exc:
            print(f"etcdlint: error: {exc}", file=sys.stderr)
            return None
    return ReportOptions(
        format=args.format, statistics=args.statistics, quiet=args.quiet,
        colour=use_colour(args.color, sys.stdout, os.environ) and not args.output,
        fail_on=args.fail_on or settings.config.fail_on or DEFAULT_FAIL_ON,
        unsafe_fixes=args.unsafe_fixes, baseline=baseline, sarif_category=args.sarif_category,
        output=args.output, exit_zero=args.exit_zero, full=getattr(args, "full", False))


def _add_suppressions(reason: str, result, files, report_options) -> int:
    from etcdlint.fixing.add_suppressions import run_add_suppressions
    from etcdlint.records import replace

    for line in result.internal_errors:
        print(f"etcdlint: {line}", file=sys.stderr)
    if result.internal_errors:
        return EXIT_ERROR
    if report_options.baseline is not None:  # what the baseline records is not reported
        result = replace(result, diagnostics=report_options.baseline.filter(result)[0])
    return run_add_suppressions(result, {f.display: f.fs_path for f in files}, reason.strip())


def _write_baseline(path: str, result) -> int:
    from etcdlint.report.baseline import dump
    from etcdlint.report.outcome import write_text

    for line in result.internal_errors:
        print(f"etcdlint: {line}", file=sys.stderr)
    if result.internal_errors:
        return EXIT_ERROR  # a baseline of an incomplete run would hide findings
    if not write_text([dump(result, path)], path):
        return EXIT_ERROR
    count = len(result.diagnostics)
    print(f"Wrote {count} {'finding' if count == 1 else 'findings'} to the baseline {path}.")
    return EXIT_CLEAN


def _safe(text: str) -> str:
    """A message naming a file, with the name's control characters escaped."""
    from etcdlint.report.safe_text import escape_controls

    return escape_controls(text)


def use_colour(choice: str, stream, environ) -> bool:
    """``--color``: ``always``/``never``; ``auto`` follows the conventions of NO_COLOR
    (no-color.org), FORCE_COLOR and CLICOLOR_FORCE (bixense.com/clicolors), ``TERM=dumb``,
    then whether ``stream`` is a terminal."""
    if choice != "auto":
        return choice == "always"
    if environ.get("NO_COLOR"):
        return False
    if environ.get("FORCE_COLOR") or environ.get("CLICOLOR_FORCE", "0") != "0":
        return True
    if environ.get("TERM") == "dumb":
        return False
    return stream.isatty()
