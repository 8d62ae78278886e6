"""Per corpus file: the etcd configurations etcdlint finds (by source) and its findings.

    python benchmarks/corpus_report.py [CORPUS_DIR]      (default: ../shared/corpus)

The output is compared with tests/corpus_expected.txt by the test suite; a change in it is
reviewed by hand before that file is updated.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

from etcdlint.engine.lint import LintOptions, lint_file
from etcdlint.engine.run import finish_run


def corpus_files(corpus: Path):
    return sorted(p for p in corpus.rglob("*") if p.is_file() and p.name != "PROVENANCE.md")


def report(corpus: Path) -> str:
    options = LintOptions()
    results = []
    for path in corpus_files(corpus):
        name = path.relative_to(corpus).as_posix()
        results.append(lint_file(name, path.read_bytes(), options))
    # (what each file found, before finish_run consumes the results' configurations)
    found_in = []
    for result in results:
        found = Counter(f"etcd:{c.source}" for c in result.etcd)
        found.update(f"apiserver:{a.source}" for a in result.apiservers)
        found_in.append(found)
    run = finish_run(results, options, [])
    lines = []
    totals: Counter = Counter()
    for result, found in zip(results, found_in):
        totals.update(found)
        sources = " ".join(f"{k}x{v}" for k, v in sorted(found.items())) or "-"
        diags = [d for d in run.diagnostics if d.diagnostic.path == result.path]
        shown = " ".join(f"{d.start.line}:{d.start.column}:{d.diagnostic.rule}" for d in diags) or "-"
        lines.append(f"{result.path}\n  found: {sources}\n  diagnostics: {shown}")
    lines.append("totals: " + " ".join(f"{k}x{v}" for k, v in sorted(totals.items())))
    return "\n".join(lines) + "\n"


def main() -> int:
    corpus = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[2] / "shared" / "corpus"
    sys.stdout.write(report(corpus))
    return 0


if __name__ == "__main__":
    sys.exit(main())
