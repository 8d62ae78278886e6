"""Kustomize inputs a hostile (or merely odd) pull request can hold: each must be linted in at
most 2 s and 200 MiB.

    python benchmarks/untrusted_kustomize.py [--runs 3] [--only 20,21,22,23]

20  13 levels of two kustomizations, each listing both of the next level (28 files, 1 KB):
    each base is built once, and kustomize's refusal of a resource added twice is noted.
21  an overlay of 1,000 strategic-merge patch files (1.7 MB), the last one deciding a finding.
22  ``--diff`` and ``--fix`` on that overlay (the fix is checked without building every
    overlay again for each fix tried).
23  a JSON patch of 20,000 ``add`` operations (1.5 MB), and the same in JSON syntax (1.7 MB).

Each command runs as a whole process (``python -m etcdlint -j 1``); the figures are the
median CPU time (user + system: the wall time of the process on an idle machine, and what a
busy shared machine does not inflate), the median wall time beside it, and the largest peak
RSS of ``--runs`` runs. The verdict reads the CPU time and the peak RSS; the exit code is 1
when a target is not met.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PY = sys.executable
ROOT = Path(__file__).resolve().parent.parent
SECONDS, MIB = 2.0, 200.0
KUSTOMIZE_TARGETS = frozenset((20, 21, 22, 23))

BASE = (
    "apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: etcd\nspec:\n  template:\n"
    "    spec:\n      containers:\n      - name: etcd\n        image: registry.k8s.io/etcd:3.5.21-0\n"
    "        command:\n        - etcd\n        - --client-cert-auth=true\n"
    "        - --trusted-ca-file=/pki/ca.crt\n        - --cert-file=/pki/server.crt\n"
    "        - --key-file=/pki/server.key\n")
PATCH_HEAD = ("apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: etcd\nspec:\n"
              "  template:\n    spec:\n      containers:\n      - name: etcd\n")


def _write(root: Path, files) -> None:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def make_diamond(root: Path, levels: int = 13) -> None:
    files = {"kustomization.yaml": "resources:\n- l1a\n- l1b\n", "pod/etcd.yaml": BASE,
             "pod/kustomization.yaml": "resources:\n- etcd.yaml\n"}
    for level in range(1, levels + 1):
        for side in "ab":
            if level < levels:
                body = f"resources:\n- ../l{level + 1}a\n- ../l{level + 1}b\n"
            else:
                body = "resources:\n- ../pod\n"  # (a base: a file above is refused)
            files[f"l{level}{side}/kustomization.yaml"] = body
    _write(root, files)


def make_many_patches(root: Path, count: int = 1000) -> None:
    """Patches that each annotate the pod template (a file the pre-filter passes by: only its
    overlay's build reads it), the last one turning client certificates off."""
    files = {"base/kustomization.yaml": "resources:\n- etcd.yaml\n", "base/etcd.yaml": BASE}
    entries = []
    for i in range(count):
        padding = "".join(f"# change {i}: reviewed line {j} of the change log of this overlay\n"
                          for j in range(23))
        if i == count - 1:  # (its CA kept: turning them on again is the fix --fix tries)
            body = (PATCH_HEAD + "        command:\n        - etcd\n"
                    "        - --client-cert-auth=false\n        - --trusted-ca-file=/pki/ca.crt\n"
                    "        - --cert-file=/pki/server.crt\n        - --key-file=/pki/server.key\n")
        else:
            body = (PATCH_HEAD.split("    spec:")[0] + "    metadata:\n      annotations:\n"
                    f"        example.com/change-{i}: '{i}'\n")
        files[f"overlay/p{i:04d}.yaml"] = padding + body
        entries.append(f"- path: p{i:04d}.yaml\n")
    files["overlay/kustomization.yaml"] = "resources:\n- ../base\npatches:\n" + "".join(entries)
    _write(root, files)


def make_many_operations(root: Path, count: int = 20000) -> None:
    # half add a label (a key of a mapping), half append an environment variable
    ops = "".join(f"- op: add\n  path: /metadata/labels/l{i}\n  value: v\n" if i % 2 else
                  "- op: add\n  path: /spec/template/spec/containers/0/env/-\n"
                  f"  value:\n    name: V{i}\n    value: x\n" for i in range(count))
    _write(root, {
        "base/kustomization.yaml": "resources:\n- etcd.yaml\n",
        "base/etcd.yaml": BASE.replace("metadata:\n  name: etcd\n",
                                       "metadata:\n  name: etcd\n  labels: {}\n")
                              + "        env: []\n",
        "overlay/kustomization.yaml": ("resources:\n- ../base\npatches:\n"
                                       "- target: {kind: StatefulSet, name: etcd}\n"
                                       "  path: ops.yaml\n"),
        "overlay/ops.yaml": ops})


def make_json_operations(root: Path, count: int = 20000) -> None:
    """Target 23's patch written as JSON (one flow list of flow mappings)."""
    ops = ",\n".join(
        f'{{"op": "add", "path": "/metadata/labels/l{i}", "value": "v"}}' if i % 2 else
        '{"op": "add", "path": "/spec/template/spec/containers/0/env/-", '
        f'"value": {{"name": "V{i}", "value": "x"}}}}' for i in range(count))
    make_many_operations(root, 0)
    _write(root, {"overlay/ops.yaml": "[" + ops + "]\n"})


def run_once(cmd, cwd: Path, prepare=None):
    """(CPU seconds, peak RSS MiB, wall seconds, exit code) of one whole process, which
    imports the etcdlint of this source tree whatever its working directory."""
    if prepare is not None:
        prepare()
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(
        p for p in (str(ROOT), os.environ.get("PYTHONPATH")) if p))
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL)
    proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    return (usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024,
            time.perf_counter() - start, os.waitstatus_to_exitcode(status))


