"""What ``--fix`` costs when every fix is refused, against a plain lint of the same file.

    python benchmarks/refused_fixes.py [--pods 400 800] [--runs 5]

One file of N etcd pods, each with ``--auto-tls`` and ``--peer-auto-tls`` on https:// listeners
and no certificates: the two fixes each pod offers (removing them) would add ETCD213 (etcd
would refuse to start), so every one of them is refused and nothing is written. ``--fix`` judges a batch of
fixes document by document, so it costs a few lints of the file whatever N; the ratio printed
(median wall time of whole processes, the two commands alternating) should stay flat as N
grows. Reported, not asserted: timings depend on the machine.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

POD = ("---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: etcd-{i}\nspec:\n  containers:\n"
       "  - name: etcd\n    image: registry.k8s.io/etcd:3.5.21-0\n    command:\n    - etcd\n"
       "    - --auto-tls\n    - --peer-auto-tls\n"
       "    - --listen-client-urls=https://10.0.0.5:2379\n"
       "    - --listen-peer-urls=https://10.0.0.5:2380\n")


def pods_needing_certificates(count: int) -> bytes:
    return "".join(POD.format(i=i) for i in range(count)).encode()


def seconds(cmd) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def measure(path: Path, runs: int):
    lint = [sys.executable, "-m", "etcdlint", "--jobs", "1", str(path)]
    fix = [sys.executable, "-m", "etcdlint", "--fix", "--jobs", "1", str(path)]
    seconds(lint), seconds(fix)  # unmeasured: warm the caches
    plain, fixing = [], []
    for _ in range(runs):
        plain.append(seconds(lint))
        fixing.append(seconds(fix))
    return statistics.median(plain), statistics.median(fixing)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pods", type=int, nargs="+", default=[400, 800])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        for count in args.pods:
            path = Path(tmp) / f"pods-{count}.yaml"
            data = pods_needing_certificates(count)
            path.write_bytes(data)
            plain, fixing = measure(path, args.runs)
            if path.read_bytes() != data:
                print(f"{count} pods: --fix changed the file: every fix should be refused")
                return 1
            print(f"{count} pods in one file, every fix refused: --fix {fixing * 1000:.0f} ms,"
                  f" plain lint {plain * 1000:.0f} ms = {fixing / plain:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
