"""What ``--fix`` costs when no fix applies, against a plain lint of the same file; and that
the cost stays linear in the file's size.

    python benchmarks/refused_fixes.py [--pods 1000 2000] [--runs 5]

Two files of N etcd pods each:

- *predicted*: each pod has ``--auto-tls`` and ``--peer-auto-tls`` on https:// listeners and no
  certificates. Removing either would stop etcd (ETCD213): the rules know it from the
  configuration and offer no fix, so ``--fix`` costs one lint of the file (target: at most
  1.2x a plain lint).
- *refused*: each pod reads a config file (``--config``) and suppresses ETCD001 on that line;
  the unsafe fix to ``--config-file`` would leave the suppression without a purpose (ETCD301),
  which only the fixed text shows: every fix is tried and refused. ``--fix`` judges the fixes
  document by document, a few lints of the file whatever N.

For each file, the ratio printed is ``--fix`` over a plain lint, both less the start-up (a run
on a one-pod file): the work each does on the pods. Exits 1 when that ratio at the largest N
is more than 1.25 times the ratio at the smallest (a path that grows faster than the file),
when the predicted ratio misses its target, or when ``--fix`` changed a file. Median CPU
time of whole processes on one core (``--jobs 1``), the two commands alternating.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

PREDICTED = ("---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: etcd-{i}\nspec:\n"
             "  containers:\n  - name: etcd\n    image: registry.k8s.io/etcd:3.5.21-0\n"
             "    command:\n    - etcd\n    - --auto-tls\n    - --peer-auto-tls\n"
             "    - --listen-client-urls=https://10.0.0.5:2379\n"
             "    - --listen-peer-urls=https://10.0.0.5:2380\n")
REFUSED = ("---\nkind: Pod\nmetadata:\n  name: etcd-{i}\nspec:\n  containers:\n"
           "  - command: [etcd, --config=/etc/etcd/etcd.conf.yml]  # etcdlint: disable=ETCD001\n")
GROWTH = 1.25  # how much the ratio may grow from the smallest N to the largest
PREDICTED_TARGET = 1.2


def pods(template: str, count: int) -> bytes:
    return "".join(template.format(i=i) for i in range(count)).encode()


def seconds(cmd) -> float:
    """The CPU time (user and system) of one whole process: on a machine others share, far
    steadier than its wall time, and the same thing for a run on one core (``--jobs 1``)."""
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, _, usage = os.wait4(proc.pid, 0)
    return usage.ru_utime + usage.ru_stime


def measure(path: Path, runs: int, extra=(), pick=statistics.median):
    """(plain lint, --fix): the ``pick`` (median) of their seconds."""
    lint = [sys.executable, "-m", "etcdlint", "--jobs", "1", *extra, str(path)]
    fix = [sys.executable, "-m", "etcdlint", "--fix", "--jobs", "1", *extra, str(path)]
    seconds(lint), seconds(fix)  # unmeasured: warm the caches
    plain, fixing = [], []
    for _ in range(runs):
        plain.append(seconds(lint))
        fixing.append(seconds(fix))
    return pick(plain), pick(fixing)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pods", type=int, nargs="+", default=[1000, 2000])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        for what, template, extra in (("predicted", PREDICTED, ()),
                                      ("refused", REFUSED, ("--unsafe-fixes",))):
            start = Path(tmp) / f"{what}-1.yaml"
            start.write_bytes(pods(template, 1))
            # The start-up (one pod) is a small fixed cost taken off both: its least of three
            # times the runs, the figure a busy moment of the machine moves least (a median of
            # five moved it by 15 ms, a tenth of the ratio).
            plain0, fixing0 = measure(start, args.runs * 3, extra, pick=min)
            ratios = []
            for count in args.pods:
                path = Path(tmp) / f"{what}-{count}.yaml"
                data = pods(template, count)
                path.write_bytes(data)
                plain, fixing = measure(path, args.runs, extra)
                if path.read_bytes() != data:
                    print(f"FAIL {what}: {count} pods: --fix changed the file: no fix applies")
                    return 1
                ratio = (fixing - fixing0) / max(plain - plain0, 1e-3)
                ratios.append(ratio)
                print(f"{what:9} {count} pods in one file: --fix {fixing * 1000:.0f} ms, plain "
                      f"lint {plain * 1000:.0f} ms = {fixing / plain:.2f}x; less the start-up "
                      f"({fixing0 * 1000:.0f} ms, {plain0 * 1000:.0f} ms): {ratio:.2f}x")
            grows = ratios[-1] > ratios[0] * GROWTH
            print(f"{'FAIL' if grows else 'ok  '} {what}: the ratio at {args.pods[-1]} pods is "
                  f"{ratios[-1] / ratios[0]:.2f} times the ratio at {args.pods[0]} "
                  f"(at most {GROWTH}: linear)")
            ok = ok and not grows
            if what == "predicted":
                met = ratios[-1] <= PREDICTED_TARGET
                print(f"{'ok  ' if met else 'FAIL'} predicted: --fix costs {ratios[-1]:.2f}x a "
                      f"plain lint (target <= {PREDICTED_TARGET}x)")
                ok = ok and met
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
