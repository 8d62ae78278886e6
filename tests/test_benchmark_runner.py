"""The benchmark runner's Checkov comparison (target 4), with a stand-in for checkov."""

import re
import stat
import sys

from conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
import run as bench  # noqa: E402
from generate import make_pods, make_tree  # noqa: E402

sys.path.pop(0)


def test_checkov_comparison_prints_both_corpora(tmp_path, capsys):
    calls = tmp_path / "calls"
    fake = tmp_path / "checkov"
    fake.write_text("#!/bin/sh\n"
                    f"echo \"$@\" >> {calls}\n"
                    "[ \"$1\" = --version ] && echo 3.3.30\n"
                    "exit 0\n")
    fake.chmod(fake.stat().st_mode | stat.S_IXUSR)
    make_pods(tmp_path / "pods", count=3)
    make_tree(tmp_path / "tree", files=12)
    bench.compare_checkov(str(fake), tmp_path / "pods", tmp_path / "tree", tmp_path, runs=5)
    lines = capsys.readouterr().out.splitlines()
    pattern = (r"4    Checkov 3\.3\.30 on {}: [0-9.]+ s, [0-9]+ MiB vs etcdlint [0-9]+ ms, "
               r"[0-9]+ MiB = [0-9]+x faster \(target >= 50x\), [0-9.]+x less memory "
               r"\(target >= 5x\): (met|NOT met)$")
    assert len(lines) == 2
    assert re.match(pattern.format("the 1,000 etcd pods"), lines[0]), lines[0]
    assert re.match(pattern.format("1,000 files of the tree"), lines[1]), lines[1]
    runs = calls.read_text().splitlines()
    assert runs[0] == "--version"
    assert runs[1:] == ([f"-d {tmp_path / 'pods'} --framework kubernetes --quiet --compact"] * 5
                        + [f"-d {tmp_path / 'tree-sample-1000'} --framework kubernetes --quiet "
                           "--compact"] * 5)
    sample = sorted(p.name for p in (tmp_path / "tree-sample-1000").iterdir())
    assert len(sample) == 12 and sample[0].startswith("0000-")
