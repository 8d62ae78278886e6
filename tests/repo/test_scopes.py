"""Cluster scopes: CIS 2.7 compares etcd with the API servers of its own cluster only."""

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from conftest import (EDGE_FINDING, ETCD_CA, PROD_FINDING, ROOT, SHARED_CA,
                      apiserver_pod, fleet, trusting_etcd_pod as etcd_pod, write)

SHARED = ROOT.parent / "shared"


def test_each_cluster_is_judged_on_its_own_api_server(tmp_path, cli):
    fleet(tmp_path)
    run = cli("clusters", cwd=tmp_path)
    assert run.out.splitlines() == [
        EDGE_FINDING,
        PROD_FINDING,
        "Found 2 problems (2 warnings) in 2 files.",
    ]
    assert run.code == 1


def test_precommit_names_only_etcd_and_the_api_server_beside_it_is_read(tmp_path, cli):
    fleet(tmp_path)
    run = cli("clusters/prod/manifests/etcd.yaml", cwd=tmp_path)
    assert run.out.splitlines() == [PROD_FINDING,
                                    "Found 1 problem (1 warning) in 1 file."]
    assert run.code == 1


def test_siblings_read_from_disk_report_nothing_of_their_own(tmp_path, cli):
    # the unnamed neighbours: an API server with plaintext etcd servers (ETCD101 when linted),
    # an insecure etcd (ETCD002), a file that is not YAML (ETCD000)
    write(tmp_path, {
        "m/etcd.yaml": etcd_pod(ETCD_CA),
        "m/kube-apiserver.yaml": apiserver_pod(SHARED_CA).replace(
            "    - --client-ca", "    - --etcd-servers=http://127.0.0.1:2379\n    - --client-ca"),
        "m/other-etcd.yaml": etcd_pod(ETCD_CA).replace("--client-cert-auth=true",
                                                       "--client-cert-auth=false"),
        "m/broken.yaml": "a: [\n",
    })
    run = cli("m/etcd.yaml", cwd=tmp_path)
    assert run.out.splitlines() == ["No problems found in 1 file (1 etcd configuration)."]
    assert run.code == 0
    run = cli("m/kube-apiserver.yaml", cwd=tmp_path)  # named: its own findings are reported
    assert [line.split(" ")[:2] for line in run.out.splitlines()[:-1]] == [
        ["m/kube-apiserver.yaml:8:7:", "ETCD102"], ["m/kube-apiserver.yaml:8:7:", "ETCD103"],
        ["m/kube-apiserver.yaml:9:22:", "ETCD101"]]


def test_precommit_suppression_of_the_shared_ca_works(tmp_path, cli):
    fleet(tmp_path)
    target = tmp_path / "clusters/prod/manifests/etcd.yaml"
    target.write_text(etcd_pod(SHARED_CA, "  # etcdlint: disable=ETCD007"))
    run = cli("clusters/prod/manifests/etcd.yaml", cwd=tmp_path)
    assert run.out.splitlines() == ["No problems found in 1 file (1 etcd configuration)."]
    assert run.code == 0
    # and without the API server on disk, the same comment suppresses nothing
    (tmp_path / "clusters/prod/manifests/kube-apiserver.yaml").unlink()
    run = cli("clusters/prod/manifests/etcd.yaml", cwd=tmp_path)
    assert run.out.splitlines()[0] == (
        "clusters/prod/manifests/etcd.yaml:13:73: ETCD301 warning ETCD007 in this suppression "
        "suppresses nothing")


def split_cluster(root: Path):
    write(root, {
        "clusters/a/etcd/etcd.yaml": etcd_pod(SHARED_CA),
        "clusters/a/control-plane/kube-apiserver.yaml": apiserver_pod(SHARED_CA),
        "clusters/b/etcd/etcd.yaml": etcd_pod(SHARED_CA),
        "clusters/b/control-plane/kube-apiserver.yaml": apiserver_pod(ETCD_CA),
    })


