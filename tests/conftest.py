import io
import sys
from pathlib import Path

import pytest

from etcdlint.cli import main
from etcdlint.engine.lint import LintOptions, lint_inputs

ROOT = Path(__file__).resolve().parent.parent
TESTS = ROOT / "tests"
CORPUS = ROOT.parent / "shared" / "corpus"


def lint_files(files, options=None):
    """Lint ``{path: text-or-bytes}`` in memory; return the LintResult."""
    def reader(data):
        raw = data if isinstance(data, bytes) else data.encode("utf-8")
        return lambda: raw
    return lint_inputs([(p, reader(d)) for p, d in files.items()], options or LintOptions())


def lint_peak(files, warm):
    """``lint_files(files)`` after a first lint of ``warm`` (modules imported, caches made):
    (its result, the peak of the memory Python allocated meanwhile, in bytes)."""
    import tracemalloc

    lint_files(warm)
    tracemalloc.start()
    try:
        result = lint_files(files)
        return result, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def codes(text, path="m.yaml", options=None):
    """``["line:col CODE", ...]`` for one file."""
    result = lint_files({path: text}, options)
    return [f"{d.start.line}:{d.start.column} {d.diagnostic.rule}" for d in result.diagnostics]


def messages(text, path="m.yaml"):
    result = lint_files({path: text})
    return [f"{d.start.line}:{d.start.column} {d.diagnostic.rule} {d.diagnostic.message}"
            for d in result.diagnostics]


class CliRun:
    def __init__(self, code, out, err):
        self.code, self.out, self.err = code, out, err


@pytest.fixture
def cli(monkeypatch, capsys):
    def run(*args, stdin=None, cwd=None):
        if stdin is not None:
            monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin.encode())))
        if cwd is not None:
            monkeypatch.chdir(cwd)
        monkeypatch.delenv("FORCE_COLOR", raising=False)
        code = main(list(args))
        captured = capsys.readouterr()
        return CliRun(code, captured.out, captured.err)
    return run


def pod(lines, header=None):
    """A Pod whose first container runs ``lines`` (already indented list items)."""
    head = header or (
        "apiVersion: v1\n"
        "kind: Pod\n"
        "metadata:\n"
        "  name: etcd\n"
        "spec:\n"
        "  containers:\n"
        "  - name: etcd\n"
        "    image: registry.k8s.io/etcd:3.5.21-0\n"
    )
    return head + lines


@pytest.fixture
def unpredicted(monkeypatch):
    """The rules offer the fixes ``rules.withheld`` holds back because of auto TLS, as if the
    configuration did not predict their refusal: what ``--fix`` itself does with them (refuse
    them, and say why) is what is left to see."""
    from etcdlint.rules import withheld

    monkeypatch.setattr(withheld, "listener_tls", lambda config, side: None)
# -- etcd pods and clusters that several test modules use -----------------------------------

BASE = [
    "--cert-file=/p/s.crt", "--key-file=/p/s.key", "--client-cert-auth=true",
    "--trusted-ca-file=/p/ca.crt", "--peer-cert-file=/p/p.crt", "--peer-key-file=/p/p.key",
    "--peer-client-cert-auth=true", "--peer-trusted-ca-file=/p/ca.crt",
    "--listen-client-urls=https://10.0.0.5:2379", "--listen-peer-urls=https://10.0.0.5:2380",
]
# Header lines 1-8, `command:` 9, `- etcd` 10, BASE on 11-20; extra flags start at line 21.


def etcd_pod(*extra, image="registry.k8s.io/etcd:3.5.21-0", base=BASE):
    header = pod("").replace("registry.k8s.io/etcd:3.5.21-0", image)
    return header + "    command:\n" + "".join(f"    - {f}\n" for f in ["etcd", *base, *extra])


# The CIS flags of a pod spec, one per line (CIS 2.1-2.7 tests import it as SECURE).
CIS_SECURE = [
    "--cert-file=/p/server.crt",
    "--key-file=/p/server.key",
    "--client-cert-auth=true",
    "--trusted-ca-file=/p/ca.crt",
    "--peer-cert-file=/p/peer.crt",
    "--peer-key-file=/p/peer.key",
    "--peer-client-cert-auth=true",
    "--listen-client-urls=https://10.0.0.5:2379",
    "--listen-peer-urls=https://10.0.0.5:2380",
    "--peer-trusted-ca-file=/p/ca.crt",
]
# In ``command_pod`` the header takes lines 1-8, ``command:`` line 9, ``- etcd`` line 10 and
# flag i (0-based) line 11 + i; list item text starts at column 7. Flags added after CIS_SECURE
# start at line 21.


def command_pod(flags, binary="etcd"):
    items = "".join(f"    - {f}\n" for f in [binary] + list(flags))
    return pod("    command:\n" + items)


def with_flag(name, value):
    """CIS_SECURE with ``--name`` replaced (in place) by ``value`` (None drops it)."""
    out = []
    for f in CIS_SECURE:
        if f.startswith(f"--{name}="):
            if value is not None:
                out.append(value)
        else:
            out.append(f)
    return out


