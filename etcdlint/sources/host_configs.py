"""Provisioning configs that write etcd's systemd units and environment files onto a host:
cloud-init, Butane and Ignition. The files they hold are strings of the config; each is read
by the reader of its form (``systemd_unit.read_unit``, ``env_file.read_env_file``) as a
``Token`` whose characters keep their place in the config, so findings point into the string.

- cloud-init (a file starting with ``#cloud-config``; canonical/cloud-init 26.2,
  ``cloudinit/config/cc_write_files.py``, ``cc_runcmd.py`` and ``util.shellify``):
  ``write_files[]`` entries (``path``, ``content``; a gzip or base64 ``encoding``, a
  ``!!binary`` content, a ``source`` URL or ``append: true`` leaves the file unknown: it is
  not read; an unknown encoding is plain text, as cloud-init takes it), and ``runcmd`` items,
  written to one ``/bin/sh`` script: a string is a line of it, a list an argv.
- Butane (``variant:`` and ``version:``; coreos/butane v0.29, ``base/v0_6/schema.go`` and
  ``translate.go``): ``systemd.units[]`` ``name``/``contents`` and their ``dropins[]``, and
  ``storage.files[]`` whose ``contents`` is ``inline`` or a plain ``data:`` URL in ``source``
  (``contents_local``/``local`` files, remote URLs and compressed sources are not read).
- Ignition JSON (``ignition.version``; coreos/ignition v2.26, ``config/v3_5/types``,
  ``internal/resource/url.go``): the same ``systemd.units[]`` and
  ``storage.files[].contents.source`` as plain ``data:`` URLs (RFC 2397).

A unit gets its drop-ins (``/etc/systemd/system/NAME.d/*.conf`` files, or Butane/Ignition
``dropins``, in lexical order) and the files its ``EnvironmentFile=`` names among the config's
files; an environment file no unit names is read alone. Where a string is written escaped (a
JSON string, a ``data:`` URL, any quoted scalar), a fix may only replace a value in place.
"""

from __future__ import annotations

import posixpath
from typing import Dict, Iterator, List, Optional, Tuple

from ruamel.yaml.nodes import Node

from etcdlint.model import ORIGIN_ENCODED, EtcdConfig, Span
from etcdlint.records import record, replace
from etcdlint.sources import FileContext, Found
from etcdlint.text.escaped import data_url, string_token
from etcdlint.text.tokens import Token, exact_token
from etcdlint.text.yamlnodes import (get_path, is_map, is_scalar, is_seq, map_get, node_span,
                                     scalar_str, seq_items)

BUTANE_VARIANTS = frozenset(("fcos", "flatcar", "openshift", "r4e", "fiot"))
UNIT_DIR = "/etc/systemd/system"
# cloud-init's encodings other than plain text (any other name is read as plain text).
_ENCODED = frozenset(("gz", "gzip", "gz+base64", "gzip+base64", "gz+b64", "gzip+b64", "b64",
                      "base64"))
_TRUTHY = frozenset(("true", "1", "on", "yes", "y"))


@record
class HostFile:
    path: str  # where the config writes it on the host
    token: Token  # its text, each character placed in the config
    exact: bool  # every character written as itself (a literal block or a plain scalar)


def config_kind(doc: Node, text: str) -> Optional[str]:
    """"cloud-init", "Butane" or "Ignition" (None: neither)."""
    if not is_map(doc):
        return None
    head = text.lstrip("\ufeff")
    if head.startswith("#cloud-config") or head.startswith("## template: jinja") and \
            "\n#cloud-config" in head[:200]:
        return "cloud-init"
    if scalar_str(map_get(doc, "variant")) in BUTANE_VARIANTS and \
            map_get(doc, "version") is not None:
        return "Butane"
    if is_scalar(get_path(doc, "ignition", "version")):
        return "Ignition"
    return None


def locate(doc: Node, ctx: FileContext) -> Iterator[Found]:
    kind = config_kind(doc, ctx.text)
    if kind is None:
        return
    if kind == "cloud-init":
        files = list(_write_files(doc, ctx))
    else:
        files = list(_units(doc, ctx)) + list(_storage_files(doc, ctx))
    encoded = [f.token.span for f in files if not f.exact]
    for config in _configs(files, ctx.path):
        yield _finish(config, encoded, kind)
    if kind == "cloud-init":
        yield from _runcmd(map_get(doc, "runcmd"), ctx)


def _content(node: Optional[Node], ctx: FileContext) -> Optional[Tuple[Token, bool]]:
    if not is_scalar(node) or scalar_str(node) is None:
        return None
    token = string_token(node, ctx.text)
    span = node_span(node)
    exact = node.style == "|" or (not node.style and ctx.text[span.start:span.end] == token.text)
    return token, exact


def _write_files(doc: Node, ctx: FileContext) -> Iterator[HostFile]:
    for item in seq_items(map_get(doc, "write_files")):
        path = scalar_str(map_get(item, "path"))
        encoding = (scalar_str(map_get(item, "encoding")) or "").lower().strip()
        content = map_get(item, "content")
        if not path or encoding in _ENCODED or map_get(item, "source") is not None or \
                (scalar_str(map_get(item, "append")) or "").lower() in _TRUTHY or \
                not is_scalar(content) or content.tag.endswith(":binary"):
            continue  # (its bytes, or what it adds to, are not in the config)
        found = _content(content, ctx)
        if found is not None:
            yield HostFile(path, *found)


