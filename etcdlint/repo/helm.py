"""Helm charts: the files under ``templates/`` of a directory holding ``Chart.yaml`` are Go
templates, not YAML. Helm's chart loader (helm/helm v3, ``pkg/chart/loader/load.go``) makes
every chart file whose path starts with ``templates/`` a template, at any depth; a subchart
under ``charts/`` has a ``Chart.yaml`` of its own. etcdlint skips them and counts them; a
rendered chart is linted instead (``helm template … | etcdlint - --stdin-filename …``)."""

from __future__ import annotations

import os
from typing import Dict, List, Sequence, Tuple

CHART_FILE = "Chart.yaml"
_MARK = os.sep + "templates" + os.sep


def split_chart_templates(files: Sequence) -> Tuple[List, int]:
    """``files`` (InputFile) without the Helm chart templates, and how many those were.
    Standard input is never a template: it is what ``helm template`` rendered."""
    kept: List = []
    skipped = 0
    memo: Dict[str, bool] = {}
    for f in files:
        if f.fs_path != "-" and f.error is None and is_chart_template(f.fs_path, memo):
            skipped += 1
        else:
            kept.append(f)
    return kept, skipped


def is_chart_template(path: str, memo: Dict[str, bool]) -> bool:
    """True when ``path`` is under ``templates/`` of a chart (at any depth below it)."""
    if "templates" not in path:  # most files of most trees: one substring test
        return False
    absolute = os.path.abspath(path)
    at = absolute.find(_MARK)
    while at >= 0:
        chart = absolute[:at] or os.sep
        found = memo.get(chart)
        if found is None:
            found = memo[chart] = os.path.isfile(os.path.join(chart, CHART_FILE))
        if found:
            return True
        at = absolute.find(_MARK, at + 1)
    return False
