"""Resources in a Kustomize build, and how kustomize finds the one a patch is for.

A resource has a *current* id (group, version, kind, name, namespace) and the ids it had
before a transformer changed its name or namespace (``Resource.PrevIds``, kept in build
annotations: api/resource/resource.go ``StorePreviousId``; the namespace transformer stores
one for every resource it visits, the prefix and suffix transformers one per rename). A
strategic-merge patch without ``target`` is applied to the one resource any of whose ids,
previous or current, equals the patch's own id (``ResMap.GetById(patch.OrgId())``:
api/resmap/reswrangler.go ``GetMatchingResourcesByAnyId`` and ``demandOneMatch``); no match,
or more than one, fails the build ("no matches for Id …"). Ids compare namespaces the way
``ResId.EffectiveNamespace`` does (kyaml/resid/resid.go): none and ``default`` are the same.
So a patch that names no namespace matches a resource the base put in a namespace: its
original id had none.
"""

from __future__ import annotations

import re
from typing import List, Tuple

from ruamel.yaml.nodes import MappingNode, Node

from etcdlint.records import field, record
from etcdlint.repo.kustomize.strategic_merge import Unmodelled, scalar
from etcdlint.text.yamlnodes import get_path, is_map, map_get, scalar_str

# Kinds the prefix and suffix transformers leave alone (api/internal/builtins/
# PrefixTransformer.go, ``prefixFieldSpecsToSkip``).
_NOT_RENAMED = ("CustomResourceDefinition", "APIService", "Namespace")

# Kinds without a namespace that an etcd repository may hold beside it (kustomize knows them
# from the Kubernetes schema): the namespace transformer leaves them alone.
CLUSTER_SCOPED = frozenset((
    "Namespace", "ClusterRole", "ClusterRoleBinding", "CustomResourceDefinition",
    "PersistentVolume", "StorageClass", "PriorityClass", "APIService", "Node",
    "ValidatingWebhookConfiguration", "MutatingWebhookConfiguration", "CSIDriver"))

Id = Tuple[str, str, str]  # (kind, name, effective namespace): group and version never change


@record(frozen=False)
class Resource:
    node: Node
    group: str
    version: str
    kind: str
    name: str
    namespace: str
    previous: List[Id] = field(default_factory=list)
    # (kustomization, offset) of each entry that brought it in, innermost first: the
    # resources entry naming its file, then those naming its bases and components
    via: Tuple[Tuple[str, int], ...] = ()

    def copy(self) -> "Resource":
        return Resource(self.node, self.group, self.version, self.kind, self.name,
                        self.namespace, list(self.previous), self.via)

    @property
    def current(self) -> Id:
        return (self.kind, self.name, effective_namespace(self.namespace))

    def describe(self) -> str:
        """The id as kustomize writes it (``ResId.String``, kyaml/resid)."""
        return (f"{self.kind or '[noKind]'}.{self.version or '[noVer]'}.{self.group or '[noGrp]'}"
                f"/{self.name or '[noName]'}.{self.namespace or '[noNs]'}")


def effective_namespace(namespace: str) -> str:
    return namespace or "default"


def resource_of(doc: Node) -> Resource:
    api = scalar_str(map_get(doc, "apiVersion")) or ""
    group, _, version = api.rpartition("/")
    return Resource(doc, group, version, scalar_str(map_get(doc, "kind")) or "",
                    scalar_str(get_path(doc, "metadata", "name")) or "",
                    scalar_str(get_path(doc, "metadata", "namespace")) or "")


def _same_gvk(r: Resource, patch: Resource) -> bool:
    return r.kind == patch.kind and (
        not patch.version or (r.group, r.version) == (patch.group, patch.version))


def patch_targets(resources: List[Resource], patch: Resource) -> List[Resource]:
    """The resources a strategic-merge patch without target is for: one, or kustomize fails
    the build (``GetById``)."""
    wanted = (patch.kind, patch.name, effective_namespace(patch.namespace))
    return [r for r in resources if _same_gvk(r, patch)
            and any(i == wanted for i in r.previous + [r.current])]


def duplicate(resources: List[Resource], added: Resource) -> bool:
    """Whether ``added`` has the current id of one already accumulated (kustomize refuses it:
    "may not add resource with an already registered id", ``resWrangler.Append``)."""
    return any(r.current == added.current and (r.group, r.version) == (added.group, added.version)
               for r in resources)


def set_namespace(resources: List[Resource], namespace: str) -> None:
    """The namespace transformer: every resource's id stored, then its namespace set (in the
    node too: messages name the object)."""
    for r in resources:
        if r.kind in CLUSTER_SCOPED:
            continue
        r.previous.append(r.current)
        r.namespace = namespace
        r.node = _with_metadata(r.node, "namespace", namespace)


def rename(resources: List[Resource], prefix: str, suffix: str) -> None:
    """namePrefix and nameSuffix: the name changes (in the node too: messages name the
    object), the old id is kept for the patches of the overlays above."""
    for r in resources:
        if r.kind in _NOT_RENAMED or not (prefix or suffix):
            continue
        r.previous.append(r.current)
        r.name = prefix + r.name + suffix
        r.node = _with_metadata(r.node, "name", r.name)


def _with_metadata(doc: Node, key: str, value: str) -> Node:
    """``doc`` with ``metadata.<key>`` set to ``value`` (a new node placed where the old
    value, or else the object's name, is)."""
    metadata = map_get(doc, "metadata")
    old = map_get(metadata, key)
    like = old if old is not None else map_get(metadata, "name")
    if not is_map(doc) or not is_map(metadata) or like is None:
        return doc
    if old is None:
        pairs = list(metadata.value) + [(scalar(key, like), scalar(value, like))]
    else:
        pairs = [(k, scalar(value, old) if v is old else v) for k, v in metadata.value]
    new_meta = MappingNode(metadata.tag, pairs, metadata.start_mark, metadata.end_mark,
                           flow_style=metadata.flow_style)
    return MappingNode(doc.tag, [(k, new_meta if v is metadata else v) for k, v in doc.value],
                       doc.start_mark, doc.end_mark, flow_style=doc.flow_style)


def select_pattern(pattern: str, value: str) -> bool:
    """A selector field: an anchored regular expression, empty matches anything."""
    if not pattern:
        return True
    try:
        return re.fullmatch(f"(?:{pattern})", value) is not None
    except re.error:
        raise Unmodelled(f"target pattern {pattern!r}") from None


def select(resources: List[Resource], target) -> List[Resource]:
    """kustomize's ``ResMap.Select``: every non-empty field an anchored regular expression;
    name and namespace match the original id or the current one."""
    out = []
    for r in resources:
        original = r.previous[0] if r.previous else r.current
        if not (select_pattern(target.namespace, original[2])
                or select_pattern(target.namespace, r.current[2])):
            continue
        if not (select_pattern(target.name, original[1]) or select_pattern(target.name, r.name)):
            continue
        if select_pattern(target.group, r.group) and select_pattern(target.version, r.version) \
                and select_pattern(target.kind, r.kind):
            out.append(r)
    return out
