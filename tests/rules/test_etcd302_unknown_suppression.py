"""ETCD302: a suppression that names no etcdlint rule."""

import pytest

from conftest import SUPPRESSIBLE_POD as POD, codes, lint_files


def test_annotation_with_unknown_code():
    text = POD.replace("  name: etcd\nspec:",
                       "  name: etcd\n  annotations:\n    etcdlint.io/ignore: ETCD002,ETCD999\nspec:")
    # `    etcdlint.io/ignore: ETCD002,` ends at column 32
    assert codes(text) == ["6:33 ETCD302", "23:22 ETCD111"]


@pytest.mark.parametrize("written,help", [
    ("ETCD02", "replace ETCD02 with ETCD002 (the nearest rule code), or remove it"),
    ("ETCD0O1", "replace ETCD0O1 with ETCD001 (the nearest rule code), or remove it"),
    ("etcd001", "replace etcd001 with ETCD001 (the nearest rule code), or remove it"),
    ("ETCD2012", "replace ETCD2012 with ETCD201 (the nearest rule code), or remove it"),
    ("ETCD217", "replace ETCD217 with ETCD216 (the nearest rule code), or remove it"),
    ("ETCD30", "write the whole code (ETCD301 or ETCD302), or remove ETCD30"),
    ("ETCD10", "remove ETCD10 from this suppression ('etcdlint rules' lists the codes)"),
    ("ETCD999", "remove ETCD999 from this suppression ('etcdlint rules' lists the codes)"),
])
def test_the_help_names_the_code_meant(written, help):
    text = POD.replace("- --enable-pprof=true\n",
                       f"- --enable-pprof=true  # etcdlint: disable={written}\n")
    result = lint_files({"etcd.yaml": text})
    found = [(d.start.line, d.start.column, d.diagnostic.help) for d in result.diagnostics
             if d.diagnostic.rule == "ETCD302"]
    # `    - --enable-pprof=true  # etcdlint: disable=` ends at column 47
    assert found == [(21, 48, help)]
