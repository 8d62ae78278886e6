"""Mutation fuzzing of --fix over the real manifests of ../shared/corpus: every fixed text
re-parses, loads to the same data except for the fixed settings, ends as the original ended,
leaves every suppressed finding as it was and no suppression without a purpose. ETCDLINT_FUZZ_EXAMPLES raises the example
count for a longer run."""

import os
from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from conftest import CORPUS
from etcdlint.engine.lint import LintOptions, lint_file
from etcdlint.engine.run import finish_run
from etcdlint.fixing.run import fix_bytes
from etcdlint.fixing.verify import same_documents
from etcdlint.text.textfile import decode
from etcdlint.text.compose import compose_documents

pytestmark = pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not present")

EXAMPLES = int(os.environ.get("ETCDLINT_FUZZ_EXAMPLES", "60"))
SEEDS = sorted(CORPUS.rglob("*.y*ml")) if CORPUS.is_dir() else []
OPTIONS = LintOptions(prefilter=False)
CHUNKS = [b"\n", b"\r\n", b" ", b"-", b":", b"'", b'"', b"#", b"\\", b"&a", b"*a",
          b"--auto-tls", b"--client-cert-auth=false", b"  # etcdlint: disable=ETCD002\n",
          b"# etcdlint: disable-next-line=ETCD003\n", b"--enable-pprof", b"=", b"true"]


@st.composite
def mutated(draw):
    data = bytearray(draw(st.sampled_from(SEEDS)).read_bytes())
    if draw(st.booleans()):
        data = bytearray(bytes(data).replace(b"\n", b"\r\n"))
    if draw(st.booleans()):
        data = bytearray(bytes(data).rstrip(b"\r\n"))
    for _ in range(draw(st.integers(0, 6))):
        if not data:
            break
        at = draw(st.integers(0, len(data) - 1))
        op = draw(st.sampled_from(["delete", "insert", "duplicate-line"]))
        if op == "delete":
            del data[at:at + draw(st.integers(1, 12))]
        elif op == "insert":
            data[at:at] = draw(st.sampled_from(CHUNKS))
        else:
            start = data.rfind(b"\n", 0, at) + 1
            end = data.find(b"\n", at)
            end = len(data) if end < 0 else end + 1
            data[end:end] = data[start:end]
    return bytes(data)


def _ending(data: bytes) -> bytes:
    return b"\r\n" if data.endswith(b"\r\n") else b"\n" if data.endswith(b"\n") else b""


@settings(max_examples=EXAMPLES, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(mutated())
def test_fixing_a_mutated_corpus_file_changes_only_the_fixed_settings(data):
    outcome = fix_bytes("f.yaml", data, OPTIONS, ("safe", "unsafe"))
    if not outcome.changed:
        return
    before, after = decode("f.yaml", data).text, decode("f.yaml", outcome.fixed).text
    _, failure = compose_documents(after)
    assert failure is None
    names = {name for diag, _, _ in outcome.applied for name in diag.fix.names}
    assert same_documents(before, after, names) is None
    assert _ending(outcome.fixed) == _ending(data)
    original = lint_file("f.yaml", data, OPTIONS)
    suppressed = {(d.rule, d.message) for d in original.diagnostics
                  if any(s.covers(d, original.index.position(d.span.start).line)
                         for s in original.suppressions)}
    assert not suppressed & {(d.rule, d.message) for d, _, _ in outcome.applied}
    fixed = lint_file("f.yaml", outcome.fixed, OPTIONS)
    still = {(d.rule, d.message) for d in fixed.diagnostics}
    assert suppressed <= still
    # nothing the run reports becomes more frequent: no suppression loses its purpose (ETCD301)
    assert not reported(fixed) - reported(original)


def reported(result):
    run = finish_run([result], OPTIONS, [])
    return Counter(item.diagnostic.rule for item in run.diagnostics)


def test_the_corpus_has_seeds():
    assert SEEDS
