"""The benchmark runner's Checkov comparison (target 4), with a stand-in for checkov."""

import re
import stat
import sys

from conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
import run as bench  # noqa: E402
import untrusted as untrusted_runner  # noqa: E402
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


def test_big_file_targets_print_their_lines(tmp_path, capsys):
    from generate import make_many_documents, make_small_pods, make_tiny_documents

    big = tmp_path / "big"
    make_many_documents(big / "docs-20000.yaml", 20)
    make_many_documents(big / "docs-40000.yaml", 40)
    make_small_pods(big / "pods-100000.yaml", 100)
    make_tiny_documents(big / "tiny-1000000.yaml", 1000)
    assert (big / "docs-20000.yaml").read_text().count("\n---\n") == 19
    bench.big_files(big, runs=1, wanted={6, 7, 8})
    lines = capsys.readouterr().out.splitlines()
    verdict = r"\(target <= {}x\): (met|NOT met)"
    assert len(lines) == 5
    assert re.match(r"6    one file of 20,000 small documents: [0-9]+ ms vs its composition with "
                    r"the GC off [0-9]+ ms = [0-9.]+x " + verdict.format("1.5")
                    + r"; peak [0-9.]+ MiB$", lines[0]), lines[0]
    for line, what in zip(lines[1:4], ("20,000 small documents", "100,000 small etcd pods",
                                        "a million tiny documents")):
        assert re.match(rf"7    peak memory on one file of {what} \([0-9.]+ MiB\): [0-9]+ MiB = "
                        r"[0-9.]+x its size " + verdict.format("30") + r"; [0-9.]+ s$",
                        line), line
    assert re.match(r"8    time linear in size: 40,000 documents: [0-9]+ ms vs 20,000 of the "
                    r"same kinds [0-9]+ ms = [0-9.]+x " + verdict.format("2.2")
                    + r"; peak [0-9.]+ MiB$", lines[4]), lines[4]


def test_the_configmaps_target_prints_its_line(tmp_path, capsys):
    from generate import make_configmaps

    path = tmp_path / "configmaps" / "configmaps-16000.yaml"
    make_configmaps(path, 64)
    text = path.read_text()
    assert text.count("\nkind: ConfigMap\n") == 56 and text.count("\nkind: Pod\n") == 8
    assert text.count("configMapRef: {name: etcd-") == 16
    bench.many_configmaps(path)
    line = capsys.readouterr().out
    assert re.match(r"14   peak memory on one file of 16,000 ConfigMaps \([0-9.]+ MiB\): "
                    r"[0-9]+ MiB = [0-9.]+x its size \(target <= 30x\): (met|NOT met); "
                    r"[0-9.]+ s\n$", line), line


def test_untrusted_inputs_print_one_line_each(tmp_path, capsys):
    assert untrusted_runner.measure(tmp_path, runs=1) in (True, False)
    lines = capsys.readouterr().out.splitlines()
    assert [line.split(":")[0] for line in lines] == [
        "untrusted item  4", "untrusted item  4", "untrusted item  8", "untrusted item  8",
        "untrusted item  9", "untrusted item 10", "untrusted item nesting",
        "untrusted item config", "untrusted item config", "untrusted item config",
        "untrusted item config"]
    exits = []
    for line in lines:
        found = re.match(r"untrusted item +([0-9]+|nesting|config): .+ \([0-9]+ KiB\): [0-9.]+ s, "
                         r"peak [0-9]+ MiB, exit ([0-9/]+) \(target <= 2 s, <= 200 MiB\): "
                         r"(met|NOT met)$", line)
        assert found, line
        exits.append(found.group(2))
    # the configurations are refused (exit 2), the rest linted
    assert exits == ["1", "1", "1", "1", "1", "0", "1", "2", "2", "2", "2"]
    assert (tmp_path / "billion-laughs" / "patch.yaml").stat().st_size == 440
    assert (tmp_path / "compose" / "compose.yaml").stat().st_size == 2108


def test_untrusted_kustomize_inputs_are_the_reproductions_of_the_targets(tmp_path, capsys):
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import untrusted_kustomize as uk
    sys.path.pop(0)

    uk.make_diamond(tmp_path / "diamond")
    files = [p for p in (tmp_path / "diamond").rglob("*") if p.is_file()]
    assert len(files) == 29 and sum(p.stat().st_size for p in files) < 2048
    uk.make_many_patches(tmp_path / "patches")
    patches = list((tmp_path / "patches" / "overlay").glob("p*.yaml"))
    assert len(patches) == 1000
    assert 1_600_000 <= sum(p.stat().st_size for p in patches) <= 1_800_000
    uk.make_many_operations(tmp_path / "operations")
    ops = (tmp_path / "operations" / "overlay" / "ops.yaml").read_text()
    assert ops.count("- op: add\n") == 20000
    assert uk.measure(23, "nothing", [sys.executable, "-c", "pass"], tmp_path, 1, 0) is True
    line = capsys.readouterr().out
    assert re.match(r"23   nothing: [0-9]+ ms CPU \([0-9]+ ms wall\), peak [0-9]+ MiB, exit 0 "
                    r"\(target <= 2 s, <= 200 MiB, exit 0\): met\n$", line), line
    # A run that ends otherwise than the target's does (etcdlint not found, say) is not met.
    assert uk.measure(23, "nothing", [sys.executable, "-c", "pass"], tmp_path, 1, 1) is False
    assert capsys.readouterr().out.endswith(", exit 0 (target <= 2 s, <= 200 MiB, exit 1): "
                                            "NOT met\n")


def test_the_kustomize_fix_target_has_a_fix_to_apply(tmp_path):
    # Target 22's --fix turns client certificates on again in the overlay's last patch (its
    # build checked again), and its commands import this tree's etcdlint from anywhere.
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import untrusted_kustomize as uk
    sys.path.pop(0)

    uk.make_many_patches(tmp_path, count=3)
    last = tmp_path / "overlay" / "p0002.yaml"
    before = last.read_text()
    _, _, _, code = uk.run_once(uk.etcdlint("-q", "--fix", "."), tmp_path)
    assert code == 1  # (other findings remain: the patch replaces the whole command)
    assert last.read_text() == before.replace("--client-cert-auth=false", "--client-cert-auth=true")
