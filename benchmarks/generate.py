"""Deterministic benchmark inputs.

    python benchmarks/generate.py OUT_DIR

writes OUT_DIR/tree (10,000 files of a GitOps-like repository: nested folders, multi-document
files, about 1 % etcd configuration in its various forms, ConfigMaps and scripts that merely
mention etcd), OUT_DIR/pods (1,000 etcd static pods) and OUT_DIR/big (single big files: 20,000
and 40,000 small documents of a rendered repository, 100,000 small etcd pods, a million tiny
documents) and OUT_DIR/configmaps (one file of 16,000 ConfigMaps, a few etcd pods referring
to some of them).
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

TREE_FILES = 10_000
PODS = 1_000

DEPLOYMENT = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {name}
  namespace: {ns}
  labels: {{app: {name}, team: {team}}}
spec:
  replicas: {replicas}
  selector:
    matchLabels: {{app: {name}}}
  template:
    metadata:
      labels: {{app: {name}}}
    spec:
      containers:
      - name: {name}
        image: registry.example.com/{team}/{name}:{tag}
        args: ["--port=8080", "--log-level=info"]
        ports:
        - containerPort: 8080
        resources:
          requests: {{cpu: 100m, memory: 128Mi}}
          limits: {{cpu: 500m, memory: 256Mi}}
"""
SERVICE = """\
apiVersion: v1
kind: Service
metadata:
  name: {name}
  namespace: {ns}
spec:
  selector: {{app: {name}}}
  ports:
  - port: 80
    targetPort: 8080
"""
NOISE_CONFIGMAP = """\
apiVersion: v1
kind: ConfigMap
metadata:
  name: {name}-settings
  namespace: {ns}
data:
  backend: etcd
  endpoints: "https://etcd-{i}.{ns}.svc:2379"
  wait.sh: |
    until nc -z etcd 2379; do sleep 1; done
    etcdctl --endpoints=https://etcd:2379 endpoint health
"""
HELM_VALUES = """\
# Values for {name}
replicaCount: {replicas}
image:
  repository: registry.example.com/{team}/{name}
  tag: "{tag}"
service:
  type: ClusterIP
  port: 80
ingress:
  enabled: {flag}
  hosts: [{name}.example.com]
"""
STATIC_POD = """\
apiVersion: v1
kind: Pod
metadata:
  annotations:
    kubeadm.kubernetes.io/etcd.advertise-client-urls: https://10.0.{a}.{b}:2379
  labels: {{component: etcd, tier: control-plane}}
  name: etcd-cp-{i}
  namespace: kube-system
spec:
  containers:
  - command:
    - etcd
    - --advertise-client-urls=https://10.0.{a}.{b}:2379
    - --cert-file=/etc/kubernetes/pki/etcd/server.crt
    - --client-cert-auth={auth}
    - --data-dir=/var/lib/etcd
    - --initial-advertise-peer-urls=https://10.0.{a}.{b}:2380
    - --initial-cluster=cp-{i}=https://10.0.{a}.{b}:2380
    - --key-file=/etc/kubernetes/pki/etcd/server.key
    - --listen-client-urls=https://127.0.0.1:2379,https://10.0.{a}.{b}:2379
    - --listen-metrics-urls=http://127.0.0.1:2381
    - --listen-peer-urls=https://10.0.{a}.{b}:2380
    - --name=cp-{i}
    - --peer-cert-file=/etc/kubernetes/pki/etcd/peer.crt
    - --peer-client-cert-auth=true
    - --peer-key-file=/etc/kubernetes/pki/etcd/peer.key
    - --peer-trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt
    - --snapshot-count=10000
    - --trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt{extra}
    image: registry.k8s.io/etcd:3.5.{patch}-0
    imagePullPolicy: IfNotPresent
    livenessProbe:
      failureThreshold: 8
      httpGet: {{host: 127.0.0.1, path: /livez, port: 2381, scheme: HTTP}}
    name: etcd
    volumeMounts:
    - {{mountPath: /var/lib/etcd, name: etcd-data}}
    - {{mountPath: /etc/kubernetes/pki/etcd, name: etcd-certs}}
  hostNetwork: true
  priorityClassName: system-node-critical
  volumes:
  - hostPath: {{path: /etc/kubernetes/pki/etcd, type: DirectoryOrCreate}}
    name: etcd-certs
  - hostPath: {{path: /var/lib/etcd, type: DirectoryOrCreate}}
    name: etcd-data
"""
KUBEADM = """\
apiVersion: kubeadm.k8s.io/v1beta3
kind: ClusterConfiguration
clusterName: c{i}
etcd:
  local:
    dataDir: /var/lib/etcd
    extraArgs:
      listen-metrics-urls: http://0.0.0.0:2381
      client-cert-auth: "{auth}"
"""
KCP = """\
apiVersion: controlplane.cluster.x-k8s.io/v1beta1
kind: KubeadmControlPlane
metadata: {{name: c{i}-control-plane}}
spec:
  replicas: 3
  kubeadmConfigSpec:
    clusterConfiguration:
      etcd:
        local:
          extraArgs:
            peer-auto-tls: "{flag}"
"""
CONFIG_FILE = """\
name: etcd-{i}
data-dir: /var/lib/etcd
listen-client-urls: https://10.1.{a}.{b}:2379
listen-peer-urls: https://10.1.{a}.{b}:2380
client-transport-security:
  cert-file: /etc/etcd/server.crt
  key-file: /etc/etcd/server.key
  client-cert-auth: {flag}
  trusted-ca-file: /etc/etcd/ca.crt
peer-transport-security:
  cert-file: /etc/etcd/peer.crt
  key-file: /etc/etcd/peer.key
  client-cert-auth: true
  trusted-ca-file: /etc/etcd/ca.crt
"""
SHELL_STATEFULSET = """\
apiVersion: apps/v1
kind: StatefulSet
metadata: {{name: etcd-{i}}}
spec:
  template:
    spec:
      containers:
      - name: etcd
        image: quay.io/coreos/etcd:v3.5.17
        command:
        - /bin/sh
        - -ec
        - |
          exec etcd --name ${{HOSTNAME}} \\
            --listen-client-urls https://0.0.0.0:2379 \\
            --cert-file /tls/server.crt --key-file /tls/server.key \\
            --client-cert-auth --trusted-ca-file /tls/ca.crt
"""
ETCD_FORMS = [("etcd-pod.yaml", STATIC_POD), ("kubeadm.yaml", KUBEADM), ("kcp.yaml", KCP),
              ("etcd.conf.yml", CONFIG_FILE), ("etcd-sts.yaml", SHELL_STATEFULSET)]


