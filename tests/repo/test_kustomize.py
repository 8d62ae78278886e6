"""Kustomize: patches are fragments, overlays are judged on their effective pod spec."""

import os
import subprocess
import sys

import pytest

from conftest import write

BASE_ETCD = (
    "apiVersion: apps/v1\n"
    "kind: StatefulSet\n"
    "metadata:\n"
    "  name: etcd\n"
    "  namespace: db\n"
    "spec:\n"
    "  template:\n"
    "    spec:\n"
    "      containers:\n"
    "      - name: etcd\n"
    "        image: registry.k8s.io/etcd:3.5.21-0\n"
    "        command:\n"
    "        - etcd\n"
    "        - --cert-file=/pki/server.crt\n"
    "        - --key-file=/pki/server.key\n"
    "        - --client-cert-auth=true\n"
    "        - --trusted-ca-file=/pki/etcd-ca.crt\n"
    "        - --peer-cert-file=/pki/peer.crt\n"
    "        - --peer-key-file=/pki/peer.key\n"
    "        - --peer-client-cert-auth=true\n"
    "        - --peer-trusted-ca-file=/pki/etcd-ca.crt\n"
    "        - --listen-client-urls=https://0.0.0.0:2379\n"
    "        - --advertise-client-urls=https://etcd:2379\n"
    "        - --listen-peer-urls=https://0.0.0.0:2380\n"
    "        env:\n"
    "        - name: ETCD_AUTO_TLS\n"
    "          value: 'false'\n"
    "        resources:\n"
    "          requests: {cpu: 100m}\n")

SMP_HEAD = (
    "apiVersion: apps/v1\n"
    "kind: StatefulSet\n"
    "metadata:\n"
    "  name: etcd\n"
    "  namespace: db\n"
    "spec:\n"
    "  template:\n"
    "    spec:\n"
    "      containers:\n"
    "      - name: etcd\n")

RESOURCES_ONLY = SMP_HEAD + "        resources:\n          limits: {memory: 1Gi}\n"

# command is a list without a merge key: the patch's list replaces the base's
CERT_AUTH_OFF = SMP_HEAD + (
    "        command:\n"
    "        - etcd\n"
    "        - --cert-file=/pki/server.crt\n"
    "        - --key-file=/pki/server.key\n"
    "        - --client-cert-auth=false\n"
    "        - --trusted-ca-file=/pki/etcd-ca.crt\n"
    "        - --peer-cert-file=/pki/peer.crt\n"
    "        - --peer-key-file=/pki/peer.key\n"
    "        - --peer-client-cert-auth=true\n"
    "        - --peer-trusted-ca-file=/pki/etcd-ca.crt\n"
    "        - --listen-client-urls=https://0.0.0.0:2379\n"
    "        - --advertise-client-urls=https://etcd:2379\n"
    "        - --listen-peer-urls=https://0.0.0.0:2380\n")


def tree(root, **overlays):
    files = {"base/kustomization.yaml": "resources:\n- etcd.yaml\n",
             "base/etcd.yaml": BASE_ETCD}
    for name, extra in overlays.items():
        for rel, text in extra.items():
            files[f"overlays/{name}/{rel}"] = text
    write(root, files)


def lines(run):
    return [line for line in run.out.splitlines()]


def test_strategic_merge_patch_decides_at_its_own_token(tmp_path, cli):
    tree(tmp_path, lab={
        "kustomization.yaml": "resources:\n- ../../base\npatchesStrategicMerge:\n- etcd.yaml\n",
        "etcd.yaml": CERT_AUTH_OFF})
    run = cli(".", cwd=tmp_path)
    assert lines(run) == [
        "overlays/lab/etcd.yaml:15:30: ETCD002 [*] error [CIS 2.2] --client-cert-auth is false: etcd "
        "accepts clients without a certificate",
        "Found 1 problem (1 error) in 1 file.", "[*] 1 fixable with --fix."]
    assert run.code == 1


