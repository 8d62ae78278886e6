"""etcd (and kube-apiserver) containers in the pod spec of any workload kind."""

from __future__ import annotations

from typing import Dict, Iterator, List, Optional, Tuple

from ruamel.yaml.nodes import Node

from etcdlint.etcd.flags import KNOWN_FLAGS, is_bool_flag
from etcdlint.etcd.versions import version_from_image
from etcdlint.etcd.exits import prints_and_exits
from etcdlint.etcd.goflags import parse_flags
from etcdlint.etcd.invocation import (entrypoint_flags, find_invocations, is_etcd_image,
                                      runs_etcd_by_environment)
from etcdlint.etcd.kubeexpand import expand_k8s_refs
from etcdlint.model import (ApiServerConfig, ArgvProblem, EtcdConfig, InsertPoint, ORIGIN_FLAG,
                            Setting)
from etcdlint.etcd.precedence import EnvEntry, resolve_etcd
from etcdlint.sources import FileContext, Found
from etcdlint.sources.envvars import (ConfigMapKey, env_entries, env_from_entries,
                                      env_from_unresolved, has_configmap_key_refs,
                                      pod_namespace)
from etcdlint.text.tokens import Token
from etcdlint.text.yamlnodes import (get_path, scalar_kind, is_map, is_scalar, is_seq, map_get,
                                node_span, scalar_str, scalar_token, seq_items)

# Where a pod spec sits, by workload shape: Pod; Deployment, StatefulSet, DaemonSet,
# ReplicaSet, ReplicationController, Job, DeploymentConfig (and look-alike CRDs);
# CronJob; PodTemplate.
POD_SPEC_PATHS = (
    ("spec",),
    ("spec", "template", "spec"),
    ("spec", "jobTemplate", "spec", "template", "spec"),
    ("template", "spec"),
)
ETCD = frozenset(("etcd",))
APISERVER = frozenset(("kube-apiserver",))


def pod_specs(doc: Node, depth: int = 0) -> Iterator[Tuple[Node, Node]]:
    """(object, pod spec) for the document and, for ``kind: List``, its items."""
    if not is_map(doc) or depth > 8:
        return
    items = map_get(doc, "items")
    if is_seq(items):
        for item in seq_items(items):
            yield from pod_specs(item, depth + 1)
    for path in POD_SPEC_PATHS:
        spec = get_path(doc, *path)
        if is_map(spec) and is_seq(map_get(spec, "containers")):
            yield doc, spec
            return


def locate(doc: Node, ctx: FileContext) -> Iterator[Found]:
    for obj, spec in pod_specs(doc):
        what = _describe(obj)
        namespace = pod_namespace(obj)
        for key in ("initContainers", "containers"):
            for container in seq_items(map_get(spec, key)):
                if is_map(container):
                    for found in _container(container, ctx, what, namespace):
                        yield found
                        if isinstance(found, EtcdConfig) and found.config_file is not None:
                            yield from mounted_config_file(found.config_file, container, spec,
                                                           ctx, what, namespace)


def _describe(obj: Node) -> str:
    kind = scalar_str(map_get(obj, "kind")) or "object"
    name = scalar_str(get_path(obj, "metadata", "name"))
    ns = scalar_str(get_path(obj, "metadata", "namespace"))
    return f"{kind} {ns + '/' if ns else ''}{name or '(unnamed)'}"


def _container(container: Node, ctx: FileContext, what: str,
               namespace: Optional[str]) -> Iterator[Found]:
    """What the container runs, in a pod of ``namespace``. Its ``configMapKeyRef`` values are
    looked up (and the document thus located again at the end of the file, with all its
    ConfigMaps) only when they can matter: when the container runs etcd or kube-apiserver, or
    its command reads variables (``$(VAR)``, a script's ``$VAR``). Else it finds nothing
    either way: a looked-up value only adds literal values, and may only take names away (an
    optional key absent)."""
    env_list = map_get(container, "env")
    if has_configmap_key_refs(env_list):
        found = list(_read_container(container, ctx, what, None, namespace))
        if not found and not _reads_variables(container):
            return
    yield from _read_container(container, ctx, what, ctx.configmaps, namespace)


