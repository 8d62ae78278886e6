"""Docker Compose services that run etcd.

A service runs etcd when its ``entrypoint`` + ``command`` start etcd (any path, behind a
wrapper, or in a ``sh -c`` script: the existing command-line and script readers), when
its image is etcd's and ``command`` is only flags (the image's entrypoint is etcd), or
when its image is etcd's (or an image named for etcd, given variables only etcd's
server reads) and it sets neither (etcd then reads only ``ETCD_*`` variables).
Each service is one etcd member; a file may hold several.

How compose builds the process, as compose-go v2.x (``docker compose`` v2) does it:

- ``entrypoint`` replaces the image's entrypoint (and drops the image's ``CMD``);
  ``command`` follows it. Each is a list of strings or one string split into words
  (``types/command.go``; see ``compose_text``). Docker Compose v1 split strings with
  Python's ``shlex`` instead, which differs only in corner cases (an unquoted ``;``).
- ``environment`` is a map (a null value: taken from compose's own environment, unknown
  here) or a ``KEY=value`` list (a bare ``KEY``: the same); ``env_file`` (a path, a list
  of paths or of ``{path, required}``) is read relative to the compose file, in order,
  and ``environment`` wins over it (``types/project.go``,
  ``WithServicesEnvironmentResolved``). Env files and ``.env`` come through the repository
  layer's door (``FileContext.side_files``): one it refuses (an absolute path, one outside
  the repository, not a regular file, too large) makes the variables it sets unknown, and
  a note names its entry; settings it could hold are not reported missing.
- Every string is interpolated first (``${VAR}``, ``${VAR:-default}``, …: see
  ``compose_text``) from the project's ``.env`` file beside the compose file; otherwise a
  default is used and a variable without one is unknown.
- YAML anchors, aliases and ``<<`` merge keys are resolved by the YAML parser before
  anything else; a merge is shallow: a service's own ``environment`` replaces the merged
  map as a whole.

Not modelled: ``extends`` (a service with it is read as far as it goes, and nothing is
reported missing from it), ``include``, several ``-f`` files merged together, profiles.
"""

from __future__ import annotations

import os
from typing import Dict, Iterator, List, Optional, Tuple

from ruamel.yaml.nodes import Node

from etcdlint.etcd.flags import KNOWN_FLAGS, is_bool_flag
from etcdlint.etcd.exits import prints_and_exits
from etcdlint.etcd.goflags import parse_flags
from etcdlint.etcd.invocation import (entrypoint_flags, find_invocations, is_etcd_image,
                                      runs_etcd_by_environment)
from etcdlint.etcd.precedence import EnvEntry, resolve_etcd
from etcdlint.etcd.versions import version_from_image
from etcdlint.model import ORIGIN_ENV, ArgvProblem, EtcdConfig, InsertPoint
from etcdlint.records import record, replace
from etcdlint.sources import FileContext, Found
from etcdlint.sources.compose_project.strings import (MAX_ADDED, Interpolation, Placed,
                                                      interpolate, split_words)
from etcdlint.sources.compose_project.dotenv import known_values, parse_dotenv
from etcdlint.text.shown import shown_value
from etcdlint.text.sidefile import MISSING, NOTED, line_of, refused_note
from etcdlint.text.span import Span
from etcdlint.text.tokens import Token
from etcdlint.text.yamlnodes import (is_map, is_scalar, is_seq, map_get, map_items, node_span,
                                     scalar_str, scalar_token, seq_items)

ETCD = frozenset(("etcd",))
ORIGIN_ENV_FILE = "env-file"  # a variable of an env_file: its value is not in this file


def is_compose_file(doc: Node) -> bool:
    return is_map(doc) and map_get(doc, "kind") is None and is_map(map_get(doc, "services"))


class _Unread(dict):
    """The variables of a project whose ``.env`` was not read: none is known, and a
    ``${VAR:-default}`` is not taken to be its default."""

    all_unknown = True


def locate(doc: Node, ctx: FileContext) -> Iterator[Found]:
    if not is_compose_file(doc):
        return
    found = ctx.side_files.text_of(".env")
    notes: List[str] = []
    if found.ok:
        variables = known_values(parse_dotenv(found.text.replace("\r\n", "\n")))
    elif found.refusal in NOTED:
        variables = _Unread()
        notes.append(refused_note("the project's .env", found,
                                  "the variables it sets are unknown"))
    else:
        variables = {}
    interpolation = Interpolation()
    for key, service in map_items(map_get(doc, "services")):
        if is_map(service):
            yield from _service(scalar_str(key) or "(unnamed)", service, ctx, variables, notes,
                                interpolation)


