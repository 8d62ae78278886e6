"""The overlays etcdlint builds, compared with what ``kubectl kustomize`` builds.

Runs where a ``kubectl`` with the ``kustomize`` subcommand is installed (Debian:
``apt-get install kubernetes-client``); skipped cleanly elsewhere. Only what an old
kustomize knows is used (``patchesStrategicMerge``, ``patchesJson6902``), and what is compared
is what etcd settings depend on: each container's command, args and env, by container name.
"""

import os
import shutil
import subprocess

import pytest

from etcdlint.repo.kustomize.overlays import plan_overlays
from etcdlint.text.yamlnodes import compose_documents, is_map, is_seq

from test_repo_kustomize import BASE_ETCD, CERT_AUTH_OFF, SMP_HEAD
from test_repo_scopes import write

KUBECTL = shutil.which("kubectl")


def _kustomize_works():
    if KUBECTL is None:
        return False
    try:
        proc = subprocess.run([KUBECTL, "kustomize", "--help"], capture_output=True,
                              timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return proc.returncode == 0


pytestmark = pytest.mark.skipif(not _kustomize_works(),
                                reason="kubectl kustomize is not installed")


def _kustomize_major():
    """kustomize's major version inside kubectl (0 when kubectl does not say: before
    kubectl 1.24, which embedded kustomize 2 to 4)."""
    import re

    try:
        proc = subprocess.run([KUBECTL, "version", "--client"], capture_output=True,
                              text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return 0
    found = re.search(r"Kustomize Version: v(\d+)", proc.stdout)
    return int(found.group(1)) if found else 0


# kustomize 4 and later merge with kyaml (new list elements first, in the patch's order);
# older ones with apimachinery's strategic merge: element order is only compared with kyaml.
ORDER_SENSITIVE = {"prepend-then-json-index"}


def data(node):
    if is_map(node):
        return {k.value: data(v) for k, v in node.value}
    if is_seq(node):
        return [data(v) for v in node.value]
    return node.value


def containers(docs):
    """Each container, in order, with its command, args and env (in order)."""
    out = {"annotations": [data(d).get("metadata", {}).get("annotations") for d in docs
                           if is_map(d)], "order": []}
    for doc in docs:
        d = data(doc)
        if not isinstance(d, dict) or d.get("kind") != "StatefulSet":
            continue
        spec = d["spec"]["template"]["spec"]
        for key in ("initContainers", "containers"):
            for c in spec.get(key, []):
                out["order"].append((key, c["name"]))
                out[(key, c["name"])] = (c.get("command"), c.get("args"),
                                         [(e["name"], e.get("value")) for e in c.get("env", [])])
    return out


def ours(root, overlay):
    path = root / "overlays" / overlay / "kustomization.yaml"
    os.chdir(root)
    plan = plan_overlays([(str(path), str(path))], 10 ** 7, lambda b: True)
    assert plan.notes == []
    (build,) = plan.builds
    return containers(build.documents)


def theirs(root, overlay):
    proc = subprocess.run([KUBECTL, "kustomize", str(root / "overlays" / overlay)],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    docs, failure = compose_documents(proc.stdout)
    assert failure is None
    return containers(docs)


SIDECAR = ("      - name: backup\n"
           "        image: busybox\n"
           "        command: [sh, -c, 'sleep 1d']\n")

OVERLAYS = {
    "replace-command": {
        "kustomization.yaml": "bases:\n- ../../base\npatchesStrategicMerge:\n- p.yaml\n",
        "p.yaml": CERT_AUTH_OFF},
    "env-merge-and-new-container": {
        "kustomization.yaml": "bases:\n- ../../base\npatchesStrategicMerge:\n- p.yaml\n",
        "p.yaml": SMP_HEAD + "        args: [--peer-auto-tls=true]\n"
                             "        env:\n"
                             "        - name: ETCD_AUTO_TLS\n"
                             "          value: 'true'\n"
                             "        - name: ETCD_NEW\n"
                             "          value: x\n" + SIDECAR},
    "delete-container": {
        "kustomization.yaml": ("bases:\n- ../../base\npatchesStrategicMerge:\n- add.yaml\n"
                               "- del.yaml\n"),
        "add.yaml": SMP_HEAD.replace("      - name: etcd\n", SIDECAR),
        "del.yaml": SMP_HEAD + "        $patch: delete\n"},
    "json6902": {
        "kustomization.yaml": (
            "bases:\n- ../../base\n"
            "patchesJson6902:\n"
            "- target: {group: apps, version: v1, kind: StatefulSet, name: etcd, namespace: db}\n"
            "  path: ops.yaml\n"),
        "ops.yaml": ("- op: add\n"
                     "  path: /spec/template/spec/containers/0/command/-\n"
                     "  value: --peer-auto-tls=true\n"
                     "- op: replace\n"
                     "  path: /spec/template/spec/containers/0/command/3\n"
                     "  value: --client-cert-auth=false\n"
                     "- op: remove\n"
                     "  path: /spec/template/spec/containers/0/command/1\n"
                     "- op: add\n"
                     "  path: /spec/template/spec/containers/0/command/1\n"
                     "  value: --cert-file=/other.crt\n"
                     "- op: add\n"
                     "  path: /spec/template/spec/containers/0/env/0\n"
                     "  value: {name: ETCD_FIRST, value: a~b/c}\n"
                     "- op: add\n"
                     "  path: /spec/template/spec/containers/0/args\n"
                     "  value: [--log-level=debug]\n"
                     "- op: add\n"
                     "  path: /metadata/annotations\n"
                     "  value: {a~1b: x}\n"
                     "- op: replace\n"
                     "  path: /metadata/annotations/a~01b\n"
                     "  value: z\n")},
    "prepend-then-json-index": {
        "kustomization.yaml": ("bases:\n- ../../base\npatchesStrategicMerge:\n- p.yaml\n"
                               "patchesJson6902:\n"
                               "- target: {version: v1, kind: StatefulSet, name: etcd}\n"
                               "  path: ops.yaml\n"),
        "p.yaml": SMP_HEAD.replace("      - name: etcd\n", SIDECAR) + (
            "        env:\n"
            "        - name: ETCD_NEW\n"
            "          value: x\n"),
        "ops.yaml": ("- op: add\n"
                     "  path: /spec/template/spec/containers/1/command/-\n"
                     "  value: --peer-auto-tls=true\n"
                     "- op: replace\n"
                     "  path: /spec/template/spec/containers/0/command/2\n"
                     "  value: sleep 2d\n")},
    "json6902-move-copy-test": {
        "kustomization.yaml": (
            "bases:\n- ../../base\n"
            "patchesJson6902:\n"
            "- target: {group: apps, version: v1, kind: StatefulSet, name: etcd, namespace: db}\n"
            "  path: ops.yaml\n"),
        "ops.yaml": ("- op: copy\n"
                     "  from: /spec/template/spec/containers/0/command/1\n"
                     "  path: /spec/template/spec/containers/0/command/-\n"
                     "- op: move\n"
                     "  from: /spec/template/spec/containers/0/command/2\n"
                     "  path: /spec/template/spec/containers/0/command/1\n"
                     "- op: test\n"
                     "  path: /spec/template/spec/containers/0/name\n"
                     "  value: etcd\n"
                     "- op: copy\n"
                     "  from: /spec/template/spec/containers/0/command\n"
                     "  path: /spec/template/spec/containers/0/args\n"
                     "- op: move\n"
                     "  from: /spec/template/spec/containers/0/args\n"
                     "  path: /spec/template/spec/containers/0/command\n")},
    "namespace-then-json": {
        "kustomization.yaml": (
            "bases:\n- ../../base\n"
            "namespace: other\n"
            "patchesJson6902:\n"
            "- target: {group: apps, version: v1, kind: StatefulSet, name: etcd, namespace: other}\n"
            "  path: ops.yaml\n"),
        "ops.yaml": ("- op: add\n"
                     "  path: /spec/template/spec/containers/0/command/-\n"
                     "  value: --enable-pprof=true\n")},
}


@pytest.mark.parametrize("overlay", sorted(OVERLAYS))
def test_effective_pod_spec_matches_kubectl_kustomize(tmp_path, overlay, monkeypatch):
    kyaml = _kustomize_major() >= 4
    if overlay in ORDER_SENSITIVE and not kyaml:
        pytest.skip("this kustomize orders merged lists the older way")
    monkeypatch.chdir(tmp_path)
    files = {"base/kustomization.yaml": "resources:\n- etcd.yaml\n", "base/etcd.yaml": BASE_ETCD}
    files.update({f"overlays/{overlay}/{k}": v for k, v in OVERLAYS[overlay].items()})
    write(tmp_path, files)
    expected, got = theirs(tmp_path, overlay), ours(tmp_path, overlay)
    assert expected["order"]  # the overlay holds etcd
    if not kyaml:
        for found in (expected, got):
            found["order"].sort()
            for key, value in found.items():
                if isinstance(value, tuple):
                    found[key] = value[:2] + (sorted(value[2]),)
    assert got == expected
