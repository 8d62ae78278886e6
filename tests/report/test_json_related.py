"""JSON and JSON Lines carry a finding's related locations (SARIF's ``relatedLocations``) in
``related``, present only when the finding has some."""

import json

import jsonschema

from conftest import ROOT, fleet

FINDING = (
    '"rule":"ETCD007","cis":"2.7","severity":"warning","message":"--trusted-ca-file '
    "/etc/kubernetes/pki/ca.crt is also kube-apiserver's --client-ca-file "
    "(clusters/prod/manifests/kube-apiserver.yaml): every client certificate of the Kubernetes "
    'CA is accepted by etcd; give etcd a CA of its own","path":"clusters/prod/manifests/etcd.yaml",'
    '"line":13,"column":25,"end_line":13,"end_column":51,"fix":null,"help":"set '
    "--trusted-ca-file to a CA of etcd's own, not /etc/kubernetes/pki/ca.crt (kube-apiserver's "
    'client CA)"')
RELATED = (
    '"related":[{"path":"clusters/prod/manifests/kube-apiserver.yaml","line":9,"column":24,'
    '"end_line":9,"end_column":50,"message":"kube-apiserver\'s --client-ca-file '
    '/etc/kubernetes/pki/ca.crt (set here)"}]')


def test_json_lines_carry_the_related_location(tmp_path, cli):
    fleet(tmp_path)
    run = cli("--format", "json-lines", "clusters/prod", cwd=tmp_path)
    assert (run.code, run.err) == (1, "")
    assert run.out == "{" + FINDING + "," + RELATED + "}\n"


def test_json_carries_the_related_location_and_matches_the_schema(tmp_path, cli):
    fleet(tmp_path)
    run = cli("--format", "json", "clusters/prod", cwd=tmp_path)
    assert (run.code, run.err) == (1, "")
    report = json.loads(run.out)
    assert report["diagnostics"] == [json.loads("{" + FINDING + "," + RELATED + "}")]
    assert run.out.splitlines()[15:25] == [
        '      "related": [',
        "        {",
        '          "path": "clusters/prod/manifests/kube-apiserver.yaml",',
        '          "line": 9,',
        '          "column": 24,',
        '          "end_line": 9,',
        '          "end_column": 50,',
        "          \"message\": \"kube-apiserver's --client-ca-file /etc/kubernetes/pki/ca.crt "
        '(set here)"',
        "        }",
        "      ]"]
    jsonschema.validate(report, json.loads((ROOT / "schemas" / "report.schema.json").read_text()))


def test_a_finding_without_related_locations_has_no_related_field(tmp_path, cli):
    (tmp_path / "etcd.yaml").write_text(
        "kind: Pod\nspec:\n  containers:\n  - command: [etcd, --enable-pprof]\n")
    run = cli("--format", "json-lines", "--select", "ETCD111", "etcd.yaml", cwd=tmp_path)
    assert run.out == (
        '{"rule":"ETCD111","cis":null,"severity":"warning","message":"--enable-pprof is true: '
        '/debug/pprof is served on the client URLs","path":"etcd.yaml","line":4,"column":21,'
        '"end_line":4,"end_column":35,"fix":{"title":"remove --enable-pprof (it defaults to '
        'false)","applicability":"safe","edits":[{"line":4,"column":19,"end_line":4,'
        '"end_column":35,"replacement":""}]},"help":"remove --enable-pprof (it defaults to '
        'false)"}\n')
