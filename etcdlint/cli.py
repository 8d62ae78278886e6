"""Command-line wiring: parse arguments, run the engine, print a report, pick an exit code."""

from __future__ import annotations

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


def entry() -> None:
    """The console script: ``main``, then a quick exit (the interpreter's teardown of every
    module is skipped: all output is flushed first)."""
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


def _lint(args) -> int:
    from etcdlint.config import ConfigError
    from etcdlint.repo.discover import PathNotFound, discover
    from etcdlint.engine import lint_inputs, lint_paths
    from etcdlint.text.reading import file_reader, read_stdin
    from etcdlint.runconfig import build

    paths: List[str] = args.paths or ["."]
    try:
        settings = build(paths, args.config, args.select, args.ignore)
        files = list(discover(paths, settings.excluded))
    except ConfigError as exc:
        print(f"etcdlint: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except PathNotFound as exc:
        print(f"etcdlint: error: no such file or directory: {_safe(str(exc))}", file=sys.stderr)
        return EXIT_ERROR
    stdin_name = args.stdin_filename or "-"
    limit = settings.options.max_bytes

    def inputs():
        return [(stdin_name, read_stdin) if f.fs_path == "-" else
                (f.display, _failing(f.error) if f.error else file_reader(f.fs_path, limit))
                for f in files]

    if args.fix or args.diff:
        from etcdlint.fixing.run import run_fixes

        return run_fixes(args, inputs(), files, settings.options)
    if any(f.fs_path == "-" or f.error for f in files):
        result = lint_inputs(inputs(), settings.options)
    else:
        from etcdlint.parallel import default_jobs

        jobs = args.jobs if args.jobs is not None else default_jobs()
        result = lint_paths([(f.display, f.fs_path) for f in files], settings.options, jobs)
    code = _emit(args, _render(args, result))
    for line in result.internal_errors:
        print(f"etcdlint: {_safe(line)}", file=sys.stderr)
    if code != EXIT_CLEAN or result.internal_errors:
        return EXIT_ERROR
    if result.diagnostics and not args.exit_zero:
        return EXIT_FINDINGS
    return EXIT_CLEAN


def _failing(error: OSError):
    def read() -> bytes:
        raise error
    return read


def _render(args, result) -> str:
    from etcdlint.report import render

    return render(result, args.format, statistics=args.statistics, quiet=args.quiet,
                  colour=_use_colour() and not args.output)


def _emit(args, out: str) -> int:
    if not args.output:
        sys.stdout.write(out)
        return EXIT_CLEAN
    from etcdlint.fixing.write import WriteError, write_new_file

    try:
        write_new_file(args.output, out.encode("utf-8"))
    except WriteError as exc:
        print(f"etcdlint: error: {_safe(str(exc))}", file=sys.stderr)
        return EXIT_ERROR
    return EXIT_CLEAN


def _safe(text: str) -> str:
    """A message naming a file, with the name's control characters escaped."""
    from etcdlint.report.safe_text import escape_controls

    return escape_controls(text)


def _use_colour() -> bool:
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return sys.stdout.isatty()
