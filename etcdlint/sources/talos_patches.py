"""Talos machine-config patches, as far as they reach ``cluster.etcd.extraArgs``.

Talos loads a patch (siderolabs/talos ``pkg/machinery/config/configpatcher``, ``LoadPatch``)
as a strategic merge patch when it is a machine-config document, else as a JSON 6902 patch
(a list of ``{op, path, value}``, in JSON or YAML). A strategic merge patch merges
``extraArgs`` key by key (``$patch: delete`` drops the map); a JSON 6902 ``add`` or
``replace`` on ``/cluster``, ``/cluster/etcd`` or ``/cluster/etcd/extraArgs`` replaces the
whole map, one on ``/cluster/etcd/extraArgs/<name>`` sets one key, ``remove`` drops what its
path names; ``test`` changes nothing. A ``move`` or ``copy`` that reaches the arguments
(from or to), an operation Talos does not know or a path that is not a JSON pointer is not
modelled: the configuration is then not judged for missing settings, and a note says why.
The machine config Talos generates has no ``extraArgs``: only patches put arguments there.

``ArgsState`` follows the patches in order; each entry keeps its position in the file (a
patch inside a string is mapped back, as sources/embedded.py does). A patch string is read
into *steps* (what it does to the arguments) once: a patch several machine configs share
(talhelper's top-level ``patches``, on every control-plane node) is then replayed, not read
again.
"""

from __future__ import annotations

from typing import Callable, Dict, List, Optional, Tuple

from ruamel.yaml.nodes import Node, ScalarNode

from etcdlint.model import ORIGIN_JSON_PATCH, EtcdConfig, Span
from etcdlint.records import replace
from etcdlint.sources import FileContext
from etcdlint.sources.embedded import inner_documents, remap
from etcdlint.sources.talos import ExtraArg, extra_arg, talos_config
from etcdlint.text.compose import compose_documents
from etcdlint.text.jsonpointer import reference_tokens
from etcdlint.text.yamlnodes import (get_path, is_map, is_seq, map_get, map_get_pair, map_items,
                                     node_span, scalar_str, seq_items)

_ETCD_ARGS = ("cluster", "etcd", "extraArgs")
_CLEAR, _PUT, _POP, _ANCHOR, _CANNOT = range(5)
Step = Tuple[int, object]


def same_file(span: Span) -> Span:
    """The span map of a patch written in the file itself."""
    return span


