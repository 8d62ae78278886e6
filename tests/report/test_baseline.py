"""``--write-baseline`` / ``--baseline`` / ``baseline``: adopting etcdlint on a legacy repo."""

import json

import jsonschema

from conftest import ROOT, pod

POD = pod(  # (the header's 8 lines, then the command)
    "    command:\n"
    "    - etcd\n"
    "    - --cert-file=/etc/kubernetes/pki/etcd/server.crt\n"
    "    - --key-file=/etc/kubernetes/pki/etcd/server.key\n"
    "    - --client-cert-auth=false\n"
    "    - --trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt\n"
    "    - --peer-cert-file=/etc/kubernetes/pki/etcd/peer.crt\n"
    "    - --peer-key-file=/etc/kubernetes/pki/etcd/peer.key\n"
    "    - --peer-client-cert-auth=true\n"
    "    - --peer-trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt\n"
    "    - --listen-client-urls=https://10.0.0.5:2379\n"
    "    - --listen-peer-urls=https://10.0.0.5:2380\n"
    "    - --enable-pprof=true\n"
)
TEN_LINES = "".join(f"# comment {i}\n" for i in range(10))


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def test_write_then_lint_reports_nothing_and_says_how_many_were_baselined(cli, tmp_path):
    write(tmp_path / "manifests" / "etcd.yaml", POD)
    run = cli("--write-baseline", "etcdlint-baseline.json", cwd=tmp_path)
    assert (run.code, run.out, run.err) == (
        0, "Wrote 2 findings to the baseline etcdlint-baseline.json.\n", "")
    data = json.loads((tmp_path / "etcdlint-baseline.json").read_text())
    schema = json.loads((ROOT / "schemas" / "baseline.schema.json").read_text())
    jsonschema.validate(data, schema)
    assert [(e["rule"], e["path"], e["line"]) for e in data["findings"]] == [
        ("ETCD002", "manifests/etcd.yaml", 13), ("ETCD111", "manifests/etcd.yaml", 21)]
    run = cli("--baseline", "etcdlint-baseline.json", cwd=tmp_path)
    assert (run.code, run.out) == (0, "No problems found in 1 file (1 etcd configuration).\n"
                                      "2 findings in the baseline were not reported.\n")


def test_findings_moved_by_ten_lines_and_unrelated_edits_stay_baselined(cli, tmp_path):
    target = tmp_path / "manifests" / "etcd.yaml"
    write(target, POD)
    assert cli("--write-baseline", "b.json", cwd=tmp_path).code == 0
    moved = TEN_LINES + POD.replace("name: etcd\nspec", "name: etcd-main\nspec")
    moved = moved.replace("    - --peer-client-cert-auth=true\n",
                          "    - --peer-client-cert-auth=true\n    - --name=main\n")
    write(target, moved)
    plain = cli(cwd=tmp_path)
    assert [line.split(" ")[0] for line in plain.out.splitlines()[:2]] == [
        "manifests/etcd.yaml:23:26:", "manifests/etcd.yaml:32:22:"]  # ten lines further down
    run = cli("--baseline", "b.json", cwd=tmp_path)
    assert (run.code, run.out) == (0, "No problems found in 1 file (1 etcd configuration).\n"
                                      "2 findings in the baseline were not reported.\n")


def test_only_new_findings_are_reported(cli, tmp_path):
    target = tmp_path / "etcd.yaml"
    write(target, POD)
    assert cli("--write-baseline", "b.json", cwd=tmp_path).code == 0
    write(target, POD.replace("--peer-client-cert-auth=true", "--peer-client-cert-auth=false"))
    run = cli("--baseline", "b.json", "etcd.yaml", cwd=tmp_path)
    assert (run.code, run.out) == (
        1, "etcd.yaml:17:31: ETCD005 [*] error [CIS 2.5] --peer-client-cert-auth is false: etcd "
           "accepts peers without a certificate\n"
           "Found 1 problem (1 error) in 1 file.\n"
           "[*] 1 fixable with --fix.\n"
           "2 findings in the baseline were not reported.\n")
    as_json = json.loads(cli("--baseline", "b.json", "--format", "json", "etcd.yaml",
                             cwd=tmp_path).out)
    assert [d["rule"] for d in as_json["diagnostics"]] == ["ETCD005"]
    assert as_json["summary"]["baselined"] == 2
    report_schema = json.loads((ROOT / "schemas" / "report.schema.json").read_text())
    jsonschema.validate(as_json, report_schema)