def _reads_variables(container: Node) -> bool:
    return any("$" in (scalar_str(item) or "") for key in ("command", "args")
               for item in seq_items(map_get(container, key)))


def _read_container(container: Node, ctx: FileContext, what: str,
                    configmaps: Optional[Dict[ConfigMapKey, Node]],
                    namespace: Optional[str]) -> Iterator[Found]:
    """What the container runs, its ``configMapKeyRef`` values read from ``configmaps``
    (unknown without); ConfigMaps are those of the pod's ``namespace``."""
    cname = scalar_str(map_get(container, "name")) or "(unnamed)"
    label = f"container {cname} of {what}"
    env_from = map_get(container, "envFrom")
    env_from_vars = list(env_from_entries(env_from, ctx.text, ctx.configmaps, namespace))
    envfrom_unknown = env_from_unresolved(env_from, ctx.configmaps, namespace)
    env = env_from_vars + list(env_entries(map_get(container, "env"), ctx.text, configmaps,
                                           earlier=env_from_vars, open_ended=envfrom_unknown,
                                           namespace=namespace))
    # (a later name replaces an earlier one; command and args see the values expanded)
    final = {e.name: None if e.unknown else e.value for e in env}
    literal = {name: value for name, value in final.items() if value is not None}
    defined = frozenset(final)
    found = _argv(container, ctx.text, literal, defined, envfrom_unknown)
    if found is None:
        return
    argv, argv_problems = found
    image_node = map_get(container, "image")
    version = version_from_image(scalar_str(image_node))
    if not argv:
        image = scalar_str(image_node)
        if is_etcd_image(image) or runs_etcd_by_environment(image, [e.name for e in env]):
            env_items = seq_items(map_get(container, "env"))
            point = InsertPoint("env", node_span(env_items[-1])) if env_items else None
            yield _etcd_config(ctx, node_span(image_node), (), env, envfrom_unknown, label,
                               version=version, insert_point=point)
        return
    command = map_get(container, "command")
    no_command = command is None or is_scalar(command) and scalar_str(command) is None
    if no_command and entrypoint_flags(scalar_str(image_node), argv):
        uses, problems = parse_flags(argv, is_bool_flag, KNOWN_FLAGS.__contains__)
        if prints_and_exits(argv, uses, problems, KNOWN_FLAGS.__contains__):
            return
        yield _etcd_config(ctx, node_span(image_node), uses, env, envfrom_unknown, label,
                           tuple(problems) + argv_problems, version,
                           InsertPoint("argv", argv[-1].span))
        return
    for inv in find_invocations(argv, ETCD, literal):
        uses, problems = parse_flags(inv.args, is_bool_flag, KNOWN_FLAGS.__contains__)
        if prints_and_exits(inv.args, uses, problems, KNOWN_FLAGS.__contains__):
            continue
        last = inv.args[-1] if inv.args else inv.binary
        point = InsertPoint("word" if inv.via_shell else "argv", last.span)
        yield _etcd_config(ctx, inv.binary.span, uses, env, envfrom_unknown, label,
                           tuple(problems) + argv_problems, version, point)
    for inv in find_invocations(argv, APISERVER, literal):
        uses, _ = parse_flags(inv.args, lambda name: False, lambda name: True)
        settings = {u.name: Setting(u.name, u.value, ORIGIN_FLAG, u.span, u.value_span, u.dynamic,
                                    u.token) for u in uses}
        yield ApiServerConfig(ctx.path, inv.binary.span, settings, "pod", label,
                              _whole_command_line(inv.args, uses))


def _whole_command_line(args, uses) -> bool:
    """False when a word computed at run time may hold flags: one that is neither a flag with
    a literal name nor a flag's value (``$EXTRA_ARGS``, ``"$@"``, ``--$NAME=v``)."""
    read = {use.span for use in uses} | {use.value_span for use in uses}
    return not any(tok.dynamic and tok.span not in read for tok in args)


