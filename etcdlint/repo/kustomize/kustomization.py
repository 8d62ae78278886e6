"""Read a Kustomize ``kustomization.yaml``: its local resources, its patches, and what in it
etcdlint does not model.

Semantics are kustomize's (sigs.k8s.io/kustomize, api/ and kyaml/, v5):

- ``resources`` (and the older ``bases``) are files or directories holding a kustomization;
  anything with a URL scheme, ``github.com/…`` or ``?ref=`` is remote (api/internal/target/
  kusttarget.go accumulates them through the loader, which fetches them).
- ``patchesStrategicMerge`` entries are file paths or inline YAML; ``patchesJson6902`` entries
  are ``{target, path | patch}`` JSON patches; a ``patches`` entry (``path`` or inline
  ``patch``, optional ``target``) is a strategic-merge patch when it parses as resources and a
  JSON patch when it parses as a list of operations (api/internal/builtins/
  PatchTransformer.go, ``Config``).
- ``components`` are directories holding a ``kind: Component`` kustomization; each is
  accumulated into its parent's resources after the parent's own resources and before the
  parent's transformers run, and its own transformers (patches included) act on everything
  accumulated so far (api/internal/target/kusttarget.go, ``accumulateTarget`` and
  ``accumulateDirectory``).
- The transformers run in this order (api/internal/target/kusttarget_configplugin.go,
  ``configureBuiltinTransformers``): patchesStrategicMerge, patches, namespace,
  namePrefix/nameSuffix, labels, annotations, patchesJson6902, replicas, images,
  replacements. ``labels``, ``commonLabels``, ``commonAnnotations`` and ``replicas`` change
  nothing etcd reads: the build goes on without them.
"""

from __future__ import annotations

import os
from typing import Callable, List, Optional, Tuple

from ruamel.yaml.nodes import Node

from etcdlint.model import Span
from etcdlint.records import field, record
from etcdlint.repo.names import KUSTOMIZATION_NAMES
from etcdlint.text.textfile import DecodeError, SourceText, decode
from etcdlint.text.compose import compose_documents, what_fails
from etcdlint.text.yamlnodes import (is_map, is_scalar, is_seq, map_get, map_items, scalar_str,
                                     seq_items)


# Keys that add resources etcdlint does not see (their output is not linted).
GENERATORS = ("configMapGenerator", "secretGenerator", "generators", "helmCharts",
              "helmChartInflationGenerator")
# Keys that can change what the resources etcdlint reads hold: with one of them, the build
# is not judged (its files are linted as they are).
NOT_MODELLED = ("replacements", "transformers", "vars", "openapi", "crds", "validators",
                "configurations", "helmGlobals", "buildMetadata", "sortOptions")
# What a kustomization that cannot be read at all says: noted whatever its files hold (the
# other notes are for overlays that hold etcd configuration).
BROKEN = ("the kustomization cannot be read", "the kustomization is not valid YAML",
          "the kustomization is not a YAML mapping")
# ... or YAML that composes but that YAML readers refuse (``text.compose.what_fails``).
_REFUSED = "the kustomization holds "


def always_said(what: str) -> bool:
    """Whether a reason an overlay is not built is said whatever the overlay holds: the
    kustomization is broken, or a file it names is missing or refused (what it would have
    brought in is unknown, etcd configuration included)."""
    return what in BROKEN or what.startswith(_REFUSED) or what.endswith((
        "(not found)", "not read)", "kustomize refuses it)"))


@record
class Target:
    """A patch target (api/types/selector.go): each field an anchored regular expression,
    empty matches anything."""

    group: str = ""
    version: str = ""
    kind: str = ""
    name: str = ""
    namespace: str = ""


@record
class PatchRef:
    field: str  # "patchesStrategicMerge" | "patches" | "patchesJson6902"
    path: Optional[str]  # the patch file (None: inline)
    inline: Optional[Node]  # the inline patch's scalar, in the kustomization's text
    target: Optional[Target]
    offset: int  # where the entry is in the kustomization (for notes)


