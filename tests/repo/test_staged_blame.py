"""Only the files a run is given are reported on: a finding decided in another file is
reported at the given file's token that brings it in, the deciding token a related location
(pre-commit gives etcdlint the staged files only)."""

import json

from test_kustomize import BASE_ETCD, lines, tree
from conftest import ETCD_CA, SHARED_CA, apiserver_pod, trusting_etcd_pod as etcd_pod, write

BLAMED_API_SERVER = (
    "m/kube-apiserver.yaml:9:24: ETCD007 warning [CIS 2.7] kube-apiserver's --client-ca-file "
    "/etc/kubernetes/pki/etcd/ca.crt is also etcd's --trusted-ca-file (m/etcd.yaml): every "
    "client certificate this CA signs for Kubernetes is accepted by etcd; keep a CA of etcd's "
    "own for etcd")


def control_plane(root, api_ca):
    write(root, {"m/etcd.yaml": etcd_pod(ETCD_CA), "m/kube-apiserver.yaml": apiserver_pod(api_ca)})


def test_api_server_alone_is_blamed_for_the_etcd_ca_it_names(tmp_path, cli):
    control_plane(tmp_path, ETCD_CA)
    run = cli("m/kube-apiserver.yaml", cwd=tmp_path)
    assert (run.code, lines(run)) == (1, [BLAMED_API_SERVER,
                                          "Found 1 problem (1 warning) in 1 file."])
    # the API server with a client CA of its own brings nothing in
    control_plane(tmp_path, SHARED_CA)
    run = cli("m/kube-apiserver.yaml", cwd=tmp_path)
    assert (run.code, lines(run)) == (0, ["No problems found in 1 file (0 etcd configurations)."])


def test_both_named_the_finding_stays_at_etcd(tmp_path, cli):
    control_plane(tmp_path, ETCD_CA)
    run = cli("m/kube-apiserver.yaml", "m/etcd.yaml", cwd=tmp_path)
    assert lines(run) == [
        "m/etcd.yaml:13:25: ETCD007 warning [CIS 2.7] --trusted-ca-file "
        "/etc/kubernetes/pki/etcd/ca.crt is also kube-apiserver's --client-ca-file "
        "(m/kube-apiserver.yaml): every client certificate of the Kubernetes CA is accepted by "
        "etcd; give etcd a CA of its own",
        "Found 1 problem (1 warning) in 1 file."]


def test_blamed_finding_relates_to_the_deciding_token_in_sarif_and_json(tmp_path, cli):
    control_plane(tmp_path, ETCD_CA)
    run = cli("--format", "sarif", "m/kube-apiserver.yaml", cwd=tmp_path)
    (result,) = json.loads(run.out)["runs"][0]["results"]
    assert result["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": "m/kube-apiserver.yaml", "uriBaseId": "%SRCROOT%"},
        "region": {"startLine": 9, "startColumn": 24, "endLine": 9, "endColumn": 55}}
    assert result["relatedLocations"] == [{
        "id": 1,
        "message": {"text": "etcd's --trusted-ca-file /etc/kubernetes/pki/etcd/ca.crt (set here)"},
        "physicalLocation": {
            "artifactLocation": {"uri": "m/etcd.yaml", "uriBaseId": "%SRCROOT%"},
            "region": {"startLine": 13, "startColumn": 25, "endLine": 13, "endColumn": 56}}}]
    (diag,) = json.loads(cli("--format", "json", "m/kube-apiserver.yaml", cwd=tmp_path).out)[
        "diagnostics"]
    assert (diag["path"], diag["line"], diag["column"], diag["rule"]) == (
        "m/kube-apiserver.yaml", 9, 24, "ETCD007")
    assert "(m/etcd.yaml)" in diag["message"]


def test_an_unnamed_etcd_of_another_scope_is_not_brought_in(tmp_path, cli):
    write(tmp_path, {"a/etcd.yaml": etcd_pod(ETCD_CA), "b/kube-apiserver.yaml": apiserver_pod(ETCD_CA)})
    run = cli("b/kube-apiserver.yaml", cwd=tmp_path)
    assert (run.code, lines(run)) == (0, ["No problems found in 1 file (0 etcd configurations)."])


PEER_AUTO_TLS = ("- op: add\n"
                 "  path: /spec/template/spec/containers/0/command/-\n"
                 "  value: --peer-auto-tls=true\n")
OVERLAY = ("resources:\n"
           "- ../../base\n"
           "patches:\n"
           "- path: peer-auto-tls.yaml  # lab only\n"
           "  target: {kind: StatefulSet, name: etcd}\n")
AT_PATCH_ENTRY = (
    "overlays/lab/kustomization.yaml:4:3: ETCD006 error [CIS 2.6] --peer-auto-tls is true: etcd "
    "members may use self-signed certificates they cannot verify (decided in "
    "overlays/lab/peer-auto-tls.yaml:3:26, which this entry brings in)")


def test_overlay_kustomization_alone_is_blamed_at_its_patch_entry(tmp_path, cli):
    tree(tmp_path, lab={"kustomization.yaml": OVERLAY, "peer-auto-tls.yaml": PEER_AUTO_TLS})
    run = cli("overlays/lab/kustomization.yaml", cwd=tmp_path)
    assert (run.code, lines(run)) == (1, [AT_PATCH_ENTRY, "Found 1 problem (1 error) in 1 file."])
    log = json.loads(cli("--format", "sarif", "overlays/lab/kustomization.yaml",
                         cwd=tmp_path).out)
    (result,) = log["runs"][0]["results"]
    assert result["locations"][0]["physicalLocation"]["region"] == {
        "startLine": 4, "startColumn": 3, "endLine": 4, "endColumn": 27}
    assert [(r["physicalLocation"]["artifactLocation"]["uri"],
             r["physicalLocation"]["region"]["startLine"],
             r["physicalLocation"]["region"]["startColumn"], r["message"]["text"])
            for r in result["relatedLocations"]] == [
        ("overlays/lab/peer-auto-tls.yaml", 3, 26, "decided here: --peer-auto-tls is true: etcd "
         "members may use self-signed certificates they cannot verify")]
    # the patch named too: the finding is the patch's own, at its token, with its fix
    run = cli("overlays/lab/kustomization.yaml", "overlays/lab/peer-auto-tls.yaml", cwd=tmp_path)
    assert lines(run)[0] == (
        "overlays/lab/peer-auto-tls.yaml:3:26: ETCD006 error [CIS 2.6] --peer-auto-tls is true: "
        "etcd members may use self-signed certificates they cannot verify")