def test_cluster_roots_widen_a_scope_to_a_whole_directory(tmp_path, cli):
    split_cluster(tmp_path)
    run = cli("clusters", cwd=tmp_path)  # one scope per directory: nothing to compare
    assert run.out.splitlines() == ["No problems found in 4 files (2 etcd configurations)."]
    (tmp_path / ".etcdlint.yaml").write_text('cluster-roots: ["clusters/*"]\n')
    expected = [
        "clusters/a/etcd/etcd.yaml:13:25: ETCD007 warning [CIS 2.7] --trusted-ca-file "
        "/etc/kubernetes/pki/ca.crt is also kube-apiserver's --client-ca-file "
        "(clusters/a/control-plane/kube-apiserver.yaml): every client certificate of the "
        "Kubernetes CA is accepted by etcd; give etcd a CA of its own",
        "Found 1 problem (1 warning) in 1 file."]
    run = cli("clusters", cwd=tmp_path)
    assert run.out.splitlines() == expected
    # named alone (pre-commit), the cluster root is searched for the rest of its scope
    run = cli("clusters/a/etcd/etcd.yaml", cwd=tmp_path)
    assert run.out.splitlines() == expected
    run = cli("clusters/b/etcd/etcd.yaml", cwd=tmp_path)
    assert run.out.splitlines() == ["No problems found in 1 file (1 etcd configuration)."]


def test_excluded_siblings_are_not_read(tmp_path, cli):
    fleet(tmp_path)
    (tmp_path / ".etcdlint.yaml").write_text('exclude: ["kube-apiserver.yaml"]\n')
    run = cli("clusters/prod/manifests/etcd.yaml", cwd=tmp_path)
    assert run.out.splitlines() == ["No problems found in 1 file (1 etcd configuration)."]


def test_fix_run_sees_the_siblings_too(tmp_path, cli):
    fleet(tmp_path)
    run = cli("--fix", "clusters/prod/manifests/etcd.yaml", cwd=tmp_path)
    assert run.out.splitlines()[0] == PROD_FINDING


def test_sarif_result_carries_the_api_server_as_related_location(tmp_path, cli):
    fleet(tmp_path)
    run = cli("--format", "sarif", "clusters/prod", cwd=tmp_path)
    log = json.loads(run.out)
    (result,) = log["runs"][0]["results"]
    assert result["ruleId"] == "ETCD007"
    assert result["relatedLocations"] == [{
        "id": 1,
        "message": {"text": "kube-apiserver's --client-ca-file /etc/kubernetes/pki/ca.crt "
                            "(set here)"},
        "physicalLocation": {
            "artifactLocation": {"uri": "clusters/prod/manifests/kube-apiserver.yaml",
                                 "uriBaseId": "%SRCROOT%"},
            "region": {"startLine": 9, "startColumn": 24, "endLine": 9, "endColumn": 50},
        },
    }]
    run = cli("--format", "sarif", "clusters/edge", cwd=tmp_path)
    (result,) = json.loads(run.out)["runs"][0]["results"]
    assert result["relatedLocations"][0]["message"]["text"] == (
        "kube-apiserver's --client-ca-file /etc/kubernetes/pki/ca.crt (implied by kubeadm)")
    assert result["relatedLocations"][0]["physicalLocation"]["region"] == {
        "startLine": 2, "startColumn": 7, "endLine": 2, "endColumn": 27}
    schema_path = SHARED / "sarif" / "sarif-schema-2.1.0.json"
    if schema_path.is_file():
        schema = json.loads(schema_path.read_text())
        jsonschema.validators.validator_for(schema)(schema).validate(log)


@pytest.mark.skipif(not (SHARED / "sarif" / "validate-sarif").is_file(),
                    reason="../shared/sarif is not present")
