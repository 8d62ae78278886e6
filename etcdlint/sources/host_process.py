"""etcd started from a command line and an environment outside Kubernetes (a systemd unit,
an environment file, a Dockerfile): the configurations such a process has.

The command line is read with the existing readers: ``etcd`` at any path or behind a
wrapper, inside ``sh -c``/``bash -c`` scripts (the unit's variables expanded there as the
shell would), or ``docker run``/``podman run … IMAGE …`` where the image is etcd's."""

from __future__ import annotations

from typing import Dict, Iterator, List, Optional, Sequence

from etcdlint.etcd.docker_run import container_run
from etcdlint.etcd.exits import prints_and_exits
from etcdlint.etcd.flags import KNOWN_FLAGS, is_bool_flag
from etcdlint.etcd.goflags import parse_flags
from etcdlint.etcd.invocation import entrypoint_flags, find_invocations, is_etcd_image
from etcdlint.etcd.precedence import EnvEntry, resolve_etcd
from etcdlint.etcd.versions import version_from_image
from etcdlint.model import ORIGIN_ENV, ORIGIN_FLAG, ApiServerConfig, EtcdConfig, InsertPoint, Setting
from etcdlint.records import replace
from etcdlint.text.span import Span
from etcdlint.text.tokens import Token

ETCD = frozenset(("etcd",))
APISERVER = frozenset(("kube-apiserver",))


def process_configs(argv: Sequence[Token], env: List[EnvEntry], *, source: str, path: str,
                    label: str, complete: bool, note: str = "",
                    editable: Optional[Span] = None, image: Optional[str] = None,
                    image_span: Optional[Span] = None,
                    insert_kind: str = "word") -> Iterator:
    """The etcd configurations (and the API servers: their etcd client flags and client CA)
    of a process run as ``argv`` with ``env``. ``editable``: the
    text a flag may be added to (the command line as written: a word inside it may get a
    flag after it); ``image``: the image whose entrypoint runs ``argv`` when it is etcd's;
    ``insert_kind``: how a flag is added after a word of it ("word": a shell word, "argv": an
    item of a list)."""
    literal = {e.name: e.value for e in env if e.value is not None}
    if image is not None and image_span is not None and (
            not argv and is_etcd_image(image) or entrypoint_flags(image, argv)):
        config = _config(argv, list(argv), env, image_span, False, source, path, label,
                         complete, note, (editable, insert_kind), image)
        if config is not None:
            yield config
        return
    run = container_run(argv, literal)
    if run is not None:
        yield from _container(run, source, path, label, complete, note, (editable, insert_kind))
        return
    for inv in find_invocations(list(argv), ETCD, literal):
        config = _config(inv.args, list(argv), env, inv.binary.span, inv.via_shell, source,
                         path, label, complete, note, (editable, insert_kind), image)
        if config is not None:
            yield config
    for inv in find_invocations(list(argv), APISERVER, literal):
        uses, _ = parse_flags(inv.args, lambda name: False, lambda name: True)
        settings = {u.name: Setting(u.name, u.value, ORIGIN_FLAG, u.span, u.value_span,
                                    u.dynamic, u.token) for u in uses}
        whole = not any(t.dynamic and t.span not in {u.span for u in uses} | {
            u.value_span for u in uses} for t in inv.args)
        yield ApiServerConfig(path, inv.binary.span, settings, source,
                              label.replace("ExecStart", "kube-apiserver"), complete and whole)


def _container(run, source, path, label, complete, note, editable) -> Iterator[EtcdConfig]:
    image = None if run.image.dynamic else run.image.text
    env = [EnvEntry(*item) for item in run.env]
    complete = complete and run.env_complete
    label = f"{label}, container {image or run.image.text}"
    if run.entrypoint is not None:
        argv = [run.entrypoint] + list(run.command)
        for inv in find_invocations(argv, ETCD, {}):
            config = _config(inv.args, argv, env, inv.binary.span, inv.via_shell, source, path,
                             label, complete, note, editable, image)
            if config is not None:
                yield config
        return
    if not is_etcd_image(image):
        yield from process_configs(list(run.command), env, source=source, path=path,
                                   label=label, complete=complete, note=note,
                                   editable=editable[0], insert_kind=editable[1])
        return
    command = list(run.command)
    if not command or command[0].text.startswith("-"):  # the image's entrypoint is etcd
        config = _config(command, command, env, run.image.span, False, source, path, label,
                         complete, note, editable, image)
        if config is not None:
            yield config
        return
    for inv in find_invocations(command, ETCD, {e.name: e.value for e in env if e.value}):
        config = _config(inv.args, command, env, inv.binary.span, inv.via_shell, source, path,
                         label, complete, note, editable, image)
        if config is not None:
            yield config


def _config(args: Sequence[Token], argv: Sequence[Token], env: List[EnvEntry], anchor: Span,
            via_shell: bool, source: str, path: str, label: str, complete: bool, note: str,
            editable_kind, image: Optional[str]) -> Optional[EtcdConfig]:
    editable, kind = editable_kind
    args = list(args)
    uses, problems = parse_flags(args, is_bool_flag, KNOWN_FLAGS.__contains__)
    if prints_and_exits(args, uses, problems, KNOWN_FLAGS.__contains__):
        return None
    dynamic = [t.span for t in args if t.dynamic]
    uses = [replace(u, dynamic=True) if not u.dynamic and _inside(u.value_span, dynamic)
            else u for u in uses]
    # a word computed at start that is not a flag's value may be any flags
    read = {u.span for u in uses} | {u.value_span for u in uses}
    open_ended = any(t.dynamic and t.span not in read for t in args)
    resolved = resolve_etcd(uses, env)
    point = None
    if editable is not None:
        own = [t for t in (args or argv[-1:]) if not t.dynamic and
               editable.start <= t.span.start and t.span.end <= editable.end]
        if own and (args or not via_shell):
            point = InsertPoint("word" if via_shell else kind, own[-1].span)
    # a flag whose text comes from a variable (``$OPTS``, ``${CA}``) is not fixed: its value
    # is written elsewhere, where other commands may read it too
    # (nor a variable whose value comes from another: a Dockerfile's ``ENV X=${ARG}``)
    elsewhere = {name: None for name, s in resolved.settings.items()
                 if s.origin == ORIGIN_FLAG and editable is not None and
                 not (_inside(s.span, [editable]) and _inside(s.value_span, [editable]))
                 or s.origin == ORIGIN_ENV and not _inside(s.value_span, [s.span])}
    return EtcdConfig(
        own_fixes=elsewhere,
        source=source, path=path, anchor_span=anchor, settings=resolved.settings,
        flag_uses=tuple(uses), env_uses=resolved.env_uses,
        problems=tuple(problems) + resolved.problems,
        complete=complete and not open_ended and resolved.config_file is None,
        note=note, label=label, config_file=resolved.config_file,
        version=version_from_image(image) if image and "etcd" in image.rsplit("/", 1)[-1]
        else None,
        insert_points={"": point} if point is not None else {})


def _inside(span: Span, spans: List[Span]) -> bool:
    return any(s.start <= span.start and span.end <= s.end for s in spans)


def env_entry(name: str, value: Optional[Token], span: Span, name_span: Span) -> EnvEntry:
    """An environment variable of known (``value``) or unknown (None) value."""
    if value is None or value.dynamic:
        return EnvEntry(name, None, span, name_span, value.span if value is not None else span)
    return EnvEntry(name, value.text, span, name_span, value.inner_span(), value)


def literal_env(entries: Sequence[EnvEntry]) -> Dict[str, str]:
    return {e.name: e.value for e in entries if e.value is not None}
