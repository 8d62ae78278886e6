"""Configuration, suppressions, output formats and subcommands."""

import json
import subprocess

import jsonschema
import pytest

from conftest import ROOT, SUPPRESSIBLE_POD as POD, codes, lint_files

SHARED = ROOT.parent / "shared"


def write(tmp_path, name, text):
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def test_baseline():
    assert codes(POD) == ["13:26 ETCD002", "21:22 ETCD111"]


# --- inline suppressions -------------------------------------------------------------------

def test_disable_on_the_line():
    text = POD.replace("--client-cert-auth=false\n",
                       "--client-cert-auth=false  # etcdlint: disable=ETCD002 -- test cluster\n")
    assert codes(text) == ["21:22 ETCD111"]


def test_disable_next_line():
    text = POD.replace("    - --enable-pprof=true\n",
                       "    # etcdlint: disable-next-line=ETCD111\n    - --enable-pprof=true\n")
    assert codes(text) == ["13:26 ETCD002"]


def test_disable_file_all_and_some():
    assert codes("# etcdlint: disable-file\n" + POD) == []
    assert codes("# etcdlint: disable-file=ETCD111\n" + POD) == ["14:26 ETCD002"]


def test_unused_and_unknown_suppressions_are_reported():
    text = POD.replace("- --cert-file=/p/s.crt\n",
                       "- --cert-file=/p/s.crt  # etcdlint: disable=ETCD001,ETCD02\n")
    result = lint_files({"m.yaml": text})
    assert [f"{d.start.line}:{d.start.column} {d.diagnostic.rule} {d.diagnostic.message}"
            for d in result.diagnostics] == [
        "11:49 ETCD301 ETCD001 in this suppression suppresses nothing",
        "11:57 ETCD302 ETCD02 in this suppression is not an etcdlint rule",
        "13:26 ETCD002 --client-cert-auth is false: etcd accepts clients without a certificate",
        "21:22 ETCD111 --enable-pprof is true: /debug/pprof is served on the client URLs"]


def test_annotation_suppression():
    text = POD.replace("  name: etcd\nspec:",
                       "  name: etcd\n  annotations:\n    etcdlint.io/ignore: \"ETCD002, ETCD111 -- lab\"\nspec:")
    assert codes(text) == []


def test_annotation_only_covers_its_own_object():
    other = POD.replace("  name: etcd\nspec:",
                        "  name: etcd\n  annotations:\n    etcdlint.io/ignore: ETCD002\nspec:")
    text = other + "---\n" + POD
    found = codes(text)
    # the first object is 23 lines, `---` is line 24, the second starts at 25
    assert "37:26 ETCD002" in found and "15:26 ETCD002" not in found


def test_hash_inside_a_value_is_not_a_directive():
    text = POD.replace("- --client-cert-auth=false",
                       '- "--client-cert-auth=false #etcdlint: disable=ETCD002"')
    assert "13:27 ETCD205" in codes(text)


# --- configuration -------------------------------------------------------------------------

def test_config_select_ignore_severity(cli, tmp_path):
    write(tmp_path, "etcd.yaml", POD)
    write(tmp_path, ".etcdlint.yaml", "ignore: [ETCD111]\nseverity: {ETCD002: warning}\n")
    run = cli("etcd.yaml", cwd=tmp_path)
    assert run.code == 1
    assert run.out == ("etcd.yaml:13:26: ETCD002 [*] warning [CIS 2.2] --client-cert-auth is "
                       "false: etcd accepts clients without a certificate\n"
                       "Found 1 problem (1 warning) in 1 file.\n"
                       "[*] 1 fixable with --fix.\n")


def test_config_in_pyproject(cli, tmp_path):
    write(tmp_path, "manifests/etcd.yaml", POD)
    write(tmp_path, "pyproject.toml", "[project]\nname = 'x'\n\n[tool.etcdlint]\nselect = [\"ETCD1\"]\n")
    run = cli("manifests", cwd=tmp_path)
    assert run.out.splitlines()[0].startswith("manifests/etcd.yaml:21:22: ETCD111")
    assert run.out.splitlines()[1:] == ["Found 1 problem (1 warning) in 1 file.",
                                        "[*] 1 fixable with --fix."]