# An etcd pod with two findings, ETCD002 at 13:26 and ETCD111 at 21:22 (suppression tests).
SUPPRESSIBLE_POD = """\
apiVersion: v1
kind: Pod
metadata:
  name: etcd
spec:
  containers:
  - name: etcd
    image: registry.k8s.io/etcd:3.5.21-0
    command:
    - etcd
    - --cert-file=/p/s.crt
    - --key-file=/p/s.key
    - --client-cert-auth=false
    - --trusted-ca-file=/p/ca.crt
    - --peer-cert-file=/p/p.crt
    - --peer-key-file=/p/p.key
    - --peer-client-cert-auth=true
    - --peer-trusted-ca-file=/p/ca.crt
    - --listen-client-urls=https://10.0.0.5:2379
    - --listen-peer-urls=https://10.0.0.5:2380
    - --enable-pprof=true
"""


# A small etcd pod: a command line with only --client-cert-auth=false (on line 7).
MINIMAL_POD = ("kind: Pod\nspec:\n  containers:\n  - name: etcd\n    command:\n    - etcd\n"
               "    - --client-cert-auth=false\n")


# A StatefulSet whose etcd reads its config file from a mounted ConfigMap.
MOUNTED = """\
apiVersion: v1
kind: ConfigMap
metadata: {name: etcd-config}
data:
  etcd.yml: |
    name: etcd-0
    data-dir: /var/lib/etcd
    enable-pprof: true
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: etcd}
spec:
  template:
    spec:
      containers:
      - name: etcd
        image: quay.io/coreos/etcd:v3.5.17
        command: [etcd, --config-file=/etc/etcd/etcd.yml, --auto-tls]
        volumeMounts:
        - {name: config, mountPath: /etc/etcd}
      volumes:
      - name: config
        configMap: {name: etcd-config}
"""


# Three clusters laid out the kubeadm way (CIS 2.7 across cluster scopes).
def trusting_etcd_pod(ca, extra=""):
    """A kubeadm etcd pod whose --trusted-ca-file is ``ca`` (for CIS 2.7)."""
    return ("apiVersion: v1\n"
            "kind: Pod\n"
            "metadata: {name: etcd, namespace: kube-system}\n"
            "spec:\n"
            "  containers:\n"
            "  - name: etcd\n"
            "    image: registry.k8s.io/etcd:3.5.21-0\n"
            "    command:\n"
            "    - etcd\n"
            "    - --cert-file=/etc/kubernetes/pki/etcd/server.crt\n"
            "    - --key-file=/etc/kubernetes/pki/etcd/server.key\n"
            "    - --client-cert-auth=true\n"
            f"    - --trusted-ca-file={ca}{extra}\n"
            "    - --peer-cert-file=/etc/kubernetes/pki/etcd/peer.crt\n"
            "    - --peer-key-file=/etc/kubernetes/pki/etcd/peer.key\n"
            "    - --peer-client-cert-auth=true\n"
            "    - --peer-trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt\n"
            "    - --listen-client-urls=https://127.0.0.1:2379\n"
            "    - --advertise-client-urls=https://127.0.0.1:2379\n"
            "    - --listen-peer-urls=https://127.0.0.1:2380\n"
            "    - --listen-metrics-urls=http://127.0.0.1:2381\n")


def apiserver_pod(ca):
    return ("apiVersion: v1\n"
            "kind: Pod\n"
            "metadata: {name: kube-apiserver, namespace: kube-system}\n"
            "spec:\n"
            "  containers:\n"
            "  - name: kube-apiserver\n"
            "    command:\n"
            "    - kube-apiserver\n"
            f"    - --client-ca-file={ca}\n")


SHARED_CA = "/etc/kubernetes/pki/ca.crt"
ETCD_CA = "/etc/kubernetes/pki/etcd/ca.crt"
KUBEADM = ("apiVersion: kubeadm.k8s.io/v1beta3\n"
           "kind: ClusterConfiguration\n"
           "etcd:\n"
           "  local:\n"
           "    extraArgs:\n"
           "      trusted-ca-file: /etc/kubernetes/pki/ca.crt\n")


def write(root: Path, files):
    """Write ``{relative path: text}`` under ``root``."""
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def fleet(root: Path):
    """Three clusters laid out the kubeadm way, each with the same paths."""
    write(root, {
        # prod: etcd trusts the API server's client CA (a real 2.7 finding)
        "clusters/prod/manifests/etcd.yaml": trusting_etcd_pod(SHARED_CA),
        "clusters/prod/manifests/kube-apiserver.yaml": apiserver_pod(SHARED_CA),
        # lab: etcd trusts /etc/kubernetes/pki/ca.crt too, but lab's API server uses another
        # client CA; staging's API server (another cluster) uses that path
        "clusters/lab/manifests/etcd.yaml": trusting_etcd_pod(SHARED_CA),
        "clusters/lab/manifests/kube-apiserver.yaml": apiserver_pod("/etc/kubernetes/pki/users-ca.crt"),
        "clusters/staging/manifests/etcd.yaml": trusting_etcd_pod(ETCD_CA),
        "clusters/staging/manifests/kube-apiserver.yaml": apiserver_pod(SHARED_CA),
        # kubeadm's implied API server (certificatesDir/ca.crt) is in its own file's scope
        "clusters/edge/kubeadm.yaml": KUBEADM,
    })


