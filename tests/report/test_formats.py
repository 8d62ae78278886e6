"""``--format gitlab`` and ``--format junit`` (checked against their schemas), the text
format's severity and ``[*]`` marks, and ``--output-format``."""

import json

import jsonschema
import pytest

from conftest import ROOT, lint_files

POD = (
    "kind: Pod\n"
    "spec:\n"
    "  containers:\n"
    "  - name: etcd\n"
    "    command:\n"
    "    - etcd\n"
    "    - --key-file=/etc/kubernetes/pki/etcd/server.key\n"
    "    - --client-cert-auth=false\n"
    "    - --trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt\n"
    "    - --peer-cert-file=/etc/kubernetes/pki/etcd/peer.crt\n"
    "    - --peer-key-file=/etc/kubernetes/pki/etcd/peer.key\n"
    "    - --peer-client-cert-auth\n"
    "    - --peer-trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt\n"
    "    - --listen-client-urls=https://10.0.0.5:2379\n"
    "    - --listen-peer-urls=https://10.0.0.5:2380\n"
    "    - '--listen-metrics-urls=http://0.0.0.0:2381'\n"
)
LINES = [
    "etcd.yaml:6:7: ETCD001 error [CIS 2.1] --cert-file is not set: etcd refuses to start with "
    "an https:// client URL without it",
    "etcd.yaml:8:26: ETCD002 [*] error [CIS 2.2] --client-cert-auth is false: etcd accepts "
    "clients without a certificate",
    "etcd.yaml:14:28: ETCD213 error --listen-client-urls has https://10.0.0.5:2379, but "
    "--cert-file is not set: etcd refuses to start (KeyFile and CertFile must both be "
    "present[key: /etc/kubernetes/pki/etcd/server.key, cert: ])",
    "etcd.yaml:16:30: ETCD106 note --listen-metrics-urls has http://0.0.0.0:2381: metrics and "
    "health endpoints are served to the network without TLS",
]


@pytest.fixture
def manifest(tmp_path):
    (tmp_path / "etcd.yaml").write_text(POD)
    return tmp_path


def test_text_marks_fixable_findings_and_counts_what_unsafe_fixes_would_add(cli, manifest):
    run = cli("etcd.yaml", cwd=manifest)
    assert run.out.splitlines() == LINES + [
        "Found 4 problems (3 errors, 1 note) in 1 file.",
        "[*] 1 fixable with --fix (1 more with --fix --unsafe-fixes)."]
    run = cli("etcd.yaml", "--unsafe-fixes", cwd=manifest)
    assert run.out.splitlines() == [LINES[0].replace("ETCD001 error", "ETCD001 [*] error")] + \
        LINES[1:] + ["Found 4 problems (3 errors, 1 note) in 1 file.",
                     "[*] 2 fixable with --fix --unsafe-fixes."]


def test_text_when_only_unsafe_fixes_are_available(cli, manifest):
    (manifest / "etcd.yaml").write_text(POD.replace("--client-cert-auth=false",
                                                    "--client-cert-auth=true"))
    run = cli("etcd.yaml", "--fail-on", "error", cwd=manifest)
    assert run.out.splitlines()[-2:] == [
        "Found 3 problems (2 errors, 1 note) in 1 file.",
        "No fixes available with --fix (1 with --fix --unsafe-fixes)."]


def test_text_colour_paints_the_severity(cli, manifest, monkeypatch):
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.delenv("NO_COLOR", raising=False)
    from etcdlint.cli import main

    import io
    import contextlib
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        monkeypatch.chdir(manifest)
        main(["etcd.yaml"])
    first = out.getvalue().splitlines()[1]
    assert first == ("\x1b[1metcd.yaml:8:26:\x1b[0m \x1b[1mETCD002\x1b[0m [*] \x1b[31merror\x1b[0m "
                     "[CIS 2.2] --client-cert-auth is false: etcd accepts clients without a "
                     "certificate")


def test_output_format_is_another_name_for_format(cli, manifest):
    assert cli("--output-format", "json", "etcd.yaml", cwd=manifest).out == \
        cli("--format", "json", "etcd.yaml", cwd=manifest).out
    assert cli("--output-format=gitlab", "etcd.yaml", cwd=manifest).out == \
        cli("--format=gitlab", "etcd.yaml", cwd=manifest).out


