"""etcdlint on hostile repositories: each input a stranger's pull request could hold to make a
run slow or large, each to finish in at most 2 s and 200 MiB.

    python benchmarks/untrusted.py [--runs 3] [--data DIR]

Each case is generated (small files: the point is what etcdlint makes of them), linted by a
whole process several times, and printed with its median wall time and peak RSS (the
child's rusage). The cases:

- aliases: a 440-byte strategic-merge patch whose aliases name 9 ** 9 strings ("billion
  laughs"), in a Kustomize overlay; and a patch whose alias is inside its own anchor;
- k8s-expansion: a 40 KB Pod whose 20,000-character argument holds ``$(A)``, ``A`` being
  20,000 characters long; and the same through ``sh -c`` and ``${A}``;
- compose-interpolation: a 100 KB ``.env`` value named 1,000 times in a 2 KB command;
- talhelper: 400 control-plane nodes and 400 one-line top-level patches (62 KB);
- nesting: a 98 KB manifest of 100,000 nested ``[`` (reported at level 201, ETCD000);
- configuration: a 354-byte billion-laughs ``.etcdlint.yaml``, and an ``.etcdlint.yaml`` or
  ``pyproject.toml`` nested 5,000 levels deep (each refused: etcdlint exits 2).

Reported, and the exit code is 1 when a case misses its bound or ends with another exit code
than its own (timings depend on the machine: run it on an idle one).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PY = sys.executable
SECONDS, MIB = 2.0, 200.0

POD = ("apiVersion: v1\nkind: Pod\nmetadata:\n  name: etcd-01\nspec:\n  containers:\n"
       "  - name: etcd\n    image: registry.k8s.io/etcd:3.5.21-0\n")


def billion_laughs(root: Path) -> Path:
    lines = ["apiVersion: v1", "kind: Pod", "metadata: {name: etcd-01}", "spec:", "  x:",
             '    a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for prev, name in zip("abcdefgh", "bcdefghi"):
        lines.append(f"    {name}: &{name} [{','.join(['*' + prev] * 9)}]")
    return _overlay(root / "billion-laughs", "\n".join(lines) + "\n")


def recursive_alias(root: Path) -> Path:
    return _overlay(root / "recursive-alias", "apiVersion: v1\nkind: Pod\n"
                    "metadata: {name: etcd-01}\nspec:\n  x: &x {y: *x}\n")


def _overlay(folder: Path, patch: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "kustomization.yaml").write_text("resources: [pod.yaml]\n"
                                               "patchesStrategicMerge: [patch.yaml]\n")
    (folder / "pod.yaml").write_text(POD + "    command: [etcd, --client-cert-auth=false]\n")
    (folder / "patch.yaml").write_text(patch)
    return folder


def long_reference(root: Path) -> Path:
    path = root / "k8s-expansion.yaml"
    path.write_text(POD + "    env:\n    - name: A\n      value: " + "a" * 20_000 + "\n"
                    "    command:\n    - etcd\n"
                    f"    - --name={'y' * 9_990}$(A){'z' * 9_990}\n")
    return path


def long_shell_reference(root: Path) -> Path:
    path = root / "sh-expansion.yaml"
    path.write_text(POD + "    env:\n    - name: A\n      value: " + "a" * 20_000 + "\n"
                    "    command: [sh, -c]\n"
                    f"    args:\n    - exec etcd --name={'y' * 9_990}${{A}}{'z' * 9_990}\n")
    return path


def compose_interpolation(root: Path) -> Path:
    folder = root / "compose"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / ".env").write_text("A=" + "v" * 100_000 + "\n")
    path = folder / "compose.yaml"
    path.write_text("services:\n  etcd:\n    image: quay.io/coreos/etcd:v3.5.21\n"
                    "    command: etcd --client-cert-auth=false --name=" + "$A" * 1000 + "\n")
    return path


def talhelper(root: Path) -> Path:
    lines = ["clusterName: lab", "nodes:"]
    lines += [f"  - {{hostname: control-plane-{i:03d}, ipAddress: 10.0.{i // 250}.{i % 250}, "
              "controlPlane: true}" for i in range(400)]
    lines.append("patches:")
    lines += ["  - '{cluster: {etcd: {extraArgs: {listen-metrics-urls: "
              f"\"http://0.0.0.0:{2381 + i}\"}}}}}}}}'" for i in range(400)]
    path = root / "talconfig.yaml"
    path.write_text("\n".join(lines) + "\n")
    return path


def deep_flow(root: Path) -> Path:
    path = root / "deep-flow.yaml"
    path.write_text("etcd: " + "[" * 100_000 + "\n")
    return path


def _configured(folder: Path, name: str, content: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "etcd.yaml").write_text(POD + "    command: [etcd]\n")
    (folder / name).write_text(content)
    return folder


def config_billion_laughs(root: Path) -> Path:
    bomb = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
        f"{b}: &{b} [{','.join(['*' + a] * 9)}]\n" for a, b in zip("abcdefgh", "bcdefghi"))
    return _configured(root / "config-billion-laughs", ".etcdlint.yaml",
                       bomb + "exclude: *i\n")


def config_deep_flow(root: Path) -> Path:
    return _configured(root / "config-deep-flow", ".etcdlint.yaml",
                       "exclude: " + "[" * 5000 + "]" * 5000 + "\n")


def config_deep_block(root: Path) -> Path:
    return _configured(root / "config-deep-block", ".etcdlint.yaml",
                       "exclude:\n" + "- " * 5000 + "x\n")


def config_deep_toml(root: Path) -> Path:
    return _configured(root / "config-deep-toml", "pyproject.toml",
                       "[project]\nname = 'x'\n\n[tool.etcdlint]\nexclude = "
                       + "[" * 5000 + "]" * 5000 + "\n")


# (item, what, generator, the exit code etcdlint ends with on it)
CASES = (
    ("4", "a 440-byte billion-laughs strategic-merge patch", billion_laughs, 1),
    ("4", "a recursive alias in a strategic-merge patch", recursive_alias, 1),
    ("8", "$(A) of 20,000 characters in a 20,000-character argument", long_reference, 1),
    ("8", "${A} of 20,000 characters in an sh -c script", long_shell_reference, 1),
    ("9", "a 100 KB .env value named 1,000 times in a 2 KB command", compose_interpolation, 1),
    ("10", "talhelper: 400 nodes x 400 top-level patches", talhelper, 0),
    ("nesting", "100,000 nested [ in a manifest", deep_flow, 1),
    ("config", "a 354-byte billion-laughs .etcdlint.yaml", config_billion_laughs, 2),
    ("config", "an .etcdlint.yaml of 5,000 nested [", config_deep_flow, 2),
    ("config", "an .etcdlint.yaml of 5,000 nested block sequences", config_deep_block, 2),
    ("config", "a pyproject.toml of 5,000 nested [", config_deep_toml, 2),
)


def run_once(path: Path):
    """(seconds, peak RSS MiB, exit code) of one etcdlint process."""
    start = time.perf_counter()
    proc = subprocess.Popen([PY, "-m", "etcdlint", "-q", "--jobs", "1", str(path)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    return time.perf_counter() - start, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status)


def measure(data: Path, runs: int) -> bool:
    """Generate, run and print every case; whether all met their bounds."""
    data.mkdir(parents=True, exist_ok=True)
    ok = True
    for item, what, make, code in CASES:
        path = make(data)
        files = (path.rglob("*") if path.is_dir() else
                 [path] if path.parent == data else path.parent.iterdir())
        size = sum(p.stat().st_size for p in files)
        results = [run_once(path) for _ in range(runs)]
        seconds = statistics.median(t for t, _, _ in results)
        rss = max(m for _, m, _ in results)
        codes = sorted({c for _, _, c in results})
        met = seconds <= SECONDS and rss <= MIB and codes == [code]
        ok = ok and met
        print(f"untrusted item {item:>2}: {what} ({size / 1024:.0f} KiB): {seconds:.2f} s, "
              f"peak {rss:.0f} MiB, exit {'/'.join(map(str, codes))} (target <= {SECONDS:.0f} s, "
              f"<= {MIB:.0f} MiB): {'met' if met else 'NOT met'}")
    return ok


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--data", default=os.path.join(tempfile.gettempdir(),
                                                       "etcdlint-bench", "untrusted"))
    args = parser.parse_args(argv)
    return 0 if measure(Path(args.data), max(1, args.runs)) else 1


if __name__ == "__main__":
    sys.exit(main())