def test_patch_that_only_touches_resources_gives_nothing(tmp_path, cli):
    tree(tmp_path, prod={
        "kustomization.yaml": "resources:\n- ../../base\npatches:\n- path: etcd.yaml\n",
        "etcd.yaml": RESOURCES_ONLY})
    run = cli(".", cwd=tmp_path)
    assert lines(run) == ["No problems found in 4 files (1 etcd configuration)."]
    assert run.code == 0


INLINE_APPEND = (
    "resources:\n"
    "- ../../base\n"
    "patches:\n"
    "- target:\n"
    "    kind: StatefulSet\n"
    "    name: etcd\n"
    "  patch: |-\n"
    "    - op: add\n"
    "      path: /spec/template/spec/containers/0/command/-\n"
    "      value: --peer-auto-tls=true\n")


def test_inline_json6902_append_points_into_the_kustomization(tmp_path, cli):
    tree(tmp_path, prod={"kustomization.yaml": INLINE_APPEND})
    run = cli(".", cwd=tmp_path)
    assert lines(run) == [
        "overlays/prod/kustomization.yaml:10:30: ETCD006 error [CIS 2.6] --peer-auto-tls is true: "
        "etcd members may use self-signed certificates they cannot verify",
        "Found 1 problem (1 error) in 1 file."]


def _ops(ops):
    return ("resources:\n- ../../base\npatches:\n- target: {kind: StatefulSet, name: etcd}\n"
            "  patch: |-\n" + "".join(f"    {line}\n" for line in ops.splitlines()))


COMMAND = "/spec/template/spec/containers/0/command"


def test_json_patch_move_copy_and_test(tmp_path, cli):
    ops = (f"- op: test\n  path: {COMMAND}/3\n  value: --client-cert-auth=true\n"
           f"- op: copy\n  from: {COMMAND}/3\n  path: {COMMAND}/-\n"
           f"- op: move\n  from: {COMMAND}/3\n  path: {COMMAND}/1\n"
           f"- op: replace\n  path: {COMMAND}/1\n  value: --client-cert-auth=false\n")
    tree(tmp_path, prod={"kustomization.yaml": _ops(ops)})
    run = cli(".", cwd=tmp_path)
    # the copy at the end comes after the replaced one, moved to index 1: etcd reads the last
    assert lines(run) == [
        "overlays/prod/kustomization.yaml:17:14: ETCD207 warning --client-cert-auth=false has "
        "no effect: a later --client-cert-auth=true wins",
        "Found 1 problem (1 warning) in 1 file."]
    ops = ops.replace(f"  from: {COMMAND}/3\n  path: {COMMAND}/-\n",
                      f"  from: {COMMAND}/2\n  path: {COMMAND}/-\n")
    tree(tmp_path, prod={"kustomization.yaml": _ops(ops)})
    run = cli(".", cwd=tmp_path)
    assert lines(run)[:2] == [  # (the copied --key-file is given twice: the same value)
        "overlays/prod/kustomization.yaml:17:33: ETCD002 [*] error [CIS 2.2] "
        "--client-cert-auth is false: etcd accepts clients without a certificate",
        "Found 1 problem (1 error) in 1 file."]


@pytest.mark.parametrize("op,says", [
    (f"- op: test\n  path: {COMMAND}/3\n  value: --client-cert-auth=false\n",
     f"JSON patch test of {COMMAND}/3 fails: kustomize does not build this overlay"),
    (f"- op: test\n  path: {COMMAND}/3\n  value: yes\n",
     f"JSON patch test of {COMMAND}/3: a value whose type etcdlint cannot be sure of"),
    (f"- op: copy\n  from: {COMMAND}/99\n  path: {COMMAND}/-\n",
     f"JSON patch path {COMMAND}/99 (index 99 out of range)"),
    (f"- op: move\n  from: {COMMAND}\n  path: {COMMAND}/0\n",
     f"a JSON patch move of {COMMAND} into itself"),
    (f"- op: copy\n  path: {COMMAND}/0\n", "a JSON patch copy without from"),
])
def test_json_patch_that_kustomize_refuses_or_etcdlint_cannot_decide(tmp_path, cli, op, says):
    tree(tmp_path, prod={"kustomization.yaml": _ops(op)})
    run = cli(".", cwd=tmp_path)
    assert lines(run) == [
        "No problems found in 3 files (1 etcd configuration).",
        f"overlays/prod/kustomization.yaml:4:3: note: {says}: not modelled, the overlay is not "
        "built (its resources are linted as they are)"]