def test_gitlab_code_quality(cli, manifest, monkeypatch):
    monkeypatch.delenv("CI_PROJECT_DIR", raising=False)
    run = cli("--format", "gitlab", "etcd.yaml", cwd=manifest)
    assert run.code == 1
    issues = json.loads(run.out)
    schema = json.loads((ROOT / "schemas" / "gitlab-codequality.schema.json").read_text())
    jsonschema.validate(issues, schema)
    sarif = json.loads(cli("--format", "sarif", "etcd.yaml", cwd=manifest).out)
    prints = [r["partialFingerprints"]["primaryLocationLineHash"]
              for r in sarif["runs"][0]["results"]]
    assert issues == [
        {"type": "issue", "check_name": "ETCD001",
         "description": "ETCD001 [CIS 2.1]: --cert-file is not set: etcd refuses to start "
                        "with an https:// client URL without it",
         "categories": ["Security"], "severity": "critical", "fingerprint": prints[0],
         "location": {"path": "etcd.yaml", "lines": {"begin": 6, "end": 6}},
         "content": {"body": "set cert-file to /etc/kubernetes/pki/etcd/server.crt (kubeadm's "
                             "layout, as its sibling settings use)"}},
        {"type": "issue", "check_name": "ETCD002",
         "description": "ETCD002 [CIS 2.2]: --client-cert-auth is false: etcd accepts clients "
                        "without a certificate",
         "categories": ["Security"], "severity": "critical", "fingerprint": prints[1],
         "location": {"path": "etcd.yaml", "lines": {"begin": 8, "end": 8}},
         "content": {"body": "set --client-cert-auth to true"}},
        {"type": "issue", "check_name": "ETCD213",
         "description": "ETCD213: --listen-client-urls has https://10.0.0.5:2379, but "
                        "--cert-file is not set: etcd refuses to start (KeyFile and CertFile "
                        "must both be present[key: /etc/kubernetes/pki/etcd/server.key, cert: ])",
         "categories": ["Security"], "severity": "critical", "fingerprint": prints[2],
         "location": {"path": "etcd.yaml", "lines": {"begin": 14, "end": 14}},
         "content": {"body": "set --cert-file as well"}},
        {"type": "issue", "check_name": "ETCD106",
         "description": "ETCD106: --listen-metrics-urls has http://0.0.0.0:2381: metrics and "
                        "health endpoints are served to the network without TLS",
         "categories": ["Security"], "severity": "info", "fingerprint": prints[3],
         "location": {"path": "etcd.yaml", "lines": {"begin": 16, "end": 16}},
         "content": {"body": "make it https://0.0.0.0:2381 (served with --cert-file and "
                             "--key-file), or http://127.0.0.1:2381 to serve this host only"}},
    ]


def test_gitlab_paths_are_relative_to_the_ci_project_dir(cli, manifest, monkeypatch):
    sub = manifest / "clusters" / "prod"
    sub.mkdir(parents=True)
    (sub / "etcd.yaml").write_text(POD)
    monkeypatch.setenv("CI_PROJECT_DIR", str(manifest))
    issues = json.loads(cli("--format", "gitlab", "etcd.yaml", cwd=sub).out)
    assert {i["location"]["path"] for i in issues} == {"clusters/prod/etcd.yaml"}


def test_gitlab_clean_run_is_an_empty_list(cli, tmp_path):
    (tmp_path / "x.yaml").write_text("a: 1\n")
    run = cli("--format", "gitlab", "x.yaml", cwd=tmp_path)
    assert (run.code, run.out) == (0, "[]\n")


def xsd():
    xmlschema = pytest.importorskip("xmlschema")
    return xmlschema.XMLSchema(str(ROOT / "schemas" / "junit.xsd"))


