"""Spread per-file work over forked worker processes, for large inputs only.

A run over a few files never pays for workers. Where the platform can fork, the input is dealt
out into one slice per CPU (every n-th item); each slice but the last goes to a forked child
(which inherits the run's options, reads its own files and sends back plain results through a
pipe); the parent works through the last slice meanwhile. Results come back in input order. A
child that fails has its slice redone in the parent.

Workers never outlive the run: when the parent is interrupted (SIGINT, or SIGTERM turned into
``Terminated`` by ``sigterm_interrupts``) it terminates its workers and waits for them before
the interruption goes on; on Linux a worker also gets SIGTERM when its parent dies in any
other way (``PR_SET_PDEATHSIG``). A worker takes SIGINT and SIGTERM with their default action
(it stops at once: the writer holds them while a file is being replaced).
"""

from __future__ import annotations

import os
import sys
from contextlib import contextmanager
from typing import Callable, Dict, List, Optional, Sequence, Tuple, TypeVar

T = TypeVar("T")

# Below this many files a single process is faster than starting workers.
POOL_THRESHOLD = 200


def default_jobs() -> int:
    """One process per CPU this one may run on; one only when the machine is already busy
    (a load average, over the last minute, of as many runnable processes as CPUs): workers
    would wait for a CPU, and the run would take longer than in one process."""
    try:
        cpus = max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # pragma: no cover - not Linux
        cpus = max(1, os.cpu_count() or 1)
    try:
        busy = os.getloadavg()[0] >= cpus
    except (AttributeError, OSError):  # (no load average on this platform)
        busy = False
    return 1 if busy else cpus


def run_per_file(task: Callable[[Tuple[str, str]], T], items: Sequence[Tuple[str, str]],
                 jobs: int, before_fork: Optional[Callable[[], None]] = None) -> List[T]:
    """``[task(item) for item in items]``, spread over ``jobs`` processes when worth it.

    ``before_fork`` runs once before the workers start (imports every worker would
    otherwise do again on its own)."""
    items = list(items)
    if jobs <= 1 or len(items) < POOL_THRESHOLD or not hasattr(os, "fork"):
        return [task(item) for item in items]
    from importlib import import_module

    import_module("pickle")  # once, for every worker
    if before_fork is not None:
        before_fork()
    if sys.platform.startswith("linux"):
        import_module("ctypes")  # for PR_SET_PDEATHSIG in every worker
    # Every jobs-th item to each process: the files that need parsing (often kept together in
    # a few folders) are spread evenly, so no process is left with all of them.
    count = min(jobs, len(items))
    slices = [items[i::count] for i in range(count)]
    live: Dict[int, Optional[int]] = {}  # worker pid -> read end of its pipe (None: closed)
    try:
        children = [(part, _fork(task, part, live)) for part in slices[:-1]]
        results: List[T] = [None] * len(items)  # type: ignore[list-item]
        results[count - 1::count] = [task(item) for item in slices[-1]]
        for i, (part, child) in enumerate(children):
            results[i::count] = _collect(task, part, child, live)
    except BaseException:
        _end(live)
        raise
    return results


class Terminated(KeyboardInterrupt):
    """SIGTERM, handled like an interrupt: the run stops and cleans up."""


@contextmanager
def sigterm_interrupts():
    """Within the block, SIGTERM raises ``Terminated`` (in the main thread only)."""
    import signal

    def stop(signum, frame):
        raise Terminated()
    try:
        previous = signal.signal(signal.SIGTERM, stop)
    except (ValueError, OSError, AttributeError):  # not the main thread, or no SIGTERM
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _end(live: Dict[int, Optional[int]]) -> None:
    """Terminate the workers still running and wait until each is gone."""
    import signal

    for pid in live:
        try:
            os.kill(pid, signal.SIGTERM)
        except OSError:
            pass
    for pid, read_fd in list(live.items()):
        if read_fd is not None:
            os.close(read_fd)
        try:
            os.waitpid(pid, 0)
        except OSError:
            pass
        del live[pid]


def _die_with_parent(parent: int) -> None:
    """In a worker: default signal actions, and SIGTERM when the parent dies (Linux)."""
    import signal

    for name in ("SIGINT", "SIGTERM"):
        signal.signal(getattr(signal, name), signal.SIG_DFL)
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            # PR_SET_PDEATHSIG is 1 (torvalds/linux, include/uapi/linux/prctl.h)
            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM, 0, 0, 0)
        except (OSError, AttributeError):  # pragma: no cover - no prctl
            pass
    if os.getppid() != parent:  # the parent died before the line above
        os._exit(1)


def _fork(task, part, live: Dict[int, Optional[int]]):
    """Start a child working on ``part``: (pid, read end of its pipe), or None. The child is
    entered in ``live`` until it is reaped."""
    try:
        read_fd, write_fd = os.pipe()
    except OSError:
        return None
    parent = os.getpid()
    try:
        pid = os.fork()
    except OSError:
        os.close(read_fd)
        os.close(write_fd)
        return None
    if pid == 0:  # the child
        import pickle

        code = 0
        try:
            _die_with_parent(parent)
            os.close(read_fd)
            data = pickle.dumps([task(item) for item in part], pickle.HIGHEST_PROTOCOL)
            view = memoryview(data)
            while view:
                written = os.write(write_fd, view)
                view = view[written:]
        except BaseException:
            code = 1
        finally:
            os._exit(code)
    live[pid] = read_fd
    os.close(write_fd)
    return pid, read_fd


def _collect(task, part, child, live: Dict[int, Optional[int]]) -> list:
    if child is None:
        return [task(item) for item in part]
    pid, read_fd = child
    chunks = []
    try:
        while True:
            chunk = os.read(read_fd, 1 << 20)
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        live[pid] = None
        os.close(read_fd)
    _, status = os.waitpid(pid, 0)
    del live[pid]
    if status != 0 or not chunks:
        return [task(item) for item in part]
    import pickle

    return pickle.loads(b"".join(chunks))
