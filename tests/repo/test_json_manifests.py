"""Manifests written as JSON (``kubectl get -o json``, jsonnet, cdk8s): read as the YAML they
are, through the pre-filter (quoted keys), and found by directory walks when they hold a
Kubernetes object; the rest of a repository's JSON is not read."""

import json

import pytest

from conftest import codes
from etcdlint.engine.lint import LintOptions
from etcdlint.repo.prefilter import json_manifest, may_hold_etcd

POD = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "etcd"},
       "spec": {"containers": [{"name": "etcd", "image": "registry.k8s.io/etcd:3.5.21-0",
                                "command": ["etcd", "--client-cert-auth=false"]}]}}
# the 4-space form: `"etcd",` after 20 spaces on line 13, `"--client-cert-auth=false"` after
# 20 on line 14 (its value `false` at column 41)
PRETTY = ["13:21 ETCD001", "13:21 ETCD001", "13:21 ETCD004", "13:21 ETCD004", "13:21 ETCD005",
          "13:21 ETCD007", "13:21 ETCD104", "13:21 ETCD105", "14:41 ETCD002"]


@pytest.mark.parametrize("name,text,expected", [
    ("pod.json", json.dumps(POD, indent=4), PRETTY),
    # five tabs instead of 20 spaces
    ("pod.json", json.dumps(POD, indent="\t"), [c.replace(":21 ", ":6 ").replace(":41", ":26")
                                                for c in PRETTY]),
    ("pod.yaml", json.dumps(POD, indent=4), PRETTY),
    # on one line: `"etcd"` at offset 161, `false` at 189
    ("pod.json", json.dumps(POD), ["1:162 " + c.split(" ")[1] for c in PRETTY[:-1]]
     + ["1:190 ETCD002"]),
])
def test_a_json_manifest_is_read_with_the_prefilter_as_without(name, text, expected):
    assert codes(text, path=name) == expected
    assert codes(text, path=name, options=LintOptions(prefilter=False)) == expected


def test_quoted_keys_pass_the_prefilter():
    assert may_hold_etcd(b'{"spec": {"containers": [{"command": ["etcd"]}]}}')
    assert may_hold_etcd(b"{'args': [etcd]}")
    assert may_hold_etcd(b'    "env" : [{"name": "ETCD_AUTO_TLS"}]')
    # a value that says etcd, without a structure etcd settings live in, still does not
    assert not may_hold_etcd(b'{"description": "talks to etcd", "command": 1}'.replace(
        b'"command"', b'"commander"'))


def test_json_files_are_read_only_when_they_hold_a_kubernetes_object():
    assert json_manifest("a/pod.json", json.dumps(POD).encode())
    assert not json_manifest("package.json", b'{"name": "x", "scripts": {"command": "etcd"}}')
    assert json_manifest("values.yaml", b"{}")  # only JSON files are asked


def test_a_walk_finds_json_manifests_and_leaves_other_json_alone(cli, tmp_path):
    (tmp_path / "pod.json").write_text(json.dumps(POD, indent=4))
    # other JSON that mentions etcd and containers, or is not even valid YAML (a tab where
    # YAML wants indentation), is neither read nor reported
    (tmp_path / "package.json").write_text(
        '{"name": "x", "dependencies": {"etcd3": "1"}, "containers": [{"command": "etcd"}]}\n')
    (tmp_path / "dashboard.json").write_text('{\n\t"etcd": {"image":\n\t1}\n}\n\t- x\n')
    (tmp_path / "node_modules").mkdir()
    (tmp_path / "node_modules" / "pod.json").write_text(json.dumps(POD))
    run = cli("--select", "ETCD002", ".", cwd=tmp_path)
    assert (run.code, run.err) == (1, "")
    assert run.out == ("pod.json:14:41: ETCD002 error [CIS 2.2] --client-cert-auth is false: "
                       "etcd accepts clients without a certificate; no fix: set "
                       "--trusted-ca-file first (true without it would trust the system's "
                       "public CAs, ETCD110)\n"
                       "Found 1 problem (1 error) in 1 file.\n")
    run = cli("--select", "ETCD002", "package.json", "dashboard.json", cwd=tmp_path)
    assert (run.code, run.err, run.out) == (0, "", "No problems found in 2 files "
                                                   "(0 etcd configurations).\n")
