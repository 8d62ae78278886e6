"""JUnit XML for CI systems that show test reports (GitLab ``artifacts:reports:junit``,
Jenkins, Azure Pipelines): one ``testsuite`` per file, one failed ``testcase`` per finding;
a run without findings is one suite with one passing case, as ruff writes it
(astral-sh/ruff, ``crates/ruff_linter/src/message/junit.rs`` at 09d310e). Described by
``schemas/junit.xsd``."""

from __future__ import annotations

from typing import Dict, List
from xml.etree import ElementTree as ET

from etcdlint.report.safe_text import escape_controls


def render(result) -> str:
    by_file: Dict[str, List] = {}
    for item in result.diagnostics:
        by_file.setdefault(item.diagnostic.path, []).append(item)
    count = len(result.diagnostics)
    root = ET.Element("testsuites", name="etcdlint", tests=str(max(count, 1)),
                      failures=str(count), errors="0")
    if not by_file:
        suite = ET.SubElement(root, "testsuite", name="etcdlint", tests="1", failures="0",
                              errors="0")
        ET.SubElement(suite, "testcase", name="No problems found", classname="etcdlint")
    for path, items in by_file.items():
        shown = escape_controls(path)
        suite = ET.SubElement(root, "testsuite", name=shown, tests=str(len(items)),
                              failures=str(len(items)), errors="0")
        for item in items:
            d = item.diagnostic
            where = f"{item.start.line}:{item.start.column}"
            case = ET.SubElement(suite, "testcase", name=f"{d.rule} at {where}",
                                 classname=shown, file=shown, line=str(item.start.line))
            message = escape_controls(d.message)
            cis = f" [CIS {d.cis}]" if d.cis else ""
            failure = ET.SubElement(case, "failure", message=message, type=d.severity)
            failure.text = f"{shown}:{where}: {d.rule}{cis} {message}"
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, "unicode") + "\n"