class ArgsState:
    """The ``cluster.etcd.extraArgs`` of a machine config while patches are applied."""

    def __init__(self, anchor: Span, templated: bool = False) -> None:
        self.args: Dict[str, ExtraArg] = {}
        self.anchor = anchor  # where missing settings point: the last patch that set the map
        self.templated = templated  # values with ``${…}`` or ``{{…}}`` are unknown
        self.unmodelled = ""  # the first patch operation etcdlint cannot follow, if any

    def set_map(self, node: Optional[Node], text: str, to_outer: Callable[[Span], Span],
                whole: bool) -> None:
        """Entries of an ``extraArgs`` map; ``whole``: the map replaces the previous one."""
        if whole:
            self._clear()
        for key, value in map_items(node) if is_map(node) else ():
            name = scalar_str(key)
            if name == "$patch" and scalar_str(value) == "delete":
                self._clear()
                continue
            self.set_one(name, node_span(key), value, text, to_outer)

    def set_one(self, name: Optional[str], span: Span, value: Node, text: str,
                to_outer: Callable[[Span], Span], op: bool = False) -> None:
        """One entry; ``op``: the value of a JSON 6902 operation on the key itself, which a
        fix may replace but never remove (the operation would be left without a value)."""
        arg = extra_arg(name, span, value, text)
        if arg is None:
            return
        arg = remap(arg, to_outer)
        if op:
            arg = replace(arg, uses=tuple(replace(u, origin=ORIGIN_JSON_PATCH, span=u.value_span)
                                          for u in arg.uses))
        if self.templated:
            arg = replace(arg, uses=tuple(replace(u, value=None, dynamic=True)
                                          if _templated(u.value) else u for u in arg.uses))
        self._put(arg)

    # -- what a patch does to the arguments: done here, recorded by ``_Steps`` ----------------

    def _clear(self) -> None:
        self.args.clear()

    def _put(self, arg: ExtraArg) -> None:
        self.args.pop(arg.name, None)
        self.args[arg.name] = arg

    def _pop(self, name: str) -> None:
        self.args.pop(name, None)

    def _set_anchor(self, span: Span) -> None:
        self.anchor = span

    def replay(self, steps: List[Step]) -> None:
        """Do what a patch read into ``steps`` does."""
        for kind, value in steps:
            if kind == _CLEAR:
                self._clear()
            elif kind == _PUT:
                self._put(value)  # type: ignore[arg-type]
            elif kind == _POP:
                self._pop(value)  # type: ignore[arg-type]
            elif kind == _ANCHOR:
                self._set_anchor(value)  # type: ignore[arg-type]
            else:
                self._cannot(value)  # type: ignore[arg-type]

    def config(self, path: str, label: str) -> EtcdConfig:
        config = talos_config(path, self.anchor, list(self.args.values()), label)
        if self.unmodelled:
            config = replace(config, complete=False, note=(
                f"{self.unmodelled}: not modelled, the etcd arguments of {label} set before it "
                "are not judged, nor missing ones"))
        return config

    # -- patches ---------------------------------------------------------------------------

    def strategic(self, doc: Node, text: str, to_outer: Callable[[Span], Span]) -> None:
        """A machine-config document merged into the config."""
        etcd = get_path(doc, "cluster", "etcd")
        pair = map_get_pair(etcd, "extraArgs")
        if pair is None:
            return
        self._set_anchor(to_outer(node_span(pair[0])))
        self.set_map(pair[1], text, to_outer, whole=False)

    def json6902(self, ops: Node, text: str, to_outer: Callable[[Span], Span]) -> None:
        """A list of ``{op, path, value}`` operations."""
        for op in seq_items(ops):
            kind = scalar_str(map_get(op, "op"))
            path_node = map_get(op, "path")
            path = _pointer(scalar_str(path_node))
            if kind == "test":
                continue
            if kind not in ("add", "replace", "remove", "move", "copy") or path is None:
                self._cannot(f"the JSON patch operation {kind or '(none)'} on "
                             f"{scalar_str(path_node) or '(no path)'}")
                continue  # (Talos refuses the patch: what it would do is not known either)
            if kind in ("move", "copy"):
                source = _pointer(scalar_str(map_get(op, "from")))
                if source is None or _reaches_args(source) or _reaches_args(path):
                    self._cannot(f"the JSON patch {kind} to {scalar_str(path_node)}")
                continue
            depth = len(path)
            if path[:min(depth, 3)] != list(_ETCD_ARGS[:min(depth, 3)]) or depth > 4:
                continue
            if kind == "remove":
                if depth == 4:
                    self._pop(path[3])
                else:
                    self._clear()
                continue
            value = map_get(op, "value")
            self._set_anchor(to_outer(node_span(path_node)))
            if depth == 4:
                self.set_one(path[3], node_span(path_node), value, text, to_outer, op=True)
            else:
                self.set_map(get_path(value, *_ETCD_ARGS[depth:]), text, to_outer, whole=True)

    def _cannot(self, what: str) -> None:
        """An operation etcdlint cannot follow: the arguments set so far become unknown (it
        may have changed or removed any of them); later operations still set known ones."""
        self.unmodelled = self.unmodelled or what
        for name, arg in self.args.items():
            self.args[name] = replace(arg, uses=tuple(replace(u, value=None, dynamic=True)
                                                      for u in arg.uses))

    def patch_string(self, node: ScalarNode, ctx: FileContext,
                     read: Optional[Dict[int, List[Step]]] = None) -> None:
        """A patch written as a YAML string: strategic merge documents or a JSON 6902 list.
        ``read``: the steps of the patches already read (by node), for patches shared by
        several configurations of one file (with the same ``templated``)."""
        steps = read.get(id(node)) if read is not None else None
        if steps is None:
            recorder = _Steps(self.templated)
            recorder.read_patch_string(node, ctx)
            steps = recorder.steps
            if read is not None:
                read[id(node)] = steps
        self.replay(steps)

    def read_patch_string(self, node: ScalarNode, ctx: FileContext) -> None:
        docs, inner, to_outer = inner_documents(node, ctx)
        if not docs and compose_documents(inner.text)[1] is not None:
            # Talos refuses it (not YAML, or aliases YAML readers refuse): what it would do
            # is not known
            self._cannot("a patch that is not YAML Talos reads")
            return
        for doc in docs:
            if is_seq(doc):
                self.json6902(doc, inner.text, to_outer)
            elif is_map(doc):
                self.strategic(doc, inner.text, to_outer)


class _Steps(ArgsState):
    """Reads a patch into the steps it takes, without arguments of its own."""

    def __init__(self, templated: bool) -> None:
        super().__init__(Span(0, 0), templated)
        self.steps: List[Step] = []

    def _clear(self) -> None:
        self.steps.append((_CLEAR, None))

    def _put(self, arg: ExtraArg) -> None:
        self.steps.append((_PUT, arg))

    def _pop(self, name: str) -> None:
        self.steps.append((_POP, name))

    def _set_anchor(self, span: Span) -> None:
        self.steps.append((_ANCHOR, span))

    def _cannot(self, what: str) -> None:
        self.steps.append((_CANNOT, what))


def _templated(value: Optional[str]) -> bool:
    return value is not None and ("${" in value or "{{" in value)


def _reaches_args(path: List[str]) -> bool:
    """Whether an operation on ``path`` reads or changes ``cluster.etcd.extraArgs``."""
    depth = min(len(path), 3)
    return path[:depth] == list(_ETCD_ARGS[:depth])


def _pointer(path: Optional[str]) -> Optional[List[str]]:
    """A JSON pointer's reference tokens; None for the whole document too (not modelled)."""
    return reference_tokens(path) if path else None

