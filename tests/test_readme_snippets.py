"""Every shell and YAML snippet of the README works as pasted.

Each fenced block of the README is claimed by one check below (a block no check claims fails
``test_every_snippet_is_checked``): ``etcdlint`` command lines run on a small repository (a
copy of ``examples/`` and a ``clusters/`` folder), a printed output is compared with what
that command prints, YAML is loaded by what reads it (etcdlint's configuration, pre-commit's
config loader) or linted. Excepted, and said so: the install commands (they need the
network; the tag they name is checked) and the benchmark runner (minutes long; its options
are checked). Three blocks are run by their own test files: the configuration example
(``test_readme_examples.py``), the pre-commit snippet by the real pre-commit
(``test_readme_precommit.py``) and the workflows by actionlint (``test_action.py``).
"""

import re
import shlex
import shutil
import subprocess
import sys

import pytest

from conftest import ROOT

README = ROOT / "README.md"


def blocks():
    """``(heading, language, text)`` of each fenced block, in order."""
    out, heading, lang, body = [], "", None, []
    for line in README.read_text().split("\n"):
        if lang is None:
            if line.startswith("#"):
                heading = line.lstrip("#").strip()
            elif line.startswith("```"):
                lang, body = line[3:].strip(), []
        elif line.startswith("```"):
            out.append((heading, lang, "\n".join(body) + "\n"))
            lang = None
        else:
            body.append(line)
    return out


def find(heading, lang, start=""):
    found = [text for h, l, text in blocks() if h == heading and l == lang
             and text.startswith(start)]
    assert len(found) == 1, (heading, lang, start)
    return found[0]


def commands(text):
    """The commands of a shell block, each as its words: continuations joined, comments
    dropped."""
    return [words for words in (shlex.split(line, comments=True)
                                for line in text.replace("\\\n", " ").splitlines()) if words]


def split_at(words, operator):
    """``words`` cut at each ``operator`` word (``&&``, ``|``)."""
    parts = [[]]
    for word in words:
        if word == operator:
            parts.append([])
        else:
            parts[-1].append(word)
    return parts


# (heading, language, how the block begins) -> the check that runs it
CHECKS = {
    ("etcdlint", "sh", "python3 -m venv"): "test_quick_start_lints_the_examples",
    ("Install", "sh", "pip install"): "test_install_commands_name_the_release",
    ("Output", "sh", "etcdlint examples/"): "test_output_examples_are_what_etcdlint_prints",
    ("Output", "", "examples/"): "test_output_examples_are_what_etcdlint_prints",
    ("Output", "sh", "etcdlint --format full"): "test_output_examples_are_what_etcdlint_prints",
    ("Configuration", "yaml", "select:"): "test_readme_examples.py",
    ("Configuration", "yaml", "# etcdlint: disable-file"): "test_suppressions_example_lints_clean",
    ("Adopting etcdlint on an existing repository", "sh", "etcdlint --write-baseline"):
        "test_baseline_commands",
    ("Adopting etcdlint on an existing repository", "sh", "etcdlint --add-suppressions"):
        "test_add_suppressions_command",
    ("pre-commit", "yaml", "repos:"): "test_pre_commit_snippet_loads (and test_readme_precommit.py)",
    ("pre-commit", "", "manifests/etcd.yaml:"): "test_fix_hook_output_example",
    ("Repositories: scopes, charts, overlays", "yaml", "cluster-roots:"):
        "test_cluster_roots_snippet_loads",
    ("Repositories: scopes, charts, overlays", "sh", "helm template"):
        "test_helm_pipeline_lints_standard_input",
    ("GitHub code scanning", "yaml", "name: etcdlint"): "test_action.py",
    ("Usage", "", "etcdlint [PATH ...]"): "test_usage_lines_run",
    ("Benchmarks", "sh", "python benchmarks/run.py"): "test_benchmark_command_options",
}


def test_every_snippet_is_checked():
    unchecked = [(h, l, text.splitlines()[0]) for h, l, text in blocks()
                 if not any(h == ch and l == cl and text.startswith(cs) for ch, cl, cs in CHECKS)]
    assert unchecked == []


@pytest.fixture
def repo(tmp_path):
    """A small repository: the examples, and an insecure manifest under clusters/."""
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    (tmp_path / "clusters").mkdir()
    shutil.copy(ROOT / "examples" / "insecure" / "etcd-pod-env.yaml", tmp_path / "clusters")
    return tmp_path


def run_etcdlint(cli, command, cwd, stdin=None):
    words = shlex.split(command) if isinstance(command, str) else list(command)
    words[0] = words[0].rsplit("/", 1)[-1]
    assert words[0] == "etcdlint", command
    return cli(*words[1:], cwd=cwd, stdin=stdin)


