"""Kubernetes ``env`` / ``envFrom`` lists as EnvEntry values, each placed in the file.

What the kubelet makes of them (kubernetes ``pkg/kubelet/kubelet_pods.go``,
``makeEnvironmentVariables``): ``envFrom`` first, then ``env`` in order, a later name
replacing an earlier one; an ``env`` item's ``value`` has its ``$(VAR)`` expanded from the
variables before it (``runtimeVal = expansion.Expand(envVar.Value, mappingFunc)``), a value
read from a ConfigMap is taken as it is. Only ConfigMaps of the same file are read, and only
their ``data`` (as the kubelet: a key of ``binaryData`` is not a variable; one without
``data`` has no variables: ``for k, v := range configMap.Data``).

The kubelet looks a ConfigMap up in the pod's namespace
(``kl.configMapManager.GetConfigMap(pod.Namespace, name)``). A ConfigMap of the file is
therefore read only where its ``metadata.namespace`` is the pod's (``pod_namespace``): both
the same, or both without one (the deploy then puts them in the same namespace, whichever:
``kubectl apply -n``, kustomize's ``namespace:``, Helm's release namespace). A ConfigMap of
another namespace, or of a namespace where the pod has none (or the other way round), is not
read: the ConfigMap the pod gets is one of the cluster, unknown.
"""

from __future__ import annotations

from sys import intern
from typing import Dict, Iterable, Iterator, Mapping, Optional, Set, Tuple

from ruamel.yaml.nodes import MappingNode, Node

from etcdlint.etcd.kubeexpand import expand_k8s_refs
from etcdlint.etcd.precedence import EnvEntry
from etcdlint.text.span import Span
from etcdlint.text.yamlnodes import (get_path, is_map, is_scalar, map_get, map_get_pair, map_items,
                                node_span, scalar_kind, scalar_str, scalar_token, seq_items)

# What a ``configMapKeyRef`` comes to when its ConfigMap is in the file without its key and
# it is ``optional: true``: the kubelet skips the variable (it is not set by that item).
_NOT_SET = EnvEntry("", None, None, None, None)

# A ConfigMap's key in a file's ConfigMaps: (``metadata.namespace`` or None, name).
ConfigMapKey = Tuple[Optional[str], str]

# The ``data`` of a ConfigMap without one (or ``data: null``): no keys.
_NO_DATA = MappingNode("tag:yaml.org,2002:map", [])


def namespace_of(obj: Optional[Node]) -> Optional[str]:
    """An object's ``metadata.namespace`` (None without one, or empty)."""
    return scalar_str(get_path(obj, "metadata", "namespace")) or None


def pod_namespace(workload: Optional[Node]) -> Optional[str]:
    """The namespace of the pods of ``workload`` (a Pod, or an object with a pod template:
    Deployment, StatefulSet, CronJob, PodTemplate...): its own ``metadata.namespace``. A
    controller creates its pods in its own namespace, whatever the template's metadata says
    (kubernetes ``pkg/controller/replicaset/replica_set.go``:
    ``podControl.CreatePods(ctx, rs.Namespace, &rs.Spec.Template, ...)``; the other
    controllers alike)."""
    return namespace_of(workload)


def env_entries(env_list: Node, text: str,
                configmaps: Optional[Mapping[ConfigMapKey, Node]] = None,
                earlier: Iterable[EnvEntry] = (), open_ended: bool = False,
                namespace: Optional[str] = None) -> Iterator[EnvEntry]:
    """``[{name, value}]`` / ``[{name, valueFrom}]`` items. A ``valueFrom`` value is unknown
    (None), except a ``configMapKeyRef`` to a ConfigMap of ``configmaps`` ((namespace, name)
    -> ``data``) in the pod's ``namespace``: its key's value, placed where it is in the
    ConfigMap. A key the ConfigMap lacks leaves the variable unset when the reference is
    ``optional: true``, and unknown otherwise (the kubelet does not start the container:
    ``CreateContainerConfigError``).

    A ``value`` has its ``$(VAR)`` expanded (``expand_k8s_refs``, each character placed as
    on the command line) from the variables defined before it: ``earlier`` (``envFrom``'s),
    then the items before it, a later one replacing an earlier one. A reference to a variable
    whose value is unknown makes the value dynamic; to an undefined one stays as written,
    unless ``open_ended`` (an ``envFrom`` source etcdlint cannot read may define it: the value
    is dynamic)."""
    literal: Dict[str, str] = {}
    defined: Set[str] = set()
    for entry in earlier:
        _define(entry, literal, defined)
    for entry in _items(env_list, text, configmaps, literal, defined, open_ended, namespace):
        _define(entry, literal, defined)
        yield entry


def _define(entry: EnvEntry, literal: Dict[str, str], defined: Set[str]) -> None:
    defined.add(entry.name)
    if entry.unknown:
        literal.pop(entry.name, None)
    else:
        literal[entry.name] = entry.value


