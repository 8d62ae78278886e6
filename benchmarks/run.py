"""Time etcdlint against the baselines of its speed targets, on this machine.

    python benchmarks/run.py [--runs 5] [--data DIR] [--checkov PATH] [--only 6,7,8,13]

Targets 20 to 23 are Kustomize inputs a hostile pull request can hold (each <= 2 s and
<= 200 MiB: benchmarks/untrusted_kustomize.py says what each is).

Generates the inputs (benchmarks/generate.py) when missing, compiles etcdlint's bytecode (as
any install does; a source tree run with PYTHONDONTWRITEBYTECODE would otherwise recompile
every module at each start), runs every command as a whole process several times (median wall
time; peak RSS from the child's rusage: the largest single process), prints each target as a
ratio measured in the same run, and checks that the findings are identical with and without
the pre-filter and the process pool. Exits 1 when that check fails, or when target 10 finds
the cost of ``--fix`` growing faster than the file (``refused_fixes.py``); the other ratios are
reported, not asserted (they depend on the machine). ``--only`` runs the targets named (the
check of the findings always runs).
Target 13 is benchmarks/untrusted.py: hostile inputs, each within 2 s and 200 MiB (a case
past its bound makes the exit status 1 too). Target 14 is the peak memory on one file of
16,000 ConfigMaps (a few etcd pods refer to some of them), against its size.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import make_big, make_configmaps, make_pods, make_pods_file, make_tree  # noqa: E402
import refused_fixes  # noqa: E402
import untrusted  # noqa: E402
from untrusted_kustomize import KUSTOMIZE_TARGETS, kustomize_targets  # noqa: E402

PY = sys.executable
WALK_AND_READ = """
import os, sys
for root, dirs, files in os.walk(sys.argv[1]):
    for name in files:
        with open(os.path.join(root, name), "rb") as fh:
            fh.read()
"""
COMPOSE_GC_OFF = """
import gc, sys
gc.disable()
from ruamel.yaml import YAML
loader = YAML(typ="safe", pure=False)
with open(sys.argv[1], "rb") as fh:
    for _ in loader.compose_all(fh.read().decode()):
        pass
"""
COMPOSE_ONLY = """
import os, sys
from ruamel.yaml import YAML
loader = YAML(typ="safe", pure=False)
for root, dirs, files in os.walk(sys.argv[1]):
    for name in files:
        with open(os.path.join(root, name), "rb") as fh:
            list(loader.compose_all(fh.read().decode()))
