"""JUnit XML for CI systems that show test reports (GitLab ``artifacts:reports:junit``,
Jenkins, Azure Pipelines): one ``testsuite`` per file, one failed ``testcase`` per finding;
a run without findings is one suite with one passing case, as ruff writes it
(astral-sh/ruff, ``crates/ruff_linter/src/message/junit.rs`` at 09d310e). Described by
``schemas/junit.xsd``.

Only a finding that fails the run (at or above ``fail-on``) is a ``failure``: Jenkins and
GitLab mark a build unstable on any failed case, so a finding below the threshold is a
passing case whose ``system-out`` holds the finding. Either text ends with the finding's
``help:`` line (what to change), as ``--format full`` writes it."""

from __future__ import annotations

from typing import Dict, List
from xml.etree import ElementTree as ET

from etcdlint.report.safe_text import escape_controls
from etcdlint.report.threshold import DEFAULT_FAIL_ON, SEVERITY_RANK


def render(result, fail_on: str = DEFAULT_FAIL_ON) -> str:
    floor = SEVERITY_RANK[fail_on]
    by_file: Dict[str, List] = {}
    for item in result.diagnostics:
        by_file.setdefault(item.diagnostic.path, []).append(item)
    count = len(result.diagnostics)
    failed = sum(1 for item in result.diagnostics
                 if SEVERITY_RANK[item.diagnostic.severity] >= floor)
    root = ET.Element("testsuites", name="etcdlint", tests=str(max(count, 1)),
                      failures=str(failed), errors="0")
    if not by_file:
        suite = ET.SubElement(root, "testsuite", name="etcdlint", tests="1", failures="0",
                              errors="0")
        ET.SubElement(suite, "testcase", name="No problems found", classname="etcdlint")
    for path, items in by_file.items():
        shown = escape_controls(path)
        fails = [SEVERITY_RANK[item.diagnostic.severity] >= floor for item in items]
        suite = ET.SubElement(root, "testsuite", name=shown, tests=str(len(items)),
                              failures=str(sum(fails)), errors="0")
        for item, fails_run in zip(items, fails):
            d = item.diagnostic
            where = f"{item.start.line}:{item.start.column}"
            case = ET.SubElement(suite, "testcase", name=f"{d.rule} at {where}",
                                 classname=shown, file=shown, line=str(item.start.line))
            message = escape_controls(d.message)
            cis = f" [CIS {d.cis}]" if d.cis else ""
            text = f"{shown}:{where}: {d.rule}{cis} {message}"
            if d.help:  # (what to change, on a line of its own, as ``--format full`` has it)
                text += f"\nhelp: {escape_controls(d.help)}"
            if fails_run:
                ET.SubElement(case, "failure", message=message, type=d.severity).text = text
            else:
                ET.SubElement(case, "system-out").text = f"{d.severity}: {text}"
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, "unicode") + "\n"