def values(rng: random.Random, i: int) -> dict:
    return {
        "i": i, "name": f"svc{i}", "ns": rng.choice(["apps", "web", "data", "ops"]),
        "team": rng.choice(["core", "payments", "search", "infra"]),
        "replicas": rng.randint(1, 5), "tag": f"1.{rng.randint(0, 30)}.{rng.randint(0, 9)}",
        "a": rng.randint(0, 255), "b": rng.randint(1, 254), "patch": rng.randint(9, 21),
        "auth": rng.choice(["true", "true", "true", "false"]),
        "flag": rng.choice(["true", "false"]), "extra": "",
    }


def make_tree(out: Path, files: int = TREE_FILES, seed: int = 1) -> None:
    rng = random.Random(seed)
    for i in range(files):
        folder = out / f"clusters/c{i % 7}" / rng.choice(["apps", "infra", "platform"]) / f"g{i % 53}"
        folder.mkdir(parents=True, exist_ok=True)
        v = values(rng, i)
        roll = rng.random()
        if roll < 0.01:
            name, template = ETCD_FORMS[i % len(ETCD_FORMS)]
            (folder / f"{i}-{name}").write_text(template.format(**v))
        elif roll < 0.05:
            (folder / f"{i}-configmap.yaml").write_text(NOISE_CONFIGMAP.format(**v))
        elif roll < 0.25:
            (folder / f"{i}-values.yaml").write_text(HELM_VALUES.format(**v))
        else:
            (folder / f"{i}-app.yaml").write_text(
                DEPLOYMENT.format(**v) + "---\n" + SERVICE.format(**v))


def make_pods(out: Path, count: int = PODS, seed: int = 2) -> None:
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        v = values(rng, i)
        if rng.random() < 0.3:
            v["extra"] = "\n    - --auto-tls"
        (out / f"etcd-{i:04d}.yaml").write_text(STATIC_POD.format(**v))


def make_pods_file(out: Path, count: int, seed: int = 4) -> None:
    """One file of ``count`` etcd static pods (what ``helm template`` prints for a chart of
    many members), every other one with ``--auto-tls`` beside its certificates: a fix each."""
    rng = random.Random(seed)
    parts = []
    for i in range(count):
        v = values(rng, i)
        if i % 2:
            v["extra"] = "\n    - --auto-tls"
        parts.append(STATIC_POD.format(**v))
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("---\n".join(parts))


SMALL_POD = """\
kind: Pod
metadata: {{name: etcd-{i}}}
spec:
  containers:
  - name: etcd
    command: [etcd]
"""