def test_per_file_ignores_and_exclude(cli, tmp_path):
    write(tmp_path, "lab/etcd.yaml", POD)
    write(tmp_path, "prod/etcd.yaml", POD)
    write(tmp_path, "vendor/etcd.yaml", POD)
    write(tmp_path, ".etcdlint.yaml",
          "per-file-ignores:\n  'lab/*.yaml': [ETCD0]\nexclude: ['vendor/']\n")
    run = cli(cwd=tmp_path)
    assert [line.split(" ")[0:2] for line in run.out.splitlines()[:-2]] == [
        ["lab/etcd.yaml:21:22:", "ETCD111"],
        ["prod/etcd.yaml:13:26:", "ETCD002"],
        ["prod/etcd.yaml:21:22:", "ETCD111"]]


def test_exclude_applies_to_named_files(cli, tmp_path):
    write(tmp_path, "vendor/etcd.yaml", POD)
    write(tmp_path, ".etcdlint.yaml", "exclude: ['vendor/']\n")
    run = cli("vendor/etcd.yaml", cwd=tmp_path)
    assert (run.code, run.out, run.err) == (
        0, "No problems found in 0 files (0 etcd configurations).\n",
        "etcdlint: warning: no file to lint found in vendor/etcd.yaml\n")


def test_exempt_single_member_option(cli, tmp_path):
    single = POD.replace("    - --peer-client-cert-auth=true\n",
                         "    - --peer-client-cert-auth=false\n    - --initial-cluster=a=https://10.0.0.5:2380\n")
    write(tmp_path, "etcd.yaml", single)
    assert "ETCD005" in cli("etcd.yaml", cwd=tmp_path).out
    write(tmp_path, ".etcdlint.yaml", "exempt-single-member: true\n")
    assert "ETCD005" not in cli("etcd.yaml", cwd=tmp_path).out


@pytest.mark.parametrize("content,message", [
    ("selct: [ETCD002]\n",
     ".etcdlint.yaml:1: 'selct' is not a configuration key (did you mean 'select'?)"),
    ("select: [ETCD002]\nseverity:\n  ETCD002: fatal\n",
     ".etcdlint.yaml:3: severity/ETCD002: 'fatal' is not one of error, warning, note"),
    ("ignore: [ETCD999]\n",
     ".etcdlint.yaml:1: 'ETCD999' matches no rule; 'etcdlint rules' lists the rules"),
    ("ignore: [ETCD002\n", ".etcdlint.yaml:2: not valid YAML: "),
])
def test_bad_configuration_exits_2(cli, tmp_path, content, message):
    write(tmp_path, "etcd.yaml", POD)
    write(tmp_path, ".etcdlint.yaml", content)
    run = cli("etcd.yaml", cwd=tmp_path)
    assert run.code == 2
    assert run.out == ""
    assert run.err.startswith("etcdlint: error: " + str(tmp_path / message.split(":")[0])
                              + message[len(".etcdlint.yaml"):])


def test_explicit_config_option(cli, tmp_path):
    write(tmp_path, "etcd.yaml", POD)
    write(tmp_path, "ci.yaml", "select: [ETCD111]\n")
    run = cli("--config", "ci.yaml", "etcd.yaml", cwd=tmp_path)
    assert run.out.startswith("etcd.yaml:21:22: ETCD111")


# --- command-line selection and output options ---------------------------------------------

def test_select_and_ignore_on_the_command_line(cli, tmp_path):
    write(tmp_path, "etcd.yaml", POD)
    assert cli("--select", "ETCD002", "etcd.yaml", cwd=tmp_path).out.count("ETCD") == 1
    assert "ETCD002" not in cli("--ignore", "etcd0", "etcd.yaml", cwd=tmp_path).out
    bad = cli("--select", "ETCD9", "etcd.yaml", cwd=tmp_path)
    assert bad.code == 2 and bad.err.startswith("etcdlint: error: --select: 'ETCD9' matches no rule")