CAPPED = (f"variables add more than {MAX_ADDED:,} characters to the strings of this compose "
          "file: the strings past that are not read, and what they hold is unknown")


@record
class _Argv:
    words: Tuple[Token, ...] = ()
    present: bool = False
    from_string: bool = False
    complete: bool = True
    problems: Tuple[ArgvProblem, ...] = ()
    refused: bool = False  # compose refuses the string: no words
    # words that open with a variable etcdlint does not know, kept as the value of the flag
    # before them: that value is unknown
    unknown_values: Tuple[Token, ...] = ()


def _service(name: str, service: Node, ctx: FileContext, variables: Dict[str, str],
             file_notes: List[str], interpolation: Interpolation) -> Iterator[Found]:
    label = f"service {name} of a compose file"
    capped_before = interpolation.capped
    first_default = len(interpolation.defaults)
    image_node = map_get(service, "image")
    image = None
    if is_scalar(image_node) and scalar_str(image_node) is not None:
        placed = interpolate(scalar_token(image_node, ctx.text), variables, interpolation)
        image = None if placed.dynamic else placed.text
    entrypoint = _argv(map_get(service, "entrypoint"), ctx, variables, interpolation)
    command = _argv(map_get(service, "command"), ctx, variables, interpolation)
    env, env_complete, file_spans, env_point, notes = _environment(service, ctx, variables,
                                                                   interpolation)
    notes = file_notes + notes
    if interpolation.capped > capped_before:
        notes.append(CAPPED)
    defaults = tuple(interpolation.defaults[first_default:])
    literal = {e.name: e.value for e in env if e.value is not None}
    problems = entrypoint.problems + command.problems
    # ``extends`` takes settings from another service or file: not modelled, so what is
    # missing here may come from there
    complete = entrypoint.complete and command.complete and env_complete and \
        map_get(service, "extends") is None and not notes
    # (the tag of an image not named for etcd says nothing about etcd's version)
    version = version_from_image(image) if image and "etcd" in image.rsplit("/", 1)[-1] \
        else None

    def config(anchor: Span, uses, more_problems, point: Optional[InsertPoint]) -> EtcdConfig:
        resolved = resolve_etcd(uses, env)
        settings = {key: (replace(s, origin=ORIGIN_ENV_FILE)
                          if s.origin == ORIGIN_ENV and s.span in file_spans else s)
                    for key, s in resolved.settings.items()}
        return EtcdConfig(
            source="compose", path=ctx.path, anchor_span=anchor, settings=settings,
            flag_uses=tuple(uses), env_uses=resolved.env_uses,
            problems=tuple(more_problems) + problems + resolved.problems,
            complete=complete and resolved.config_file is None, label=label,
            config_file=resolved.config_file, version=version,
            insert_points={"": point} if point is not None else {}, note="; ".join(notes),
            environment_defaults=defaults)

    if not entrypoint.present and image_node is not None and \
            entrypoint_flags(image, command.words):
        uses, flag_problems = parse_flags(command.words, is_bool_flag, KNOWN_FLAGS.__contains__)
        uses = _unknown(uses, (command,))
        if prints_and_exits(command.words, uses, flag_problems, KNOWN_FLAGS.__contains__):
            return
        yield config(node_span(image_node), uses, flag_problems,
                     _word_point(command, command.words[-1]))
        return
    argv = (entrypoint.words + command.words) if entrypoint.present else command.words
    refused = [node for node, part in ((map_get(service, "entrypoint"), entrypoint),
                                       (map_get(service, "command"), command)) if part.refused]
    if refused and (is_etcd_image(image) or "etcd" in (scalar_str(refused[0]) or "")):
        yield replace(config(node_span(refused[0]), (), (), None), complete=False)
        return
    if not argv:
        if not entrypoint.present and not command.present and (
                is_etcd_image(image) or runs_etcd_by_environment(image, [e.name for e in env])):
            yield config(node_span(image_node), (), (), env_point)
        return
    for inv in find_invocations(list(argv), ETCD, literal):
        uses, flag_problems = parse_flags(inv.args, is_bool_flag, KNOWN_FLAGS.__contains__)
        uses = _unknown(uses, (entrypoint, command))
        if prints_and_exits(inv.args, uses, flag_problems, KNOWN_FLAGS.__contains__):
            continue
        last = inv.args[-1] if inv.args else inv.binary
        if inv.via_shell:
            point = InsertPoint("word", last.span)
        else:
            owner = command if any(last is w for w in command.words) else entrypoint
            point = _word_point(owner, last)
        yield config(inv.binary.span, uses, flag_problems, point)


