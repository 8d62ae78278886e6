"""One lint run: read, parse, locate, resolve, check, and place every diagnostic."""

from __future__ import annotations

import re
import sys
import traceback
from dataclasses import dataclass, field
from typing import Callable, Dict, FrozenSet, Iterable, List, Optional, Tuple

from etcdlint.model import (ApiServerConfig, Diagnostic, EtcdConfig, LocatedDiagnostic, Span)
from etcdlint.rules import BY_CODE, RULES
from etcdlint.rules.base import RuleOptions, RunView
from etcdlint.sources import FileContext, locate_all
from etcdlint.textfile import DecodeError, LineIndex, SourceText, decode
from etcdlint.yamlnodes import compose_documents

# A file that matches none of these cannot configure etcd or kube-apiserver's client CA.
# (A kubeadm control plane, a kind cluster, a k3s server with cluster-init or an etcd config
# file runs or configures etcd even when the word appears nowhere in the file.)
_MAY_HOLD_ETCD = re.compile(
    rb"etcd|ETCD|Etcd|client-ca-file|KubeadmControlPlane|kind\.x-k8s\.io|cluster-init|controlplane"
    rb"|-transport-security|listen-client-urls|listen-peer-urls|initial-cluster")
DEFAULT_MAX_BYTES = 10 * 1024 * 1024


@dataclass(frozen=True)
class LintOptions:
    select: Optional[FrozenSet[str]] = None
    ignore: FrozenSet[str] = frozenset()
    rule_options: RuleOptions = field(default_factory=RuleOptions)
    max_bytes: int = DEFAULT_MAX_BYTES
    prefilter: bool = True

    def enabled(self, code: str) -> bool:
        if code in self.ignore:
            return False
        return self.select is None or code in self.select


@dataclass
class FileResult:
    path: str
    source: Optional[SourceText]
    etcd: List[EtcdConfig]
    apiservers: List[ApiServerConfig]
    diagnostics: List[Diagnostic]
    internal_error: Optional[str] = None


@dataclass
class LintResult:
    diagnostics: List[LocatedDiagnostic]
    files: int
    configurations: int
    sources: Dict[str, SourceText]
    internal_errors: List[str]


def lint_file(path: str, data: bytes, options: LintOptions) -> FileResult:
    """Everything that can be known from one file alone."""
    if len(data) > options.max_bytes:
        return FileResult(path, None, [], [], [_unreadable(
            path, Span(0, 0), f"file is {len(data)} bytes, over the {options.max_bytes}-byte limit: "
                              "skipped")])
    if options.prefilter and not _MAY_HOLD_ETCD.search(data):
        return FileResult(path, None, [], [], [])
    try:
        source = decode(path, data)
    except DecodeError as exc:
        return FileResult(path, None, [], [], [_unreadable(path, Span(0, 0), str(exc))])
    docs, failure = compose_documents(source.text)
    diagnostics: List[Diagnostic] = []
    if failure is not None:
        index = LineIndex(source.text)
        if failure.line is not None:
            offset = index.offset(failure.line + 1, (failure.column or 0) + 1)
        else:
            offset = 0
        end = offset + 1 if offset < len(source.text) and source.text[offset] not in "\r\n" else offset
        diagnostics.append(_unreadable(path, Span(offset, end), f"invalid YAML: {failure.message}"))
    ctx = FileContext(path, source.text, docs)
    etcd: List[EtcdConfig] = []
    apiservers: List[ApiServerConfig] = []
    for found in locate_all(ctx):
        if isinstance(found, EtcdConfig):
            etcd.append(found)
        else:
            apiservers.append(found)
    for config in etcd:
        for rule in RULES:
            if rule.check is not None and options.enabled(rule.code):
                diagnostics.extend(rule.check(config, options.rule_options))
    return FileResult(path, source, etcd, apiservers, diagnostics)


def lint_inputs(inputs: Iterable[Tuple[str, Callable[[], bytes]]],
                options: LintOptions) -> LintResult:
    """Lint ``(display path, read bytes)`` pairs, then run the cross-file rules."""
    results: List[FileResult] = []
    internal: List[str] = []
    for path, read in inputs:
        try:
            data = read()
        except OSError as exc:
            results.append(FileResult(path, None, [], [], [_unreadable(
                path, Span(0, 0), f"cannot read: {exc.strerror or exc}")]))
            continue
        try:
            results.append(lint_file(path, data, options))
        except Exception:  # an etcdlint bug must not stop the run
            detail = traceback.format_exc(limit=-3).strip().splitlines()[-1]
            internal.append(f"{path}: internal error: {detail}")
            results.append(FileResult(path, None, [], [], [], internal_error=detail))
    return finish_run(results, options, internal)


def finish_run(results: List[FileResult], options: LintOptions,
               internal: List[str]) -> LintResult:
    run = RunView([c for r in results for c in r.etcd], [a for r in results for a in r.apiservers])
    diagnostics = [d for r in results for d in r.diagnostics]
    for rule in RULES:
        if rule.check_run is not None and options.enabled(rule.code):
            diagnostics.extend(rule.check_run(run, options.rule_options))
    sources = {r.path: r.source for r in results if r.source is not None}
    located = _locate(diagnostics, sources, options)
    return LintResult(located, len(results), len(run.etcd), sources, internal)


def _locate(diagnostics: List[Diagnostic], sources: Dict[str, SourceText],
            options: LintOptions) -> List[LocatedDiagnostic]:
    indexes: Dict[str, LineIndex] = {}
    seen = set()
    out: List[LocatedDiagnostic] = []
    for diag in diagnostics:
        if not options.enabled(diag.rule):
            continue
        key = (diag.rule, diag.path, diag.span, diag.message)
        if key in seen:
            continue
        seen.add(key)
        rule = BY_CODE.get(diag.rule)
        severity = options.rule_options.severity.get(diag.rule, diag.severity) if rule else diag.severity
        if severity != diag.severity:
            diag = Diagnostic(diag.rule, diag.cis, severity, diag.message, diag.path, diag.span, diag.fix)
        source = sources.get(diag.path)
        if source is None:
            index = indexes.setdefault(diag.path, LineIndex(""))
        else:
            index = indexes.get(diag.path) or indexes.setdefault(diag.path, LineIndex(source.text))
        out.append(LocatedDiagnostic(diag, index.position(diag.span.start), index.position(diag.span.end)))
    out.sort(key=lambda d: (d.diagnostic.path, d.start.line, d.start.column, d.diagnostic.rule,
                            d.diagnostic.message))
    return out


def _unreadable(path: str, span: Span, message: str) -> Diagnostic:
    rule = BY_CODE["ETCD000"]
    return Diagnostic(rule.code, None, rule.severity, message, path, span)


def read_stdin() -> bytes:
    return sys.stdin.buffer.read()
