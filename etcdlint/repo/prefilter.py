"""The cheap test that keeps most files of a repository from being parsed at all."""

from __future__ import annotations

import os
import re
from typing import Callable, Optional

from etcdlint.repo.forms import ENV_FILE, text_form
from etcdlint.text.lazy_regex import lazy
from etcdlint.text.textfile import looks_utf16

# A file is parsed when it names something that always concerns etcd (a kubeadm control
# plane, a kind cluster, a k3s server with cluster-init, an etcd config file's keys, the API
# server's client CA, an etcd operator's API group, a Kubespray etcd variable), or when it
# mentions etcd (in any letter case) *and* has one of the structures etcd configuration lives
# in (a container, a compose service's entrypoint or environment, a ClusterConfiguration,
# extraArgs, a Talos or k3s config, an RKE cluster.yml, Talos patches, a Helm release naming
# a chart, a file or unit written by cloud-init, Butane or Ignition). A ConfigMap that merely says "etcd" in a value is never parsed. An umbrella
# chart's values.yaml is parsed when its Chart.yaml mentions etcd (``chart_values_file``):
# its values may not name etcd.
# (each word as written: letter case counts)
_ALWAYS = (b"KubeadmControlPlane", b"TalosControlPlane", b"K0sControlPlane", b"RKE2ControlPlane",
           b"kind.x-k8s.io", b"cluster-init", b"-transport-security",
           b"listen-client-urls", b"listen-peer-urls", b"initial-cluster", b"client-ca-file",
           b"operator.etcd.io/", b"etcd.database.coreos.com/",
           # Kubespray's etcd variables (an inventory's group_vars and host_vars)
           b"etcd_deployment_type", b"etcd_secure_client", b"etcd_peer_client_auth",
           b"etcd_extra_vars", b"etcd_listen_metrics_urls", b"etcd_metrics_port",
           b"etcd_tls_cipher_suites")
# A key of one of the structures etcd settings live in (block or flow style, plain or quoted:
# a manifest written as JSON, as ``kubectl get -o json``, jsonnet and cdk8s write it, is YAML
# whose keys are all quoted).
_STRUCTURE = lazy(
    rb"(?:^|[{,])[ \t-]*[\"']?(?:command|args|image|env|envFrom|containers|extraArgs|extraEnvs"
    rb"|clusterConfiguration|etcd-arg|etcd-expose-metrics|etcd|cluster|machine|services|role"
    rb"|patches|configPatches|strategicPatches|entrypoint|environment|chart|chartRef"
    rb"|valuesContent|valuesObject|write_files|runcmd|units|contents|content|inline)[\"']?"
    rb"[ \t]*:|ClusterConfiguration"
    # Ignition's JSON keys: a unit's contents, a file's data URL
    rb"|\"(?:contents|source)\"[ \t]*:",
    re.MULTILINE)


# The words of _ALWAYS a file that does not mention etcd may hold: each contains one of the
# _HINTS (as written), tested first. (A substring test costs about as much whatever it looks
# for: few of them, each rare in other files; a regex of alternatives costs more than all.)
_WITHOUT_ETCD = tuple(word for word in _ALWAYS if b"etcd" not in word.lower())
_HINTS = (b"ControlPlane", b"x-k8s.io", b"cluster", b"transport-security", b"listen-",
          b"client-ca-file")


def may_hold_etcd(data: bytes) -> bool:
    # (``find``, not ``in``: a bytes ``in`` first tries its operand as an integer, and makes
    # and drops a TypeError each time)
    find = data.find
    if data.lower().find(b"etcd") >= 0:
        return any(find(word) >= 0 for word in _ALWAYS) or bool(_STRUCTURE.search(data))
    for hint in _HINTS:
        if find(hint) >= 0:
            return any(find(word) >= 0 for word in _WITHOUT_ETCD)
    return False


# A line of an etcd environment file (``ETCD_NAME=…``): an ``etcd.conf`` without one is YAML
# (etcd's own configuration file).
_ENV_LINE = lazy(rb"^[ \t]*ETCD_[A-Z0-9_]*[ \t]*=", re.MULTILINE)
_YAML = (".yaml", ".yml")


def form_to_read(path: str, data: bytes, values_chart: Callable[[str], Optional[str]],
                 prefilter: bool = True) -> Optional[str]:
    """How the file ``path`` holding ``data`` is read: its text form (``forms.text_form``),
    "" for YAML, or None when it is not read at all: JSON that holds no Kubernetes object
    (``json_manifest``) or, with ``prefilter``, a file the pre-filter drops (a text form
    that does not name etcd, YAML that may not hold etcd and is no chart's values:
    ``values_chart`` gives the chart the configuration says a file holds the values of).
    Checked for every file of a tree, in the process that reads it: kept cheap."""
    if path.endswith(_YAML) and "Dockerfile." not in path:
        form = ""  # (most files of a tree: named as YAML, which no other form's name is)
    else:
        if not json_manifest(path, data):
            return None
        form = text_form(path)
        if form == ENV_FILE and not _ENV_LINE.search(data):
            form = ""  # (an ``etcd.conf`` of YAML: etcd's own configuration file)
        if form:
            return None if prefilter and not names_etcd(path, data) else form
    if prefilter and not may_hold_etcd(data) and not looks_utf16(data) and \
            values_chart(path) is None and not chart_values_file(path):
        return None
    return ""


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
    if not path.endswith(_VALUES_NAMES) or os.path.basename(path) not in _VALUES_NAMES:
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
