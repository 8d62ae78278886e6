"""The command line's options, declared once: argparse builds its parser from this table, and
a strict fast path reads the common invocations without importing argparse at all.

Anything the fast path does not recognise (help, version, errors, abbreviations, clustered
short flags) goes to argparse, so messages and exit codes stay argparse's.
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import List, Optional, Sequence

FORMATS = ("text", "json", "json-lines", "sarif", "github", "gitlab", "junit")
# ruff's format names that mean one of ours (``--output-format``): concise and full are its
# text forms. ``concise`` is ``text``, one line a finding; ``full`` is ``text`` with each
# finding's ``help:`` line under it (etcdlint prints no source snippet).
FORMAT_ALIASES = {"concise": "text", "full": "text"}
SEVERITIES = ("error", "warning", "note")

# (flags, destination, kind, choices, help); kinds: "flag", "value", "int", "choice", and
# "list" (a value that may be given again: the values add up, as ruff's list options do)
OPTIONS = (
    (("--format", "--output-format"), "format", "choice", FORMATS + tuple(FORMAT_ALIASES),
     "output format (default: text, one line a finding; concise is another name for it; "
     "full adds a help: line under each finding saying what to change)"),
    (("--output", "-o"), "output", "value", None, "write the report to FILE"),
    (("--config",), "config", "value", None,
     "configuration file (default: the nearest .etcdlint.yaml or pyproject.toml with "
     "[tool.etcdlint])"),
    (("--select",), "select", "list", None,
     "comma-separated rule codes or prefixes to run (e.g. ETCD0,ETCD104), replacing the "
     "configuration's selection"),
    (("--extend-select",), "extend_select", "list", None,
     "codes or prefixes to run on top of the selection"),
    (("--ignore",), "ignore", "list", None, "comma-separated codes or prefixes to skip"),
    (("--extend-ignore",), "extend_ignore", "list", None,
     "codes or prefixes to skip on top of the configuration's ignore"),
    (("--exclude",), "exclude", "list", None,
     "gitignore-style patterns of files not to lint, replacing the configuration's exclude"),
    (("--per-file-ignores",), "per_file_ignores", "list", None,
     "PATTERN:CODES (e.g. 'legacy/*:ETCD1,ETCD2'), replacing the configuration's "
     "per-file-ignores"),
    (("--stdin-filename",), "stdin_filename", "value", None,
     "the name to report for standard input"),
    (("--statistics",), "statistics", "flag", None,
     "print the number of findings per rule instead of each finding"),
    (("--exit-zero",), "exit_zero", "flag", None,
     "exit 0 even when there are findings (2 still means an error)"),
    (("--fail-on",), "fail_on", "choice", SEVERITIES,
     "the lowest severity that makes the exit code 1 (default: warning)"),
    (("--exit-non-zero-on-fix",), "exit_non_zero_on_fix", "flag", None,
     "with --fix, exit 1 when a file was changed, even if nothing remains"),
    (("--baseline",), "baseline", "value", None,
     "do not report the findings recorded in FILE (see --write-baseline)"),
    (("--write-baseline",), "write_baseline", "value", None,
     "record every current finding in FILE, then exit 0"),
    (("--add-suppressions",), "add_suppressions", "value", None,
     "write an '# etcdlint: disable=CODE -- REASON' comment at each finding"),
    (("--no-respect-gitignore",), "no_respect_gitignore", "flag", None,
     "walk directories without reading .gitignore and .git/info/exclude"),
    (("--sarif-category",), "sarif_category", "value", None,
     "with --format sarif: the run's category (automationDetails.id etcdlint/CATEGORY/)"),
    (("--quiet", "-q"), "quiet", "flag", None, "print findings only: no summary lines"),
    (("--color",), "color", "choice", ("auto", "always", "never"),
     "colour the text report: auto (the default: on a terminal, unless NO_COLOR is set or "
     "TERM is dumb; FORCE_COLOR or CLICOLOR_FORCE turn it on), always or never"),
    (("--fix",), "fix", "flag", None, "apply safe fixes to the files"),
    (("--unsafe-fixes",), "unsafe_fixes", "flag", None,
     "with --fix or --diff, also apply unsafe fixes; in a report, mark them [*] too"),
    (("--diff",), "diff", "flag", None,
     "print a unified diff of what --fix would change; write nothing"),
    (("--show-fixes",), "show_fixes", "flag", None,
     "with --fix, list each fix applied and each fix not applied"),
    (("--show-settings",), "show_settings", "value", None,
     "print the configuration FILE gets (the nearest one, or --config) and its settings"),
    (("--max-file-size",), "max_file_size", "int", None,
     "skip (as ETCD000) a file of more than N bytes (default: the configuration's "
     "max-file-size, else 10485760)"),
    (("--jobs", "-j"), "jobs", "int", None,
     "worker processes for large inputs (default: one per CPU, or none when the machine is "
     "busy; 1: none)"),
)
_CHOICE_DEFAULTS = {"format": "text", "color": "auto"}
DEFAULTS = {dest: (False if kind == "flag" else _CHOICE_DEFAULTS.get(dest))
            for _, dest, kind, _, _ in OPTIONS}
_METAVARS = {"add_suppressions": "REASON", "baseline": "FILE", "write_baseline": "FILE",
             "select": "CODES", "extend_select": "CODES", "ignore": "CODES",
             "extend_ignore": "CODES", "exclude": "PATTERNS",
             "per_file_ignores": "PATTERN:CODES", "show_settings": "FILE"}
_BY_FLAG = {flag: (dest, kind, choices) for flags, dest, kind, choices, _ in OPTIONS
            for flag in flags}


def build_parser(version: str):
    import argparse

    parser = argparse.ArgumentParser(
        prog="etcdlint",
        description="Lint etcd security settings (CIS Kubernetes Benchmark section 2 and more) "
                    "in Kubernetes YAML. Subcommands: 'etcdlint rules', 'etcdlint explain CODE'.")
    parser.add_argument("paths", nargs="*", metavar="PATH",
                        help="files or directories to lint (default: the current directory; "
                             "'-' reads standard input)")
    for flags, dest, kind, choices, text in OPTIONS:
        if kind == "flag":
            parser.add_argument(*flags, dest=dest, action="store_true", help=text)
        elif kind == "int":
            parser.add_argument(*flags, dest=dest, type=int, metavar="N", help=text)
        elif kind == "list":
            parser.add_argument(*flags, dest=dest, action="append", metavar=_METAVARS[dest],
                                help=text)
        elif kind == "choice":
            parser.add_argument(*flags, dest=dest, choices=choices, default=DEFAULTS[dest],
                                help=text)
        else:
            parser.add_argument(*flags, dest=dest,
                                metavar=_METAVARS.get(dest, dest.upper().split("_")[-1]),
                                help=text)
    parser.add_argument("--version", action="version", version=f"etcdlint {version}")
    return parser


def fast_parse(argv: Sequence[str]) -> Optional[SimpleNamespace]:
    """The arguments, when every one of them is plainly one of ours; otherwise None."""
    values = dict(DEFAULTS)
    paths: List[str] = []
    i = 0
    while i < len(argv):
        arg = argv[i]
        i += 1
        if arg == "--":
            paths.extend(argv[i:])
            break
        if arg == "-" or not arg.startswith("-"):
            paths.append(arg)
            continue
        name, eq, inline = arg.partition("=")
        spec = _BY_FLAG.get(name)
        if spec is None:
            return None
        dest, kind, choices = spec
        if kind == "flag":
            if eq:
                return None
            values[dest] = True
            continue
        if eq:
            value = inline
        elif i < len(argv) and not argv[i].startswith("-"):
            value = argv[i]
            i += 1
        else:
            return None
        if kind == "int":
            if not value.isdigit():
                return None
            values[dest] = int(value)
        elif kind == "list":
            values[dest] = (values[dest] or []) + [value]
        elif kind == "choice":
            if value not in choices:
                return None
            values[dest] = value
        else:
            values[dest] = value
    return SimpleNamespace(paths=paths, **values)