JSON_PATCH_FILE = ("- op: replace\n"
                   "  path: /spec/template/spec/containers/0/command/3\n"
                   "  value: --client-cert-auth=false\n")


def test_a_json_patch_file_the_prefilter_skips_decides_at_its_own_token(tmp_path, cli):
    # the patch names no etcd and no container key: the file is never linted on its own,
    # yet the finding it decides is placed in it, and a comment there suppresses it
    kustomization = ("resources:\n- ../../base\npatchesJson6902:\n"
                     "- target: {group: apps, version: v1, kind: StatefulSet, name: etcd}\n"
                     "  path: off.yaml\n")
    tree(tmp_path, lab={"kustomization.yaml": kustomization, "off.yaml": JSON_PATCH_FILE})
    run = cli(".", cwd=tmp_path)
    assert (run.code, run.err) == (1, "")
    assert lines(run) == [
        "overlays/lab/off.yaml:3:29: ETCD002 [*] error [CIS 2.2] --client-cert-auth is false: "
        "etcd accepts clients without a certificate",
        "Found 1 problem (1 error) in 1 file.", "[*] 1 fixable with --fix."]
    (tmp_path / "overlays/lab/off.yaml").write_text(
        JSON_PATCH_FILE.replace("=false\n", "=false  # etcdlint: disable=ETCD002 -- lab\n"))
    run = cli(".", cwd=tmp_path)
    assert (run.code, lines(run)) == (0, ["No problems found in 4 files (1 etcd configuration)."])


def test_base_made_secure_by_an_overlay(tmp_path, cli):
    write(tmp_path, {"base/etcd.yaml": BASE_ETCD.replace("--client-cert-auth=true",
                                                         "--client-cert-auth=false")})
    tree_files = {
        "base/kustomization.yaml": "resources:\n- etcd.yaml\n",
        "overlays/prod/kustomization.yaml": (
            "resources:\n- ../../base\n"
            "patchesJson6902:\n"
            "- target: {group: apps, version: v1, kind: StatefulSet, name: etcd, namespace: db}\n"
            "  path: secure.yaml\n"),
        "overlays/prod/secure.yaml": (
            "- op: replace\n"
            "  path: /spec/template/spec/containers/0/command/3\n"
            "  value: --client-cert-auth=true\n")}
    write(tmp_path, tree_files)
    run = cli(".", cwd=tmp_path)
    assert lines(run) == ["No problems found in 4 files (1 etcd configuration)."]
    # the base alone is insecure: linted without the overlay, it is reported
    run = cli("base/etcd.yaml", cwd=tmp_path)
    assert lines(run)[0].startswith("base/etcd.yaml:16:30: ETCD002 [*] error ")


def test_finding_decided_by_the_base_points_at_the_base_once(tmp_path, cli):
    write(tmp_path, {"base/etcd.yaml": BASE_ETCD.replace("value: 'false'", "value: 'true'")})
    write(tmp_path, {"base/kustomization.yaml": "resources:\n- etcd.yaml\n"})
    tree(tmp_path, prod={"kustomization.yaml": "resources:\n- ../../base\n"},
         lab={"kustomization.yaml": "resources:\n- ../../base\npatches:\n- path: p.yaml\n",
              "p.yaml": RESOURCES_ONLY})
    write(tmp_path, {"base/etcd.yaml": BASE_ETCD.replace("value: 'false'", "value: 'true'")})
    run = cli(".", cwd=tmp_path)
    assert lines(run) == [
        "base/etcd.yaml:27:19: ETCD003 [*] error [CIS 2.3] --auto-tls is true: etcd may serve clients "
        "with a self-signed certificate no client can verify",
        "Found 1 problem (1 error) in 1 file.", "[*] 1 fixable with --fix."]


