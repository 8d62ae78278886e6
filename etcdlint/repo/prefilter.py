"""The cheap test that keeps most files of a repository from being parsed at all."""

from __future__ import annotations

import os
import re

from etcdlint.text.lazy_regex import lazy

# A file is parsed when it names something that always concerns etcd (a kubeadm control
# plane, a kind cluster, a k3s server with cluster-init, an etcd config file's keys, the API
# server's client CA, an etcd operator's API group, a Kubespray etcd variable), or when it
# mentions etcd (in any letter case) *and* has one of the structures etcd configuration lives
# in (a container, a compose service's entrypoint or environment, a ClusterConfiguration,
# extraArgs, a Talos or k3s config, an RKE cluster.yml, Talos patches, a Helm release naming
# a chart, a file or unit written by cloud-init, Butane or Ignition). A ConfigMap that merely says "etcd" in a value is never parsed. An umbrella
# chart's values.yaml is parsed when its Chart.yaml mentions etcd (``chart_values_file``):
# its values may not name etcd.
_ALWAYS = (rb"KubeadmControlPlane|TalosControlPlane|K0sControlPlane|RKE2ControlPlane"
           rb"|kind\.x-k8s\.io|cluster-init|-transport-security"
           rb"|listen-client-urls|listen-peer-urls|initial-cluster|client-ca-file"
           rb"|operator\.etcd\.io/|etcd\.database\.coreos\.com/"
           # Kubespray's etcd variables (an inventory's group_vars and host_vars)
           rb"|etcd_(?:deployment_type|secure_client|peer_client_auth|extra_vars"
           rb"|listen_metrics_urls|metrics_port|tls_cipher_suites)")
_ALWAYS_RE = lazy(_ALWAYS)
# A key of one of the structures etcd settings live in (block or flow style, plain or quoted:
# a manifest written as JSON, as ``kubectl get -o json``, jsonnet and cdk8s write it, is YAML
# whose keys are all quoted).
_STRUCTURE = re.compile(
    rb"(?:^|[{,])[ \t-]*[\"']?(?:command|args|image|env|envFrom|containers|extraArgs|extraEnvs"
    rb"|clusterConfiguration|etcd-arg|etcd-expose-metrics|etcd|cluster|machine|services|role"
    rb"|patches|configPatches|strategicPatches|entrypoint|environment|chart|chartRef"
    rb"|valuesContent|valuesObject|write_files|runcmd|units|contents|content|inline)[\"']?"
    rb"[ \t]*:|ClusterConfiguration"
    # Ignition's JSON keys: a unit's contents, a file's data URL
    rb"|\"(?:contents|source)\"[ \t]*:",
    re.MULTILINE)


# Every word of _ALWAYS contains one of these (case aside) or "etcd": cheap substring tests
# first.
_HINTS = (b"cluster", b"listen-", b"transport", b"ca-file", b"k8s.io", b"controlplane")


def may_hold_etcd(data: bytes) -> bool:
    low = data.lower()  # (one fast copy; substring tests on it beat an alternation regex)
    if b"etcd" in low:
        return bool(_STRUCTURE.search(data) or _ALWAYS_RE.search(data))
    for hint in _HINTS:
        if hint in low:
            return bool(_ALWAYS_RE.search(data))
    return False


def json_manifest(path: str, data: bytes) -> bool:
    """Whether a file is read as a manifest as far as its name goes: any file but a ``*.json``
    one, which must hold a Kubernetes object (the keys ``"apiVersion"`` and ``"kind"``): the
    other JSON of a repository (``package.json``, a schema, a dashboard) is not read at all."""
    if not path.endswith(".json"):
        return True
    return b'"apiVersion"' in data and b'"kind"' in data


def names_etcd(path: str, data: bytes) -> bool:
    """The test for a file that is not YAML (a unit, a drop-in, an environment file, a
    Dockerfile): it names etcd, or it is a drop-in of a unit named for etcd."""
    return b"etcd" in data.lower() or "etcd" in os.path.basename(os.path.dirname(path)).lower()


_VALUES_NAMES = ("values.yaml", "values.yml")


def chart_values_file(path: str) -> bool:
    """A chart's values.yaml beside a Chart.yaml that mentions etcd (a dependency on it)."""
    if os.path.basename(path) not in _VALUES_NAMES:
        return False
    from etcdlint.repo.sidefiles import side_files_for

    found = side_files_for(path, 1 << 20).read("Chart.yaml")
    return found.ok and b"etcd" in found.data


# Every place an API server's configuration is read from names one of these (letter case
# aside): a kube-apiserver command line, RKE's kube-api service, a kubeadm
# ClusterConfiguration (also inside Cluster API objects, kind patches and the kubeadm-config
# ConfigMap) and k0s's configuration.
_APISERVER_HINTS = (b"kube-api", b"clusterconfig", b"kubeadmconfig", b"kubeadmcontrolplane",
                    b"k0s")


def may_hold_apiserver(data: bytes) -> bool:
    """Whether ``data`` may configure a kube-apiserver: the test a file read only for the
    cross-file rules must pass before it is parsed (they read nothing else of it)."""
    lowered = data.lower()
    return any(hint in lowered for hint in _APISERVER_HINTS)
