"""Kustomize's ``images``: new names, tags and digests for container images.

As kustomize's ImageTagTransformer does it (api/internal/builtins/ImageTagTransformer.go,
api/filters/imagetag/legacy.go and updater.go, api/internal/image/image.go): every
``containers`` and ``initContainers`` list anywhere in an object (a CustomResourceDefinition
aside) has each element's ``image`` checked against each entry's ``name`` (a regular
expression anchored at both ends, followed by an optional tag and digest); a match keeps its
name unless ``newName`` is given, and ``newTag`` / ``digest`` replace the tag and digest.
The new image is a node placed at the entry of the kustomization that decided it (its
``newTag``, else its ``digest``, else its ``newName``): the tag decides which etcd version's
rules apply.
"""

from __future__ import annotations

import re
from typing import List, Optional, Tuple

from ruamel.yaml.nodes import MappingNode, Node, SequenceNode

from etcdlint.repo.kustomize.ids import Resource
from etcdlint.repo.kustomize.strategic_merge import scalar
from etcdlint.text.yamlnodes import is_map, is_scalar, is_seq, map_get, scalar_str, seq_items

_LISTS = ("containers", "initContainers")


def image_entries(kustomization: Node) -> List[Tuple[str, str, str, str, Node]]:
    """(name, newName, newTag, digest, the node the result is placed at) of each entry."""
    out = []
    for entry in seq_items(map_get(kustomization, "images")):
        if not is_map(entry):
            continue
        values = {}
        for key in ("name", "newName", "newTag", "digest"):
            node = map_get(entry, key)
            values[key] = (scalar_str(node) or "") if is_scalar(node) else ""
        place = next((map_get(entry, k) for k in ("newTag", "digest", "newName")
                      if values[k]), None)
        if values["name"] and place is not None:
            out.append((values["name"], values["newName"], values["newTag"], values["digest"],
                        place))
    return out


def set_images(resources: List[Resource], entries) -> None:
    for r in resources:
        if r.kind == "CustomResourceDefinition":
            continue
        for entry in entries:
            r.node = _walk(r.node, entry, False)


def _walk(node: Node, entry, in_list: bool) -> Node:
    if is_map(node):
        pairs, changed = [], False
        for k, v in node.value:
            key = k.value if is_scalar(k) else None
            if in_list and key == "image" and is_scalar(v):
                new = _new_image(scalar_str(v) or "", entry)
                if new is not None:
                    v, changed = scalar(new, entry[4]), True
            elif is_map(v) or is_seq(v):
                w = _walk(v, entry, key in _LISTS and is_seq(v))
                changed = changed or w is not v
                v = w
            pairs.append((k, v))
        if not changed:
            return node
        return MappingNode(node.tag, pairs, node.start_mark, node.end_mark,
                           flow_style=node.flow_style)
    if is_seq(node):
        items = [_walk(item, entry, in_list) if in_list else _walk(item, entry, False)
                 for item in node.value]
        if all(a is b for a, b in zip(items, node.value)):
            return node
        return SequenceNode(node.tag, items, node.start_mark, node.end_mark,
                            flow_style=node.flow_style)
    return node


def _new_image(image: str, entry) -> Optional[str]:
    name_pattern, new_name, new_tag, digest, _ = entry
    try:
        pattern = re.compile("^" + name_pattern + r"(:[a-zA-Z0-9_.{}-]*)?"
                             r"(@[a-zA-Z0-9]+([.+_-][a-zA-Z0-9]+)*:[a-zA-Z0-9_.{}-]*)?$")
    except re.error:
        return None  # (kustomize: a name that is no regular expression matches nothing)
    if not pattern.match(image):
        return None
    name, tag, old_digest = split_image(image)
    if new_name:
        name = new_name
    if new_tag and digest:
        tag, old_digest = new_tag, digest
    elif new_tag:
        tag, old_digest = new_tag, ""
    elif digest:
        tag, old_digest = "", digest
    return name + (":" + tag if tag else "") + ("@" + old_digest if old_digest else "")


def split_image(image: str) -> Tuple[str, str, str]:
    """(name, tag, digest), as kustomize's ``image.Split``: a ``:`` before the first ``/``
    is a registry's port."""
    slash = image.find("/")
    base = slash if slash > 0 else 0
    search = image[base:]
    at, colon = search.find("@"), search.find(":")
    if colon < 0 and at < 0:
        return image, "", ""
    if at >= 0 and (at < colon or colon < 0):
        return image[:base + at], "", image[base + at + 1:]
    if at >= 0 and colon >= 0:
        return image[:base + colon], image[base + colon + 1:base + at], image[base + at + 1:]
    return image[:base + colon], image[base + colon + 1:], ""
