import io
import sys
from pathlib import Path

import pytest

from etcdlint.cli import main
from etcdlint.engine.lint import LintOptions, lint_inputs

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"


def lint_files(files, options=None):
    """Lint ``{path: text-or-bytes}`` in memory; return the LintResult."""
    def reader(data):
        raw = data if isinstance(data, bytes) else data.encode("utf-8")
        return lambda: raw
    return lint_inputs([(p, reader(d)) for p, d in files.items()], options or LintOptions())


def codes(text, path="m.yaml", options=None):
    """``["line:col CODE", ...]`` for one file."""
    result = lint_files({path: text}, options)
    return [f"{d.start.line}:{d.start.column} {d.diagnostic.rule}" for d in result.diagnostics]


def messages(text, path="m.yaml"):
    result = lint_files({path: text})
    return [f"{d.start.line}:{d.start.column} {d.diagnostic.rule} {d.diagnostic.message}"
            for d in result.diagnostics]


class CliRun:
    def __init__(self, code, out, err):
        self.code, self.out, self.err = code, out, err


@pytest.fixture
def cli(monkeypatch, capsys):
    def run(*args, stdin=None, cwd=None):
        if stdin is not None:
            monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin.encode())))
        if cwd is not None:
            monkeypatch.chdir(cwd)
        monkeypatch.delenv("FORCE_COLOR", raising=False)
        code = main(list(args))
        captured = capsys.readouterr()
        return CliRun(code, captured.out, captured.err)
    return run


def pod(lines, header=None):
    """A Pod whose first container runs ``lines`` (already indented list items)."""
    head = header or (
        "apiVersion: v1\n"
        "kind: Pod\n"
        "metadata:\n"
        "  name: etcd\n"
        "spec:\n"
        "  containers:\n"
        "  - name: etcd\n"
        "    image: registry.k8s.io/etcd:3.5.21-0\n"
    )
    return head + lines


@pytest.fixture
def unpredicted(monkeypatch):
    """The rules offer the fixes ``rules.withheld`` holds back because of auto TLS, as if the
    configuration did not predict their refusal: what ``--fix`` itself does with them (refuse
    them, and say why) is what is left to see."""
    from etcdlint.rules import withheld

    monkeypatch.setattr(withheld, "listener_tls", lambda config, side: None)