def test_junit_one_suite_per_file_one_case_per_finding(cli, manifest):
    (manifest / "b.yaml").write_text(POD.replace("--client-cert-auth=false", "--client-cert-auth"))
    run = cli("--format", "junit", "etcd.yaml", "b.yaml", cwd=manifest)
    assert run.code == 1
    xsd().validate(run.out)
    assert run.out == (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<testsuites name="etcdlint" tests="7" failures="5" errors="0">\n'
        '  <testsuite name="b.yaml" tests="3" failures="2" errors="0">\n'
        '    <testcase name="ETCD001 at 6:7" classname="b.yaml" file="b.yaml" line="6">\n'
        '      <failure message="--cert-file is not set: etcd refuses to start with an '
        'https:// client URL without it" type="error">b.yaml:6:7: ETCD001 [CIS 2.1] '
        '--cert-file is not set: etcd refuses to start with an https:// client URL '
        'without it\nhelp: set cert-file to /etc/kubernetes/pki/etcd/server.crt (kubeadm\'s '
        'layout, as its sibling settings use)</failure>\n'
        '    </testcase>\n'
        '    <testcase name="ETCD213 at 14:28" classname="b.yaml" file="b.yaml" '
        'line="14">\n'
        '      <failure message="--listen-client-urls has https://10.0.0.5:2379, but '
        '--cert-file is not set: etcd refuses to start (KeyFile and CertFile must both '
        'be present[key: /etc/kubernetes/pki/etcd/server.key, cert: ])" '
        'type="error">b.yaml:14:28: ETCD213 --listen-client-urls has '
        'https://10.0.0.5:2379, but --cert-file is not set: etcd refuses to start '
        '(KeyFile and CertFile must both be present[key: '
        '/etc/kubernetes/pki/etcd/server.key, cert: ])\nhelp: set --cert-file as '
        'well</failure>\n'
        '    </testcase>\n'
        '    <testcase name="ETCD106 at 16:30" classname="b.yaml" file="b.yaml" '
        'line="16">\n'
        '      <system-out>note: b.yaml:16:30: ETCD106 --listen-metrics-urls has '
        'http://0.0.0.0:2381: metrics and health endpoints are served to the network '
        'without TLS\nhelp: make it https://0.0.0.0:2381 (served with --cert-file and '
        '--key-file), or http://127.0.0.1:2381 to serve this host only</system-out>\n'
        '    </testcase>\n'
        '  </testsuite>\n'
        '  <testsuite name="etcd.yaml" tests="4" failures="3" errors="0">\n'
        '    <testcase name="ETCD001 at 6:7" classname="etcd.yaml" file="etcd.yaml" '
        'line="6">\n'
        '      <failure message="--cert-file is not set: etcd refuses to start with an '
        'https:// client URL without it" type="error">etcd.yaml:6:7: ETCD001 [CIS 2.1] '
        '--cert-file is not set: etcd refuses to start with an https:// client URL '
        'without it\nhelp: set cert-file to /etc/kubernetes/pki/etcd/server.crt (kubeadm\'s '
        'layout, as its sibling settings use)</failure>\n'
        '    </testcase>\n'
        '    <testcase name="ETCD002 at 8:26" classname="etcd.yaml" file="etcd.yaml" '
        'line="8">\n'
        '      <failure message="--client-cert-auth is false: etcd accepts clients '
        'without a certificate" type="error">etcd.yaml:8:26: ETCD002 [CIS 2.2] '
        '--client-cert-auth is false: etcd accepts clients without a '
        'certificate\nhelp: set --client-cert-auth to true</failure>\n'
        '    </testcase>\n'
        '    <testcase name="ETCD213 at 14:28" classname="etcd.yaml" file="etcd.yaml" '
        'line="14">\n'
        '      <failure message="--listen-client-urls has https://10.0.0.5:2379, but '
        '--cert-file is not set: etcd refuses to start (KeyFile and CertFile must both '
        'be present[key: /etc/kubernetes/pki/etcd/server.key, cert: ])" '
        'type="error">etcd.yaml:14:28: ETCD213 --listen-client-urls has '
        'https://10.0.0.5:2379, but --cert-file is not set: etcd refuses to start '
        '(KeyFile and CertFile must both be present[key: '
        '/etc/kubernetes/pki/etcd/server.key, cert: ])\nhelp: set --cert-file as '
        'well</failure>\n'
        '    </testcase>\n'
        '    <testcase name="ETCD106 at 16:30" classname="etcd.yaml" file="etcd.yaml" '
        'line="16">\n'
        '      <system-out>note: etcd.yaml:16:30: ETCD106 --listen-metrics-urls has '
        'http://0.0.0.0:2381: metrics and health endpoints are served to the network '
        'without TLS\nhelp: make it https://0.0.0.0:2381 (served with --cert-file and '
        '--key-file), or http://127.0.0.1:2381 to serve this host only</system-out>\n'
        '    </testcase>\n'
        '  </testsuite>\n'
        '</testsuites>\n')