def _items(env_list: Node, text: str, configmaps: Optional[Mapping[ConfigMapKey, Node]],
           literal: Dict[str, str], defined: Set[str], open_ended: bool,
           namespace: Optional[str]) -> Iterator[EnvEntry]:
    for item in seq_items(env_list):
        pair = map_get_pair(item, "name")
        if pair is None:
            continue
        name = scalar_str(pair[1])
        if not name:
            continue
        value_node = map_get(item, "value")
        span = node_span(item)
        value_from = map_get(item, "valueFrom")
        if value_from is not None:
            entry = None if configmaps is None else \
                configmap_key_entry(name, node_span(pair[1]), value_from, text, configmaps,
                                    namespace)
            if entry is None:
                yield EnvEntry(name, None, span, node_span(pair[1]), node_span(value_from))
            elif entry is not _NOT_SET:
                yield entry
        elif is_scalar(value_node) and scalar_str(value_node) is not None:
            tok = scalar_token(value_node, text)
            value = expand_k8s_refs(tok, literal, defined, open_ended)
            yield EnvEntry(name, value.text, span, node_span(pair[1]), tok.inner_span(), value)
        elif is_scalar(value_node):  # (``value:`` null: empty)
            yield EnvEntry(name, "", span, node_span(pair[1]),
                           scalar_token(value_node, text).inner_span())
        else:
            yield EnvEntry(name, "", span, node_span(pair[1]), node_span(pair[1]))


def has_configmap_key_refs(env_list: Node) -> bool:
    """Whether some item of ``env_list`` reads a ConfigMap's key."""
    return any(get_path(item, "valueFrom", "configMapKeyRef") is not None
               for item in seq_items(env_list))


def configmap_key_entry(name: str, name_span: Span, value_from: Node, text: str,
                        configmaps: Mapping[ConfigMapKey, Node],
                        namespace: Optional[str] = None) -> Optional[EnvEntry]:
    """``valueFrom: {configMapKeyRef: {name, key, optional}}`` read from ``configmaps`` (the
    ConfigMap of that name in ``namespace``, the pod's): the
    entry (named at ``name_span``, its span the ConfigMap's key, as ``envFrom``'s), or
    ``_NOT_SET``, or None when its value is unknown."""
    if map_get(value_from, "fieldRef") is not None or \
            map_get(value_from, "resourceFieldRef") is not None:
        return None  # (the kubelet reads these first)
    ref = map_get(value_from, "configMapKeyRef")
    configmap = scalar_str(map_get(ref, "name"))
    key = scalar_str(map_get(ref, "key"))
    if not configmap or key is None:
        return None
    data = configmaps.get((namespace, configmap))  # (a lookup, noted even when not there yet)
    if data is None:
        return None  # (a ConfigMap of the cluster: unknown)
    found = map_get_pair(data, key)
    if found is None:
        return _NOT_SET if _is_true(map_get(ref, "optional")) else None
    if not is_scalar(found[1]):
        return None
    tok = scalar_token(found[1], text)
    return EnvEntry(name, tok.text, node_span(found[0]), name_span, tok.inner_span())


def _is_true(node: Optional[Node]) -> bool:
    return is_scalar(node) and scalar_kind(node) == "bool" and node.value.lower() == "true"


def env_from_entries(env_from: Node, text: str, configmaps: Mapping[ConfigMapKey, Node],
                     namespace: Optional[str] = None) -> Iterator[EnvEntry]:
    """Variables of ``envFrom: [{configMapRef}]`` whose ConfigMap is in the same file, in the
    pod's ``namespace``."""
    for item in seq_items(env_from):
        ref = scalar_str(get_path(item, "configMapRef", "name"))
        data = configmaps.get((namespace, ref)) if ref else None
        prefix = scalar_str(map_get(item, "prefix")) or ""
        for key, value in map_items(data):
            name = scalar_str(key)
            if name and is_scalar(value):
                tok = scalar_token(value, text)
                yield EnvEntry(prefix + name, tok.text, node_span(key), node_span(key),
                               tok.inner_span())


def env_from_unresolved(env_from: Node, configmaps: Mapping[ConfigMapKey, Node],
                        namespace: Optional[str] = None) -> bool:
    """True when some ``envFrom`` source is not a ConfigMap of the same file in the pod's
    ``namespace`` (a Secret; a ConfigMap of the cluster, even ``optional: true``: the
    cluster may have it)."""
    for item in seq_items(env_from):
        ref = scalar_str(get_path(item, "configMapRef", "name"))
        if ref is None or (namespace, ref) not in configmaps:
            return True
    return False


def configmap_data(doc: Node) -> Optional[Tuple[ConfigMapKey, Node]]:
    """((namespace, name), ``data``) of a ConfigMap document with a name, or None. Without
    ``data`` (or ``data: null``) its data is an empty mapping, as the kubelet reads it; a
    ``data`` that is not a mapping is not read (the API server rejects it)."""
    if scalar_str(map_get(doc, "kind")) == "ConfigMap":
        name = scalar_str(get_path(doc, "metadata", "name"))
        data = map_get(doc, "data")
        if data is None or is_scalar(data) and scalar_kind(data) == "null":
            data = _NO_DATA
        if name and is_map(data):
            namespace = namespace_of(doc)  # (a file's ConfigMaps share a few namespaces)
            return (namespace if namespace is None else intern(namespace), name), data
    return None