PROD_FINDING = (
    "clusters/prod/manifests/etcd.yaml:13:25: ETCD007 warning [CIS 2.7] --trusted-ca-file "
    "/etc/kubernetes/pki/ca.crt is also kube-apiserver's --client-ca-file "
    "(clusters/prod/manifests/kube-apiserver.yaml): every client certificate of the Kubernetes "
    "CA is accepted by etcd; give etcd a CA of its own")
EDGE_FINDING = (
    "clusters/edge/kubeadm.yaml:6:24: ETCD007 warning [CIS 2.7] --trusted-ca-file "
    "/etc/kubernetes/pki/ca.crt is also kube-apiserver's --client-ca-file "
    "(clusters/edge/kubeadm.yaml): every client certificate of the Kubernetes CA is accepted "
    "by etcd; give etcd a CA of its own")


# A kubeadm-like etcd pod whose one finding is --client-cert-auth=false (ETCD002, fixable).
AUTH_OFF_POD = (
    "kind: Pod\n"
    "spec:\n"
    "  containers:\n"
    "  - name: etcd\n"
    "    command:\n"
    "    - etcd\n"
    "    - --cert-file=/etc/kubernetes/pki/etcd/server.crt\n"
    "    - --key-file=/etc/kubernetes/pki/etcd/server.key\n"
    "    - --client-cert-auth=false\n"
    "    - --trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt\n"
    "    - --peer-cert-file=/etc/kubernetes/pki/etcd/peer.crt\n"
    "    - --peer-key-file=/etc/kubernetes/pki/etcd/peer.key\n"
    "    - --peer-client-cert-auth\n"
    "    - --peer-trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt\n"
    "    - --listen-client-urls=https://10.0.0.5:2379\n"
    "    - --listen-peer-urls=https://10.0.0.5:2380\n"
)


def fix(data, allowed=("safe", "unsafe"), options=None):
    """``--fix`` of one file's text or bytes (as ``m.yaml``): the FixOutcome."""
    from etcdlint.fixing.run import fix_bytes

    if isinstance(data, str):
        data = data.encode()
    return fix_bytes("m.yaml", data, options or LintOptions(), allowed)


# -- a Flux HelmRelease of the bitnami/etcd chart ----------------------------------------------

def indent(text, n):
    import textwrap

    return textwrap.indent(text, " " * n)


def flux(values="", version="12.0.20", extra=""):
    body = ("apiVersion: helm.toolkit.fluxcd.io/v2\n"
            "kind: HelmRelease\n"
            "metadata:\n"
            "  name: etcd\n"
            "  namespace: db\n"
            "spec:\n"
            "  interval: 10m\n"
            "  chart:\n"
            "    spec:\n"
            "      chart: etcd\n"
            f"      version: \"{version}\"\n"
            "      sourceRef:\n"
            "        kind: HelmRepository\n"
            "        name: bitnami\n")
    if values:
        body += "  values:\n" + indent(values, 4)
    return body + extra


# Values of the bitnami/etcd chart that turn TLS and client certificates on, on both sides.
BITNAMI_SECURE = """\
auth:
  client:
    secureTransport: true
    existingSecret: etcd-client-certs
    enableAuthentication: true
  peer:
    secureTransport: true
    existingSecret: etcd-peer-certs
    enableAuthentication: true
"""

# An umbrella chart that runs the bitnami/etcd chart under an alias.
UMBRELLA_CHART = """\
apiVersion: v2
name: platform
version: 1.0.0
dependencies:
  - name: etcd
    alias: kvstore
    version: ~12.0.0
    repository: oci://registry-1.docker.io/bitnamicharts
    condition: kvstore.enabled
"""


# An Argo CD ApplicationSet of the bitnami/etcd chart: values, then parameters that override them.
ARGO_SET = """\
apiVersion: argoproj.io/v1alpha1
kind: ApplicationSet
metadata:
  name: etcd
spec:
  generators:
    - list:
        elements: [{cluster: a}]
  template:
    metadata:
      name: 'etcd-{{cluster}}'
    spec:
      project: default
      sources:
        - chart: etcd
          repoURL: https://charts.bitnami.com/bitnami
          targetRevision: 10.7.3
          helm:
            values: |
              auth:
                client:
                  secureTransport: true
                  existingSecret: etcd-tls
                  enableAuthentication: false  # for now
                peer:
                  secureTransport: true
                  useAutoTLS: true
                  enableAuthentication: true
            parameters:
              - name: auth.peer.secureTransport
                value: "false"
              - name: metrics.useSeparateEndpoint
                value: "true"
      destination:
        server: https://kubernetes.default.svc
        namespace: etcd
"""