def test_env_merged_by_name_and_container_deleted(tmp_path, cli):
    tree(tmp_path, a={
        "kustomization.yaml": "resources:\n- ../../base\npatchesStrategicMerge:\n- env.yaml\n",
        "env.yaml": SMP_HEAD + "        env:\n        - name: ETCD_AUTO_TLS\n"
                               "          value: 'true'\n"},
        b={"kustomization.yaml": "resources:\n- ../../base\npatchesStrategicMerge:\n- del.yaml\n",
           "del.yaml": SMP_HEAD + "        $patch: delete\n"})
    run = cli(".", cwd=tmp_path)
    assert [line.split(" ")[:2] for line in lines(run)[:-2]] == [
        ["overlays/a/env.yaml:13:19:", "ETCD003"]]


def test_json6902_remove_and_escapes(tmp_path, cli):
    tree(tmp_path, a={
        "kustomization.yaml": (
            "resources:\n- ../../base\n"
            "patches:\n"
            "- target: {kind: StatefulSet}\n"
            "  patch: |-\n"
            "    - op: remove\n"
            "      path: /spec/template/spec/containers/0/command/3\n"
            "    - op: add\n"
            "      path: /metadata/annotations\n"
            "      value: {}\n"
            "    - op: add\n"
            "      path: /metadata/annotations/etcdlint.io~1ignore\n"
            "      value: ETCD002\n")})
    run = cli(".", cwd=tmp_path)
    # --client-cert-auth removed: not set, reported at the etcd word of the base
    assert lines(run) == [
        "base/etcd.yaml:13:11: ETCD002 [*] error [CIS 2.2] --client-cert-auth is not set (default false): "
        "etcd accepts clients without a certificate",
        "Found 1 problem (1 error) in 1 file.", "[*] 1 fixable with --fix."]
    from etcdlint.repo.kustomize.json6902 import pointer
    from etcdlint.repo.kustomize.overlays import plan_overlays

    assert pointer("/a~1b/c~0d/~01") == ["a/b", "c~d", "~1"]
    os.chdir(tmp_path)
    (build,) = plan_overlays([("overlays/a/kustomization.yaml",
                               str(tmp_path / "overlays/a/kustomization.yaml"))],
                             10 ** 6, lambda data: True).builds
    annotations = build.documents[0].value[2][1].value[2][1]
    assert [(k.value, v.value) for k, v in annotations.value] == [("etcdlint.io/ignore", "ETCD002")]


def test_suppression_in_a_patch_file(tmp_path, cli):
    tree(tmp_path, lab={
        "kustomization.yaml": "resources:\n- ../../base\npatchesStrategicMerge:\n- etcd.yaml\n",
        "etcd.yaml": CERT_AUTH_OFF.replace(
            "--client-cert-auth=false\n", "--client-cert-auth=false  # etcdlint: disable=ETCD002\n")})
    run = cli(".", cwd=tmp_path)
    assert lines(run) == ["No problems found in 4 files (1 etcd configuration)."]


