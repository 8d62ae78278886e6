"""The pre-filter and the process pool change how fast etcdlint is, never what it finds."""

import sys

import pytest

from conftest import ROOT
from etcdlint.engine.lint import LintOptions
from etcdlint.engine.run import lint_paths
from etcdlint.repo.discover import discover
from etcdlint.engine.parallel import POOL_THRESHOLD

sys.path.insert(0, str(ROOT / "benchmarks"))
from generate import make_pods, make_tree  # noqa: E402

sys.path.pop(0)


def findings(result):
    return [(d.diagnostic.path, d.start.line, d.start.column, d.diagnostic.rule,
             d.diagnostic.message) for d in result.diagnostics]


def test_same_findings_with_and_without_prefilter_and_pool(tmp_path, monkeypatch):
    from etcdlint.engine import run as engine

    monkeypatch.setattr(engine, "POOL_MIN_BYTES", 0)  # a pool whatever the size
    make_tree(tmp_path / "tree", files=POOL_THRESHOLD * 3, seed=7)
    make_pods(tmp_path / "pods", count=40, seed=8)
    # An API server trusting etcd's CA for its clients: ETCD007 compares files across workers.
    (tmp_path / "pods" / "kube-apiserver.yaml").write_text(
        "kind: Pod\nspec:\n  containers:\n  - command:\n    - kube-apiserver\n"
        "    - --client-ca-file=/etc/kubernetes/pki/etcd/ca.crt\n")
    files = [(f.display, f.fs_path) for f in discover([str(tmp_path)])]
    assert len(files) >= POOL_THRESHOLD
    plain = lint_paths(files, LintOptions(), jobs=1)
    unfiltered = lint_paths(files, LintOptions(prefilter=False), jobs=1)
    pooled = lint_paths(files, LintOptions(), jobs=2)
    assert findings(plain) == findings(unfiltered) == findings(pooled)
    assert plain.files == unfiltered.files == pooled.files == len(files)
    assert plain.configurations == pooled.configurations > 40
    rules = [rule for _, _, _, rule, _ in findings(plain)]
    assert {"ETCD002", "ETCD003"} <= set(rules)
    assert rules.count("ETCD007") == 40  # the 40 pods beside it (the tree is other scopes)


def test_pool_keeps_input_order_and_spreads_the_work():
    import os

    from etcdlint.engine.parallel import run_per_file

    items = [(f"f{i}", f"p{i}") for i in range(POOL_THRESHOLD + 7)]
    for jobs in (1, 2, 3, 5):
        results = run_per_file(lambda item: (item, os.getpid()), items, jobs)
        assert [item for item, _ in results] == items
        pids = [pid for _, pid in results]
        assert len(set(pids)) == jobs
        assert pids[jobs - 1::jobs] == [os.getpid()] * len(pids[jobs - 1::jobs])  # the parent's


def test_a_failing_worker_has_its_slice_redone_in_the_parent():
    import os

    from etcdlint.engine.parallel import run_per_file

    parent = os.getpid()

    def task(item):
        if os.getpid() != parent:
            raise RuntimeError("worker failure")
        return item

    items = [(f"f{i}", f"p{i}") for i in range(POOL_THRESHOLD)]
    assert run_per_file(task, items, 3) == items


def test_small_inputs_start_no_worker():
    import os

    from etcdlint.engine.parallel import run_per_file

    items = [(f"f{i}", f"p{i}") for i in range(POOL_THRESHOLD - 1)]
    assert {pid for pid in run_per_file(lambda item: os.getpid(), items, 4)} == {os.getpid()}


def test_the_pool_is_decided_after_the_prefilter(tmp_path, monkeypatch):
    from etcdlint.engine import parallel, run as engine

    make_tree(tmp_path / "tree", files=POOL_THRESHOLD * 3, seed=7)
    files = [(f.display, f.fs_path) for f in discover([str(tmp_path)])]
    asked = []
    real = parallel.run_per_file
    monkeypatch.setattr(parallel, "run_per_file", lambda task, items, jobs, before_fork=None:
                        asked.append((len(items), jobs)) or real(task, items, jobs, before_fork))
    left = [f for f in files if engine.may_hold_etcd(open(f[1], "rb").read())]
    size = sum(len(open(p, "rb").read()) for _, p in left)
    assert len(left) < len(files) and size < engine.POOL_MIN_BYTES
    one = lint_paths(files, LintOptions(), jobs=2)  # what is left is too little for a pool
    monkeypatch.setattr(engine, "POOL_MIN_BYTES", size)
    two = lint_paths(files, LintOptions(), jobs=2)
    assert asked == [(len(left), 1), (len(left), 2)]
    assert findings(one) == findings(two) and one.files == two.files == len(files)


def test_many_files_left_after_the_prefilter_are_worth_a_pool(tmp_path, monkeypatch):
    """1,000 small etcd pods are far under POOL_MIN_BYTES, yet two processes lint them in
    about two thirds of the time one takes: the count of files left decides too."""
    from etcdlint.engine import parallel, run as engine

    make_pods(tmp_path / "pods", count=POOL_THRESHOLD, seed=8)
    files = [(f.display, f.fs_path) for f in discover([str(tmp_path / "pods")])]
    asked = []
    real = parallel.run_per_file
    monkeypatch.setattr(parallel, "run_per_file", lambda task, items, jobs, before_fork=None:
                        asked.append((len(items), jobs)) or real(task, items, jobs, before_fork))
    assert sum(len(open(p, "rb").read()) for _, p in files) < engine.POOL_MIN_BYTES
    lint_paths(files, LintOptions(), jobs=2)
    assert asked == [(POOL_THRESHOLD, 2)]


def test_many_files_to_read_are_shared_out_with_their_reading(tmp_path, monkeypatch):
    """On as many files as POOL_TO_READ, each process reads and pre-filters its own share:
    the parent does not read every file first, and what is found is the same."""
    from etcdlint.engine import parallel, run as engine

    make_tree(tmp_path / "tree", files=POOL_THRESHOLD * 2, seed=9)
    files = [(f.display, f.fs_path) for f in discover([str(tmp_path)])]
    one = lint_paths(files, LintOptions(), jobs=1)
    monkeypatch.setattr(engine, "POOL_TO_READ", len(files))
    asked = []
    real = parallel.run_per_file
    monkeypatch.setattr(parallel, "run_per_file", lambda task, items, jobs, before_fork=None:
                        asked.append((len(items), jobs)) or real(task, items, jobs, before_fork))
    monkeypatch.setattr(engine, "_worth_a_pool", lambda *args: pytest.fail("read twice"))
    two = lint_paths(files, LintOptions(), jobs=2)
    assert asked == [(len(files), 2)]
    assert findings(one) == findings(two) and findings(one)
    assert one.files == two.files == len(files) and one.configurations == two.configurations


def test_the_default_is_a_process_per_cpu_unless_the_machine_is_busy(monkeypatch):
    import os

    from etcdlint.engine.parallel import default_jobs

    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1, 2}, raising=False)
    monkeypatch.setattr(os, "getloadavg", lambda: (0.7, 2.5, 3.0))
    assert default_jobs() == 3
    monkeypatch.setattr(os, "getloadavg", lambda: (2.99, 0.0, 0.0))
    assert default_jobs() == 3
    monkeypatch.setattr(os, "getloadavg", lambda: (3.0, 0.0, 0.0))
    assert default_jobs() == 1

    def unknown():
        raise OSError("no load average")

    monkeypatch.setattr(os, "getloadavg", unknown)
    assert default_jobs() == 3
