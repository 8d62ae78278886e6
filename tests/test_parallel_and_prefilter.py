"""The pre-filter and the process pool change how fast etcdlint is, never what it finds."""

import sys

from conftest import ROOT
from etcdlint.engine import LintOptions, lint_paths
from etcdlint.discover import discover
from etcdlint.parallel import POOL_THRESHOLD

sys.path.insert(0, str(ROOT / "benchmarks"))
from generate import make_pods, make_tree  # noqa: E402

sys.path.pop(0)


def findings(result):
    return [(d.diagnostic.path, d.start.line, d.start.column, d.diagnostic.rule,
             d.diagnostic.message) for d in result.diagnostics]


def test_same_findings_with_and_without_prefilter_and_pool(tmp_path):
    make_tree(tmp_path / "tree", files=POOL_THRESHOLD * 3, seed=7)
    make_pods(tmp_path / "pods", count=40, seed=8)
    files = [(f.display, f.fs_path) for f in discover([str(tmp_path)])]
    assert len(files) >= POOL_THRESHOLD
    plain = lint_paths(files, LintOptions(), jobs=1)
    unfiltered = lint_paths(files, LintOptions(prefilter=False), jobs=1)
    pooled = lint_paths(files, LintOptions(), jobs=2)
    assert findings(plain) == findings(unfiltered) == findings(pooled)
    assert plain.files == unfiltered.files == pooled.files == len(files)
    assert plain.configurations == pooled.configurations > 40
    assert {"ETCD002", "ETCD003"} <= {rule for _, _, _, rule, _ in findings(plain)}
