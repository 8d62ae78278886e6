"""The pre-filter lets every file of the new source forms through: linting each regression
file with and without it finds the same configurations' problems."""


import pytest

from conftest import TESTS, lint_files
from etcdlint.engine.lint import LintOptions
from etcdlint.repo.prefilter import may_hold_etcd

FORMS = TESTS / "fixtures" / "forms"
FILES = sorted(p for p in FORMS.rglob("*") if p.suffix in (".yaml", ".yml"))


def found(path, prefilter):
    result = lint_files({path.name: path.read_bytes()}, LintOptions(prefilter=prefilter))
    return [(d.start.line, d.start.column, d.diagnostic.rule) for d in result.diagnostics]


@pytest.mark.parametrize("path", FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_prefilter_changes_nothing_on_the_new_forms(path):
    assert found(path, True) == found(path, False)


@pytest.mark.parametrize("path", FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_file_that_configures_etcd_is_parsed(path):
    unfiltered = lint_files({path.name: path.read_bytes()}, LintOptions(prefilter=False))
    if unfiltered.configurations or unfiltered.diagnostics:
        assert may_hold_etcd(path.read_bytes())


def test_there_are_files_of_every_form():
    assert {p.parent.name for p in FILES} == {
        "k0s", "rke", "kubeadm-config", "rancher", "talos-capi", "talhelper"}