def test_quick_start_lints_the_examples(cli, repo):
    steps = [" ".join(step) for words in commands(find("etcdlint", "sh", "python3 -m venv"))
             for step in split_at(words, "&&")]
    # excepted (the network, and the test suite itself): creating the environment, installing
    run = [s for s in steps if not re.match(r"python3 -m venv |\.venv/bin/pip install |"
                                            r"\.venv/bin/python -m pytest", s)]
    assert run == [".venv/bin/etcdlint examples/"]
    result = run_etcdlint(cli, run[0], repo)
    assert result.code == 1  # (the README says: the examples/insecure/ manifests are insecure)
    assert result.out.splitlines()[0].startswith(
        "examples/insecure/etcd-pod-env.yaml:10:57: ETCD002 [*] error")


def test_install_commands_name_the_release():
    from etcdlint import __version__

    assert commands(find("Install", "sh", "pip install")) == [
        ["pip", "install", f"git+https://github.com/etcdlint/etcdlint@v{__version__}"],
        ["pip", "install", "./etcdlint"]]


def test_output_examples_are_what_etcdlint_prints(cli, repo):
    pairs = [(b[2], blocks()[i + 1][2]) for i, b in enumerate(blocks())
             if b[0] == "Output" and b[1] == "sh"]
    assert len(pairs) == 2
    for command, printed in pairs:
        [line] = commands(command)
        result = run_etcdlint(cli, line, repo)
        assert (result.code, result.out) == (1, printed), " ".join(line)


def test_suppressions_example_lints_clean(cli, tmp_path):
    text = find("Configuration", "yaml", "# etcdlint: disable-file")
    (tmp_path / "etcd.yaml").write_text(text)
    result = cli("etcd.yaml", cwd=tmp_path)
    assert (result.code, result.out) == (0, "No problems found in 1 file (1 etcd configuration).\n")
    # each directive suppresses something: without them, these are found
    bare = re.sub(r" *# etcdlint:.*", "", text).replace(
        '    etcdlint.io/ignore: "ETCD104,ETCD105 -- isolated lab network, see RISK-7"\n', "")
    (tmp_path / "etcd.yaml").write_text(bare)
    found = cli("etcd.yaml", cwd=tmp_path).out.splitlines()
    assert [line.split(" ")[1] for line in found if line.startswith("etcd.yaml:")] == [
        "ETCD104", "ETCD105", "ETCD002", "ETCD111", "ETCD106"]


def test_baseline_commands(cli, repo):
    write, use = commands(find("Adopting etcdlint on an existing repository", "sh",
                               "etcdlint --write-baseline"))
    first = run_etcdlint(cli, write, repo)
    count = len(run_etcdlint(cli, "etcdlint --format json-lines", repo).out.splitlines())
    assert (first.code, first.out) == (
        0, f"Wrote {count} findings to the baseline etcdlint-baseline.json.\n")
    second = run_etcdlint(cli, use, repo)
    assert (second.code, second.out) == (
        0, f"No problems found in 8 files (7 etcd configurations).\n"
           f"{count} findings in the baseline were not reported.\n")


def test_add_suppressions_command(cli, repo):
    [line] = commands(find("Adopting etcdlint on an existing repository", "sh",
                           "etcdlint --add-suppressions"))
    before = (repo / "clusters" / "etcd-pod-env.yaml").read_text()
    result = run_etcdlint(cli, line, repo)
    assert result.code == 0, result.out + result.err
    after = (repo / "clusters" / "etcd-pod-env.yaml").read_text()
    assert after.count("# etcdlint: disable=ETCD002 -- legacy cluster, see RISK-12") == 1
    assert re.sub(r" +# etcdlint: disable=ETCD002 -- legacy cluster, see RISK-12", "", after) \
        == before
    assert run_etcdlint(cli, "etcdlint clusters/", repo).code == 0


def test_pre_commit_snippet_loads(tmp_path):
    """As written, and with its commented-out alternative taken instead: pre-commit's own
    loader accepts it, and each hook it names is one this repository declares."""
    clientlib = pytest.importorskip("pre_commit.clientlib")
    from ruamel.yaml import YAML

    text = find("pre-commit", "yaml", "repos:")
    declared = {hook["id"] for hook in YAML(typ="safe").load(
        (ROOT / ".pre-commit-hooks.yaml").read_text())}
    other = text.replace("      - id: etcdlint        # check\n", "").replace(
        "      # - id: etcdlint-fix", "      - id: etcdlint-fix")
    assert other != text
    for variant, hook in ((text, "etcdlint"), (other, "etcdlint-fix")):
        (tmp_path / ".pre-commit-config.yaml").write_text(variant)
        config = clientlib.load_config(str(tmp_path / ".pre-commit-config.yaml"))
        assert [h["id"] for repo in config["repos"] for h in repo["hooks"]] == [hook]
        assert hook in declared


