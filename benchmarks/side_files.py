"""Side files that never end, or are huge, against the one door (issue: each must finish in
under 2 s and 200 MB).

    python benchmarks/side_files.py [--data DIR]

Each case is a small repository whose compose ``.env``, ``env_file``, ``.gitignore`` or
configured baseline is a symbolic link to ``/dev/zero`` or a FIFO nobody writes to, or a
9 MiB ``env_file`` (under the default 10 MiB ``max-file-size``): one etcdlint process each,
wall time and peak RSS (the child's rusage) printed against the target. Reported, not
asserted: the figures depend on the machine.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
COMPOSE = """\
services:
  etcd:
    image: quay.io/coreos/etcd:v3.5.12
    env_file: {env_file}
    command: ["sh", "-c", "exec etcd --client-cert-auth=$${{A}}"]
"""
SECONDS, MIB = 2.0, 200.0


def _repo(top: Path, name: str, env_file: str = "[]") -> Path:
    repo = top / name
    if repo.exists():
        shutil.rmtree(repo)
    (repo / ".git").mkdir(parents=True)
    (repo / "compose.yaml").write_text(COMPOSE.format(env_file=env_file))
    return repo


def cases(top: Path):
    """(what, repository, arguments)."""
    repo = _repo(top, "dotenv-zero")
    os.symlink("/dev/zero", repo / ".env")
    yield ".env -> /dev/zero", repo, ["compose.yaml"]
    repo = _repo(top, "dotenv-fifo")
    os.mkfifo(repo / ".env")
    yield ".env a FIFO nobody writes", repo, ["compose.yaml"]
    repo = _repo(top, "env-file-zero", "zero.env")
    os.symlink("/dev/zero", repo / "zero.env")
    yield "env_file -> /dev/zero", repo, ["compose.yaml"]
    repo = _repo(top, "env-file-big", "big.env")
    with open(repo / "big.env", "w") as fh:
        fh.write("A=true\n")
        line = "B=" + "x" * 1022 + "\n"
        for _ in range(9 * 1024):
            fh.write(line)
    yield "a 9 MiB env_file", repo, ["compose.yaml"]
    repo = _repo(top, "gitignore-zero")
    os.symlink("/dev/zero", repo / ".gitignore")
    yield ".gitignore -> /dev/zero", repo, ["."]
    repo = _repo(top, "baseline-zero")
    os.symlink("/dev/zero", repo / "baseline.json")
    (repo / ".etcdlint.yaml").write_text("baseline: baseline.json\n")
    yield "configured baseline -> /dev/zero", repo, ["compose.yaml"]
    repo = _repo(top, "baseline-cli-zero")
    os.symlink("/dev/zero", repo / "baseline.json")
    yield "--baseline -> /dev/zero", repo, ["--baseline", "baseline.json", "compose.yaml"]


def run_once(args, cwd: Path, timeout: float = 60.0):
    """(seconds, peak RSS MiB, exit code) of one etcdlint process (killed after ``timeout``)."""
    env = dict(os.environ, PYTHONPATH=str(HERE.parent))
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "etcdlint", *args], cwd=cwd, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = start + timeout
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        if time.perf_counter() > deadline:
            proc.kill()
            pid, status, usage = os.wait4(proc.pid, 0)
            break
        time.sleep(0.01)
    return time.perf_counter() - start, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status)


def run(data: Path, number: str = "12") -> bool:
    """Print each case's figures; True when every one met the target."""
    top = data / "side-files"
    top.mkdir(parents=True, exist_ok=True)
    ok = True
    for what, repo, args in cases(top):
        seconds, rss, code = run_once(args, repo)
        met = seconds <= SECONDS and rss <= MIB
        ok = ok and met
        print(f"{number}    side file {what}: {seconds:.2f} s, {rss:.0f} MiB, exit {code} "
              f"(target <= {SECONDS:.0f} s, <= {MIB:.0f} MiB): {'met' if met else 'NOT met'}")
    return ok


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", default=os.path.join(tempfile.gettempdir(), "etcdlint-bench"))
    args = parser.parse_args()
    run(Path(args.data))
    return 0


if __name__ == "__main__":
    sys.exit(main())