def test_statistics_exit_zero_quiet(cli, tmp_path):
    write(tmp_path, "a.yaml", POD)
    write(tmp_path, "b.yaml", POD.replace("--enable-pprof=true", "--enable-pprof=false"))
    run = cli("--statistics", ".", cwd=tmp_path)
    assert run.out == (
        "2  ETCD002  [*] [CIS 2.2] etcd does not require client certificates "
        "(--client-cert-auth)\n"
        "1  ETCD111  [*] etcd serves Go profiling data (--enable-pprof)\n"
        "Found 3 problems (2 errors, 1 warning) in 2 files.\n"
        "[*] 3 fixable with --fix.\n")
    assert run.code == 1
    assert cli("--statistics", "-q", ".", cwd=tmp_path).out == "\n".join(
        run.out.splitlines()[:2]) + "\n"
    # a rule none of whose findings --fix fixes has no mark
    assert cli("--statistics", "--select", "ETCD002,ETCD007", "--ignore", "ETCD002", ".",
               cwd=tmp_path).out == "No problems found in 2 files (2 etcd configurations).\n"
    as_json = cli("--statistics", "--format", "json", ".", cwd=tmp_path)
    assert as_json.code == 1
    assert json.loads(as_json.out) == [
        {"code": "ETCD002", "name": "ClientCertAuthDisabled", "cis": "2.2", "count": 2, "fixable": 2},
        {"code": "ETCD111", "name": "PprofEnabled", "cis": None, "count": 1, "fixable": 1}]
    assert cli("--exit-zero", ".", cwd=tmp_path).code == 0
    quiet = cli("-q", "b.yaml", cwd=tmp_path)
    assert quiet.out == ("b.yaml:13:26: ETCD002 [*] error [CIS 2.2] --client-cert-auth is false: etcd "
                         "accepts clients without a certificate\n")


def test_output_file(cli, tmp_path):
    write(tmp_path, "etcd.yaml", POD)
    run = cli("--format", "json", "--output", "report.json", "etcd.yaml", cwd=tmp_path)
    assert run.out == "" and run.code == 1
    report = json.loads((tmp_path / "report.json").read_text())
    assert [d["rule"] for d in report["diagnostics"]] == ["ETCD002", "ETCD111"]


def test_github_format(cli, tmp_path):
    write(tmp_path, "etcd.yaml", POD)
    run = cli("--format", "github", "etcd.yaml", cwd=tmp_path)
    assert run.out.splitlines() == [
        "::error file=etcd.yaml,line=13,col=26,endLine=13,endColumn=31,title=ETCD002 [CIS 2.2]::"
        "--client-cert-auth is false: etcd accepts clients without a certificate"
        "%0Ahelp: set --client-cert-auth to true",
        "::warning file=etcd.yaml,line=21,col=22,endLine=21,endColumn=26,title=ETCD111::"
        "--enable-pprof is true: /debug/pprof is served on the client URLs"
        "%0Ahelp: remove --enable-pprof (it defaults to false)",
        "Found 2 problems (1 error, 1 warning) in 1 file."]
    quiet = cli("--format", "github", "--quiet", "etcd.yaml", cwd=tmp_path)
    assert quiet.out.splitlines() == run.out.splitlines()[:2]


def test_github_format_escapes(cli, tmp_path):
    write(tmp_path, "a,b:c.yaml", POD.replace("--enable-pprof=true", "--enable-pprof=100%"))
    run = cli("--format", "github", "--select", "ETCD205", "-q", "a,b:c.yaml", cwd=tmp_path)
    assert run.out == ("::error file=a%2Cb%3Ac.yaml,line=21,col=22,endLine=21,endColumn=26,"
                       "title=ETCD205::--enable-pprof='100%25' is not a boolean etcd accepts (1, t, "
                       "T, TRUE, true, True, 0, f, F, FALSE, false, False): etcd refuses to start"
                       "%0Ahelp: set --enable-pprof to false\n")


def test_rules_subcommand(cli):
    run = cli("rules")
    lines = run.out.splitlines()
    assert lines[0] == "code     CIS  severity fix    title"
    assert lines[3] == ("ETCD002  2.2  error    safe   etcd does not require client certificates "
                        "(--client-cert-auth)")
    table = json.loads(cli("rules", "--format", "json").out)
    from etcdlint.rules import RULES
    assert [r["code"] for r in table] == [r.code for r in RULES]
    assert table[2]["cis"] == "2.2" and table[2]["fix"] == "safe"