"""


def run_once(cmd, prepare=None):
    """(seconds, peak RSS MiB) of one whole process."""
    if prepare:
        prepare()
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, _, usage = os.wait4(proc.pid, 0)
    return time.perf_counter() - start, usage.ru_maxrss / 1024


def measure_pair(base_cmd, our_cmd, runs, prepare=None, warmup=2):
    """Both commands, alternately, so that a busy moment of the machine hits both alike:
    (base median s, our median s, our peak RSS MiB). Each runs ``warmup`` times unmeasured
    first (caches, after the heavy runs of the previous target)."""
    for _ in range(warmup):
        run_once(base_cmd)
        run_once(our_cmd, prepare=prepare)
    base, ours = [], []
    for _ in range(runs):
        base.append(run_once(base_cmd))
        ours.append(run_once(our_cmd, prepare=prepare))
    return (statistics.median(t for t, _ in base), statistics.median(t for t, _ in ours),
            max(m for _, m in ours))


def etcdlint(*args):
    return [PY, "-m", "etcdlint", *args]


def findings(*args, env=None):
    out = subprocess.run(etcdlint("--format", "json", *args), capture_output=True, text=True,
                         env=env).stdout
    return [(d["path"], d["line"], d["column"], d["rule"], d["message"])
            for d in json.loads(out)["diagnostics"]]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--data", default=os.path.join(tempfile.gettempdir(), "etcdlint-bench"))
    parser.add_argument("--checkov", default=shutil.which("checkov"),
                        help="the checkov executable for target 4 (default: checkov on PATH)")
    parser.add_argument("--only", default="1,2,3,4,5,6,7,8,9,10,11,12,13,14,20,21,22,23",
                        help="the targets to run, by number (default: all)")
    args = parser.parse_args()
    wanted = {int(n) for n in args.only.split(",") if n.strip()}
    data = Path(args.data)
    tree, pods, big = data / "tree", data / "pods", data / "big"
    if not tree.is_dir():
        make_tree(tree)
    if not pods.is_dir():
        make_pods(pods)
    if not big.is_dir():
        make_big(big)
    # A named file is judged with the other files of its folder (its cluster scope): the one
    # small manifest of target 1 stands alone in its folder, as in a node's manifests folder.
    one = data / "one" / "etcd.yaml"
    if not one.is_file():
        one.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(pods / "etcd-0001.yaml", one)
    runs = max(5, args.runs)
    compileall.compile_dir(str(HERE.parent / "etcdlint"), quiet=1)
    print(f"etcdlint benchmarks: at least {runs} runs each, median wall time, peak RSS; "
          f"{os.cpu_count()} CPUs; Python {sys.version.split()[0]}")

    ok = True
    plain = findings(str(tree), "-j", "1")
    unfiltered = findings(str(tree), "-j", "1", env=dict(os.environ, ETCDLINT_PREFILTER="0"))
    pooled = findings(str(tree), "-j", "2")
    if not (plain == unfiltered == pooled):
        print("FAIL findings differ with/without the pre-filter or the process pool")
        ok = False
    else:
        print(f"ok   same {len(plain)} findings on the tree with and without the pre-filter "
              "and the process pool")
    if findings(str(pods), "-j", "1") != findings(str(pods), "-j", "2"):
        print("FAIL findings on the pods differ with and without the process pool")
        ok = False

    if 1 in wanted:
        # A one-file run is short and this figure the noisiest: eight times as many pairs.
        base_import, one_file, one_rss = measure_pair(
            [PY, "-c", "import ruamel.yaml"], etcdlint("-q", str(one)), runs * 8)
        report(1, "one small manifest", one_file, base_import, 1.5,
               "python -c 'import ruamel.yaml'", one_rss)

    if 2 in wanted:
        walk, tree_time, tree_rss = measure_pair(
            [PY, "-c", WALK_AND_READ, str(tree)], etcdlint("-q", str(tree)), runs)
        report(2, "10,000-file tree", tree_time, walk, 2.0, "walk and read every byte", tree_rss)
        print(f"     peak memory {tree_rss:.1f} MiB (target <= 80 MiB): "
              f"{'met' if tree_rss <= 80 else 'NOT met'}")

    if 3 in wanted:
        # Targets 3 and 5 take about a second a pair: twice as many pairs, for a steadier median.
        compose, pods_time, pods_rss = measure_pair(
            [PY, "-c", COMPOSE_ONLY, str(pods)], etcdlint("-q", str(pods)), runs * 2)
        report(3, "1,000 etcd pods", pods_time, compose, 1.5, "compose with the C loader",
               pods_rss)

    if 5 in wanted:
        work = data / "pods-fix"

        def fresh_copy():
            shutil.rmtree(work, ignore_errors=True)
            shutil.copytree(pods, work)

        lint_time, fix_time, fix_rss = measure_pair(
            etcdlint("-q", str(pods)), etcdlint("-q", "--fix", str(work)), runs * 2,
            prepare=fresh_copy)
        report(5, "--fix on the 1,000 pods", fix_time, lint_time, 2.0,
               "target 3's etcdlint run", fix_rss)

    if 4 in wanted:
        if args.checkov:
            compare_checkov(args.checkov, pods, tree, data, runs)
        else:
            print("4    Checkov is not installed here (--checkov PATH): its comparison is skipped")

    if wanted & {6, 7, 8}:
        big_files(big, runs, wanted)
    if 9 in wanted:
        one_file_of_pods(data, runs)
    if 10 in wanted:
        # --fix where no fix applies: predicted refusals cost one lint; refused ones stay
        # linear. Its own exit status says whether the ratio grew with the size.
        print("10   --fix where every fix is withheld or refused (benchmarks/refused_fixes.py; "
              "CPU time):")
        if refused_fixes.main(["--pods", "1000", "2000", "--runs", str(runs)]) != 0:
            ok = False
    if 11 in wanted:
        lint_time, sarif_time, sarif_rss = measure_pair(
            etcdlint("-q", str(pods)), etcdlint("-q", "--format", "sarif", str(pods)),
            runs * 2)
        report(11, "--format sarif on the 1,000 pods", sarif_time, lint_time, 1.2,
               "target 3's etcdlint run", sarif_rss)
    if 12 in wanted:  # side files that never end, or are huge: bounded by the door
        from side_files import run as side_files

        if not side_files(data, "12"):
            ok = False
    if 13 in wanted:
        # each case a few seconds at worst before its fix: three runs each
        print("13   hostile inputs (benchmarks/untrusted.py), each <= 2 s and <= 200 MiB:")
        if not untrusted.measure(data / "untrusted", 3):
            ok = False
    if 14 in wanted:
        many_configmaps(data / "configmaps" / "configmaps-16000.yaml")
    if wanted & KUSTOMIZE_TARGETS:
        kustomize_targets(data / "kustomize", runs, wanted)
    return 0 if ok else 1


def many_configmaps(path):
    """Target 14: peak memory on one file of 16,000 ConfigMaps with sizeable ``data`` and
    eight etcd pods that refer to some of them (``envFrom``, ``configMapKeyRef``, a mounted
    ``--config-file``), against the file's size. Peak memory varies little: one run."""
    if not path.is_file():
        make_configmaps(path)
    seconds, rss = run_once(etcdlint("-q", str(path)))
    size = path.stat().st_size / (1024 * 1024)
    ratio = rss / size
    print(f"14   peak memory on one file of 16,000 ConfigMaps ({size:.1f} MiB): {rss:.0f} MiB = "
          f"{ratio:.1f}x its size (target <= 30x): {'met' if ratio <= 30 else 'NOT met'}; "
          f"{seconds:.1f} s")


