"""``path:line:col: ETCD002 [*] error [CIS 2.2] message``, one line a diagnostic, then a
summary. ``--format full`` follows each with an indented ``help:`` line: what to change (the
fix's title where there is a fix), as ruff's full format prints its fix titles.

``[*]`` marks a finding ``--fix`` would fix (as ruff marks its fixable violations); with
``--unsafe-fixes``, findings with an unsafe fix are marked too. The summary says how many
``--fix`` would fix, and how many more ``--fix --unsafe-fixes`` would.
"""

from __future__ import annotations

from typing import Iterator, List, Optional

from etcdlint.report.safe_text import escape_controls

_RESET = "\x1b[0m"
_BOLD = "\x1b[1m"
_COLOURS = {"error": "\x1b[31m", "warning": "\x1b[33m", "note": "\x1b[36m"}
_HELP = f"{_BOLD}\x1b[36mhelp:{_RESET}"


def render(result, colour: bool = False, quiet: bool = False, unsafe_fixes: bool = False,
           baselined: Optional[int] = None, full: bool = False) -> str:
    """``baselined``: how many findings a baseline hid (None: no baseline in use); ``full``:
    each finding followed by its ``help:`` line (``--format full``)."""
    return "".join(chunks(result, colour, quiet, unsafe_fixes, baselined, full))


_CHUNK = 1024  # lines written at once: a big report is never held whole as text


def chunks(result, colour: bool = False, quiet: bool = False, unsafe_fixes: bool = False,
           baselined: Optional[int] = None, full: bool = False) -> Iterator[str]:
    """The report of ``render``, in pieces of up to ``_CHUNK`` whole lines."""
    lines: List[str] = []
    marked = ("safe", "unsafe") if unsafe_fixes else ("safe",)
    for item in result.diagnostics:
        d = item.diagnostic
        where = f"{escape_controls(d.path)}:{item.start.line}:{item.start.column}:"
        code = d.rule
        fixable = " [*]" if d.fix is not None and d.fix.applicability in marked else ""
        severity = d.severity
        cis = f" [CIS {d.cis}]" if d.cis else ""
        if colour:
            where = f"{_BOLD}{where}{_RESET}"
            code = f"{_BOLD}{code}{_RESET}"
            severity = f"{_COLOURS.get(d.severity, '')}{severity}{_RESET}"
        lines.append(f"{where} {code}{fixable} {severity}{cis} {escape_controls(d.message)}")
        if full and d.help:
            lines.append(f"  {_HELP if colour else 'help:'} {escape_controls(d.help)}")
        if len(lines) >= _CHUNK:
            yield "\n".join(lines) + "\n"
            lines = []
    if not quiet:
        lines.append(summary_line(result))
        skipped = getattr(result, "skipped_templates", 0)
        if skipped:
            lines.append(f"Skipped {skipped} Helm chart {_plural(skipped, 'template')} (not "
                         "YAML until rendered: lint the output of helm template).")
        jinja = getattr(result, "skipped_jinja", 0)
        if jinja:
            lines.append(f"Skipped {jinja} Jinja {_plural(jinja, 'template')} (not YAML once "
                         f"{'its' if jinja == 1 else 'their'} tags are set aside: lint the "
                         f"rendered {_plural(jinja, 'file')}).")
        lines.extend(escape_controls(note) for note in getattr(result, "notes", ()))
        fixes = fixes_line(result, unsafe_fixes)
        if fixes:
            lines.append(fixes)
        if baselined is not None:
            lines.append(f"{baselined} {_plural(baselined, 'finding')} in the baseline "
                         f"{'was' if baselined == 1 else 'were'} not reported.")
    if lines:
        yield "\n".join(lines) + "\n"


def fixes_line(result, unsafe_fixes: bool = False) -> str:
    """``[*] 2 fixable with --fix (1 more with --unsafe-fixes).``, or empty."""
    safe = sum(1 for item in result.diagnostics
               if item.diagnostic.fix is not None and item.diagnostic.fix.applicability == "safe")
    unsafe = sum(1 for item in result.diagnostics if item.diagnostic.fix is not None
                 and item.diagnostic.fix.applicability == "unsafe")
    if unsafe_fixes:
        safe, unsafe = safe + unsafe, 0
    flag = "--fix --unsafe-fixes" if unsafe_fixes else "--fix"
    if safe and unsafe:
        return f"[*] {safe} fixable with {flag} ({unsafe} more with --fix --unsafe-fixes)."
    if safe:
        return f"[*] {safe} fixable with {flag}."
    if unsafe:
        return f"No fixes available with --fix ({unsafe} with --fix --unsafe-fixes)."
    return ""


def summary_line(result) -> str:
    count = len(result.diagnostics)
    if count == 0:
        return (f"No problems found in {result.files} {_plural(result.files, 'file')} "
                f"({result.configurations} etcd {_plural(result.configurations, 'configuration')}).")
    files = len({d.diagnostic.path for d in result.diagnostics})
    by_sev = {}
    for d in result.diagnostics:
        by_sev[d.diagnostic.severity] = by_sev.get(d.diagnostic.severity, 0) + 1
    parts = ", ".join(f"{n} {_plural(n, sev)}" for sev, n in sorted(by_sev.items()))
    return (f"Found {count} {_plural(count, 'problem')} ({parts}) in {files} "
            f"{_plural(files, 'file')}.")


def _plural(n: int, word: str) -> str:
    return word if n == 1 else word + "s"


def statistics(result, unsafe_fixes: bool = False):
    """``[(code, count, fixable count)]``, most found first: what ``--statistics`` shows."""
    marked = ("safe", "unsafe") if unsafe_fixes else ("safe",)
    counts = {}
    for item in result.diagnostics:
        d = item.diagnostic
        found, fixable = counts.get(d.rule, (0, 0))
        counts[d.rule] = (found + 1,
                          fixable + (d.fix is not None and d.fix.applicability in marked))
    return sorted(((code, n, fixable) for code, (n, fixable) in counts.items()),
                  key=lambda row: (-row[1], row[0]))


def render_statistics(result, quiet: bool = False, unsafe_fixes: bool = False) -> str:
    """A line per rule: how many findings, ``[*]`` when ``--fix`` fixes some of them; then
    (unless ``quiet``) the summary and fixable lines of the report."""
    from etcdlint.rules import rule as rule_of

    rows = statistics(result, unsafe_fixes)
    width = max((len(str(n)) for _, n, _ in rows), default=1)
    any_fix = any(fixable for _, _, fixable in rows)
    lines = []
    for code, n, fixable in rows:
        rule = rule_of(code)
        cis = f"[CIS {rule.cis}] " if rule.cis else ""
        mark = ("[*] " if fixable else "    ") if any_fix else ""
        lines.append(f"{n:>{width}}  {code}  {mark}{cis}{rule.title}")
    if not quiet:
        lines.append(summary_line(result))
        fixes = fixes_line(result, unsafe_fixes)
        if fixes:
            lines.append(fixes)
    return "\n".join(lines) + ("\n" if lines else "")