def test_not_modelled_features_are_noted_once_and_files_linted_as_they_are(tmp_path, cli):
    tree(tmp_path, lab={
        "kustomization.yaml": ("resources:\n- ../../base\nreplacements:\n- path: r.yaml\n"
                               "patchesStrategicMerge:\n- etcd.yaml\n"),
        "etcd.yaml": RESOURCES_ONLY})
    run = cli(".", cwd=tmp_path)
    assert lines(run) == [
        "No problems found in 4 files (1 etcd configuration).",
        "overlays/lab/kustomization.yaml:3:1: note: replacements: not modelled, the overlay is "
        "not built (its resources are linted as they are)"]
    tree(tmp_path, prod={"kustomization.yaml": "resources:\n- ../../base\nconfigMapGenerator:\n"
                                               "- name: x\n  literals: [a=b]\n"})
    run = cli("overlays/prod", "base", cwd=tmp_path)
    assert lines(run)[-1] == ("overlays/prod/kustomization.yaml:3:1: note: configMapGenerator "
                              "not modelled: what they generate is not linted")


def test_a_tree_without_kustomization_does_not_load_the_overlay_code(tmp_path):
    write(tmp_path, {"m/etcd.yaml": BASE_ETCD})
    code = ("import sys; from etcdlint.cli import main; main(['-q', 'm']); "
            "print('etcdlint.repo.kustomize.overlays' in sys.modules, 'etcdlint.repo.kustomize.kustomization' in "
            "sys.modules)")
    proc = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True,
                          text=True, timeout=120)
    assert proc.stdout.strip().splitlines()[-1] == "False False", proc.stdout + proc.stderr


def test_fix_edits_the_patch_token(tmp_path, cli):
    tree(tmp_path, lab={
        "kustomization.yaml": "resources:\n- ../../base\npatchesStrategicMerge:\n- etcd.yaml\n",
        "etcd.yaml": CERT_AUTH_OFF.replace("\n", "\r\n")})
    patch = tmp_path / "overlays/lab/etcd.yaml"
    base = (tmp_path / "base/etcd.yaml").read_bytes()
    run = cli("--diff", ".", cwd=tmp_path)
    assert run.code == 1
    assert "-        - --client-cert-auth=false\r\n+        - --client-cert-auth=true\r\n" in run.out
    assert patch.read_bytes() == CERT_AUTH_OFF.replace("\n", "\r\n").encode()  # --diff writes nothing
    run = cli("--fix", "--show-fixes", ".", cwd=tmp_path)
    assert run.out.splitlines() == [
        "overlays/lab/etcd.yaml:15:30: ETCD002 fixed: set --client-cert-auth to true",
        "No problems found in 4 files (1 etcd configuration).",
        "Fixed 1 problem in 1 file."]
    assert run.code == 0  # it fixed everything it reported
    assert patch.read_bytes() == CERT_AUTH_OFF.replace(
        "--client-cert-auth=false", "--client-cert-auth=true").replace("\n", "\r\n").encode()
    assert (tmp_path / "base/etcd.yaml").read_bytes() == base
    run = cli("--fix", ".", cwd=tmp_path)
    assert run.code == 0
    assert run.out.splitlines() == ["No problems found in 4 files (1 etcd configuration).",
                                    "Fixed 0 problems in 0 files."]


def test_fix_never_rewrites_a_base_the_overlay_made_secure(tmp_path, cli):
    test_base_made_secure_by_an_overlay(tmp_path, cli)
    before = (tmp_path / "base/etcd.yaml").read_bytes()
    run = cli("--fix", ".", cwd=tmp_path)
    assert run.code == 0, run.out + run.err
    assert run.out.splitlines() == ["No problems found in 4 files (1 etcd configuration).",
                                    "Fixed 0 problems in 0 files."]
    assert (tmp_path / "base/etcd.yaml").read_bytes() == before