def one_file_of_pods(data, runs):
    """Target 9: one file of 2,000 etcd pods (half with --auto-tls, whose removal is offered),
    against composing it; and 4,000 of them against 2,000 (linear)."""
    files = {}
    for count in (2000, 4000):
        files[count] = data / "one-file" / f"pods-{count}.yaml"
        if not files[count].is_file():
            make_pods_file(files[count], count)
    compose, ours, rss = measure_pair([PY, "-c", COMPOSE_GC_OFF, str(files[2000])],
                                      etcdlint("-q", str(files[2000])), runs)
    report(9, "one file of 2,000 etcd pods", ours, compose, 2.5,
           "its composition with the GC off", rss)
    one, two, rss = measure_pair(etcdlint("-q", str(files[2000])),
                                 etcdlint("-q", str(files[4000])), runs)
    report(9, "time linear in size: one file of 4,000 etcd pods", two, one, 2.2,
           "2,000 of them", rss)


def big_files(big, runs, wanted):
    """Targets 6 to 8: single big files, composed and judged a document at a time."""
    docs, docs2 = big / "docs-20000.yaml", big / "docs-40000.yaml"
    if 6 in wanted:
        compose, ours, rss = measure_pair([PY, "-c", COMPOSE_GC_OFF, str(docs)],
                                          etcdlint("-q", str(docs)), runs, warmup=1)
        report(6, "one file of 20,000 small documents", ours, compose, 1.5,
               "its composition with the GC off", rss)
    if 7 in wanted:
        # Peak memory varies little from run to run: one run of each file.
        for what, path in (("20,000 small documents", docs),
                           ("100,000 small etcd pods", big / "pods-100000.yaml"),
                           ("a million tiny documents", big / "tiny-1000000.yaml")):
            seconds, rss = run_once(etcdlint("-q", str(path)))
            size = path.stat().st_size / (1024 * 1024)
            ratio = rss / size
            print(f"7    peak memory on one file of {what} ({size:.1f} MiB): {rss:.0f} MiB = "
                  f"{ratio:.1f}x its size (target <= 30x): {'met' if ratio <= 30 else 'NOT met'}"
                  f"; {seconds:.1f} s")
    if 8 in wanted:
        one, two, rss = measure_pair(etcdlint("-q", str(docs)), etcdlint("-q", str(docs2)), runs,
                                     warmup=1)
        report(8, "time linear in size: 40,000 documents", two, one, 2.2,
               "20,000 of the same kinds", rss)


def compare_checkov(checkov, pods, tree, data, runs):
    """Target 4 on the 1,000 pods of targets 3 and 5, and on 1,000 files of the tree (what a
    repository holds: mostly files without etcd). Checkov runs its Kubernetes checks only
    (``--framework kubernetes``), its fastest setting for these inputs."""
    version = subprocess.run([checkov, "--version"], capture_output=True, text=True).stdout
    sample = data / "tree-sample-1000"
    if not sample.is_dir():
        sample.mkdir()
        for number, path in enumerate(sorted(tree.rglob("*.yaml"))[:1000]):
            shutil.copy(path, sample / f"{number:04d}-{path.name}")
    for what, folder in (("the 1,000 etcd pods", pods), ("1,000 files of the tree", sample)):
        theirs, ours, their_rss, our_rss = [], [], [], []
        for _ in range(runs):
            seconds, rss = run_once([checkov, "-d", str(folder), "--framework", "kubernetes",
                                     "--quiet", "--compact"])
            theirs.append(seconds)
            their_rss.append(rss)
            seconds, rss = run_once(etcdlint("-q", str(folder)))
            ours.append(seconds)
            our_rss.append(rss)
        speed = statistics.median(theirs) / statistics.median(ours)
        memory = max(their_rss) / max(our_rss)
        verdict = "met" if speed >= 50 and memory >= 5 else "NOT met"
        print(f"4    Checkov {version.strip()} on {what}: {statistics.median(theirs):.1f} s, "
              f"{max(their_rss):.0f} MiB vs etcdlint {statistics.median(ours) * 1000:.0f} ms, "
              f"{max(our_rss):.0f} MiB = {speed:.0f}x faster (target >= 50x), "
              f"{memory:.1f}x less memory (target >= 5x): {verdict}")


def report(number, what, ours, base, target, base_what, rss):
    ratio = ours / base
    verdict = "met" if ratio <= target else "NOT met"
    print(f"{number}    {what}: {ours * 1000:.0f} ms vs {base_what} {base * 1000:.0f} ms = "
          f"{ratio:.2f}x (target <= {target}x): {verdict}; peak {rss:.1f} MiB")


if __name__ == "__main__":
    sys.exit(main())
