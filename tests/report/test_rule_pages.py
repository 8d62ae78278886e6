"""``docs/rules/``: every rule has its page, made from its documentation and current, and
SARIF links each rule to its page at the release tag."""

import json

from conftest import ROOT

from etcdlint import __version__
from etcdlint.report.rule_pages import pages
from etcdlint.rules import RULES

DOCS = ROOT / "docs" / "rules"
REGENERATE = "python -m etcdlint.report.rule_pages docs/rules"


def test_every_page_is_current():
    expected = pages(RULES)
    stale = [name for name, text in expected.items()
             if not (DOCS / name).is_file() or (DOCS / name).read_text() != text]
    assert stale == [], f"out of date: {stale}; run {REGENERATE}"
    extra = sorted(p.name for p in DOCS.iterdir() if p.name not in expected)
    assert extra == [], f"pages of no rule: {extra}"


def test_a_page_is_the_rules_documentation():
    text = (DOCS / "ETCD002.md").read_text()
    assert text.startswith("# ETCD002: etcd does not require client certificates "
                           "(--client-cert-auth)\n\nCIS Kubernetes Benchmark 2.2. Default "
                           "severity: error. Fix: safe.\n\n## What it does\n")
    assert "\n## Why is this bad?\n" in text and "\n## Fix safety\n" in text
    index = (DOCS / "README.md").read_text()
    assert "| [ETCD002](ETCD002.md) | 2.2 | error | safe | etcd does not require client " \
           "certificates (--client-cert-auth) |\n" in index


def test_sarif_links_each_rule_to_its_page_at_the_tag(cli, tmp_path):
    (tmp_path / "x.yaml").write_text("a: 1\n")
    driver = json.loads(cli("--format", "sarif", "x.yaml", cwd=tmp_path).out)["runs"][0][
        "tool"]["driver"]
    assert driver["informationUri"] == "https://github.com/etcdlint/etcdlint"
    uris = {rule["id"]: rule["helpUri"] for rule in driver["rules"]}
    assert uris["ETCD002"] == ("https://github.com/etcdlint/etcdlint/blob/"
                               f"v{__version__}/docs/rules/ETCD002.md")
    assert all(uri.endswith(f"/docs/rules/{code}.md") and (DOCS / f"{code}.md").is_file()
               for code, uri in uris.items())
