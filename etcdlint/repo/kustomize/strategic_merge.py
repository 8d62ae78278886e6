"""Strategic merge patches on composed YAML nodes, as kustomize applies them, for what etcd
settings depend on.

kustomize applies a strategic-merge patch with kyaml's merge2 (api/filters/
patchstrategicmerge/patchstrategicmerge.go → kyaml/yaml/merge2, kyaml/yaml/walk): maps merge
key by key, a ``null`` value deletes its key, scalars and lists without a merge key are
replaced whole (``command`` and ``args`` are such lists), lists with a merge key from the
Kubernetes schema merge element by element (kyaml/yaml/walk/associative_sequence.go):
``containers``, ``initContainers``, ``ephemeralContainers``, ``env``, ``volumes`` by ``name``,
``volumeMounts`` by ``mountPath``, ``ports`` by ``containerPort``; kustomize merges those with
``ListIncreaseDirection: prepend`` (the patch's elements first, in its order, then the base's
others), which JSON patch indexes applied later see. ``$patch: delete`` on an element removes
the matching element, ``$patch: replace`` on a map or list replaces it.

The result is a new node tree: base nodes are never changed (one base serves several
overlays), and every leaf keeps the position of the file it came from.
"""

from __future__ import annotations

from typing import List, Optional, Tuple

from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from etcdlint.text.yamlnodes import is_map, is_null, is_scalar, is_seq, scalar_str

MERGE_KEYS = {
    "containers": "name", "initContainers": "name", "ephemeralContainers": "name",
    "env": "name", "volumes": "name", "volumeMounts": "mountPath", "ports": "containerPort",
    "imagePullSecrets": "name",
}
DIRECTIVE = "$patch"


class Unmodelled(Exception):
    """A patch uses something etcdlint does not model (the message says what)."""


def merge(base: Node, patch: Node, key: str = "") -> Optional[Node]:
    """``base`` with ``patch`` applied; None when the patch deletes it."""
    if is_map(base) and is_map(patch):
        return _merge_map(base, patch)
    if is_seq(base) and is_seq(patch):
        return _merge_list(base, patch, key)
    return _clean(patch)


def _directive(node: Node) -> Optional[str]:
    for k, v in node.value:
        if is_scalar(k) and k.value == DIRECTIVE:
            return scalar_str(v)
    return None


def _merge_map(base: MappingNode, patch: MappingNode) -> Optional[Node]:
    directive = _directive(patch)
    if directive == "delete":
        return None
    if directive == "replace":
        return _clean(patch)
    if directive is not None:
        raise Unmodelled(f"$patch: {directive}")
    pairs: List[Tuple[Node, Node]] = [p for p in base.value if not _is_merge_key(p[0])]
    if len(pairs) != len(base.value):
        raise Unmodelled("a YAML merge key (<<) in a patched object")
    index = {k.value: i for i, (k, _) in enumerate(pairs) if isinstance(k, ScalarNode)}
    for k, v in patch.value:
        name = k.value if is_scalar(k) else None
        if name is None or _is_merge_key(k):
            raise Unmodelled("a patch key that is not a plain string")
        if name == DIRECTIVE:
            continue
        if name.startswith("$"):
            if name.startswith("$setElementOrder/"):
                continue  # order only: nothing etcd reads depends on it
            raise Unmodelled(name)
        at = index.get(name)
        if is_scalar(v) and is_null(v):
            if at is not None:
                pairs[at] = None  # type: ignore[call-overload]
            continue
        if at is None:
            cleaned = _clean(v)
            if cleaned is not None:
                index[name] = len(pairs)
                pairs.append((k, cleaned))
            continue
        merged = merge(pairs[at][1], v, name)
        pairs[at] = None if merged is None else (pairs[at][0], merged)  # type: ignore
    return MappingNode(base.tag, [p for p in pairs if p is not None], base.start_mark,
                       base.end_mark, flow_style=base.flow_style)


def _is_merge_key(node: Node) -> bool:
    # (the value first: a node's tag is slow to read, and only "<<" can be the merge key)
    return node.value == "<<" and is_scalar(node) and node.tag == "tag:yaml.org,2002:merge"


def _merge_list(base: SequenceNode, patch: SequenceNode, key: str) -> Optional[Node]:
    items = list(patch.value)
    if any(is_map(i) and _directive(i) == "replace" and len(i.value) == 1 for i in items):
        rest = [i for i in items if not (is_map(i) and _directive(i) == "replace")]
        return SequenceNode(patch.tag, [c for c in map(_clean, rest) if c is not None],
                            patch.start_mark, patch.end_mark, flow_style=patch.flow_style)
    merge_key = MERGE_KEYS.get(key)
    if merge_key is None:
        return _clean(patch)  # a list without a merge key is replaced whole
    # kyaml merges with ListIncreaseDirection prepend: the patch's elements come first, in
    # its order (merged with the base's element of the same key), then the base's others.
    base_keys = [_key_of(item, merge_key) for item in base.value]
    base_items = {}
    for ident, item in zip(base_keys, base.value):
        if ident is not None:
            base_items.setdefault(ident, item)
    out: List[Node] = []
    taken = set()
    for item in items:
        ident = _key_of(item, merge_key)
        if ident is None:
            cleaned = _clean(item)
            if cleaned is not None:
                out.append(cleaned)
            continue
        if ident in taken:
            raise Unmodelled(f"two {key} elements {ident!r} in one patch")
        taken.add(ident)
        found = base_items.get(ident)
        merged = _clean(item) if found is None else merge(found, item)
        if merged is not None:
            out.append(merged)
    out.extend(i for ident, i in zip(base_keys, base.value) if ident not in taken)
    return SequenceNode(base.tag, out, base.start_mark, base.end_mark,
                        flow_style=base.flow_style)


def _key_of(node: Node, key: str) -> Optional[str]:
    if not isinstance(node, MappingNode):
        return None
    for k, v in node.value:
        if k.value == key and isinstance(k, ScalarNode) and isinstance(v, ScalarNode):
            return v.value
    return None


def _clean(node: Node) -> Optional[Node]:
    """A patch's own node, without the ``$patch`` directives (new content from a patch)."""
    if is_map(node):
        directive = _directive(node)
        if directive == "delete":
            return None
        pairs = []
        for k, v in node.value:
            if is_scalar(k) and k.value == DIRECTIVE:
                continue
            if is_scalar(k) and isinstance(k.value, str) and k.value.startswith("$"):
                if k.value.startswith("$setElementOrder/"):
                    continue
                raise Unmodelled(k.value)
            if is_scalar(v) and is_null(v):
                continue
            cleaned = _clean(v)
            if cleaned is not None:
                pairs.append((k, cleaned))
        return MappingNode(node.tag, pairs, node.start_mark, node.end_mark,
                           flow_style=node.flow_style)
    if is_seq(node):
        return SequenceNode(node.tag, [c for c in map(_clean, node.value) if c is not None],
                            node.start_mark, node.end_mark, flow_style=node.flow_style)
    return node


def scalar(value: str, like: Node) -> ScalarNode:
    return ScalarNode("tag:yaml.org,2002:str", value, like.start_mark, like.end_mark)
