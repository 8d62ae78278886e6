"""Every corpus file is linted without a crash, and what is found matches the reviewed list."""

import sys

import pytest

from conftest import CORPUS, ROOT

pytestmark = pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not present")


def test_corpus_report_matches_reviewed_list():
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from corpus_report import report
    finally:
        sys.path.pop(0)
    expected = (ROOT / "tests" / "corpus_expected.txt").read_text()
    assert report(CORPUS) == expected