@record(frozen=False)
class Kustomization:
    path: str
    directory: str
    source: Optional[SourceText]
    resources: List[Tuple[str, int]] = field(default_factory=list)  # (absolute path, offset)
    patches: List[PatchRef] = field(default_factory=list)
    namespace: Optional[str] = None
    kind: str = "Kustomization"  # or "Component"
    components: List[Tuple[str, int]] = field(default_factory=list)  # (absolute path, offset)
    name_prefix: str = ""
    name_suffix: str = ""
    images: Optional[int] = None  # where ``images:`` is (its entries are read in the build)
    blocking: List[Tuple[str, int]] = field(default_factory=list)  # (what, offset)
    generated: List[Tuple[str, int]] = field(default_factory=list)


def find_kustomization(directory: str) -> Optional[str]:
    for name in KUSTOMIZATION_NAMES:
        candidate = os.path.join(directory, name)
        if os.path.isfile(candidate):
            return candidate
    return None


def is_remote(entry: str) -> bool:
    return "://" in entry or entry.startswith(("github.com/", "git@", "gitlab.com/")) or \
        "?ref=" in entry or "//" in entry.split("?")[0].lstrip("/")


def read_kustomization(path: str, read: Callable[[str], bytes],
                       kind_of: Callable[[str], str] = lambda p: "file") -> Kustomization:
    """The kustomization at ``path``; ``read`` gives a file's bytes, ``kind_of`` what a path
    is ("file", "directory", or why the door refuses it: see repo/sidefiles.py)."""
    directory = os.path.dirname(os.path.abspath(path))
    k = Kustomization(path, directory, None)
    try:
        k.source = decode(path, read(path))
    except (OSError, DecodeError):
        k.blocking.append(("the kustomization cannot be read", 0))
        return k
    docs, failure = compose_documents(k.source.text)
    if failure is not None:
        k.blocking.append((f"the kustomization {what_fails(failure)}", 0))
        return k
    if not docs or not is_map(docs[0]):
        k.blocking.append(("the kustomization is not a YAML mapping", 0))
        return k
    for key, value in map_items(docs[0]):
        name = scalar_str(key)
        offset = key.start_mark.index
        if name in ("resources", "bases"):
            for item in seq_items(value):
                _resource(k, item, kind_of)
        elif name == "patchesStrategicMerge":
            for item in seq_items(value):
                if not is_scalar(item):
                    continue
                text = scalar_str(item) or ""
                if "\n" in text.strip() or ":" in text:
                    k.patches.append(PatchRef(name, None, item, None, item.start_mark.index))
                else:
                    k.patches.append(PatchRef(name, _local(k, text), None, None,
                                              item.start_mark.index))
        elif name in ("patches", "patchesJson6902"):
            for item in seq_items(value):
                _patch(k, name, item)
        elif name == "namespace":
            k.namespace = scalar_str(value)
        elif name == "kind":
            k.kind = scalar_str(value) or k.kind
        elif name == "components":
            for item in seq_items(value):
                _resource(k, item, kind_of, k.components)
        elif name in ("namePrefix", "nameSuffix"):
            text = scalar_str(value) or ""
            if name == "namePrefix":
                k.name_prefix = text
            else:
                k.name_suffix = text
        elif name == "images":
            k.images = offset if seq_items(value) else None
        elif name in GENERATORS:
            k.generated.append((name, offset))
        elif name in NOT_MODELLED:
            k.blocking.append((name, offset))
    return k


def _local(k: Kustomization, entry: str) -> str:
    return os.path.normpath(os.path.join(k.directory, entry))