def test_sarif_with_related_locations_passes_validate_sarif(tmp_path):
    import os

    fleet(tmp_path)
    out = tmp_path / "fleet.sarif"
    subprocess.run([sys.executable, "-m", "etcdlint", "--format", "sarif", "--output", str(out),
                    "clusters"], cwd=tmp_path, check=False)
    assert "relatedLocations" in out.read_text()
    env = dict(os.environ, PYTHON=sys.executable)
    proc = subprocess.run(["bash", str(SHARED / "sarif" / "validate-sarif"), str(out)],
                          capture_output=True, text=True, env=env, timeout=900)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "schema: 0 error(s)" in proc.stdout


def test_only_siblings_that_may_hold_an_api_server_are_parsed(tmp_path, cli, monkeypatch):
    import etcdlint.engine.run as engine

    parsed = []
    real = engine.lint_file

    def counting(path, data, options, **kwargs):
        parsed.append(path)
        return real(path, data, options, **kwargs)

    monkeypatch.setattr(engine, "lint_file", counting)
    write(tmp_path, {
        "m/etcd.yaml": etcd_pod(SHARED_CA),
        "m/kube-apiserver.yaml": apiserver_pod(SHARED_CA),
        # kubeadm's static etcd pods name kubeadm in an annotation: still no API server
        "m/etcd-2.yaml": etcd_pod(SHARED_CA).replace(
            "metadata: {name: etcd, namespace: kube-system}\n",
            "metadata:\n  name: etcd-2\n  annotations: {kubeadm.kubernetes.io/etcd.advertise-"
            "client-urls: https://10.0.0.2:2379}\n"),
    })
    run = cli("m/etcd.yaml", cwd=tmp_path)
    assert [line.split(" ")[:2] for line in run.out.splitlines()[:-1]] == [
        ["m/etcd.yaml:13:25:", "ETCD007"]]
    assert sorted(parsed) == ["m/etcd.yaml", "m/kube-apiserver.yaml"]


KUBEADM_A = ("apiVersion: kubeadm.k8s.io/v1beta3\n"
             "kind: ClusterConfiguration\n"
             "clusterName: a\n"
             "etcd:\n"
             "  local:\n"
             "    dataDir: /var/lib/etcd\n")
KUBEADM_B = ("apiVersion: kubeadm.k8s.io/v1beta3\n"
             "kind: ClusterConfiguration\n"
             "clusterName: b\n"
             "apiServer:\n"
             "  extraArgs:\n"
             "    client-ca-file: /etc/kubernetes/pki/etcd/ca.crt\n"
             "etcd:\n"
             "  local:\n"
             "    dataDir: /var/lib/etcd\n")


def test_a_whole_cluster_in_one_file_is_compared_with_itself_only(tmp_path, cli):
    # two kubeadm clusters side by side: b's API server trusts etcd's CA, which says nothing
    # of cluster a; inside a configured cluster root, the folder is one cluster again
    write(tmp_path, {"fleet/a.yaml": KUBEADM_A, "fleet/b.yaml": KUBEADM_B})
    message = ("ETCD007 warning [CIS 2.7] --trusted-ca-file /etc/kubernetes/pki/etcd/ca.crt is "
               "also kube-apiserver's --client-ca-file (fleet/b.yaml): every client "
               "certificate of the Kubernetes CA is accepted by etcd; give etcd a CA of its own")
    run = cli("--select", "ETCD007", "fleet", cwd=tmp_path)
    assert run.out.splitlines() == [f"fleet/b.yaml:8:3: {message}",
                                    "Found 1 problem (1 warning) in 1 file."]
    (tmp_path / ".etcdlint.yaml").write_text('cluster-roots: ["fleet"]\n')
    run = cli("--select", "ETCD007", "fleet", cwd=tmp_path)
    assert run.out.splitlines() == [f"fleet/a.yaml:5:3: {message}",
                                    f"fleet/b.yaml:8:3: {message}",
                                    "Found 2 problems (2 warnings) in 2 files."]