def test_a_staged_patch_alone_is_judged_through_its_kustomization(tmp_path, cli):
    tree(tmp_path, lab={
        "kustomization.yaml": "resources:\n- ../../base\npatchesStrategicMerge:\n- etcd.yaml\n",
        "etcd.yaml": CERT_AUTH_OFF},
        prod={"kustomization.yaml": "resources:\n- ../../base\npatches:\n- path: etcd.yaml\n",
              "etcd.yaml": RESOURCES_ONLY})
    run = cli("overlays/lab/etcd.yaml", cwd=tmp_path)
    assert lines(run) == [
        "overlays/lab/etcd.yaml:15:30: ETCD002 [*] error [CIS 2.2] --client-cert-auth is false: etcd "
        "accepts clients without a certificate",
        "Found 1 problem (1 error) in 1 file.", "[*] 1 fixable with --fix."]
    run = cli("overlays/prod/etcd.yaml", cwd=tmp_path)  # not ten "X is not set"
    assert lines(run) == ["No problems found in 1 file (1 etcd configuration)."]
    run = cli("--fix", "overlays/lab/etcd.yaml", cwd=tmp_path)
    assert (tmp_path / "overlays/lab/etcd.yaml").read_text() == CERT_AUTH_OFF.replace(
        "--client-cert-auth=false", "--client-cert-auth=true")


def test_broken_kustomizations_give_notes_never_a_traceback_or_a_hang(tmp_path, cli):
    write(tmp_path, {
        "self/kustomization.yaml": "resources: [.]\n",
        "loop-a/kustomization.yaml": "resources: [../loop-b]\n",
        "loop-b/kustomization.yaml": "resources: [../loop-a]\n",
        "list/kustomization.yaml": "- not\n- a mapping\n",
        "bad/kustomization.yaml": "resources: [\n",
        "remote/kustomization.yaml": "resources:\n- https://github.com/x/y//base?ref=v1\n- etcd.yaml\n",
        "remote/etcd.yaml": BASE_ETCD,
        "remote-alone/kustomization.yaml": "resources:\n- https://github.com/x/y//base?ref=v1\n",
        "missing/kustomization.yaml": "resources: [etcd.yaml]\npatches:\n- path: nope.yaml\n",
        "missing/etcd.yaml": BASE_ETCD,
        "badjson/kustomization.yaml": (
            "resources: [etcd.yaml]\n"
            "patches:\n"
            "- target: {kind: StatefulSet}\n"
            "  patch: '[{\"op\": \"add\", \"path\": \"/spec/nothing/here\", \"value\": 1}]'\n"),
        "badjson/etcd.yaml": BASE_ETCD,
    })
    run = cli(".", cwd=tmp_path)
    assert run.err == ""
    assert run.code == 0
    assert lines(run) == [
        "No problems found in 12 files (3 etcd configurations).",
        "bad/kustomization.yaml:1:1: note: the kustomization is not valid YAML: not modelled, "
        "the overlay is not built (its resources are linted as they are)",
        "badjson/kustomization.yaml:3:3: note: JSON patch path /spec/nothing/here (no "
        "'nothing'): not modelled, the overlay is not built (its resources are linted as they "
        "are)",
        "list/kustomization.yaml:1:1: note: the kustomization is not a YAML mapping: not "
        "modelled, the overlay is not built (its resources are linted as they are)",
        "missing/kustomization.yaml:3:3: note: patch missing/nope.yaml (cannot be read): not "
        "modelled, the overlay is not built (its resources are linted as they are)",
        "remote/kustomization.yaml:2:3: note: remote resource "
        "https://github.com/x/y//base?ref=v1: not modelled, the overlay is not built (its "
        "resources are linted as they are)",
    ]


def test_json_report_carries_the_notes(tmp_path, cli):
    import json

    import jsonschema

    from conftest import ROOT

    tree(tmp_path, lab={"kustomization.yaml": "resources:\n- ../../base\nreplacements: []\n"})
    run = cli("--format", "json", ".", cwd=tmp_path)
    report = json.loads(run.out)
    assert report["summary"]["notes"] == [
        "overlays/lab/kustomization.yaml:3:1: note: replacements: not modelled, the overlay is "
        "not built (its resources are linted as they are)"]
    schema = json.loads((ROOT / "schemas" / "report.schema.json").read_text())
    jsonschema.validators.validator_for(schema)(schema).validate(report)
