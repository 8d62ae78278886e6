"""Dockerfiles whose final stage runs etcd.

The process of the final stage is its ``ENTRYPOINT`` followed by its ``CMD`` (the last of
each; an ``ENTRYPOINT`` drops a ``CMD`` the stage did not set itself; a shell-form
``ENTRYPOINT`` ignores ``CMD``), with the ``ENV`` values of the stage (and of the stages it is
built ``FROM``) as its environment; shell forms run under the stage's ``SHELL``. An
``ARG``'s default stands for its value (``--build-arg`` can change it at build time; an
``ARG`` without a default is unknown). When the stage sets no ``ENTRYPOINT`` and its base is
etcd's own image, the image's entrypoint runs etcd: a ``CMD`` of flags only is etcd's
command line, and without ``CMD`` etcd reads only its ``ETCD_*`` variables.

``read_dockerfile`` is a pure function of text (``etcdlint.etcd.dockerfile``)."""

from __future__ import annotations

from typing import Dict, List, Optional, Tuple

from etcdlint.etcd.dockerfile import Instruction, exec_form, lex_word, read_instructions, shell_words
from etcdlint.etcd.precedence import EnvEntry
from etcdlint.model import EtcdConfig
from etcdlint.records import field, record, replace
from etcdlint.sources.host_process import env_entry, process_configs
from etcdlint.text.span import Span
from etcdlint.text.tokens import Token, exact_token


@record(frozen=False)
class _Stage:
    name: str = ""
    base: Optional[str] = None
    base_span: Optional[Span] = None
    entrypoint: Optional[Instruction] = None
    cmd: Optional[Instruction] = None
    cmd_set: bool = False
    shell: Optional[List[Token]] = None
    env: List[EnvEntry] = field(default_factory=list)
    values: Dict[str, Optional[Token]] = field(default_factory=dict)
    from_stage: bool = False  # built from an earlier stage: its base image is that stage's


def read_dockerfile_text(text: str, path: str) -> List[EtcdConfig]:
    return read_dockerfile(exact_token(text, 0), path)


def read_dockerfile(source: Token, path: str) -> List[EtcdConfig]:
    stages: List[_Stage] = []
    global_args: Dict[str, Optional[Token]] = {}
    stage: Optional[_Stage] = None
    for ins in read_instructions(source):
        if ins.keyword == "from":
            stage = _from(ins, stages, global_args)
            stages.append(stage)
        elif ins.keyword == "arg":
            _arg(ins, stage, global_args)
        elif stage is None:
            continue
        elif ins.keyword == "env":
            _env(ins, stage)
        elif ins.keyword == "entrypoint":
            stage.entrypoint = ins
            if not stage.cmd_set:
                stage.cmd = None
        elif ins.keyword == "cmd":
            stage.cmd, stage.cmd_set = ins, True
        elif ins.keyword == "shell":
            stage.shell = exec_form(ins.rest)
    if not stages:
        return []
    final = stages[-1]
    if "etcd" not in source.text.lower():
        return []
    return list(_configs(final, path))


def _from(ins: Instruction, stages: List[_Stage], global_args) -> _Stage:
    words = shell_words(ins.rest)
    if not words:
        return _Stage()
    image_token = lex_word(ins.rest, words[0][0], words[0][1], global_args)
    name = ""
    if len(words) >= 3 and ins.rest.text[words[1][0]:words[1][1]].lower() == "as":
        name = ins.rest.text[words[2][0]:words[2][1]]
    image = None if image_token.dynamic else image_token.text
    for earlier in reversed(stages):
        if earlier.name and image is not None and earlier.name.lower() == image.lower():
            return _Stage(name, earlier.base, earlier.base_span, earlier.entrypoint, earlier.cmd,
                          False, earlier.shell, list(earlier.env), dict(earlier.values), True)
    return _Stage(name, image, image_token.span)


def _arg(ins: Instruction, stage: Optional[_Stage], global_args) -> None:
    text = ins.rest.text
    for start, end in shell_words(ins.rest):
        name, eq, _ = text[start:end].partition("=")
        if eq:
            value = lex_word(ins.rest, start + len(name) + 1, end,
                             global_args if stage is None else stage.values)
        else:
            value = global_args.get(name)
            if stage is not None and name in stage.values:
                continue
        if stage is None:
            global_args[name] = value
        else:
            stage.values[name] = value


def _env(ins: Instruction, stage: _Stage) -> None:
    rest = ins.rest
    text = rest.text
    words = shell_words(rest)
    if not words:
        return
    first = text[words[0][0]:words[0][1]]
    if "=" not in first:  # the old form: ENV NAME the whole value
        if len(words) < 2:
            return
        value = lex_word(rest, words[1][0], len(text), stage.values)
        _set(stage, first, value, rest.sub_span(words[0][0], len(text)),
             rest.sub_span(words[0][0], words[0][1]))
        return
    found: List[Tuple[str, Token, Span, Span]] = []
    for start, end in words:
        name, eq, _ = text[start:end].partition("=")
        if not eq:
            continue
        value = lex_word(rest, start + len(name) + 1, end, stage.values)
        found.append((name, value, rest.sub_span(start, end),
                      rest.sub_span(start, start + len(name))))
    for name, value, span, name_span in found:  # (all of a line see the values before it)
        _set(stage, name, value, span, name_span)


def _set(stage: _Stage, name: str, value: Token, span: Span, name_span: Span) -> None:
    if not value.text:
        value = Token("", Span(span.end, span.end), dynamic=value.dynamic)
    stage.env.append(env_entry(name, value, span, name_span))
    stage.values[name] = None if value.dynamic else value


def _command(ins: Instruction, shell: Optional[List[Token]]) -> Tuple[List[Token], str]:
    """The words of a CMD/ENTRYPOINT, and how a flag is added after its last one."""
    words = exec_form(ins.rest)
    if words is not None:
        return words, "argv"
    if shell:
        prefix = list(shell)
    else:
        prefix = [Token("/bin/sh", ins.keyword_span), Token("-c", ins.keyword_span)]
    return prefix + [ins.rest], "word"


def _configs(stage: _Stage, path: str):
    label = f"final stage{' ' + stage.name if stage.name else ''} of a Dockerfile"
    argv: List[Token] = []
    kind = "word"
    editable = None
    if stage.entrypoint is not None:
        argv, kind = _command(stage.entrypoint, stage.shell)
        editable = stage.entrypoint.rest.span
        if kind == "argv" and stage.cmd is not None:
            cmd, cmd_kind = _command(stage.cmd, stage.shell)
            argv += cmd
            kind, editable = cmd_kind, stage.cmd.rest.span
    elif stage.cmd is not None:
        argv, kind = _command(stage.cmd, stage.shell)
        editable = stage.cmd.rest.span
    image = None if stage.entrypoint is not None else stage.base
    for config in process_configs(argv, stage.env, source="dockerfile", path=path,
                                  label=label, complete=True, editable=editable,
                                  image=image, image_span=stage.base_span, insert_kind=kind):
        yield replace(config, label=label)