def test_explain_subcommand(cli):
    run = cli("explain", "etcd002")
    assert run.code == 0
    assert run.out.startswith("# ETCD002: etcd does not require client certificates "
                              "(--client-cert-auth)\n\nCIS Kubernetes Benchmark 2.2. Default "
                              "severity: error. Fix: safe.\n\n## What it does\n")
    for heading in ("## Why is this bad?", "## Example", "## Fix safety"):
        assert heading in run.out
    missing = cli("explain", "ETCD999")
    assert missing.code == 2 and missing.err == "etcdlint: error: no rule ETCD999; see 'etcdlint rules'\n"


def test_every_rule_is_documented_with_the_four_headings():
    from etcdlint.rules import RULES
    for rule in RULES:
        positions = [rule.docs.find(h) for h in
                     ("## What it does\n", "## Why is this bad?\n", "## Example\n", "## Fix safety\n")]
        assert -1 not in positions and positions == sorted(positions), rule.code
    assert len({r.code for r in RULES}) == len(RULES)


def test_every_rule_is_in_the_readme_table():
    from etcdlint.rules import RULES
    readme = (ROOT / "README.md").read_text()
    for rule in RULES:
        row = f"| {rule.code} | {rule.cis or '–'} | {rule.severity} | {rule.fix} | {rule.title} |"
        assert row in readme, rule.code


# --- SARIF ---------------------------------------------------------------------------------

def sarif_of(cli, *args, cwd=None):
    run = cli("--format", "sarif", *args, cwd=cwd)
    return json.loads(run.out)


def test_sarif_shape(cli, tmp_path):
    write(tmp_path, "manifests/etcd.yaml", POD)
    log = sarif_of(cli, "manifests", cwd=tmp_path)
    run = log["runs"][0]
    driver = run["tool"]["driver"]
    assert driver["name"] == "etcdlint" and driver["semanticVersion"]
    rule = next(r for r in driver["rules"] if r["id"] == "ETCD002")
    assert rule["properties"]["tags"] == ["security", "etcd", "CIS-2.2"]
    assert rule["properties"]["security-severity"] == "8.1"
    assert rule["help"]["markdown"].startswith("# ETCD002")
    assert run["columnKind"] == "unicodeCodePoints"
    result = run["results"][0]
    assert result["ruleId"] == "ETCD002"
    assert driver["rules"][result["ruleIndex"]]["id"] == "ETCD002"
    assert result["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": "manifests/etcd.yaml", "uriBaseId": "%SRCROOT%"},
        "region": {"startLine": 13, "startColumn": 26, "endLine": 13, "endColumn": 31}}


def test_sarif_fingerprints_stay_when_unrelated_lines_move(cli, tmp_path):
    write(tmp_path, "etcd.yaml", POD)
    before = sarif_of(cli, "etcd.yaml", cwd=tmp_path)["runs"][0]["results"]
    write(tmp_path, "etcd.yaml", "# a comment\n# another\n" + POD)
    after = sarif_of(cli, "etcd.yaml", cwd=tmp_path)["runs"][0]["results"]
    assert [r["partialFingerprints"] for r in before] == [r["partialFingerprints"] for r in after]
    assert before[0]["locations"][0]["physicalLocation"]["region"]["startLine"] == 13
    assert after[0]["locations"][0]["physicalLocation"]["region"]["startLine"] == 15


def test_sarif_matches_the_official_schema(cli):
    schema_path = SHARED / "sarif" / "sarif-schema-2.1.0.json"
    if not schema_path.is_file():
        pytest.skip("../shared/sarif is not present")
    schema = json.loads(schema_path.read_text())
    log = sarif_of(cli, str(ROOT / "examples"))
    jsonschema.validators.validator_for(schema)(schema).validate(log)


@pytest.mark.skipif(not (SHARED / "sarif" / "validate-sarif").is_file(),
                    reason="../shared/sarif is not present")
def test_sarif_of_the_examples_passes_validate_sarif(tmp_path, monkeypatch):
    import sys
    out = tmp_path / "examples.sarif"
    subprocess.run([sys.executable, "-m", "etcdlint", "--format", "sarif", "--output", str(out),
                    "examples"], cwd=ROOT, check=False)
    env = dict(__import__("os").environ, PYTHON=sys.executable)
    proc = subprocess.run(["bash", str(SHARED / "sarif" / "validate-sarif"), str(out)],
                          capture_output=True, text=True, env=env, timeout=900)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "schema: 0 error(s)" in proc.stdout
    assert "multitool: 0 error(s)" in proc.stdout