def test_fix_hook_output_example(cli, tmp_path):
    """What the etcdlint-fix hook's command prints on the fixture the pre-commit tests use
    (``test_precommit.py`` runs the hook itself and checks the same lines)."""
    from ruamel.yaml import YAML

    [hook] = [h for h in YAML(typ="safe").load((ROOT / ".pre-commit-hooks.yaml").read_text())
              if h["id"] == "etcdlint-fix"]
    (tmp_path / "manifests").mkdir()
    shutil.copy(ROOT / "tests" / "fixtures" / "fix" / "kubeadm_map.before.yaml",
                tmp_path / "manifests" / "etcd.yaml")
    result = run_etcdlint(cli, hook["entry"] + " manifests/etcd.yaml", tmp_path)
    assert (result.code, result.out) == (1, find("pre-commit", "", "manifests/etcd.yaml:"))


def test_cluster_roots_snippet_loads(tmp_path):
    from etcdlint.config.project import load_config
    from etcdlint.config.run import KNOWN_CODES

    (tmp_path / ".etcdlint.yaml").write_text(
        find("Repositories: scopes, charts, overlays", "yaml", "cluster-roots:"))
    config = load_config(str(tmp_path / ".etcdlint.yaml"), KNOWN_CODES)
    assert config.cluster_roots == ("clusters/*", "envs/*/cluster")


def test_helm_pipeline_lints_standard_input(cli, repo):
    """``helm template`` is not run (no chart here): what it would print goes to the
    ``etcdlint`` half of the pipeline, as written."""
    [line] = commands(find("Repositories: scopes, charts, overlays", "sh", "helm template"))
    helm, etcdlint = split_at(line, "|")
    assert helm[:2] == ["helm", "template"]
    rendered = (ROOT / "examples" / "insecure" / "etcd-pod-env.yaml").read_text()
    result = run_etcdlint(cli, etcdlint, repo, stdin=rendered)
    assert result.code == 1
    assert result.out.splitlines()[0] == (
        "charts/etcd/rendered-prod.yaml:10:57: ETCD002 [*] error [CIS 2.2] --client-cert-auth "
        "is false: etcd accepts clients without a certificate")


def test_usage_lines_run(cli, repo):
    """Each synopsis line, its placeholders filled in, is a command etcdlint accepts."""
    text = find("Usage", "", "etcdlint [PATH ...]")
    lines = [re.split(r"\s{2,}", line)[0] for line in text.splitlines()
             if line.startswith("etcdlint")]
    (repo / "etcd.yaml").write_text(
        (ROOT / "examples" / "insecure" / "etcd-pod-env.yaml").read_text())
    filled = {"[PATH ...]": "examples", "FILE": "baseline.json", "CODE": "ETCD002",
              "REASON": "'see RISK-12'", "[--format json]": "--format json"}
    seen = []
    for line in lines:
        stdin = None
        if " < " in line:
            line, name = line.split(" < ")
            stdin = (repo / name).read_text()
        for placeholder, value in filled.items():
            line = line.replace(placeholder, value)
        result = run_etcdlint(cli, line, repo, stdin=stdin)
        seen.append((line, result.code))
    assert seen == [
        ("etcdlint examples", 1),
        ("etcdlint - --stdin-filename manifests/etcd.yaml", 1),
        ("etcdlint --show-settings baseline.json", 0),
        ("etcdlint rules --format json", 0),
        ("etcdlint explain ETCD002", 0),
        ("etcdlint --write-baseline baseline.json examples", 0),
        ("etcdlint --add-suppressions 'see RISK-12' examples", 0)]


def test_benchmark_command_options():
    """Not run here (minutes long: ``benchmarks/run.py`` has its own tests): each option the
    README's commands use is one the runner has."""
    lines = commands(find("Benchmarks", "sh", "python benchmarks/run.py"))
    assert [line[:2] for line in lines] == [["python", "benchmarks/run.py"]] * 2
    usage = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "run.py"), "--help"],
                           capture_output=True, text=True, timeout=60)
    assert usage.returncode == 0
    options = {word for line in lines for word in line if word.startswith("--")}
    assert options == {"--only", "--runs"}
    assert all(f"[{option} " in usage.stdout for option in options)
