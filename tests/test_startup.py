"""What a run imports: only the rule modules whose checks it runs, only the chosen report
format's module; and the garbage collector while the command starts."""

import gc
import os
import subprocess
import sys

import etcdlint.rules as registry
from conftest import ROOT, SUPPRESSIBLE_POD, etcd_pod

# Runs etcdlint in a fresh interpreter, then prints its exit code and the etcdlint.rules and
# etcdlint.report modules it imported.
SCRIPT = """
import sys
from etcdlint.cli import main
code = main(sys.argv[1:])
print(code)
print(" ".join(sorted(m for m in sys.modules if m.startswith(("etcdlint.rules.",
                                                               "etcdlint.report.")))))
"""
APISERVER = """\
apiVersion: v1
kind: Pod
metadata: {name: kube-apiserver, namespace: kube-system}
spec:
  containers:
  - name: kube-apiserver
    image: registry.k8s.io/kube-apiserver:v1.31.0
    command:
    - kube-apiserver
    - --etcd-servers=https://10.0.0.5:2379
"""
CONFIGMAP = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: etcd}\ndata: {a: b}\n"
FORMATS = ("text", "json_report", "sarif", "github", "gitlab", "junit")


def imported(tmp_path, files, *args):
    """(exit code, codes of the rule modules imported, report format modules imported)."""
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    env.pop("FORCE_COLOR", None)
    proc = subprocess.run([sys.executable, "-c", SCRIPT, *args, *files], cwd=tmp_path,
                          env=env, capture_output=True, text=True, check=True)
    code, modules = proc.stdout.splitlines()[-2:]
    modules = modules.split()
    rules = sorted(code for code, (module, _) in registry.MODULES.items()
                   if f"etcdlint.rules.{module}" in modules)
    formats = sorted(m.rsplit(".", 1)[1] for m in modules if m.rsplit(".", 1)[1] in FORMATS)
    return int(code), rules, formats


def test_a_file_without_etcd_imports_no_rule_check(tmp_path):
    assert imported(tmp_path, {"cm.yaml": CONFIGMAP}, "-q") == (0, ["ETCD000"], ["text"])


def test_an_etcd_pod_imports_its_checks_and_not_those_of_api_servers_or_suppressions(tmp_path):
    code, rules, formats = imported(tmp_path, {"etcd.yaml": etcd_pod()}, "-q")
    assert (code, formats) == (0, ["text"])
    assert rules == sorted(("ETCD000", "ETCD007", "ETCD212") + registry.codes_of(registry.CHECK))
    assert sorted(set(registry.ALL_CODES) - set(rules)) == [
        "ETCD101", "ETCD102", "ETCD103", "ETCD214", "ETCD301", "ETCD302"]


def test_a_selection_imports_only_the_selected_checks(tmp_path):
    """ETCD212's document check runs whatever the selection: the duplicate keys it finds
    withhold the fixes that would touch them."""
    assert imported(tmp_path, {"etcd.yaml": etcd_pod()}, "-q", "--select", "ETCD001") == (
        0, ["ETCD000", "ETCD001", "ETCD212"], ["text"])
    # (ETCD205 gives a finding the CIS id of the boolean's CIS rule: none to give here)
    for code in ("ETCD002", "ETCD007", "ETCD109", "ETCD205", "ETCD216"):
        assert (code, imported(tmp_path, {"etcd.yaml": etcd_pod()}, "-q", "--select", code)) \
            == (code, (0, sorted(("ETCD000", code, "ETCD212")), ["text"]))


def test_a_suppression_imports_the_suppression_checks_it_enables(tmp_path):
    files = {"etcd.yaml": "# etcdlint: disable=ETCD002\n" + SUPPRESSIBLE_POD}
    assert imported(tmp_path, files, "-q", "--select", "ETCD002,ETCD3") == (
        1, ["ETCD000", "ETCD002", "ETCD212", "ETCD301", "ETCD302"], ["text"])
    assert imported(tmp_path, files, "-q", "--select", "ETCD002,ETCD302") == (
        1, ["ETCD000", "ETCD002", "ETCD212", "ETCD302"], ["text"])


def test_an_api_server_imports_the_api_server_checks(tmp_path):
    assert imported(tmp_path, {"kube-apiserver.yaml": APISERVER}, "-q") == (
        1, ["ETCD000", "ETCD101", "ETCD102", "ETCD103", "ETCD214"], ["text"])


def test_a_report_imports_only_its_format(tmp_path):
    files = {"cm.yaml": CONFIGMAP}
    assert imported(tmp_path, files, "--format", "json") == (0, ["ETCD000"], ["json_report"])
    assert imported(tmp_path, files, "--format", "gitlab") == (0, ["ETCD000"], ["gitlab"])
    # SARIF describes every rule of the tool, whatever the run found
    assert imported(tmp_path, files, "--format", "sarif") == (
        0, list(registry.ALL_CODES), ["sarif"])


def test_the_command_starts_with_the_collector_off_and_runs_with_it_on(monkeypatch, tmp_path):
    """...and what the start made is frozen (left out of the collector's passes); a program
    that calls ``main`` keeps its collector as it is."""
    from etcdlint import cli
    from etcdlint.config import run
    from etcdlint.engine import run as engine_run

    seen = []
    build, lint_run = run.build, engine_run.lint_run
    monkeypatch.setattr(run, "build", lambda *a, **k: seen.append(gc.isenabled()) or
                        build(*a, **k))
    monkeypatch.setattr(engine_run, "lint_run", lambda *a: seen.append(
        (gc.isenabled(), gc.get_freeze_count() > 0)) or lint_run(*a))
    monkeypatch.setattr(os, "_exit", lambda code: seen.append(code))
    monkeypatch.setattr(sys, "argv", ["etcdlint", "-q", str(tmp_path)])
    (tmp_path / "cm.yaml").write_text(CONFIGMAP)
    gc.enable()
    try:
        cli.entry()
        assert seen == [False, (True, True), 0]
        gc.unfreeze()
        seen.clear()
        gc.disable()
        assert cli.main(["-q", str(tmp_path)]) == 0
        assert seen == [False, (False, False)]
        gc.enable()
        assert cli.main(["-q", str(tmp_path)]) == 0
        assert seen == [False, (False, False), True, (True, False)]
    finally:
        gc.unfreeze()
        gc.enable()


def test_the_modules_imported_before_a_pool_forks_include_every_rule():
    script = ("import sys\nfrom etcdlint.engine.run import preload\npreload()\n"
              "print(' '.join(sorted(m for m in sys.modules if m.startswith('etcdlint.rules.'))))")
    proc = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True,
                          text=True, check=True)
    modules = proc.stdout.split()
    assert [code for code, (module, _) in registry.MODULES.items()
            if f"etcdlint.rules.{module}" not in modules] == []