def test_junit_clean_run_and_escaping(cli, tmp_path):
    (tmp_path / "x.yaml").write_text("a: 1\n")
    run = cli("--format", "junit", "x.yaml", cwd=tmp_path)
    assert run.code == 0
    xsd().validate(run.out)
    assert run.out == (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<testsuites name="etcdlint" tests="1" failures="0" errors="0">\n'
        '  <testsuite name="etcdlint" tests="1" failures="0" errors="0">\n'
        '    <testcase name="No problems found" classname="etcdlint" />\n'
        '  </testsuite>\n'
        '</testsuites>\n')
    (tmp_path / "a&b <c>.yaml").write_text(POD.replace("--client-cert-auth=false",
                                                      "--client-cert-auth=\"x\x1b<y>\""))
    run = cli("--format", "junit", "a&b <c>.yaml", cwd=tmp_path)
    xsd().validate(run.out)
    assert 'name="a&amp;b &lt;c&gt;.yaml"' in run.out
    assert "\x1b" not in run.out


def test_json_report_written_in_pieces_is_what_one_dump_writes():
    from etcdlint import __version__
    from etcdlint.report import json_report, render_chunks

    def whole(result, baselined=None):
        indexes = result.indexes
        report = {"version": __version__,
                  "diagnostics": [json_report.diagnostic_dict(i, indexes.get(i.diagnostic.path))
                                  for i in result.diagnostics],
                  "summary": json_report.summary(result)}
        if baselined is not None:
            report["summary"]["baselined"] = baselined
        return json.dumps(report, indent=2, ensure_ascii=False) + "\n"

    pod = ("kind: Pod\nmetadata: {{name: é-{i}}}\nspec:\n  containers:\n  - name: etcd\n"
           "    command: [etcd, --client-cert-auth=false]\n")
    for count in (0, 1, 28, 29, 60):  # (9 findings a pod: 256 findings fall inside pod 29)
        text = "---\n".join(pod.format(i=i) for i in range(count)) or "a: 1\n"
        result = lint_files({"p.yaml": text})
        pieces = list(render_chunks(result, "json", baselined=2))
        assert "".join(pieces) == whole(result, 2)
        assert len(pieces) == 2 + (len(result.diagnostics) + 255) // 256
        assert json_report.render(result) == whole(result)


def test_sarif_is_compact_and_each_file_uri_is_computed_once(cli, tmp_path, monkeypatch):
    from etcdlint.report import fingerprints

    calls = []
    real = fingerprints.artifact
    monkeypatch.setattr(fingerprints, "artifact", lambda path, root: calls.append(path) or
                        real(path, root))
    pod = ("kind: Pod\nspec:\n  containers:\n  - name: etcd\n    command: [etcd, --auto-tls]\n")
    for name in ("a.yaml", "b.yaml"):
        (tmp_path / name).write_text(pod)
    run = cli("--format", "sarif", "a.yaml", "b.yaml", cwd=tmp_path)
    # one line: the C encoder's layout (json.dumps without indent)
    assert run.out.count("\n") == 1 and run.out.endswith("}\n")
    results = json.loads(run.out)["runs"][0]["results"]
    assert len(results) == 20
    assert sorted(calls) == ["a.yaml", "b.yaml"]
    assert {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            for r in results} == {"a.yaml", "b.yaml"}


def test_junit_fails_only_the_findings_that_fail_the_run(cli, manifest):
    """With --fail-on error the run exits 0 on warnings and notes: JUnit must not mark them
    failed either (Jenkins would call the build unstable)."""
    run = cli("--format", "junit", "--fail-on", "error", "etcd.yaml", cwd=manifest)
    assert run.code == 1
    xsd().validate(run.out)
    head = run.out.splitlines()[1:3]
    assert head == ['<testsuites name="etcdlint" tests="4" failures="3" errors="0">',
                    '  <testsuite name="etcd.yaml" tests="4" failures="3" errors="0">']
    assert ('    <testcase name="ETCD106 at 16:30" classname="etcd.yaml" file="etcd.yaml" '
            'line="16">\n      <system-out>note: etcd.yaml:16:30: ETCD106 '
            '--listen-metrics-urls has http://0.0.0.0:2381: metrics and health endpoints are '
            'served to the network without TLS\nhelp: make it https://0.0.0.0:2381 (served '
            'with --cert-file and --key-file), or http://127.0.0.1:2381 to serve this host '
            'only</system-out>\n    </testcase>\n') in run.out
    notes_only = cli("--format", "junit", "--fail-on", "error", "--select", "ETCD106",
                     "etcd.yaml", cwd=manifest)
    assert notes_only.code == 0
    xsd().validate(notes_only.out)
    assert notes_only.out.splitlines()[1] == (
        '<testsuites name="etcdlint" tests="1" failures="0" errors="0">')
