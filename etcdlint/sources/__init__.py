"""Source adapters: each recognises one place where etcd configuration lives."""

from __future__ import annotations

from typing import Any, Callable, Dict, Iterator, List, Optional, Tuple, Union

from ruamel.yaml.nodes import Node

from etcdlint.records import field, record
from etcdlint.model import ApiServerConfig, EtcdConfig
from etcdlint.text.sidefile import NO_SIDE_FILES

Found = Union[EtcdConfig, ApiServerConfig]


@record(frozen=False)
class FileContext:
    """What adapters may know about the file a document comes from."""

    path: str
    text: str
    documents: List[Node]
    # The file's ConfigMaps: (``metadata.namespace`` or None, name) -> ``data`` (``envvars``).
    configmaps: Dict[Tuple[Optional[str], str], Node] = field(default_factory=dict)
    values_chart: Optional[str] = None  # the chart whose values the file holds (helm-values)
    # The door to the files the file names (``repo/sidefiles.py``): ``text_of(path)``,
    # ``list_directory(path)``, paths relative to the file's directory. Adapters never open
    # a file themselves.
    side_files: Any = NO_SIDE_FILES


Adapter = Callable[[Node, FileContext], Iterator[Found]]


# Which adapters can apply to a document, by its ``kind``: the others are not even imported.
KUBEADM_KINDS = frozenset(("ClusterConfiguration", "KubeadmControlPlane",
                           "KubeadmControlPlaneTemplate", "KubeadmConfig",
                           "KubeadmConfigTemplate"))
# Other kinds whose adapter is the ``locate`` of one module.
OTHER_KINDS = {
    "ClusterConfig": "k0s", "K0sControlPlane": "k0s", "K0sControlPlaneTemplate": "k0s",
    "RKE2ControlPlane": "rancher", "RKE2ControlPlaneTemplate": "rancher",
    "TalosControlPlane": "talos_capi", "TalosConfig": "talos_capi",
    "TalosConfigTemplate": "talos_capi",
}


HELM_KINDS = frozenset(("HelmRelease", "Application", "ApplicationSet", "HelmChart"))


def adapters_for(kind: Optional[str]) -> List[Adapter]:
    """The adapters for a document of this ``kind`` (None: a document without one)."""
    from etcdlint.sources import podspec

    found: List[Adapter] = [podspec.locate]
    if kind in HELM_KINDS:
        from etcdlint.sources.helm import releases

        found.append(releases.locate)
    if kind in KUBEADM_KINDS:
        from etcdlint.sources import kubeadm

        found.append(kubeadm.locate)
    elif kind == "EtcdCluster":
        from etcdlint.sources.operators import coreos, etcd_operator, unserved

        found.extend((etcd_operator.locate, coreos.locate, unserved.locate))
    elif kind == "Etcd":
        from etcdlint.sources.operators import druid

        found.append(druid.locate)
    elif kind == "Cluster":
        from etcdlint.sources import k0s, kind as kind_cluster, rancher

        found.extend((kind_cluster.locate, k0s.locate, rancher.locate))
    elif kind in OTHER_KINDS:
        from importlib import import_module

        found.append(import_module(f"etcdlint.sources.{OTHER_KINDS[kind]}").locate)
    elif kind is None or kind == "ConfigMap":
        from etcdlint.sources import configfile

        found.append(configfile.locate)
        if kind == "ConfigMap":
            from etcdlint.sources import kubeadm_configmap

            found.append(kubeadm_configmap.locate)
        if kind is None:
            from etcdlint.sources import host_configs, k3s, kubespray, rke, talhelper, talos
            from etcdlint.sources.compose_project import services
            from etcdlint.sources.helm import values_files

            found.extend((k3s.locate, talos.locate, rke.locate, talhelper.locate, services.locate,
                          values_files.locate, kubespray.locate, host_configs.locate))
    return found


def preload() -> None:
    """Import every adapter, and every module they import when they need it: the package is
    the registry (``adapters_for`` picks from it by kind)."""
    import pkgutil
    from importlib import import_module

    for module in pkgutil.walk_packages(__path__, f"{__name__}."):
        import_module(module.name)


def index_configmap(configmaps: Dict[Tuple[Optional[str], str], Node], kind: Optional[str],
                    doc: Node) -> None:
    """Add ``doc`` to ``configmaps`` ((namespace, name) -> ``data``) when it is a ConfigMap
    with a name, for the adapters that read one (the last of a namespace and name wins)."""
    if kind == "ConfigMap":
        from etcdlint.sources.envvars import configmap_data

        named = configmap_data(doc)
        if named is not None:  # (set as a plain dict's: no adapter looked it up)
            dict.__setitem__(configmaps, *named)


def locate_all(ctx: FileContext) -> Iterator[Found]:
    """What the adapters find in ``ctx.documents``, a file held whole (a Kustomize build):
    its ConfigMaps first, for the documents that read them."""
    from etcdlint.text.yamlnodes import map_get, scalar_str

    for doc in ctx.documents:
        index_configmap(ctx.configmaps, scalar_str(map_get(doc, "kind")), doc)
    for doc in ctx.documents:
        for adapter in adapters_for(scalar_str(map_get(doc, "kind"))):
            yield from adapter(doc, ctx)