def measure(number: int, what: str, cmd, cwd: Path, runs: int, expect: int,
            prepare=None) -> bool:
    """Whether ``cmd`` stays within the bounds, each run ending with exit code ``expect`` (a
    run that fails early would be quick for no merit)."""
    results = [run_once(cmd, cwd, prepare) for _ in range(runs)]
    seconds = statistics.median(r[0] for r in results)
    wall = statistics.median(r[2] for r in results)
    rss = max(r[1] for r in results)
    codes = sorted({r[3] for r in results})
    met = seconds <= SECONDS and rss <= MIB and codes == [expect]
    print(f"{number}   {what}: {seconds * 1000:.0f} ms CPU ({wall * 1000:.0f} ms wall), peak "
          f"{rss:.0f} MiB, exit {', '.join(map(str, codes))} (target <= {SECONDS:.0f} s, "
          f"<= {MIB:.0f} MiB, exit {expect}): {'met' if met else 'NOT met'}")
    return met


def etcdlint(*args):
    return [PY, "-m", "etcdlint", "-j", "1", *args]


def kustomize_targets(data: Path, runs: int, wanted) -> bool:
    """Targets 20 to 23 on inputs made under ``data``; True when every one run is met."""
    ok = True
    data.mkdir(parents=True, exist_ok=True)
    diamond, patches, operations = data / "diamond", data / "patches", data / "operations"
    if not diamond.is_dir():
        make_diamond(diamond)
    if not patches.is_dir():
        make_many_patches(patches)
    if not operations.is_dir():
        make_many_operations(operations)
    json_operations = data / "operations-json"
    if not json_operations.is_dir():
        make_json_operations(json_operations)
    if 20 in wanted:
        ok &= measure(20, "13 levels of two kustomizations listing both of the next",
                      etcdlint("-q", "."), diamond, runs, 1)
    if 21 in wanted:
        ok &= measure(21, "an overlay of 1,000 patch files (1.7 MB)", etcdlint("-q", "."),
                      patches, runs, 1)
    if 22 in wanted:
        work = data / "patches-fix"

        def fresh_copy():
            shutil.rmtree(work, ignore_errors=True)
            shutil.copytree(patches, work)

        fresh_copy()
        ok &= measure(22, "--diff on that overlay", etcdlint("-q", "--diff", "."), work, runs, 1)
        ok &= measure(22, "--fix on that overlay", etcdlint("-q", "--fix", "."), work, runs, 1,
                      prepare=fresh_copy)
    if 23 in wanted:
        ok &= measure(23, "a JSON patch of 20,000 add operations (1.5 MB)",
                      etcdlint("-q", "."), operations, runs, 1)
        ok &= measure(23, "the same in JSON syntax (1.7 MB)", etcdlint("-q", "."),
                      json_operations, runs, 1)
    return ok


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--only", default="20,21,22,23")
    parser.add_argument("--data", default=None, help="where the inputs are made (default: a "
                        "temporary folder)")
    args = parser.parse_args(argv)
    wanted = {int(n) for n in args.only.split(",") if n.strip()}
    if args.data is not None:
        return 0 if kustomize_targets(Path(args.data), args.runs, wanted) else 1
    with tempfile.TemporaryDirectory() as tmp:
        return 0 if kustomize_targets(Path(tmp), args.runs, wanted) else 1


if __name__ == "__main__":
    sys.exit(main())