def _units(doc: Node, ctx: FileContext) -> Iterator[HostFile]:
    for unit in seq_items(get_path(doc, "systemd", "units")):
        name = scalar_str(map_get(unit, "name"))
        if not name:
            continue
        found = _content(map_get(unit, "contents"), ctx)
        if found is not None:
            yield HostFile(f"{UNIT_DIR}/{name}", *found)
        for dropin in seq_items(map_get(unit, "dropins")):
            dropin_name = scalar_str(map_get(dropin, "name"))
            found = _content(map_get(dropin, "contents"), ctx)
            if dropin_name and found is not None:
                yield HostFile(f"{UNIT_DIR}/{name}.d/{dropin_name}", *found)


def _storage_files(doc: Node, ctx: FileContext) -> Iterator[HostFile]:
    for item in seq_items(get_path(doc, "storage", "files")):
        path = scalar_str(map_get(item, "path"))
        contents = map_get(item, "contents")
        if not path or not is_map(contents):
            continue
        found = _content(map_get(contents, "inline"), ctx)  # (Butane compresses it itself)
        if found is None and not scalar_str(map_get(contents, "compression")):
            source = _content(map_get(contents, "source"), ctx)
            decoded = data_url(source[0]) if source is not None else None
            found = (decoded, False) if decoded is not None else None
        if found is not None:
            yield HostFile(path, *found)


def _is_env_file(path: str) -> bool:
    base = posixpath.basename(path)
    return base in ("etcd.conf", "etcd.env") or base.startswith("etcd") and \
        base.endswith(".env") or path.endswith("/default/etcd")


def _configs(files: List[HostFile], path: str) -> Iterator[EtcdConfig]:
    from etcdlint.sources.env_file import read_env_file
    from etcdlint.sources.systemd_unit import read_unit

    by_path: Dict[str, HostFile] = {posixpath.normpath(f.path): f for f in files}
    units = [f for f in files if f.path.endswith(".service")]
    dropins: Dict[str, List[HostFile]] = {}
    for f in files:
        folder = posixpath.dirname(f.path)
        if folder.endswith(".service.d") and f.path.endswith(".conf"):
            dropins.setdefault(posixpath.basename(folder)[:-2], []).append(f)
    joined = set()

    def env_file(machine_path: str) -> Optional[Token]:
        found = by_path.get(posixpath.normpath(machine_path))
        if found is None:
            return None
        joined.add(posixpath.normpath(found.path))
        return found.token

    names = {posixpath.basename(u.path) for u in units}
    for unit in units:
        name = posixpath.basename(unit.path)
        own = sorted(dropins.get(name, ()), key=lambda f: posixpath.basename(f.path))
        yield from read_unit(unit.token, path, [d.token for d in own], env_file, name)
    for name, own in sorted(dropins.items()):
        if name not in names:  # drop-ins of a unit the config does not write: read alone
            own = sorted(own, key=lambda f: posixpath.basename(f.path))
            empty = exact_token("", own[0].token.span.start)
            yield from read_unit(empty, path, [d.token for d in own], env_file, name)
    for f in files:
        if _is_env_file(f.path) and posixpath.normpath(f.path) not in joined:
            yield from read_env_file(f.token, path, posixpath.basename(f.path))


def _runcmd(node: Optional[Node], ctx: FileContext) -> Iterator[EtcdConfig]:
    from etcdlint.etcd.shellwords import split_commands
    from etcdlint.sources.host_process import process_configs

    for item in seq_items(node):
        if is_seq(item):
            argv = [string_token(word, ctx.text) for word in seq_items(item)
                    if is_scalar(word) and scalar_str(word) is not None]
            commands = [argv] if argv else []
            kind, editable = "argv", node_span(item)
        else:
            found = _content(item, ctx)
            if found is None:
                continue
            commands = split_commands(found[0])
            kind, editable = "word", found[0].span if found[1] else None
        encoded = [] if editable is not None else [node_span(item)]
        for argv in commands:
            for config in process_configs(argv, [], source="cloud-init", path=ctx.path,
                                          label="cloud-init runcmd", complete=True,
                                          editable=editable, insert_kind=kind):
                yield _finish(config, encoded, "")


def _within(span: Span, spans: List[Span]) -> bool:
    return any(s.start <= span.start and span.end <= s.end for s in spans)


def _finish(config: EtcdConfig, encoded: List[Span], kind: str) -> EtcdConfig:
    """The configuration labelled with its config's kind; what lies in an escaped string
    fixed only in place (``ORIGIN_ENCODED``), and no setting added there."""
    label = f"{kind} {config.label}" if kind else config.label
    if not encoded:
        return replace(config, label=label)

    def mark(item):
        return replace(item, origin=ORIGIN_ENCODED) if _within(item.value_span, encoded) \
            else item

    return replace(
        config, label=label,
        settings={name: mark(s) for name, s in config.settings.items()},
        flag_uses=tuple(mark(u) for u in config.flag_uses),
        env_uses=tuple(mark(u) for u in config.env_uses),
        insert_points={k: p for k, p in config.insert_points.items()
                       if not _within(p.span, encoded)})
