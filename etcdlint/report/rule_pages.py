"""``docs/rules/``: one page per rule, made from the rule's own documentation, and an index.

SARIF links each rule's ``helpUri`` to its page at the release's tag, so the page a code
scanning alert links to describes the rule as that release checks it. The pages are made,
never edited: ``python -m etcdlint.report.rule_pages docs/rules`` writes them again, and a
test fails while they differ from the rules.
"""

from __future__ import annotations

import os
import sys
from typing import Dict

from etcdlint import __version__
from etcdlint.report.rule_text import docs_markdown

REPOSITORY = "https://github.com/etcdlint/etcdlint"


def page_uri(code: str, version: str = __version__) -> str:
    """Where a rule's page is, at the tag of ``version``."""
    return f"{REPOSITORY}/blob/v{version}/docs/rules/{code}.md"


def pages(rules) -> Dict[str, str]:
    """``{file name: text}`` of every page, the index (``README.md``) included."""
    out = {f"{rule.code}.md": docs_markdown(rule).rstrip("\n") + "\n" for rule in rules}
    rows = [f"| [{rule.code}]({rule.code}.md) | {rule.cis or ''} | {rule.severity} | "
            f"{rule.fix} | {rule.title.replace('|', '&#124;')} |" for rule in rules]
    out["README.md"] = (
        "# etcdlint rules\n\n"
        "One page per rule, made from the rule's documentation in the code (`etcdlint explain "
        "CODE` prints the same text). Do not edit these pages: `python -m "
        "etcdlint.report.rule_pages docs/rules` writes them again.\n\n"
        "| code | CIS | severity | fix | title |\n|---|---|---|---|---|\n"
        + "\n".join(rows) + "\n")
    return out


def main(argv=None) -> int:
    from etcdlint.rules import RULES

    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python -m etcdlint.report.rule_pages DIRECTORY", file=sys.stderr)
        return 2
    os.makedirs(args[0], exist_ok=True)
    for name, text in pages(RULES).items():
        with open(os.path.join(args[0], name), "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
