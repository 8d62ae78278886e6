"""What linting gives: one file's result, and a whole run's."""

from __future__ import annotations

from typing import Dict, List, Optional

from etcdlint.model import ApiServerConfig, Diagnostic, EtcdConfig, LocatedDiagnostic
from etcdlint.records import field, record
from etcdlint.engine.suppress import Suppression
from etcdlint.text.textfile import LineIndex, SourceText


@record(frozen=False)
class FileResult:
    path: str
    source: Optional[SourceText]
    etcd: List[EtcdConfig]
    apiservers: List[ApiServerConfig]
    diagnostics: List[Diagnostic]
    suppressions: List[Suppression] = field(default_factory=list)
    internal_errors: List[str] = field(default_factory=list)
    index: Optional[LineIndex] = None
    documents: Optional[list] = None  # the composed documents, when asked to keep them
    notes: List[str] = field(default_factory=list)  # what was not modelled, once each
    skipped_template: bool = False  # a Jinja template that is not YAML once its tags are aside


@record(frozen=False)
class LintResult:
    diagnostics: List[LocatedDiagnostic]
    files: int
    configurations: int
    sources: Dict[str, SourceText]
    internal_errors: List[str]
    indexes: Dict[str, LineIndex] = field(default_factory=dict)  # of the files in ``sources``
    skipped_templates: int = 0  # Helm chart templates not linted (repo.helm)
    skipped_jinja: int = 0  # Jinja templates that are not YAML once their tags are set aside
    notes: List[str] = field(default_factory=list)  # what was not modelled, once each