def _word_point(owner: _Argv, last: Token) -> Optional[InsertPoint]:
    if last.dynamic:
        return None
    return InsertPoint("word" if owner.from_string else "argv", last.span)


def _argv(node: Optional[Node], ctx: FileContext, variables: Dict[str, str],
          interpolation: Interpolation) -> _Argv:
    """``command`` / ``entrypoint``: a list of strings, or a string split into words.

    compose interpolates the file before it splits a string into words (compose-go v2.13
    ``loader/loader.go``: ``interp.Interpolate`` runs before ``Transform``, whose
    ``ShellCommand.DecodeMapstructure`` calls ``shellwords.Parse``), and an unset variable
    becomes the empty string (``template/template.go``, ``DefaultReplacementAppliedFunc``:
    "Defaulting to a blank string"). So a word that opens with written text stays one word
    whatever a variable inside it holds (``http://${host_ip}:2379`` is ``http://:2379`` when
    ``host_ip`` is unset), its value unknown where the variable sits (a value holding blanks
    or quotes, which would split it, is not expected of a variable inside a word). A word
    that opens with a variable etcdlint does not know could be a flag or not, and in a string
    could be no word at all or several: it is left out, and the command line is then not
    complete."""
    if node is None or (is_scalar(node) and scalar_str(node) is None):
        return _Argv()
    problems: List[ArgvProblem] = []
    words: List[Token] = []
    complete = True
    from_string = is_scalar(node)
    if from_string:
        placed = interpolate(scalar_token(node, ctx.text), variables, interpolation)
        _refused(placed, node, problems)
        split = split_words(placed)
        if split.error is not None:
            problems.append(ArgvProblem(
                "rejected", f"docker compose refuses this command: {split.error}",
                node_span(node)))
            return _Argv((), True, True, False, tuple(problems), True)
        candidates = list(split.tokens)
        leading = list(split.leading_unknown)
    elif is_seq(node):
        candidates = []
        leading = []
        for item in seq_items(node):
            if not is_scalar(item):
                return _Argv((), True, False, False, ())
            placed = interpolate(scalar_token(item, ctx.text), variables, interpolation)
            _refused(placed, item, problems)
            candidates.append(placed.token())
            leading.append(bool(placed.unknown) and placed.unknown[0])
    else:
        return _Argv((), True, False, False, ())
    unknown_values: List[Token] = []
    for word, opens_unknown in zip(candidates, leading):
        if opens_unknown and not word.text.startswith("-"):  # (a flag as written is one)
            if words and _takes_next_word(words[-1].text):
                unknown_values.append(word)  # (the flag's value, whatever it holds)
                words.append(word)
            else:
                complete = False
            continue
        words.append(word)
    return _Argv(tuple(words), True, from_string, complete, tuple(problems),
                 unknown_values=tuple(unknown_values))


def _takes_next_word(word: str) -> bool:
    """Whether etcd's flag parser takes the next argument as the value of ``word``: a flag
    etcd knows, not a boolean, written without ``=``."""
    if not word.startswith("-") or "=" in word or word in ("-", "--"):
        return False
    name = word.lstrip("-")
    return name in KNOWN_FLAGS and not is_bool_flag(name)


def _unknown(uses, argvs) -> list:
    """``uses`` with the value of a flag that took a word opening with an unknown variable
    made unknown (it is not judged)."""
    unknown = {id(tok) for argv in argvs for tok in argv.unknown_values}
    if not unknown:
        return uses
    return [replace(u, value=None, dynamic=True) if u.token is not None and
            id(u.token) in unknown else u for u in uses]


def _refused(placed: Placed, node: Node, problems: List[ArgvProblem]) -> None:
    if placed.error is not None:
        problems.append(ArgvProblem("rejected", f"docker compose refuses this value: "
                                                f"{placed.error}", node_span(node)))


