"""Fuzzing: arbitrary text and mutated manifests never break the linter, the reports or the
fixer. ETCDLINT_FUZZ_EXAMPLES raises the example count for a longer run."""

import json
import os
from pathlib import Path

from hypothesis import HealthCheck, given, settings, strategies as st

from etcdlint.engine.lint import LintOptions, lint_file
from etcdlint.engine.run import finish_run
from etcdlint.fixing.run import fix_bytes
from etcdlint.report import github, json_report, sarif, text
from etcdlint.text.textfile import LineIndex, decode
from etcdlint.text.compose import compose_documents

EXAMPLES = int(os.environ.get("ETCDLINT_FUZZ_EXAMPLES", "150"))
SEEDS = [p.read_bytes() for p in sorted((Path(__file__).parent / "fixtures" / "fix").glob("*.yaml"))]
SEEDS += [p.read_bytes() for p in sorted((Path(__file__).parent.parent / "examples").rglob("*.yaml"))]
FUZZ = settings(max_examples=EXAMPLES, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
OPTIONS = LintOptions(prefilter=False)


@st.composite
def mutated(draw):
    data = bytearray(draw(st.sampled_from(SEEDS)))
    for _ in range(draw(st.integers(1, 8))):
        if not data:
            break
        at = draw(st.integers(0, len(data) - 1))
        op = draw(st.sampled_from(["delete", "insert", "replace", "duplicate"]))
        chunk = draw(st.sampled_from([b"\n", b" ", b"\t", b"-", b":", b"'", b'"', b"[", b"{",
                                      b"#", b"&a", b"*a", b"<<: *a", b"\\", b"\r\n", b"\x00",
                                      b"\xff", b"--auto-tls", b"=", b"$(", b"${", b"\xef\xbb\xbf"]))
        if op == "delete":
            del data[at:at + draw(st.integers(1, 20))]
        elif op == "insert":
            data[at:at] = chunk
        elif op == "replace":
            data[at:at + len(chunk)] = chunk
        else:
            end = min(len(data), at + draw(st.integers(1, 80)))
            data[at:at] = data[at:end]
    return bytes(data)


def check_everything(data: bytes):
    result = lint_file("f.yaml", data, OPTIONS)
    run = finish_run([result], OPTIONS, [])
    lines = None
    if result.source is not None:
        lines = LineIndex(result.source.text).line_count
    for item in run.diagnostics:
        assert 1 <= item.start.line <= (lines or 1)
        assert item.start.column >= 1 and item.end.column >= 1
        assert (item.end.line, item.end.column) >= (item.start.line, item.start.column)
        if item.diagnostic.fix is not None:
            for edit in item.diagnostic.fix.edits:
                assert 0 <= edit.span.start <= edit.span.end <= len(result.source.text)
    json.loads(json_report.render(run))
    json.loads(sarif.render(run))
    for out in (text.render(run), github.render(run)):
        assert "\x1b" not in out and "\x00" not in out
    outcome = fix_bytes("f.yaml", data, OPTIONS, ("safe", "unsafe"))
    if outcome.changed:
        docs, failure = compose_documents(decode("f.yaml", outcome.fixed).text)
        assert failure is None


@FUZZ
@given(st.text(max_size=400))
def test_arbitrary_text(value):
    check_everything(value.encode("utf-8", "surrogatepass"))


@FUZZ
@given(st.binary(max_size=300))
def test_arbitrary_bytes(value):
    check_everything(value)


@FUZZ
@given(mutated())
def test_mutated_manifests(value):
    check_everything(value)