def _etcd_config(ctx: FileContext, anchor, uses, env: List[EnvEntry], envfrom_unknown: bool,
                 label: str, problems=(), version=None,
                 insert_point: Optional[InsertPoint] = None) -> EtcdConfig:
    resolved = resolve_etcd(uses, env)
    # (a ``{{ … }}`` word of the command line may render to any flag: nothing is "not set")
    complete = resolved.config_file is None and not envfrom_unknown and \
        not any(p.kind == "template" for p in problems)
    return EtcdConfig(
        source="pod",
        path=ctx.path,
        anchor_span=anchor,
        settings=resolved.settings,
        flag_uses=tuple(uses),
        env_uses=resolved.env_uses,
        problems=tuple(problems) + resolved.problems,
        complete=complete,
        label=label,
        config_file=resolved.config_file,
        version=version,
        insert_points={"": insert_point} if insert_point is not None else {},
    )


def _argv(container: Node, text: str, literal: Dict[str, str], defined: frozenset,
          open_ended: bool = False) -> Optional[Tuple[List[Token], Tuple[ArgvProblem, ...]]]:
    """command + args as tokens (``$(VAR)`` expanded; ``open_ended``: an ``envFrom`` source
    etcdlint cannot read may define any name), and the items that are not strings
    (``command: [etcd, 1, null]``: Kubernetes accepts only strings there); None when an item
    is not a scalar (not a valid container)."""
    tokens: List[Token] = []
    problems: List[ArgvProblem] = []
    for key in ("command", "args"):
        node = map_get(container, key)
        if node is None or (is_scalar(node) and scalar_str(node) is None):
            continue
        if not is_seq(node):
            return None
        for item in node.value:
            if not is_scalar(item):
                return None
            tokens.append(expand_k8s_refs(scalar_token(item, text), literal, defined,
                                          open_ended))
            kind = scalar_kind(item)
            if kind != "str":
                problems.append(ArgvProblem(
                    "type-error", f"{key} item {item.value or 'null'!r} is a YAML {kind}, not a "
                    "string: Kubernetes rejects the manifest (quote it)", node_span(item),
                    f"quote it: \"{item.value}\""))
    return tokens, tuple(problems)


def mounted_config_file(setting: Setting, container: Node, spec: Node, ctx: FileContext,
                        what: str, namespace: Optional[str] = None) -> Iterator[Found]:
    """The file ``--config-file`` names, when it is a key of a ConfigMap of the same file
    (and of the pod's ``namespace``, as for ``envFrom``) mounted into the container: linted
    as that container's configuration."""
    from etcdlint.sources.configfile import config_from_file
    from etcdlint.sources.embedded import located_inside

    if not setting.known or not setting.value:
        return
    found = _configmap_key(setting.value, container, spec)
    if found is None:
        return
    configmap, key = found
    value = map_get(ctx.configmaps.get((namespace, configmap)), key)
    if not is_scalar(value):
        return
    label = f"config file {key} of ConfigMap {configmap}, read by {what}"
    yield from located_inside(value, ctx, lambda doc, inner: (
        [config_from_file(doc, inner, label)] if is_map(doc) else []))


def _configmap_key(path: str, container: Node, spec: Node) -> Optional[Tuple[str, str]]:
    """(ConfigMap name, data key) of the file at ``path`` inside the container, if mounted."""
    volumes = {scalar_str(map_get(v, "name")): v for v in seq_items(map_get(spec, "volumes"))}
    for mount in seq_items(map_get(container, "volumeMounts")):
        mount_path = (scalar_str(map_get(mount, "mountPath")) or "").rstrip("/")
        volume = volumes.get(scalar_str(map_get(mount, "name")))
        configmap = scalar_str(get_path(volume, "configMap", "name"))
        if not mount_path or configmap is None:
            continue
        sub_path = scalar_str(map_get(mount, "subPath"))
        if sub_path is not None:
            relative = sub_path if path == mount_path else None
        elif path.startswith(mount_path + "/"):
            relative = path[len(mount_path) + 1:]
        else:
            relative = None
        if not relative:
            continue
        items = seq_items(get_path(volume, "configMap", "items"))
        if items:
            keys = [scalar_str(map_get(i, "key")) for i in items
                    if scalar_str(map_get(i, "path")) == relative]
            if not keys or keys[0] is None:
                continue
            return configmap, keys[0]
        return configmap, relative
    return None
