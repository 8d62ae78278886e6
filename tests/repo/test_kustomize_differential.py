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
from etcdlint.text.compose import compose_documents
from etcdlint.text.yamlnodes import is_map, is_seq

from conftest import write
from test_kustomize import BASE_ETCD, CERT_AUTH_OFF, SMP_HEAD

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
    """Each container, in order, with its command, args, env (in order) and image, and each
    object's name and namespace."""
    out = {"annotations": [data(d).get("metadata", {}).get("annotations") for d in docs
                           if is_map(d)], "order": [],
           "names": [(data(d).get("kind"), data(d).get("metadata", {}).get("name"),
                      data(d).get("metadata", {}).get("namespace")) for d in docs if is_map(d)]}
    for doc in docs:
        d = data(doc)
        if not isinstance(d, dict) or d.get("kind") != "StatefulSet":
            continue
        spec = d["spec"]["template"]["spec"]
        for key in ("initContainers", "containers"):
            for c in spec.get(key, []):
                out["order"].append((key, c["name"]))
                out[(key, c["name"])] = (c.get("command"), c.get("args"),
                                         [(e["name"], e.get("value")) for e in c.get("env", [])],
                                         c.get("image"))
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
    # a copied list changed afterwards in one place only; a map's key added then removed
    "json6902-copy-then-change": {
        "kustomization.yaml": (
            "bases:\n- ../../base\n"
            "patchesJson6902:\n"
            "- target: {group: apps, version: v1, kind: StatefulSet, name: etcd, namespace: db}\n"
            "  path: ops.yaml\n"),
        "ops.yaml": ("- op: copy\n"
                     "  from: /spec/template/spec/containers/0/command\n"
                     "  path: /spec/template/spec/containers/0/args\n"
                     "- op: add\n"
                     "  path: /spec/template/spec/containers/0/args/-\n"
                     "  value: --peer-auto-tls=true\n"
                     "- op: remove\n"
                     "  path: /spec/template/spec/containers/0/command/0\n"
                     "- op: add\n"
                     "  path: /spec/template/spec/containers/0/env/-\n"
                     "  value: {name: A, value: b}\n"
                     "- op: add\n"
                     "  path: /metadata/labels\n"
                     "  value: {x: y}\n"
                     "- op: remove\n"
                     "  path: /metadata/labels\n"
                     "- op: add\n"
                     "  path: /spec/template/spec/containers/0/env/0/value\n"
                     "  value: 'true'\n")},
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


NO_NAMESPACE = "  namespace: db\n"
# Files of a case outside its overlay's folder are named from the tree's root ("/...").
OVERLAYS.update({
    # the base puts the StatefulSet in a namespace; the patch names none, and is applied
    # (its original id had none)
    "namespaced-base-namespace-less-patch": {
        "/nsbase/kustomization.yaml": "namespace: platform-etcd\nresources:\n- etcd.yaml\n",
        "/nsbase/etcd.yaml": BASE_ETCD.replace(NO_NAMESPACE, ""),
        "kustomization.yaml": ("resources:\n- ../../nsbase\npatchesStrategicMerge:\n- p.yaml\n"
                               "patches:\n- path: q.yaml\n"),
        "p.yaml": CERT_AUTH_OFF.replace(NO_NAMESPACE, ""),
        "q.yaml": SMP_HEAD.replace(NO_NAMESPACE, "") + "        args: [--peer-auto-tls=true]\n"},
    "component": {
        "/components/tls/kustomization.yaml": (
            "apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\n"
            "resources:\n- extra.yaml\npatches:\n- path: tls.yaml\n"),
        "/components/tls/extra.yaml": BASE_ETCD.replace("name: etcd\n  namespace", "name: etcd2\n  namespace"),
        "/components/tls/tls.yaml": (SMP_HEAD.replace("name: etcd\n  namespace", "name: etcd2\n  namespace")
                                     + "        env:\n        - name: ETCD_PEER_AUTO_TLS\n"
                                       "          value: 'true'\n"),
        "kustomization.yaml": ("resources:\n- ../../base\ncomponents:\n- ../../components/tls\n"
                               "patches:\n- path: p.yaml\n"),
        "p.yaml": SMP_HEAD + "        args: [--peer-auto-tls=true]\n"},
    # the middle overlay renames; the top one still patches the original name
    "name-prefix": {
        "/middle/kustomization.yaml": "namePrefix: prod-\nnameSuffix: -a\nresources:\n- ../base\n",
        "kustomization.yaml": ("resources:\n- ../../middle\nnamePrefix: x-\n"
                               "patchesStrategicMerge:\n- p.yaml\n"),
        "p.yaml": CERT_AUTH_OFF},
    # a JSON patch's target names the namespace and name the base gave, after a middle
    # kustomization changed both
    "json-target-original-namespace": {
        "/renamed/kustomization.yaml": "resources:\n- ../base\nnamespace: other\nnamePrefix: p-\n",
        "kustomization.yaml": (
            "resources:\n- ../../renamed\n"
            "patches:\n"
            "- target: {kind: StatefulSet, name: etcd, namespace: db}\n"
            "  patch: |-\n"
            "    - op: add\n"
            "      path: /spec/template/spec/containers/0/command/-\n"
            "      value: --enable-pprof=true\n")},
    "images": {
        "kustomization.yaml": ("resources:\n- ../../base\nimages:\n"
                               "- name: registry.k8s.io/etcd\n  newTag: 3.6.1-0\n"
                               "- name: busybox\n  newName: docker.io/library/busybox\n"
                               "  digest: sha256:0123456789abcdef\n"
                               "patches:\n- path: p.yaml\n"),
        "p.yaml": SMP_HEAD.replace("      - name: etcd\n", SIDECAR)},
})


@pytest.mark.parametrize("overlay", sorted(OVERLAYS))
def test_effective_pod_spec_matches_kubectl_kustomize(tmp_path, overlay, monkeypatch):
    kyaml = _kustomize_major() >= 4
    if overlay in ORDER_SENSITIVE and not kyaml:
        pytest.skip("this kustomize orders merged lists the older way")
    monkeypatch.chdir(tmp_path)
    files = {"base/kustomization.yaml": "resources:\n- etcd.yaml\n", "base/etcd.yaml": BASE_ETCD}
    files.update({f"overlays/{overlay}/{k}": v for k, v in OVERLAYS[overlay].items()
                  if not k.startswith("/")})
    files.update({k[1:]: v for k, v in OVERLAYS[overlay].items() if k.startswith("/")})
    write(tmp_path, files)
    expected, got = theirs(tmp_path, overlay), ours(tmp_path, overlay)
    assert expected["order"]  # the overlay holds etcd
    if not kyaml:
        for found in (expected, got):
            found["order"].sort()
            for key, value in found.items():
                if isinstance(value, tuple):
                    found[key] = value[:2] + (sorted(value[2]),) + value[3:]
    assert got == expected