def make_many_documents(out: Path, count: int, seed: int = 3) -> None:
    """One file of ``count`` small documents, as a rendered chart or overlay holds: Services,
    ConfigMaps that mention etcd, and an etcd static pod every 1,000 documents."""
    rng = random.Random(seed)
    parts = []
    for i in range(count):
        v = values(rng, i)
        template = (STATIC_POD if i % 1000 == 0 else
                    (SERVICE, NOISE_CONFIGMAP)[i % 2])
        parts.append(template.format(**v))
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("---\n".join(parts))


def make_small_pods(out: Path, count: int = 100_000) -> None:
    """One file of ``count`` etcd pods of under 100 bytes, each with its findings."""
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("---\n".join(SMALL_POD.format(i=i) for i in range(count)))


def make_tiny_documents(out: Path, count: int = 1_000_000) -> None:
    """One file of ``count`` one-line documents (after one that mentions etcd)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("etcd: {}\n" + "---\nd: x\n" * count)


APP_CONFIGMAP = """\
apiVersion: v1
kind: ConfigMap
metadata:
  name: app-{i}-settings
  namespace: {ns}
  labels: {{app: app-{i}, team: {team}}}
data:
{entries}  app.properties: |
{properties}"""
ETCD_CONFIGMAP = """\
apiVersion: v1
kind: ConfigMap
metadata:
  name: etcd-{i}-config
  namespace: kube-system
data:
  ETCD_AUTO_TLS: "true"
  ETCD_SNAPSHOT_COUNT: "10000"
  etcd.conf.yml: |
    name: etcd-{i}
    data-dir: /var/lib/etcd
    listen-client-urls: https://10.2.{a}.{b}:2379
    client-transport-security:
      cert-file: /etc/etcd/server.crt
      key-file: /etc/etcd/server.key
      client-cert-auth: {flag}
      trusted-ca-file: /etc/etcd/ca.crt
"""
REFERRING_POD = """\
apiVersion: v1
kind: Pod
metadata: {{name: etcd-{i}, namespace: kube-system}}
spec:
  containers:
  - name: etcd
    image: registry.k8s.io/etcd:3.5.{patch}-0
    command: [etcd, --config-file=/etc/etcd/etcd.conf.yml]
    envFrom:
    - configMapRef: {{name: etcd-{before}-config}}
    - configMapRef: {{name: etcd-{after}-config}}
    env:
    - name: ETCD_LOG_LEVEL
      valueFrom:
        configMapKeyRef: {{name: app-{before}-settings, key: LOG_LEVEL}}
    volumeMounts:
    - {{name: config, mountPath: /etc/etcd}}
  volumes:
  - name: config
    configMap: {{name: etcd-{after}-config}}
"""


def make_configmaps(out: Path, count: int = 16_000, seed: int = 5) -> None:
    """One file of ``count`` documents, nearly all application ConfigMaps with sizeable
    ``data`` (ten entries and a properties file, about 570 bytes each: 16,000 of them stay
    under the default ``max-file-size``), and eight etcd pods spread through it that refer
    to ConfigMaps of the file, some before them and some after: ``envFrom``,
    ``configMapKeyRef`` and a ``--config-file`` mounted from one."""
    rng = random.Random(seed)
    step = count // 8
    parts = []
    for i in range(count):
        v = values(rng, i)
        if i % step == step // 2:  # a pod reading the ConfigMaps of the documents around it
            v.update(before=i - 1, after=i + 1)
            parts.append(REFERRING_POD.format(**v))
        elif i % step in (step // 2 - 1, step // 2 + 1):
            parts.append(ETCD_CONFIGMAP.format(**v))
        else:
            keys = [f"SETTING_{k:02d}" for k in range(9)] + ["LOG_LEVEL"]
            entries = "".join(f"  {key}: \"{rng.choice(['on', 'off', 'auto'])}-"
                              f"{rng.randint(0, 10**6)}\"\n" for key in keys)
            properties = "".join(f"    app.{k}.endpoint=https://svc{i}.{v['ns']}.svc:{8000 + k}\n"
                                 for k in range(3))
            parts.append(APP_CONFIGMAP.format(entries=entries, properties=properties, **v))
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("---\n".join(parts))


def make_big(out: Path) -> None:
    make_many_documents(out / "docs-20000.yaml", 20_000)
    make_many_documents(out / "docs-40000.yaml", 40_000)
    make_small_pods(out / "pods-100000.yaml")
    make_tiny_documents(out / "tiny-1000000.yaml")


def main() -> int:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "bench-data")
    make_tree(out / "tree")
    make_pods(out / "pods")
    make_big(out / "big")
    make_configmaps(out / "configmaps" / "configmaps-16000.yaml")
    print(f"wrote {out}/tree, {out}/pods, {out}/big and {out}/configmaps")
    return 0


if __name__ == "__main__":
    sys.exit(main())
