"""What one run reads: the files to lint (found under the paths given, Helm chart templates
set aside), and, for the files named one by one (pre-commit names the staged files), what
they need besides: the rest of their cluster scope, for the cross-file rules, and the
kustomizations above them, which say whether a named file is a patch and what it patches."""

from __future__ import annotations

import os
from typing import Callable, List, Optional, Sequence, Tuple

from etcdlint.config.run import RunSettings
from etcdlint.records import record
from etcdlint.repo.discover import InputFile
from etcdlint.rules import RUN_SETTINGS_BY_CODE

STDIN = "-"


@record
class RunInputs:
    files: List[InputFile]
    # (display path, file system path) of files read for the cross-file rules only
    context: Sequence[Tuple[str, str]] = ()
    # (display path, file system path) of kustomizations read for their overlays only
    kustomizations: Sequence[Tuple[str, str]] = ()
    skipped_templates: int = 0  # Helm chart templates among the files found
    stdin_name: str = STDIN  # the name standard input is reported by
    dangling: Sequence[InputFile] = ()  # symbolic links that lead to no file: not read

    @property
    def reads_stdin(self) -> bool:
        return any(f.fs_path == STDIN for f in self.files)

    @property
    def on_disk(self) -> List[Tuple[str, str]]:
        """``(display path, file system path)`` of the files that are not standard input."""
        return [(f.display, f.fs_path) for f in self.files if f.fs_path != STDIN]


def gather(paths: Sequence[str], settings: RunSettings, respect_gitignore: bool = True,
           stdin_name: str = STDIN, warn: Optional[Callable[[str], None]] = None) -> RunInputs:
    """The files of a run over ``paths`` (PathNotFound when one does not exist); ``warn`` is
    told of what is skipped on the way (a ``.gitignore`` line)."""
    from etcdlint.repo.discover import discover, split_dangling
    from etcdlint.repo.helm import split_chart_templates

    files = list(discover(paths, settings.excluded, respect_gitignore=(
        settings.config.respect_gitignore and respect_gitignore),
        max_bytes=settings.options.max_bytes, warn=warn))
    files, skipped_templates = split_chart_templates(files)
    files, dangling = split_dangling(files)
    context = _scope_siblings(files, settings)
    kustomizations = _kustomizations_above(files, settings)
    # Every file's configuration is read now (a bad one stops the run here, ConfigError):
    # ``discover`` read those of the files it found, these are the others.
    if any(f.fs_path == STDIN for f in files):
        settings.options.for_path(stdin_name)
    for display, _ in list(context) + list(kustomizations):
        settings.options.for_path(display)
    return RunInputs(files, context, kustomizations, skipped_templates, stdin_name, dangling)


def readers(inputs: RunInputs, options) -> List[Tuple[str, Callable[[], bytes]]]:
    """``(display path, read its bytes)`` of every file (within its own size limit:
    ``options``, the run's LintOptions); a file that could not even be listed reads as its
    error."""
    from etcdlint.text.reading import file_reader, read_stdin

    return [(inputs.stdin_name, read_stdin) if f.fs_path == STDIN else
            (f.display, _failing(f.error) if f.error else file_reader(
                f.fs_path, options.for_path(f.display).max_bytes))
            for f in inputs.files]


def _failing(error: OSError) -> Callable[[], bytes]:
    def read() -> bytes:
        raise error
    return read


def _scope_siblings(files: Sequence[InputFile], settings: RunSettings):
    """The unnamed files of each named file's cluster scope, for the cross-file rules that
    read other files' configurations (those with ``run_settings``)."""
    if not any(f.named for f in files) or not any(
            settings.options.enabled(code) for code in RUN_SETTINGS_BY_CODE):
        return []
    from etcdlint.repo.scopes import scope_siblings

    return scope_siblings(files, settings.options.scope_of, settings.excluded)


def _kustomizations_above(files: Sequence[InputFile], settings: RunSettings):
    """Kustomizations above the named files, up to the configuration's directory (or the
    current one): what says that a named file is a patch, and what it patches."""
    if not any(f.named for f in files):
        return []
    from etcdlint.repo.names import kustomizations_above

    stop = settings.config.root if settings.config.path else os.getcwd()
    return kustomizations_above(files, stop)
