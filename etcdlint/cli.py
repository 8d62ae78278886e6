"""Command-line wiring: parse arguments, run the engine, print a report, pick an exit code."""

from __future__ import annotations

import argparse
import os
import sys
from typing import List, Optional, Sequence

from etcdlint import __version__

EXIT_CLEAN = 0
EXIT_FINDINGS = 1
EXIT_ERROR = 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="etcdlint",
        description="Lint etcd security settings (CIS Kubernetes Benchmark section 2 and more) "
                    "in Kubernetes YAML.")
    parser.add_argument("paths", nargs="*", metavar="PATH",
                        help="files or directories to lint (default: the current directory; "
                             "'-' reads standard input)")
    parser.add_argument("--format", choices=("text", "json"), default="text",
                        help="output format (default: text)")
    parser.add_argument("--stdin-filename", metavar="NAME",
                        help="the name to report for standard input")
    parser.add_argument("--version", action="version", version=f"etcdlint {__version__}")
    return parser


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return _run(args)
    except KeyboardInterrupt:
        return EXIT_ERROR
    except BrokenPipeError:
        return EXIT_ERROR


def _run(args: argparse.Namespace) -> int:
    from etcdlint.discover import PathNotFound, discover
    from etcdlint.engine import LintOptions, lint_inputs, read_stdin

    paths: List[str] = args.paths or ["."]
    try:
        files = list(discover(paths))
    except PathNotFound as exc:
        print(f"etcdlint: error: no such file or directory: {exc}", file=sys.stderr)
        return EXIT_ERROR
    stdin_name = args.stdin_filename or "-"

    def inputs():
        for f in files:
            if f.fs_path == "-":
                yield stdin_name, read_stdin
            else:
                yield f.display, _reader(f.fs_path)

    result = lint_inputs(inputs(), LintOptions())
    out = _render(args, result)
    sys.stdout.write(out)
    for line in result.internal_errors:
        print(f"etcdlint: {line}", file=sys.stderr)
    if result.internal_errors:
        return EXIT_ERROR
    return EXIT_FINDINGS if result.diagnostics else EXIT_CLEAN


def _reader(path: str):
    def read() -> bytes:
        with open(path, "rb") as fh:
            return fh.read()
    return read


def _render(args: argparse.Namespace, result) -> str:
    if args.format == "json":
        from etcdlint.report import json_report

        return json_report.render(result)
    from etcdlint.report import text

    return text.render(result, colour=_use_colour())


def _use_colour() -> bool:
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return sys.stdout.isatty()