def _environment(service: Node, ctx: FileContext, variables: Dict[str, str],
                 interpolation: Interpolation):
    """(env entries in precedence order, whether all are known, the spans of env_file
    entries, where a missing variable can be added, notes on env files not read)."""
    entries: List[EnvEntry] = []
    notes: List[str] = []
    complete = True
    file_spans = set()
    env_file = map_get(service, "env_file")
    files = seq_items(env_file) if is_seq(env_file) else ([env_file] if env_file is not None
                                                          else [])
    for item in files:
        path_node, required = item, True
        if is_map(item):
            path_node = map_get(item, "path")
            required = scalar_str(map_get(item, "required")) not in ("false", "False", "FALSE")
            fmt = scalar_str(map_get(item, "format"))
            if fmt not in (None, "dotenv"):
                complete = False
                continue
        if not is_scalar(path_node) or scalar_str(path_node) is None:
            continue
        placed = interpolate(scalar_token(path_node, ctx.text), variables, interpolation)
        span = node_span(path_node)
        entry = f"env_file {shown_value(placed.text)!r} (line {line_of(ctx.text, span.start)})"
        if placed.dynamic:
            complete = False
            continue
        if os.path.isabs(placed.text):  # a file of the machine, not of the repository
            complete = False
            notes.append(f"{entry} not read: an absolute path is outside the repository; "
                         "the variables it sets are unknown")
            continue
        read = ctx.side_files.text_of(placed.text)
        if read.refusal == MISSING and not required:
            continue
        found = parse_dotenv(read.text.replace("\r\n", "\n")) if read.ok else None
        if found is None:
            complete = False
            if read.refusal in NOTED:
                notes.append(refused_note(entry, read, "the variables it sets are unknown"))
            continue
        file_spans.add(span)
        for key, value in found:
            entries.append(EnvEntry(key, value, span, span, span))
    point = None
    env_pair = next(((k, v) for k, v in service.value
                     if is_scalar(k) and k.value == "environment"), None)
    env_node = map_get(service, "environment")
    if is_map(env_node):
        for key, value in map_items(env_node):
            entry = _map_entry(key, value, ctx, variables, interpolation)
            if entry is not None:
                entries.append(entry)
        own = env_node.value
        if env_pair is not None and own and is_scalar(own[-1][0]) and \
                not own[-1][0].value == "<<":
            point = InsertPoint("env-map", Span(node_span(own[-1][0]).start,
                                                node_span(own[-1][1]).end))
    elif is_seq(env_node):
        items = seq_items(env_node)
        for item in items:
            entry = _list_entry(item, ctx, variables, interpolation)
            if entry is not None:
                entries.append(entry)
        if env_pair is not None and items and is_scalar(items[-1]):
            point = InsertPoint("env-list", node_span(items[-1]))
    return entries, complete, frozenset(file_spans), point, notes


def _map_entry(key: Node, value: Node, ctx: FileContext, variables: Dict[str, str],
               interpolation: Interpolation) -> Optional[EnvEntry]:
    name = scalar_str(key)
    if not name:
        return None
    key_span = node_span(key)
    if not is_scalar(value) or scalar_str(value) is None:
        # no value: compose takes it from its own environment
        return EnvEntry(name, None, key_span, key_span, key_span)
    placed = interpolate(scalar_token(value, ctx.text), variables, interpolation)
    span = Span(key_span.start, node_span(value).end)
    value_span = placed.token().inner_span() if placed.text else node_span(value)
    return EnvEntry(name, None if placed.dynamic else placed.text, span, key_span, value_span)


def _list_entry(item: Node, ctx: FileContext, variables: Dict[str, str],
                interpolation: Interpolation) -> Optional[EnvEntry]:
    if not is_scalar(item) or scalar_str(item) is None:
        return None
    placed = interpolate(scalar_token(item, ctx.text), variables, interpolation)
    tok = placed.token()
    name, eq, _ = placed.text.partition("=")
    if not name:
        return None
    name_span = tok.sub_span(0, len(name))
    span = node_span(item)
    if not eq:
        return EnvEntry(name, None, span, name_span, name_span)
    start = len(name) + 1
    value_unknown = any(placed.unknown[start:])
    value_span = tok.sub_span(start, len(placed.text)) if start < len(placed.text) else span
    return EnvEntry(name, None if value_unknown else placed.text[start:], span, name_span,
                    value_span)
