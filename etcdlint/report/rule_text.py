"""A rule's documentation as plain text, markdown, and one-paragraph description."""

from __future__ import annotations

import re


def docs_markdown(rule) -> str:
    head = f"# {rule.code}: {rule.title}\n\n"
    if rule.cis:
        head += f"CIS Kubernetes Benchmark {rule.cis}. "
    head += f"Default severity: {rule.severity}. Fix: {rule.fix}.\n\n"
    return head + rule.docs


def docs_plain(rule) -> str:
    text = docs_markdown(rule)
    text = re.sub(r"^#+ ", "", text, flags=re.M)
    text = re.sub(r"^```\w*\n", "", text, flags=re.M)
    text = text.replace("`", "")
    return text


def full_description(rule) -> str:
    """The first paragraph of "What it does", as one line."""
    match = re.search(r"## What it does\n(.*?)(?:\n\n|$)", rule.docs, flags=re.S)
    text = match.group(1) if match else rule.title
    return " ".join(text.split()).replace("`", "")