def test_blamed_finding_offers_no_fix_of_the_unnamed_file(tmp_path, cli):
    tree(tmp_path, lab={"kustomization.yaml": OVERLAY, "peer-auto-tls.yaml": PEER_AUTO_TLS})
    run = cli("--fix", "overlays/lab/kustomization.yaml", cwd=tmp_path)
    assert run.code == 1
    assert lines(run)[0] == AT_PATCH_ENTRY
    assert (tmp_path / "overlays/lab/peer-auto-tls.yaml").read_text() == PEER_AUTO_TLS


def test_overlay_kustomization_alone_is_blamed_at_its_resource_entry(tmp_path, cli):
    extra = BASE_ETCD.replace("name: etcd\n  namespace", "name: etcd-events\n  namespace").replace(
        "        env:\n", "        - --peer-auto-tls\n        env:\n")
    tree(tmp_path, lab={"kustomization.yaml": "resources:\n- ../../base\n- events.yaml\n",
                        "events.yaml": extra})
    run = cli("overlays/lab/kustomization.yaml", cwd=tmp_path)
    assert lines(run) == [
        "overlays/lab/kustomization.yaml:3:3: ETCD006 error [CIS 2.6] --peer-auto-tls is set: "
        "etcd members may use self-signed certificates they cannot verify (decided in "
        "overlays/lab/events.yaml:25:11, which this entry brings in)",
        "Found 1 problem (1 error) in 1 file."]


def test_a_finding_of_the_unnamed_base_is_not_reported(tmp_path, cli):
    tree(tmp_path, lab={"kustomization.yaml": OVERLAY, "peer-auto-tls.yaml": PEER_AUTO_TLS})
    write(tmp_path, {"base/etcd.yaml": BASE_ETCD.replace("value: 'false'", "value: 'true'")})
    # only overlay files named (what pre-commit passes when they alone are staged)
    run = cli("overlays/lab/kustomization.yaml", "overlays/lab/peer-auto-tls.yaml", cwd=tmp_path)
    assert [line.split(" ")[:2] for line in lines(run)] == [
        ["overlays/lab/peer-auto-tls.yaml:3:26:", "ETCD006"], ["Found", "1"]]
    # the base's own ETCD003 is reported when the base is named, or the whole tree linted
    run = cli("base/etcd.yaml", cwd=tmp_path)
    assert lines(run)[0].startswith("base/etcd.yaml:27:19: ETCD003 ")
    run = cli(".", cwd=tmp_path)
    assert [line.split(" ")[:2] for line in lines(run)[:2]] == [
        ["base/etcd.yaml:27:19:", "ETCD003"], ["overlays/lab/peer-auto-tls.yaml:3:26:", "ETCD006"]]


COMPONENT = ("apiVersion: kustomize.config.k8s.io/v1alpha1\n"
             "kind: Component\n"
             "patches:\n"
             "- path: peer-auto-tls.yaml\n"
             "  target: {kind: StatefulSet, name: etcd}\n")


def test_overlay_kustomization_alone_is_blamed_at_its_component_entry(tmp_path, cli):
    tree(tmp_path, lab={"kustomization.yaml": "resources:\n- ../../base\ncomponents:\n"
                                              "- ../../components/peer-auto-tls\n"})
    write(tmp_path, {"components/peer-auto-tls/kustomization.yaml": COMPONENT,
                     "components/peer-auto-tls/peer-auto-tls.yaml": PEER_AUTO_TLS})
    run = cli("overlays/lab/kustomization.yaml", cwd=tmp_path)
    assert (run.code, lines(run)) == (1, [
        "overlays/lab/kustomization.yaml:4:3: ETCD006 error [CIS 2.6] --peer-auto-tls is true: "
        "etcd members may use self-signed certificates they cannot verify (decided in "
        "components/peer-auto-tls/peer-auto-tls.yaml:3:26, which this entry brings in)",
        "Found 1 problem (1 error) in 1 file."])
    (result,) = json.loads(cli("--format", "sarif", "overlays/lab/kustomization.yaml",
                               cwd=tmp_path).out)["runs"][0]["results"]
    assert result["locations"][0]["physicalLocation"]["region"] == {
        "startLine": 4, "startColumn": 3, "endLine": 4, "endColumn": 33}
    assert [(r["physicalLocation"]["artifactLocation"]["uri"],
             r["physicalLocation"]["region"]["startLine"],
             r["physicalLocation"]["region"]["startColumn"])
            for r in result["relatedLocations"]] == [
        ("components/peer-auto-tls/peer-auto-tls.yaml", 3, 26)]
    # the component's own files named: the finding is at the patch's token
    run = cli("components/peer-auto-tls/peer-auto-tls.yaml", "overlays/lab/kustomization.yaml",
              cwd=tmp_path)
    assert lines(run)[0].startswith(
        "components/peer-auto-tls/peer-auto-tls.yaml:3:26: ETCD006 error [CIS 2.6] ")
