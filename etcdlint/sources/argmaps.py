"""Extra etcd arguments as tools other than kubeadm take them: a YAML map of ``name: value``
(k0s ``extraArgs``, RKE ``extra_args``), a map of names to value lists (RKE
``extra_args_array``), a list of raw command-line words (k0s ``rawArgs``) or of ``KEY=value``
environment strings (RKE ``extra_env``).

Each becomes flag uses placed in the file; ``over_defaults`` puts them after the flags the
tool sets itself, which a map entry of the same name replaces.
"""

from __future__ import annotations

from typing import List, Mapping, Optional, Sequence, Tuple

from ruamel.yaml.nodes import Node

from etcdlint.etcd.flags import KNOWN_FLAGS, is_bool_flag
from etcdlint.etcd.goflags import parse_flags
from etcdlint.etcd.precedence import EnvEntry
from etcdlint.model import (ORIGIN_EXTRA_ARG, ORIGIN_TOOL_DEFAULT, ApiServerConfig, ArgvProblem,
                            FlagUse, Setting, Span)
from etcdlint.sources import FileContext
from etcdlint.text.tokens import joined
from etcdlint.text.yamlnodes import (is_map, is_null, is_scalar, is_seq, map_items, node_span,
                                     scalar_kind, scalar_str, scalar_token, seq_items)


def map_args(node: Optional[Node], ctx: FileContext, tool: str,
             strings_only: bool) -> Tuple[List[FlagUse], List[ArgvProblem]]:
    """``name: value`` entries, in file order. A null value is the empty string (both Go YAML
    decoders do that); a map or list value is refused by the tool; with ``strings_only`` a
    YAML boolean or number is refused too (a Go ``map[string]string`` read through JSON)."""
    uses: List[FlagUse] = []
    problems: List[ArgvProblem] = []
    if node is not None and not is_map(node) and not is_null(node):
        problems.append(ArgvProblem(
            "type-error", f"extra arguments written as a {'list' if is_seq(node) else 'string'}, "
            f"not a map of names to values: {tool} refuses the configuration", node_span(node)))
    for key, value in map_items(node) if is_map(node) else ():
        name = scalar_str(key)
        if not name:
            continue
        key_span = node_span(key)
        if not is_scalar(value):
            problems.append(ArgvProblem(
                "type-error", f"the value of {name} is a {'list' if is_seq(value) else 'map'}, "
                f"not a string: {tool} refuses the configuration", node_span(value)))
            continue
        if scalar_str(value) is None:
            uses.append(FlagUse(name, "", key_span, key_span, key_span, True,
                                origin=ORIGIN_EXTRA_ARG))
            continue
        tok = scalar_token(value, ctx.text)
        if strings_only and scalar_kind(value) != "str":
            problems.append(ArgvProblem(
                "type-error", f"the value {value.value!r} of {name} is not a string: {tool} "
                f"refuses the configuration; quote it (\"{value.value}\")", tok.span,
                f"quote it: \"{value.value}\""))
        uses.append(FlagUse(name, tok.text, Span(key_span.start, node_span(value).end), key_span,
                            tok.inner_span(), True, origin=ORIGIN_EXTRA_ARG, token=tok))
    return uses, problems


def map_list_args(node: Optional[Node], ctx: FileContext) -> List[FlagUse]:
    """``name: [value, ...]``: one ``--name=value`` per item (RKE ``extra_args_array``)."""
    uses: List[FlagUse] = []
    for key, value in map_items(node) if is_map(node) else ():
        name = scalar_str(key)
        if not name:
            continue
        for item in seq_items(value):
            if not is_scalar(item) or scalar_str(item) is None:
                continue
            tok = scalar_token(item, ctx.text)
            uses.append(FlagUse(name, tok.text, node_span(item), node_span(key), tok.inner_span(),
                                True, origin=ORIGIN_EXTRA_ARG, token=tok))
    return uses


def word_args(node: Optional[Node], ctx: FileContext) -> Tuple[List[FlagUse], List[ArgvProblem]]:
    """A list of command-line words read as etcd's flag parser reads them (k0s ``rawArgs``)."""
    tokens = [scalar_token(item, ctx.text) for item in seq_items(node)
              if is_scalar(item) and scalar_str(item) is not None]
    uses, problems = parse_flags(tokens, is_bool_flag, KNOWN_FLAGS.__contains__)
    return [FlagUse(u.name, u.value, u.span, u.name_span, u.value_span, u.has_inline_value,
                    u.dynamic, ORIGIN_EXTRA_ARG, u.token, u.bare) for u in uses], problems


def env_strings(node: Optional[Node], ctx: FileContext) -> List[EnvEntry]:
    """``KEY=value`` strings (RKE ``extra_env``, Docker's container environment)."""
    entries: List[EnvEntry] = []
    for item in seq_items(node):
        if not is_scalar(item) or scalar_str(item) is None:
            continue
        tok = scalar_token(item, ctx.text)
        name, eq, _ = tok.text.partition("=")
        if not eq or not name:
            continue
        entries.append(EnvEntry(name, tok.text[len(name) + 1:], tok.span,
                                tok.sub_span(0, len(name)),
                                tok.sub_span(len(name) + 1, len(tok.text))))
    return entries


def over_defaults(defaults: Sequence[Tuple[str, str]], overrides: Sequence[FlagUse],
                  anchor: Span) -> List[FlagUse]:
    """The tool's flags that no override names, then the overrides in order."""
    names = {use.name for use in overrides}
    uses = [FlagUse(name, value, anchor, anchor, anchor, True, origin=ORIGIN_TOOL_DEFAULT)
            for name, value in defaults if name not in names]
    return uses + list(overrides)


def joined_urls(key: Node, items: Node, ctx: FileContext, name: str,
                origin: str = ORIGIN_EXTRA_ARG) -> Optional[Setting]:
    """A list (of URLs, cipher suites...) as one comma-separated setting whose every character
    is placed."""
    tokens = [scalar_token(item, ctx.text) for item in seq_items(items)
              if is_scalar(item) and scalar_str(item) is not None]
    if not tokens:
        return None
    span = node_span(items)
    token = joined(tokens, span)
    return Setting(name, token.text, origin, Span(node_span(key).start, span.end), span,
                   token=token)


def apiserver(path: str, anchor: Span, defaults: Sequence[Tuple[str, str]],
              overrides: Sequence[FlagUse], source: str, label: str,
              extra: Sequence[Setting] = (),
              names: Optional[Mapping[str, str]] = None) -> ApiServerConfig:
    """An API server configured by a tool: its flags, ``extra`` (the flags the tool makes of
    its own fields, whose spelling ``names`` gives), then the user's overrides, which replace
    either (RKE and k0s apply extra arguments last)."""
    settings = {name: Setting(name, value, ORIGIN_TOOL_DEFAULT, anchor, anchor)
                for name, value in defaults}
    for setting in extra:
        settings[setting.name] = setting
    for use in overrides:
        settings[use.name] = Setting(use.name, use.value, use.origin, use.span, use.value_span,
                                     token=use.token)
    overridden = {use.name for use in overrides}
    return ApiServerConfig(path, anchor, settings, source, label,
                           names={k: v for k, v in (names or {}).items() if k not in overridden})
