"""Which findings make the exit code 1: those at or above the ``fail-on`` severity.

The default, ``warning``, is chosen from what comparable tools do and from what a pre-commit
user needs:

- yamllint exits 1 on errors and 0 on warnings unless ``--strict`` (then 2)
  (adrienverge/yamllint, ``yamllint/cli.py`` at 02e5c3a, ``run``);
- ruff exits 1 on any reported violation (astral-sh/ruff, ``crates/ruff/src/lib.rs`` at
  03e3ba0, ``check``), and ShellCheck exits 1 on any comment at or above ``--severity``, whose default
  ``style`` is every comment (koalaman/shellcheck, ``shellcheck.1.md``);
- Trivy reports everything and exits 0 unless ``--exit-code`` is given
  (aquasecurity/trivy, ``pkg/flag/report_flags.go``, ``ExitCodeFlag``).

etcdlint's warnings include a CIS control (ETCD007, CIS 2.7) and settings etcd silently
ignores, so they fail like errors, as ruff and ShellCheck would fail them; its notes are
advice (a plaintext metrics listener, simple auth tokens) and, as in yamllint, do not block a
commit.
"""

from __future__ import annotations

from typing import Iterable

SEVERITY_RANK = {"note": 0, "warning": 1, "error": 2}
DEFAULT_FAIL_ON = "warning"


def failing(diagnostics: Iterable, fail_on: str = DEFAULT_FAIL_ON) -> int:
    """How many located diagnostics are at or above ``fail_on``."""
    floor = SEVERITY_RANK[fail_on]
    return sum(1 for item in diagnostics if SEVERITY_RANK[item.diagnostic.severity] >= floor)