def test_a_finding_that_disappeared_is_dropped_when_the_baseline_is_rewritten(cli, tmp_path):
    target = tmp_path / "etcd.yaml"
    write(target, POD)
    assert cli("--write-baseline", "b.json", cwd=tmp_path).code == 0
    write(target, POD.replace("--enable-pprof=true", "--enable-pprof=false"))
    run = cli("--baseline", "b.json", cwd=tmp_path)
    assert run.out.splitlines()[-1] == "1 finding in the baseline was not reported."
    run = cli("--write-baseline", "b.json", cwd=tmp_path)
    assert run.out == "Wrote 1 finding to the baseline b.json.\n"
    rules = [e["rule"] for e in json.loads((tmp_path / "b.json").read_text())["findings"]]
    assert rules == ["ETCD002"]
    write(target, POD)  # the pprof finding is back: it is new now
    run = cli("--baseline", "b.json", cwd=tmp_path)
    assert run.code == 1
    assert run.out.splitlines()[0].startswith("etcd.yaml:21:22: ETCD111 [*] warning")


def test_config_key_is_relative_to_the_configuration_and_matches_from_any_directory(cli, tmp_path):
    write(tmp_path / "repo" / "clusters" / "etcd.yaml", POD)
    write(tmp_path / "repo" / ".etcdlint.yaml", "baseline: ci/etcdlint-baseline.json\n")
    (tmp_path / "repo" / "ci").mkdir()
    assert cli("--write-baseline", "ci/etcdlint-baseline.json", cwd=tmp_path / "repo").code == 0
    run = cli("clusters", cwd=tmp_path / "repo")
    assert (run.code, run.out.splitlines()[-1]) == (
        0, "2 findings in the baseline were not reported.")
    run = cli("etcd.yaml", cwd=tmp_path / "repo" / "clusters")
    assert (run.code, run.out.splitlines()[-1]) == (
        0, "2 findings in the baseline were not reported.")
    run = cli("--baseline", "../ci/etcdlint-baseline.json", "etcd.yaml",
              cwd=tmp_path / "repo" / "clusters")
    assert run.code == 0


def test_a_missing_or_broken_baseline_exits_2(cli, tmp_path):
    write(tmp_path / "etcd.yaml", POD)
    run = cli("--baseline", "nope.json", "etcd.yaml", cwd=tmp_path)
    assert (run.code, run.out) == (2, "")
    assert run.err == ("etcdlint: error: nope.json: cannot read the baseline: No such file or "
                       "directory (write one with --write-baseline nope.json)\n")
    write(tmp_path / "bad.json", '{"findings": []}')
    run = cli("--baseline", "bad.json", "etcd.yaml", cwd=tmp_path)
    assert run.err == ('etcdlint: error: bad.json: not a baseline: it must be a JSON object with '
                       '"etcdlint-baseline": 1\n')
    write(tmp_path / "bad.json", '{"etcdlint-baseline": 1, "findings": [{"rule": "ETCD002"}]}')
    run = cli("--baseline", "bad.json", "etcd.yaml", cwd=tmp_path)
    assert run.err == 'etcdlint: error: bad.json: findings[0] has no "fingerprint" string\n'
    write(tmp_path / "bad.json", "{")
    run = cli("--baseline", "bad.json", "etcd.yaml", cwd=tmp_path)
    assert run.code == 2 and run.err.startswith("etcdlint: error: bad.json: not a baseline: "
                                                "invalid JSON (")


def test_write_baseline_refuses_fix(cli, tmp_path):
    write(tmp_path / "etcd.yaml", POD)
    run = cli("--write-baseline", "b.json", "--fix", "etcd.yaml", cwd=tmp_path)
    assert (run.code, run.err) == (
        2, "etcdlint: error: --write-baseline does not go with --fix or --diff\n")
    assert not (tmp_path / "b.json").exists()


def test_fix_reports_only_what_the_baseline_does_not_record(cli, tmp_path):
    write(tmp_path / "etcd.yaml", POD.replace("    - --cert-file=/etc/kubernetes/pki/etcd/server.crt\n", ""))
    assert cli("--write-baseline", "b.json", cwd=tmp_path).code == 0
    run = cli("--fix", "--baseline", "b.json", "etcd.yaml", cwd=tmp_path)
    # the two safe fixes are applied; the remaining ETCD001 and ETCD213 (the https:// listener
    # without its certificate: no safe fix) are in the baseline
    assert (run.code, run.out) == (0, "No problems found in 1 file (1 etcd configuration).\n"
                                      "2 findings in the baseline were not reported.\n"
                                      "Fixed 2 problems in 1 file.\n")