def escapes(directory: str, path: str) -> bool:
    """Whether ``path`` (absolute, normalised) is outside ``directory``: kustomize's
    ``LoadRestrictionsRootOnly`` refuses to load such a file (api/internal/loader/
    fileloader.go, ``RestrictionRootOnly``: "file ... is not in or below ...")."""
    return not (path == directory or path.startswith(directory.rstrip(os.sep) + os.sep))


def _resource(k: Kustomization, item: Node, kind_of: Callable[[str], str],
              into: Optional[list] = None) -> None:
    entry = scalar_str(item) if is_scalar(item) else None
    offset = item.start_mark.index
    if not entry:
        return
    if is_remote(entry):
        k.blocking.append((f"remote {'resource' if into is None else 'component'} {entry}",
                           offset))
        return
    path = _local(k, entry)
    what = "resource" if into is None else "component"
    kind = kind_of(path)  # (the door: nothing outside the repository is looked at)
    if kind == "outside":
        k.blocking.append((f"{what} {entry} (outside the repository: not read)", offset))
        return
    if kind == "missing":
        k.blocking.append((f"{what} {entry} (not found)", offset))
        return
    if kind == "file" and (os.path.isabs(entry) or escapes(k.directory, path)):
        # a base directory may be anywhere in the repository; a file, only below the
        # kustomization (kustomize refuses it: LoadRestrictionsRootOnly)
        k.blocking.append((f"{what} {entry} (a file outside the kustomization's directory: "
                           "kustomize refuses it)", offset))
        return
    if kind not in ("file", "directory"):
        k.blocking.append((f"{what} {entry} (not a regular file: not read)", offset))
        return
    (k.resources if into is None else into).append((path, offset))


def _patch(k: Kustomization, key: str, item: Node) -> None:
    if not is_map(item):
        return
    offset = item.start_mark.index
    target_node = map_get(item, "target")
    target = None
    if target_node is not None:
        if not is_map(target_node):
            k.blocking.append((f"a {key} target that is not a mapping", offset))
            return
        values = {scalar_str(a) or "": scalar_str(b) or "" for a, b in map_items(target_node)}
        if values.get("labelSelector") or values.get("annotationSelector"):
            k.blocking.append((f"{key} targets chosen by label or annotation", offset))
            return
        target = Target(values.get("group", ""), values.get("version", ""),
                        values.get("kind", ""), values.get("name", ""),
                        values.get("namespace", ""))
    options = map_get(item, "options")
    if is_map(options) and any(scalar_str(b) == "true" for _, b in map_items(options)):
        k.blocking.append((f"{key} options", offset))
        return
    path = scalar_str(map_get(item, "path"))
    inline = map_get(item, "patch")
    if path:
        k.patches.append(PatchRef(key, _local(k, path), None, target, offset))
    elif is_scalar(inline) and scalar_str(inline):
        k.patches.append(PatchRef(key, None, inline, target, offset))
    else:
        k.blocking.append((f"a {key} entry without path or patch", offset))


def patch_kind(field_name: str, doc: Node) -> Optional[str]:
    """"smp" or "json6902" for a patch document, as kustomize decides (None: neither)."""
    if field_name == "patchesJson6902":
        return "json6902" if is_seq(doc) else None
    if field_name == "patchesStrategicMerge":
        return "smp" if is_map(doc) else None
    if is_seq(doc):
        return "json6902"
    if is_map(doc):
        return "smp"
    return None


def entry_span(text: str, offset: int) -> Span:
    """The entry of a kustomization list that starts at ``offset``: up to the end of its
    line, a comment, or (in a flow list) the next ``,`` or closing bracket."""
    end = offset
    quote = None
    while end < len(text) and text[end] not in "\r\n":
        c = text[end]
        if quote is not None:
            quote = None if c == quote else quote
        elif c in "'\"":
            quote = c
        elif c in ",]}" or (c == "#" and end > offset and text[end - 1] in " \t"):
            break
        end += 1
    while end > offset and text[end - 1] in " \t":
        end -= 1
    return Span(offset, max(end, offset))
